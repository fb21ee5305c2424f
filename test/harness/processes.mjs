/* global fetch */
// Child process bookkeeping for the harness: every server it starts runs in its own process group and is
// killed, group and all, on stop(), on Ctrl+C, on SIGTERM and when the runner exits for any other reason.
import fs from 'node:fs';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

const live = new Set();

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

let hooked = false;
function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const child of live) killGroup(child, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      for (const child of live) killGroup(child, 'SIGTERM');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/**
 * Registers a child started with `detached: true`. stop() sends SIGTERM to its process group, waits up to
 * 5 s, then SIGKILLs whatever is left.
 */
export function track(child, name) {
  hookExit();
  live.add(child);
  let exited = child.exitCode !== null;
  const exitPromise = new Promise((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  child.once('exit', () => live.delete(child));
  child.once('error', (error) => console.error(`[${name}] ${error.message}`));
  async function stop() {
    if (!exited) {
      killGroup(child, 'SIGTERM');
      await Promise.race([exitPromise, delay(5000)]);
    }
    // The leader may be gone while grandchildren (extension hosts, pty hosts) linger in its group.
    killGroup(child, 'SIGKILL');
    live.delete(child);
  }
  return { child, stop, exited: exitPromise };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on 127.0.0.1:port. */
export function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Polls url until it answers with any HTTP status; fails early if `child` exits first. */
export async function waitForHttp(url, timeoutMs, child, logFile) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) {
      throw new Error(`${url}: the server exited (code ${child.exitCode}) before answering${tail(logFile)}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s${tail(logFile)}`);
      await delay(200);
    }
  }
}

function tail(logFile) {
  if (!logFile || !fs.existsSync(logFile)) return '';
  const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-20);
  return `\n--- last lines of ${logFile} ---\n${lines.join('\n')}`;
}
