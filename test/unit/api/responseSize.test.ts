// A response body is read only up to a limit (50 MB unless the client is told otherwise): a bigger one fails the
// request with a message that names the endpoint and the size, instead of growing the extension host's memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rejection, startServer, testClient } from './helpers';

const MB = 1024 * 1024;

/** A project list padded to at least `bytes`, sent in chunks without a Content-Length (as a proxy might). */
function paddedProjects(bytes: number): string[] {
  const head = '{"next": null, "results": [{"id": 1, "name": "';
  const tail = '", "organization": "o"}]}';
  const chunk = 'x'.repeat(MB);
  const chunks = [head];
  for (let sent = 0; sent < bytes; sent += chunk.length) chunks.push(chunk);
  chunks.push(tail);
  return chunks;
}

test(
  'a response over 50 MB fails the request with the endpoint and the size, and is not read to the end',
  { timeout: 60_000 },
  async () => {
    let written = 0;
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunks = paddedProjects(200 * MB);
      const pump = () => {
        while (chunks.length) {
          const next = chunks.shift() as string;
          written += next.length;
          if (!res.write(next)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    });
    const { client } = testClient(server.url);
    try {
      const e = await rejection(() => client.listProjects());
      assert.equal(e.kind, 'invalid_response');
      assert.match(e.message, /GET projects/);
      assert.match(e.message, /more than 50 MB/);
      assert.ok(
        written < 150 * MB,
        `the client stopped reading (the server wrote ${Math.round(written / MB)} MB of 200)`,
      );
    } finally {
      await client.dispose();
      await server.close();
    }
  },
);

test('a declared Content-Length over the limit fails before the body is read', { timeout: 30_000 }, async () => {
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(3 * MB) });
    res.on('error', () => undefined);
    res.write('{"results": [');
  });
  const { client } = testClient(server.url, { maxResponseBytes: 2 * MB });
  try {
    const e = await rejection(() => client.listGroupTypes(1));
    assert.equal(e.kind, 'invalid_response');
    assert.match(e.message, /GET groups_types|GET group_types/);
    assert.match(e.message, /3 MB/);
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('a write whose answer is too large says the change may have been applied', { timeout: 30_000 }, async () => {
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.on('error', () => undefined);
    for (const chunk of paddedProjects(3 * MB)) res.write(chunk);
    res.end();
  });
  const { client } = testClient(server.url, { maxResponseBytes: 2 * MB });
  try {
    const e = await rejection(() =>
      client.updateGroupProperty(1, { groupTypeIndex: 0, groupKey: 'org:1' }, 'plan', 'pro'),
    );
    assert.equal(e.kind, 'invalid_response');
    assert.match(e.message, /POST groups\/update_property/);
    assert.match(e.message, /may have been applied/);
    assert.equal(server.requests.length, 1, 'not retried');
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('an answer under the limit reads as before', async () => {
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    for (const chunk of paddedProjects(MB)) res.write(chunk);
    res.end();
  });
  const { client } = testClient(server.url, { maxResponseBytes: 2 * MB });
  try {
    const list = await client.listProjects();
    assert.equal(list.results.length, 1);
    assert.ok((list.results[0]?.name.length ?? 0) >= MB);
  } finally {
    await client.dispose();
    await server.close();
  }
});
