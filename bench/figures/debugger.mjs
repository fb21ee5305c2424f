// Figures of the Hog debugger, on a 2 KB destination with a breakpoint after its fetch:
//   (the breakpoint is on `let payload := {...}`, line 39, after two helper calls and two loops)
//   D1  launch -> first stop, warm (the toolchain loaded, the parser worker up), text new to the parser: <= 300 ms
//   D1e the same, for the text the editor's problem check has just parsed on the worker (debugging what you typed)
//   D1s the same, for a text the parser worker has parsed before (a restart, a second session on unchanged code)
//   D1c cold: a fresh `node dist/hogDebugAdapter.js` over stdio (process, bundles, WebAssembly parser, parse)
//   D2  a step (next / stepIn / stepOut in turn) from the request to `stopped`: <= 50 ms
//   D3  100 sessions in a row: heap growth after GC <= 2 MB, and no worker or process left behind
// The warm figures run the session as VS Code runs it (DebugAdapterInlineImplementation: the session class of
// dist/hogDebugAdapter.js in the same thread, parsing on the toolchain's parser worker, dist/hogParserWorker.js); the
// cold one as any other DAP client runs the adapter. Plain Node, no VS Code: what VS Code adds (its DAP plumbing, the
// editor following the stop) is not in these numbers.
//
// Alone: `npm run build && node --expose-gc bench/figures/debugger.mjs` (PHWB_BENCH_SAMPLES, default 5). Under
// bench/run.mjs (the bench branch's extra figure scripts) its JSON rows are picked up as they are.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const dist = path.join(root, 'dist');
const SAMPLES = Number(process.env.PHWB_BENCH_SAMPLES ?? 5);
const work = process.env.PHWB_BENCH_WORK ?? fs.mkdtempSync(path.join(os.tmpdir(), 'phwb-bench-debugger-'));
fs.mkdirSync(work, { recursive: true });
const say = (text) => console.log(text);
const row = (r) => console.log(JSON.stringify({ type: 'row', ...r }));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (n) => `${n.toFixed(1)} ms`;

for (const file of ['hogDebugAdapter.js', 'toolchain.js', 'hogParserWorker.js']) {
  if (!fs.existsSync(path.join(dist, file))) throw new Error(`dist/${file} is missing: run npm run build first`);
}

/** A realistic 2 KB destination: helpers, a loop over properties, a fetch with error handling. */
function program(variant) {
  const lines = [
    `// bench variant ${variant}`,
    'fn pick(props, keys) {',
    '  let out := {}',
    '  for (let key in keys) {',
    '    if (props[key] != null) {',
    '      out[key] := props[key]',
    '    }',
    '  }',
    '  return out',
    '}',
    'fn headersFor(token) {',
    "  return {'Content-Type': 'application/json', 'Authorization': f'Bearer {token}', 'X-Source': 'posthog'}",
    '}',
    'fn describe(ev) {',
    "  let name := ev.event ?? 'unknown'",
    "  let url := ev.properties.$current_url ?? 'a page'",
    "  if (name == '$pageview') {",
    "    return f'viewed {url}'",
    '  }',
    "  if (name == '$identify') {",
    "    return 'identified'",
    '  }',
    '  return name',
    '}',
    "let keys := ['$current_url', '$browser', '$os', '$device_type', 'plan', 'company', 'email', '$referrer', '$pathname']",
    'let props := pick(event.properties, keys)',
    'let tags := []',
    'for (let k, v in props) {',
    "  if (typeof(v) == 'string' and length(v) > 0) {",
    "    tags := arrayPushBack(tags, f'{k}:{v}')",
    '  }',
    '}',
    'let attempts := 0',
    'let total := 0',
    'for (let i := 0; i < 20; i := i + 1) {',
    '  total := total + i * 2',
    '  attempts := attempts + 1',
    '}',
    'let payload := {',
    "  'event': event.event,",
    "  'distinct_id': event.distinct_id,",
    "  'summary': describe(event),",
    "  'properties': props,",
    "  'tags': tags,",
    "  'person': {'id': person.id, 'name': person.name, 'email': person.properties.email},",
    "  'checksum': total,",
    "  'sent_at': now()",
    '}',
    "let res := fetch(inputs.url ?? 'https://example.com/hook', {",
    "  'method': 'POST',",
    "  'headers': headersFor(inputs.token ?? 'none'),",
    "  'body': payload",
    '})',
    'if (res.status >= 400) {',
    "  print('delivery failed', res.status, res.body)",
    "  throw Error(f'Delivery failed with status {res.status}')",
    '}',
    'let ok := res.status == 200 or res.status == 201',
    "print('delivered', ok, length(tags), attempts)",
    'let result := {',
    "  'ok': ok,",
    "  'status': res.status,",
    "  'tags': length(tags)",
    '}',
    'return result',
  ];
  let text = lines.join('\n');
  // Pad with comment lines to 2 KB, keeping the code (and the breakpoint's line) as it is.
  while (text.length < 2048) text += `\n// padding ${'-'.repeat(60)}`;
  return text;
}
/** The line of `let payload := {`: after the loops, before describe() and the fetch. */
const BREAKPOINT_LINE =
  program(0)
    .split('\n')
    .findIndex((l) => l.startsWith('let payload')) + 1;

