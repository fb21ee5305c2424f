// Extra figure scripts: any bench/figures/*.mjs, run by bench/run.mjs after its own figures, one at a time, each as
// its own Node process. What a script may print and which environment it gets: bench/README.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

/**
 * The scripts in `dir` to run: every *.mjs not starting with `_`, in name order, unless `only` (the figures
 * PHWB_BENCH_FIGURES names, upper case) is given; then those whose name or leading figure id (`P18-groups-import.mjs`
 * -> P18) it names. A script with `// bench: opt-in` in its first ten lines (a long one) runs only when named.
 */
export function extraScripts(dir, only) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.mjs') && !f.startsWith('_'))
    .sort()
    .flatMap((file) => {
      const name = file.slice(0, -'.mjs'.length);
      const id = /^(P\d+)(?:-|$)/i.exec(name)?.[1]?.toUpperCase();
      const named = only?.some((f) => f === name.toUpperCase() || f === id) ?? false;
      const head = fs.readFileSync(path.join(dir, file), 'utf8').split('\n').slice(0, 10).join('\n');
      const optIn = /\/\/\s*bench:\s*opt-in/.test(head);
      return named || (!only && !optIn) ? [{ file, name, path: path.join(dir, file) }] : [];
    });
}

/**
 * Runs one script with `env` added to this process's environment (PHWB_BENCH_WORK, its scratch folder, is created
 * and removed here). Its stdout lines that are JSON objects with "type": "row" are its figures; other lines go to
 * `print` as they come; stderr is passed through. Resolves with the rows and, when it failed, why.
 */
export function runScript(script, { cwd, env = {}, print = (line) => console.log(line) }) {
  if (env.PHWB_BENCH_WORK) fs.mkdirSync(env.PHWB_BENCH_WORK, { recursive: true });
  const child = spawn(process.execPath, [script.path], {
    cwd,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const rows = [];
  const lines = readline.createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    let parsed;
    try {
      parsed = line.trim().startsWith('{') ? JSON.parse(line) : undefined;
    } catch {
      parsed = undefined;
    }
    if (parsed && typeof parsed === 'object' && parsed.type === 'row') rows.push({ ...parsed, script: script.file });
    else print(line);
  });
  const closed = new Promise((resolve) => lines.once('close', resolve));
  return new Promise((resolve) => {
    const finish = async (error) => {
      await closed;
      if (env.PHWB_BENCH_WORK) fs.rmSync(env.PHWB_BENCH_WORK, { recursive: true, force: true });
      resolve({ rows, error });
    };
    child.once('error', (error) => void finish(String(error)));
    child.once('exit', (code, signal) => void finish(code === 0 ? undefined : `exit ${code ?? signal}`));
  });
}
