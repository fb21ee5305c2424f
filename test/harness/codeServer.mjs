// Provisions and starts code-server 4.100.3 (VS Code 1.100.3 server + web workbench) from the npm registry.
// VS Code desktop cannot be downloaded on the machines this project is built on, so code-server is the real
// VS Code the extension-host suite, the UI tests and the sandbox run in. The install recipe is the one in
// /work/shared/real-vscode-testing.md: npm install scripts off (they download from GitHub and refuse to run as
// root), native modules rebuilt by hand, Debian's ripgrep linked in.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ensurePrerequisites, which } from './prerequisites.mjs';
import { freePort, track, waitForHttp } from './processes.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
// Bump when the steps below change, so cached installs made by an older recipe are rebuilt.
const RECIPE = 1;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = path.join(repoRoot, '.cache');
export const codeServerDir = path.join(cacheDir, 'code-server');
const markerFile = path.join(codeServerDir, 'provisioned.json');
const entryScript = path.join(codeServerDir, 'node_modules/code-server/out/node/entry.js');

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Settings that keep the workbench quiet, offline and fast to start in tests and the sandbox. */
export const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'chat.commandCenter.enabled': false,
};

/**
 * node-gyp compiles against Node's headers, which it downloads from nodejs.org unless npm names a folder that has
 * them: the headers installed next to this Node (Debian's and NodeSource's packages have them) when npm names none.
 */
function nodeHeaders() {
  if (process.env.npm_config_nodedir) return {};
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include/node/common.gypi')) ? { npm_config_nodedir: prefix } : {};
}

function run(cmd, args, cwd, extraEnv = {}) {
  const result = spawnSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: {
      ...process.env,
      npm_config_yes: 'true',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      ...nodeHeaders(),
      ...extraEnv,
    },
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(
      `code-server provisioning: \`${cmd} ${args.join(' ')}\` failed in ${cwd} (exit ${result.status}):\n${output}`,
    );
  }
}

/**
 * Installs what is missing from Debian when this process may use apt, else throws one message with the command to
 * run (test/harness/prerequisites.mjs): Chromium when `needChromium`, the provisioning tools until code-server is
 * installed.
 */
export function checkPrerequisites({ needChromium = true } = {}) {
  ensurePrerequisites(codeServerNeeds({ needChromium }));
}

/** The prerequisites (keys of prerequisites.mjs) of starting code-server, and Chromium for driving it. */
export function codeServerNeeds({ needChromium = true } = {}) {
  return [...(needChromium ? ['chromium'] : []), ...(fs.existsSync(markerFile) ? [] : ['codeServer'])];
}

function isProvisioned() {
  try {
    const marker = JSON.parse(fs.readFileSync(markerFile, 'utf8'));
    return marker.version === CODE_SERVER_VERSION && marker.recipe === RECIPE && fs.existsSync(entryScript);
  } catch {
    return false;
  }
}

function provisionInto(dir, log) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }));
  log(`installing code-server ${CODE_SERVER_VERSION} (install scripts off)`);
  run(
    'npm',
    ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-save', '--no-package-lock'],
    dir,
  );

  const pkg = path.join(dir, 'node_modules/code-server');
  const vscodeDir = path.join(pkg, 'lib/vscode');
  log('installing VS Code server dependencies');
  run('npm', ['install', '--omit=dev', '--ignore-scripts'], vscodeDir);
  log('compiling native modules (node-pty, @parcel/watcher, native-watchdog, @vscode/spdlog)');
  // kerberos stays unbuilt: nothing the tests use needs it, and building it needs libkrb5-dev.
  run('npm', ['rebuild', 'node-pty', '@parcel/watcher', 'native-watchdog', '@vscode/spdlog'], vscodeDir);

  // @vscode/ripgrep's postinstall would download rg from GitHub; Debian's rg does the same job.
  const rgBin = path.join(vscodeDir, 'node_modules/@vscode/ripgrep/bin');
  fs.mkdirSync(rgBin, { recursive: true });
  fs.rmSync(path.join(rgBin, 'rg'), { force: true });
  fs.symlinkSync(which('rg'), path.join(rgBin, 'rg'));

  // The links code-server's own postinstall makes.
  const links = [
    [path.join(vscodeDir, 'node_modules.asar'), 'node_modules'],
    [path.join(vscodeDir, 'bin/remote-cli/code-server'), 'code-linux.sh'],
    [path.join(vscodeDir, 'bin/helpers/browser.sh'), 'browser-linux.sh'],
  ];
  for (const [link, target] of links) {
    fs.rmSync(link, { force: true });
    fs.symlinkSync(target, link);
  }

  log('installing built-in extensions dependencies');
  run('npm', ['install', '--omit=dev', '--ignore-scripts'], path.join(vscodeDir, 'extensions'));
  log('compiling argon2 (code-server will not start without it)');
  run('npm', ['rebuild', 'argon2'], dir);
}

