// The Hog toolchain's figures (P18, P19), in the same extension host as the others (bench/extensionHost/index.ts calls these):
//   P18: a syntax error typed into a 2 KB hog function -> on screen, minus the 300 ms pause; the requests sent for
//        it (0: the parser runs offline) and the longest stall of the extension host's event loop while typing
//        (the parser runs on a worker thread);
//   P19: Run Hog Function Locally on a 2 KB destination with one fetch(): the first run (the toolchain loads) and
//        the runs after it, next to PostHog's test run of the same code at 50 ms latency.
import * as vscode from 'vscode';
import type { FakeAdmin, RecordedRequest } from '../../test/integration/support/fake';

type Emit = (event: Record<string, unknown>) => void;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isQuery = (r: RecordedRequest) => r.method === 'POST' && /\/query\/?$/.test(r.path);

/** A destination's code of about 2 KB with one fetch(), as the seeded webhook writes it. */
function twoKilobytes(): string {
  const head =
    "let payload := {'event': event.event, 'distinct_id': event.distinct_id, 'url': event.properties.$current_url}\n";
  const tail =
    "let res := fetch(inputs.url, {'method': 'POST', 'body': payload})\nif (res.status >= 400) {\n  throw Error(f'Webhook failed with status {res.status}')\n}\n";
  const lines: string[] = [];
  for (let i = 0; head.length + tail.length + lines.join('').length < 2_000; i++) {
    lines.push(
      `let field_${i} := concat('value ', toString(${i}), ' for ', event.event)\npayload[f'field_${i}'] := field_${i}\n`,
    );
  }
  return `${head}${lines.join('')}${tail}`;
}

export class ToolchainBench {
  constructor(
    private readonly fake: FakeAdmin,
    private readonly emit: Emit,
  ) {}

  private async destination(): Promise<{ id: string; doc: vscode.TextDocument }> {
    const state = await this.fake.state<{ hogFunctions: { id: string; name: string }[] }>();
    const fn = state.hogFunctions.find((f) => f.name === 'Webhook: billing service');
    if (!fn) throw new Error('the seeded webhook destination is missing');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('posthogWorkbench.openHogFunction', {
      id: fn.id,
    });
    return { id: fn.id, doc: editor.document };
  }

  private async replace(doc: vscode.TextDocument, text: string): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    await vscode.workspace.applyEdit(edit);
  }

  private async close(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }

  /** P18: type a syntax error into 2 KB of code, a key every 60 ms; time it on screen, count requests, watch the event loop. */
  async syntaxError(sample: number): Promise<void> {
    const { doc } = await this.destination();
    const code = twoKilobytes();
    await this.replace(doc, code);
    await sleep(1_500);
    await this.fake.setLatency(50);
    await this.fake.clearRequests();
    // The event loop's longest gap while typing and checking (a 1 ms timer that comes late by the stall).
    let last = performance.now();
    let longest = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    const broken = 'let broken := (1 + ';
    let seenAt = 0;
    const shown = new Promise<void>((resolve) => {
      const listener = vscode.languages.onDidChangeDiagnostics(() => {
        if (
          vscode.languages
            .getDiagnostics(doc.uri)
            .some((d) => d.severity === vscode.DiagnosticSeverity.Error && d.source === 'Hog')
        ) {
          seenAt = performance.now();
          listener.dispose();
          resolve();
        }
      });
    });
    let typedAt = 0;
    for (const ch of broken) {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), ch);
      await vscode.workspace.applyEdit(edit);
      typedAt = performance.now();
      await sleep(60);
    }
    await Promise.race([shown, sleep(10_000)]);
    await sleep(500);
    clearInterval(timer);
    const queries = (await this.fake.requests()).filter(isQuery).length;
    await this.fake.setLatency(0);
    await this.close();
    const floorStallMs = await this.plainTextStall(code, broken);
    this.emit({
      type: 'p18',
      sample,
      ms: seenAt ? seenAt - typedAt - 300 : null,
      sinceLastKeyMs: seenAt ? seenAt - typedAt : null,
      queries,
      longestStallMs: longest,
      floorStallMs,
      bytes: code.length,
    });
  }

  /** P18's floor: the same keys typed the same way into a plain-text document, which no extension of ours reads. */
  private async plainTextStall(code: string, typed: string): Promise<number> {
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: code });
    await vscode.window.showTextDocument(doc);
    await sleep(500);
    let last = performance.now();
    let longest = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    for (const ch of typed) {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), ch);
      await vscode.workspace.applyEdit(edit);
      await sleep(60);
    }
    await sleep(800);
    clearInterval(timer);
    // An untitled document: reverted and closed without asking to save it.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    return longest;
  }

  /** P19: Run Hog Function Locally (the first run apart), and PostHog's test run of the same unsaved code. */
  async runLocally(samples: number): Promise<void> {
    const { id, doc } = await this.destination();
    await this.replace(doc, twoKilobytes());
    for (let i = 0; i <= samples; i++) {
      const t0 = performance.now();
      const result = await vscode.commands.executeCommand<{ status: string; requests: unknown[]; durationMs: number }>(
        'posthogWorkbench.runHogFunctionLocally',
        doc.uri,
        { on: 'sample' },
      );
      this.emit({
        type: 'p19',
        sample: i,
        first: i === 0,
        ms: performance.now() - t0,
        runMs: result?.durationMs,
        status: result?.status,
        requests: result?.requests.length ?? 0,
      });
    }
    await this.fake.setLatency(50);
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      const result = await vscode.commands.executeCommand<{ status: string }>('posthogWorkbench.testHogFunction', {
        id,
      });
      this.emit({ type: 'p19posthog', sample: i, ms: performance.now() - t0, status: result?.status });
    }
    await this.fake.setLatency(0);
    await this.close();
  }
}
