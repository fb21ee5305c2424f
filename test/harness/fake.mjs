// Starts the local PostHog (test/fake-posthog/cli.ts) as a child process, for suites whose tests run
// in other processes (the extension host, Playwright) and for the sandbox.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './codeServer.mjs';
import { track } from './processes.mjs';

const cli = path.join(repoRoot, 'test/fake-posthog/cli.ts');

export const fakeAvailable = () => fs.existsSync(cli);

/**
 * Resolves with { url, apiKey, projectId, stop } once the local PostHog printed its JSON line. `extraArgs` go to its
 * command line (`--rate-limits posthog`, `--group-list-lag 10000`: see test/fake-posthog/cli.ts).
 * `env` is what the extension host needs to find it (POSTHOG_FAKE_URL, POSTHOG_FAKE_KEY, POSTHOG_FAKE_PROJECT_ID).
 */
export async function startFake({ seed = 'realistic', port = 0, timeoutMs = 30_000, extraArgs = [] } = {}) {
  const args = ['--import', 'tsx', cli, '--json', '--seed', seed, ...extraArgs];
  if (port) args.push('--port', String(port));
  const child = spawn(process.execPath, args, { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const handle = track(child, 'fake-posthog');
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });

  try {
    const info = await new Promise((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(
        () => reject(new Error(`the local PostHog did not start within ${timeoutMs / 1000} s\n${stderr}`)),
        timeoutMs,
      );
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const newline = stdout.indexOf('\n');
        if (newline < 0) return;
        clearTimeout(timer);
        try {
          resolve(JSON.parse(stdout.slice(0, newline)));
        } catch {
          reject(new Error(`the local PostHog printed something other than its JSON line: ${stdout.slice(0, 300)}`));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the local PostHog exited (code ${code}) before it was ready\n${stderr}`));
      });
    });
    // Keep draining its output so a chatty local PostHog never blocks on a full pipe.
    child.stdout.resume();
    return {
      ...info,
      env: {
        POSTHOG_FAKE_URL: info.url,
        POSTHOG_FAKE_KEY: info.apiKey,
        POSTHOG_FAKE_PROJECT_ID: String(info.projectId),
      },
      stop: handle.stop,
    };
  } catch (error) {
    await handle.stop();
    throw error;
  }
}