/** Holds .cache/code-server.lock while provisioning so parallel runs don't build over each other. */
async function withLock(fn) {
  const lock = path.join(cacheDir, 'code-server.lock');
  fs.mkdirSync(cacheDir, { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // The owner has created the folder but not yet written its pid.
      }
      if (Number.isInteger(owner) && !isAlive(owner)) fs.rmSync(lock, { recursive: true, force: true });
      else await delay(1000);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure code-server is installed under .cache/code-server and returns its entry script.
 * Idempotent: a marker file records a finished install, so later calls return at once.
 */
export async function ensureCodeServer({ log = (m) => console.log(`[code-server] ${m}`), needChromium = true } = {}) {
  checkPrerequisites({ needChromium });
  if (isProvisioned()) return { entry: entryScript };
  await withLock(async () => {
    if (isProvisioned()) return;
    const started = Date.now();
    const staging = `${codeServerDir}.staging`;
    fs.rmSync(staging, { recursive: true, force: true });
    provisionInto(staging, log);
    fs.writeFileSync(
      path.join(staging, 'provisioned.json'),
      JSON.stringify({ version: CODE_SERVER_VERSION, recipe: RECIPE }),
    );
    fs.rmSync(codeServerDir, { recursive: true, force: true });
    fs.renameSync(staging, codeServerDir);
    log(`ready in ${Math.round((Date.now() - started) / 1000)} s`);
  });
  return { entry: entryScript };
}

/**
 * Starts code-server on 127.0.0.1 and resolves once it answers HTTP.
 * `settings` are merged over quietSettings into User/settings.json; `env` reaches the extension host, which
 * inherits code-server's environment. stop() (and the runner's exit) kills code-server's whole process group.
 * Workspace trust is off unless `workspaceTrust` (the Restricted Mode test): it would ask about every folder.
 */
export async function startCodeServer({
  port = 0,
  userDataDir,
  extensionsDir,
  folder,
  settings = {},
  env = {},
  logFile,
  startTimeoutMs = 30_000,
  workspaceTrust = false,
}) {
  const { entry } = await ensureCodeServer({ needChromium: false });
  const chosenPort = port === 0 ? await freePort() : port;
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User/settings.json'),
    JSON.stringify({ ...quietSettings, ...settings }, null, 2),
  );

  const args = [
    entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${chosenPort}`,
    '--user-data-dir',
    userDataDir,
    // Its own config file, so nothing is written to ~/.config/code-server.
    '--config',
    path.join(userDataDir, 'config.yaml'),
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (folder) args.push(folder);

  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = spawn(process.execPath, args, {
    // Its own process group: stop() kills code-server with every extension host and helper it started.
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      // An empty gallery: no requests to open-vsx.org, no "install extension" noise.
      EXTENSIONS_GALLERY: '{}',
      ...env,
    },
  });
  if (typeof out === 'number') fs.closeSync(out);
  const handle = track(child, 'code-server');
  const url = `http://127.0.0.1:${chosenPort}`;
  try {
    await waitForHttp(`${url}/healthz`, startTimeoutMs, child, logFile);
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return { url, port: chosenPort, stop: handle.stop };
}
