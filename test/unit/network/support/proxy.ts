// A small forwarding proxy on loopback for tests: it answers HTTP CONNECT by opening a tunnel to one
// fixed local port, whatever host the client names (so tests can use non-loopback names that no DNS
// resolves), counts the tunnels it carried, records what it could read in clear, and can demand
// Proxy-Authorization like a company proxy.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface SeenConnect {
  /** What followed CONNECT: host:port. */
  target: string;
  headers: IncomingHttpHeaders;
}

export interface TestProxy {
  /** http://127.0.0.1:port, without credentials. */
  url: string;
  /** The proxy URL with credentials in it, as a user would write it in http.proxy. */
  urlWith(user: string, password: string): string;
  /** CONNECT requests, answered or refused. */
  connects: SeenConnect[];
  /** Tunnels opened (CONNECTs answered 200). */
  tunnels(): number;
  /** Every byte clients sent to the proxy: the CONNECT heads in clear and whatever went through the tunnels. */
  bytesFromClients(): Buffer;
  reset(): void;
  close(): Promise<void>;
}

export async function startProxy(opts: {
  targetPort: number;
  credentials?: { user: string; password: string };
}): Promise<TestProxy> {
  const connects: SeenConnect[] = [];
  const received: Buffer[] = [];
  const sockets = new Set<Socket>();
  let tunnels = 0;
  const expected = opts.credentials
    ? `Basic ${Buffer.from(`${opts.credentials.user}:${opts.credentials.password}`).toString('base64')}`
    : undefined;

  const server = createServer((_req, res) => {
    // PostHog is only reached over https, which proxies carry as CONNECT tunnels.
    res.writeHead(405, { allow: 'CONNECT' }).end();
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => received.push(chunk));
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    connects.push({ target: req.url ?? '', headers: req.headers });
    if (expected !== undefined && req.headers['proxy-authorization'] !== expected) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    const upstream = connect(opts.targetPort, '127.0.0.1', () => {
      tunnels++;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    urlWith: (user, password) => `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    connects,
    tunnels: () => tunnels,
    bytesFromClients: () => Buffer.concat(received),
    reset: () => {
      connects.length = 0;
      received.length = 0;
      tunnels = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
