// `npm start`: the product running against the local PostHog, for a person to try in a browser.
// Builds the extension, starts the local PostHog (seed realistic, port 8010 when free), installs the build into a
// code-server (port 8080 when free) whose `posthogWorkbench.host` is the local PostHog, and prints what to open
// and the key to sign in with. Ctrl+C stops everything it started.
import fs from 'node:fs';
import path from 'node:path';
import { codeServerDir, ensureCodeServer, repoRoot, startCodeServer } from './codeServer.mjs';
import { buildExtension, installExtension } from './extension.mjs';
import { fakeAvailable, startFake } from './fake.mjs';
import { isPortFree } from './processes.mjs';

const preferred = async (port) => ((await isPortFree(port)) ? port : 0);

if (!fakeAvailable()) throw new Error('test/fake-posthog/cli.ts is missing: the sandbox needs the local PostHog');
try {
  await ensureCodeServer({ needChromium: false });
} catch (error) {
  // The one thing to do (install a package, another Node) without a stack trace in the way.
  console.error(error.message);
  process.exit(1);
}
console.log('Building the extension...');
buildExtension();

// Kept between runs (next to the code-server install, ignored by git), so layout and open editors persist.
// PHWB_SANDBOX_DIR lets the sandbox's own UI test run beside a developer's sandbox without touching it.
const sandboxDir = process.env.PHWB_SANDBOX_DIR ?? path.join(path.dirname(codeServerDir), 'sandbox');
const extensionsDir = path.join(sandboxDir, 'extensions');
const workspace = path.join(sandboxDir, 'workspace');
fs.mkdirSync(workspace, { recursive: true });
fs.rmSync(extensionsDir, { recursive: true, force: true });
installExtension(extensionsDir);

// PostHog as a person meets it: Cloud's throttles (the query budget included), and a groups list that shows a write
// some seconds after it (ClickHouse), so the extension's own handling of both is exercised every day.
const fake = await startFake({
  seed: 'realistic',
  port: await preferred(8010),
  extraArgs: ['--rate-limits', 'posthog', '--group-list-lag', '10000'],
});
const codeServer = await startCodeServer({
  port: await preferred(8080),
  userDataDir: path.join(sandboxDir, 'user-data'),
  extensionsDir,
  folder: workspace,
  logFile: path.join(sandboxDir, 'code-server.log'),
  settings: { 'posthogWorkbench.host': fake.url },
  env: fake.env,
});

console.log(`
PostHog Workbench sandbox is running.

  Open:              ${codeServer.url}/?folder=${encodeURIComponent(workspace)}
  Local PostHog:     ${fake.url}   (seeded with realistic data; resets when the sandbox restarts; PostHog Cloud's
                     rate limits; group writes reach the groups list 10 s late, as with PostHog's ClickHouse)
  Personal API key:  ${fake.apiKey}
  Project id:        ${fake.projectId}

In the PostHog view (activity bar), choose "Sign in to PostHog" and paste the key above; the host is already
set to the local PostHog. Sign-in is kept per browser profile. code-server's log: ${path.relative(repoRoot, path.join(sandboxDir, 'code-server.log'))}
Press Ctrl+C to stop.`);