/** The parser worker client as the extension bundles it (src/core/toolchain/parserClient.ts), pointed at dist/. */
async function parserClient() {
  const out = path.join(work, 'parserClient.js');
  await esbuild.build({
    entryPoints: [path.join(root, 'src/core/toolchain/parserClient.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: out,
    logLevel: 'silent',
  });
  const { HogParserClient } = require(out);
  return new HogParserClient({ workerPath: path.join(dist, 'hogParserWorker.js') });
}

/** A host like the editor's (src/extension/debug/host.ts): parses on the worker, files from disk. */
function workerHost(client) {
  return {
    async parse(text, kind) {
      const answer = await client.parse(text, kind);
      if ('ast' in answer) return answer.ast;
      throw new Error(answer.problem.message);
    },
    readFile: (file) => fs.promises.readFile(file, 'utf8'),
  };
}

/** A DAP client over a session object in this thread (what DebugAdapterInlineImplementation does). */
function inlineClient(session) {
  let seq = 1;
  const pending = new Map();
  const waiters = [];
  session.onDidSendMessage((message) => {
    if (message.type === 'response') {
      pending.get(message.request_seq)?.(message);
      pending.delete(message.request_seq);
    } else if (message.type === 'event') {
      for (const w of [...waiters])
        if (w.event === message.event) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(message);
        }
    }
  });
  return {
    request(command, args) {
      const request = { seq: seq++, type: 'request', command, arguments: args };
      return new Promise((resolve) => {
        pending.set(request.seq, resolve);
        session.handleMessage(request);
      });
    },
    event(event) {
      return new Promise((resolve) => waiters.push({ event, resolve }));
    },
  };
}

const { HogDebugSession } = require(path.join(dist, 'hogDebugAdapter.js'));

/** One session: launch to the breakpoint's stop (the fetch stop answered by the script). Returns the client and its timings. */
async function launchToStop(host, file, source) {
  const session = new HogDebugSession(host);
  const client = inlineClient(session);
  const started = performance.now();
  await client.request('initialize', {
    adapterID: 'hog',
    linesStartAt1: true,
    columnsStartAt1: true,
    pathFormat: 'path',
  });
  const initialized = client.event('initialized');
  const stopped = client.event('stopped');
  const launched = client.request('launch', {
    program: file,
    source,
    stopOnAsync: false,
    responses: [{ url: '*', status: 201, body: { id: 1 } }],
    inputs: [
      { key: 'url', type: 'string', secret: false, value: 'https://example.com/hook' },
      { key: 'token', type: 'string', secret: true, value: 'tok' },
    ],
  });
  await initialized;
  await client.request('setBreakpoints', { source: { path: file }, breakpoints: [{ line: BREAKPOINT_LINE }] });
  await client.request('configurationDone', {});
  await launched;
  const stop = await stopped;
  const elapsed = performance.now() - started;
  if (stop.body.reason !== 'breakpoint') throw new Error(`stopped for ${stop.body.reason}, not at the breakpoint`);
  return { session, client, elapsed };
}

async function end({ session, client }) {
  const terminated = client.event('terminated');
  await client.request('disconnect', {});
  await terminated;
  session.dispose();
}

/** D1c: a fresh adapter process over stdio, to the first stop. */
async function coldSample(file, source) {
  const { DebugClient } = require('@vscode/debugadapter-testsupport');
  fs.writeFileSync(file, source);
  const dc = new DebugClient('node', path.join(dist, 'hogDebugAdapter.js'), 'hog');
  dc.defaultTimeout = 30000;
  const started = performance.now();
  await dc.start();
  await dc.hitBreakpoint(
    { program: file, stopOnAsync: false, responses: [{ url: '*', status: 201 }] },
    { path: file, line: BREAKPOINT_LINE },
  );
  const elapsed = performance.now() - started;
  await dc.stop();
  return elapsed;
}

function load() {
  return os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

async function main() {
  say(`[debugger] load average at start: ${load()} (${os.cpus().length} cpus), ${SAMPLES} samples`);
  const file = path.join(work, 'destination.hog');
  const base = program(0);
  say(`[debugger] program: ${Buffer.byteLength(base)} bytes, breakpoint on line ${BREAKPOINT_LINE}`);

  // Cold first: nothing of the toolchain is loaded in a fresh process.
  const cold = [];
  for (let i = 0; i < Math.min(SAMPLES, 3); i++) cold.push(await coldSample(file, program(`cold-${i}`)));

  const client = await parserClient();
  const host = workerHost(client);
  // Loads the parser in its worker and the toolchain here (what the first Hog document does in the editor).
  const warmup = await launchToStop(host, file, program('warmup'));
  say(`[debugger] first session in this process (toolchain and parser loading): ${ms(warmup.elapsed)}`);
  await end(warmup);

  const fresh = [];
  const checked = [];
  const same = [];
  const steps = [];
  for (let i = 0; i < SAMPLES; i++) {
    const text = program(`sample-${i}`);
    const a = await launchToStop(host, file, text);
    fresh.push(a.elapsed);
    // Steps from the breakpoint: into describe(), over a line of it, out (the fetch after it answered by the script),
    // over the if; each from the request to `stopped`.
    for (const command of ['stepIn', 'next', 'stepOut', 'next']) {
      const stopped = a.client.event('stopped');
      const t = performance.now();
      await a.client.request(command, { threadId: 1 });
      await stopped;
      steps.push(performance.now() - t);
    }
    await end(a);
    // What the editor does after each pause in typing: the problem check, on the same worker.
    const typed = program(`typed-${i}`);
    await client.check('editor', typed);
    const c = await launchToStop(host, file, typed);
    checked.push(c.elapsed);
    await end(c);
    const b = await launchToStop(host, file, text);
    same.push(b.elapsed);
    await end(b);
  }

  // D3: 100 sessions, heap after GC before and after.
  const gc = globalThis.gc;
  const heap = () => {
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const handlesBefore = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;
  const heapBefore = heap();
  for (let i = 0; i < 100; i++) {
    const s = await launchToStop(host, file, base);
    const stopped = s.client.event('stopped');
    await s.client.request('next', { threadId: 1 });
    await stopped;
    await end(s);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  const heapAfter = heap();
  const growth = (heapAfter - heapBefore) / 1024 / 1024;
  const handlesAfter = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;
  client.dispose();

  row({
    id: 'D1',
    figure: 'debugger: launch -> first stop, 2 KB, warm, text new to the parser',
    unit: 'ms',
    values: fresh,
    budget: '<= 300 ms',
    within: median(fresh) <= 300,
  });
  row({
    id: 'D1e',
    figure: "debugger: launch -> first stop, 2 KB, warm, the text the editor's check parsed",
    unit: 'ms',
    values: checked,
    budget: '<= 300 ms',
    within: median(checked) <= 300,
  });
  row({
    id: 'D1s',
    figure: 'debugger: launch -> first stop, 2 KB, warm, text parsed before',
    unit: 'ms',
    values: same,
    budget: '<= 300 ms',
    within: median(same) <= 300,
  });
  row({
    id: 'D1c',
    figure: 'debugger: launch -> first stop, 2 KB, cold (new adapter process over stdio)',
    unit: 'ms',
    values: cold,
    note: 'reported, no budget',
  });
  row({
    id: 'D2',
    figure: 'debugger: one step (next/stepIn/stepOut) request -> stopped, 2 KB',
    unit: 'ms',
    values: steps,
    budget: '<= 50 ms',
    within: median(steps) <= 50 && Math.max(...steps) <= 50,
  });
  row({
    id: 'D3',
    figure: 'debugger: heap growth after 100 sessions (after GC)',
    unit: 'MB',
    values: [Number(growth.toFixed(2))],
    budget: '<= 2 MB, nothing left running',
    within: growth <= 2 && handlesAfter <= handlesBefore,
    note: `${gc ? 'with' : 'WITHOUT --expose-gc'}; active handles ${handlesBefore} -> ${handlesAfter}; the parser worker is shared, not per session`,
  });

  say(`[debugger] D1 warm, new text: median ${ms(median(fresh))} (${fresh.map((v) => v.toFixed(0)).join(', ')})`);
  say(
    `[debugger] D1e warm, checked by the editor: median ${ms(median(checked))} (${checked.map((v) => v.toFixed(0)).join(', ')})`,
  );
  say(`[debugger] D1s warm, parsed before: median ${ms(median(same))} (${same.map((v) => v.toFixed(0)).join(', ')})`);
  say(`[debugger] D1c cold over stdio: median ${ms(median(cold))} (${cold.map((v) => v.toFixed(0)).join(', ')})`);
  say(`[debugger] D2 step: median ${ms(median(steps))}, max ${ms(Math.max(...steps))} over ${steps.length}`);
  say(
    `[debugger] D3 100 sessions: heap ${(heapBefore / 1048576).toFixed(1)} -> ${(heapAfter / 1048576).toFixed(1)} MB (growth ${growth.toFixed(2)} MB), active handles ${handlesBefore} -> ${handlesAfter}`,
  );
  say(`[debugger] load average at end: ${load()}`);
  if (!process.env.PHWB_BENCH_WORK) fs.rmSync(work, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
