// The Debian packages `npm start` and `npm test` need, installed by the commands themselves when they can.
// A fresh Debian machine with Node 20 runs the README's two commands: when a package is missing and this process may
// use apt (root, or passwordless sudo), it installs it; otherwise it stops with the one command that does.
// PHWB_NO_APT=1 never installs (the command is printed instead).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** What each need is for, the program that shows it is there, and the Debian package that brings it. */
const requirements = {
  // The UI tests' and the extension-host suite's browser.
  chromium: [
    {
      package: 'chromium',
      present: () => fs.existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium'),
      why: 'the browser the tests drive',
    },
  ],
  // Provisioning code-server: ripgrep (its search; the npm package would download rg from GitHub) and a compiler
  // toolchain for its native modules.
  codeServer: [
    { package: 'ripgrep', present: () => which('rg'), why: "code-server's search" },
    { package: 'python3', present: () => which('python3'), why: "building code-server's native modules" },
    { package: 'make', present: () => which('make'), why: "building code-server's native modules" },
    { package: 'g++', present: () => which('g++'), why: "building code-server's native modules" },
  ],
  // The throwaway certificate authority of the proxy and private-CA unit tests.
  openssl: [{ package: 'openssl', present: () => which('openssl'), why: 'the certificate tests' }],
};

export function which(command) {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The Debian packages missing for `needs` (keys of `requirements`), each once, in a stable order. */
export function missingPackages(needs) {
  const missing = needs.flatMap((need) => requirements[need] ?? []).filter((r) => !r.present());
  return [...new Set(missing.map((r) => r.package))];
}

/** The one command a person runs to install `packages`. */
export function installCommand(packages) {
  const command = (sudo) =>
    `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (process.getuid?.() === 0) return command('');
  return which('sudo') ? command('sudo ') : `su -c '${command('')}'`;
}

/** How this process may run apt-get: [] as root, ['sudo', '-n'] with passwordless sudo, undefined when it may not. */
function aptPrefix() {
  if (process.env.PHWB_NO_APT === '1' || !which('apt-get')) return undefined;
  if (process.getuid?.() === 0) return [];
  if (which('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return undefined;
}

function apt(prefix, args) {
  const [command, ...rest] = [...prefix, 'apt-get', ...args];
  const result = spawnSync(command, rest, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`\`${[command, ...rest].join(' ')}\` failed (exit ${result.status}):\n${output}`);
  }
}

/**
 * Makes sure the Debian packages for `needs` are installed: installs the missing ones with apt when this process may,
 * else throws one message with the command to run. Also checks Node's version, which apt cannot fix.
 */
export function ensurePrerequisites(needs, { log = (message) => console.log(message) } = {}) {
  const problems = [];
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor !== 20)
    problems.push(`Node ${process.versions.node} is running, but code-server needs Node 20: install Node 20.x`);
  const packages = missingPackages(needs);
  if (packages.length > 0) {
    const prefix = aptPrefix();
    if (prefix) {
      log(
        `Installing Debian packages: ${packages.join(' ')} (with ${prefix.length ? 'sudo ' : ''}apt-get; PHWB_NO_APT=1 to do it yourself)`,
      );
      apt(prefix, ['update', '-qq']);
      apt(prefix, ['install', '-y', '-qq', '--no-install-recommends', ...packages]);
      const still = missingPackages(needs);
      if (still.length > 0)
        problems.push(`apt-get installed ${packages.join(' ')}, but ${still.join(' ')} is still missing`);
    } else {
      const why = [
        ...new Set(
          needs
            .flatMap((need) => requirements[need] ?? [])
            .filter((r) => packages.includes(r.package))
            .map((r) => r.why),
        ),
      ];
      problems.push(
        `Debian packages missing (${why.join('; ')}). Install them with:\n\n    ${installCommand(packages)}\n`,
      );
    }
  }
  if (problems.length > 0) throw new Error(`Missing prerequisites:\n  - ${problems.join('\n  - ')}`);
}
