// The Test Results view and its documents: each run with its summary ("3 passed, 1 error"), each event with its
// status, a destination's requests under it; a click opens VS Code's diff editor (a transformation's input ↔
// returned event) or the event's result document (status, requests, errors, logs) from the `posthog-test:` scheme.
// The newest runs are kept in memory only; everything in them is masked already.
import * as vscode from 'vscode';
import { formatDateTime } from '../../shared/format';
import { Command, Scheme, TreeItemContext, View } from '../services/constants';
import { withViewProgress } from '../views/nodes';
import { eventJson } from '../../core/testing/eventDiff';
import {
  resultText,
  runKind,
  shortOutcome,
  statusText,
  summary,
  type EventTestResult,
  type TestRun,
} from '../../core/testing/outcome';

export const TEST_RESULT_SCHEME = Scheme.testResult;
const KEPT_RUNS = 20;

export class TestRunNode {
  constructor(readonly run: TestRun) {}
}

export class TestEventNode {
  constructor(
    readonly run: TestRun,
    readonly index: number,
  ) {}
  get result(): EventTestResult | undefined {
    return this.run.results[this.index];
  }
}

export class TestRequestNode {
  constructor(
    readonly event: TestEventNode,
    readonly request: number,
  ) {}
}

type Node = TestRunNode | TestEventNode | TestRequestNode;

const isResultTab = (tab: vscode.Tab): boolean => {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return input.uri.scheme === TEST_RESULT_SCHEME;
  return input instanceof vscode.TabInputTextDiff && input.modified.scheme === TEST_RESULT_SCHEME;
};

/** Where a result opens: where the last one is, else beside the code being tested, else in the only group. */
function resultColumn(): vscode.ViewColumn {
  const group = vscode.window.tabGroups.all.find((g) => g.tabs.some(isResultTab));
  if (group) return group.viewColumn;
  return vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
}

function scopeWords(scope: TestRun['scope']): string {
  switch (scope) {
    case 'sample':
      return vscode.l10n.t('sample event');
    case 'recent':
      return vscode.l10n.t('recent events');
    case 'fixtures':
      return vscode.l10n.t('fixtures');
  }
}

/** A file name made of the event's title, for the tab. */
const fileName = (text: string) =>
  text
    // eslint-disable-next-line no-control-regex -- control characters cannot be in a file name
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-')
    .slice(0, 60)
    .trim() || 'event';

function statusIcon(status: EventTestResult['status']): vscode.ThemeIcon {
  if (status === 'success') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  if (status === 'skipped') return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('testing.iconSkipped'));
  return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
}

export class TestResults
  implements vscode.TreeDataProvider<Node>, vscode.TextDocumentContentProvider, vscode.Disposable
{
  private readonly treeChanged = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.treeChanged.event;
  private readonly docChanged = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.docChanged.event;
  private runs: TestRun[] = [];
  private readonly runNodes = new Map<number, TestRunNode>();

  /** Newest first. */
  all(): readonly TestRun[] {
    return this.runs;
  }

  /**
   * Shows the view's own progress bar while `task` runs: a session's first run reads the function and its first sample
   * before there is a row to show (0.6-1 s), and a blank view would look like nothing happened.
   */
  working<T>(task: () => Promise<T>): Promise<T> {
    return withViewProgress(View.testResults, task);
  }

  /** Adds the run, or repaints it after it moved on (each event of a batch). */
  update(run: TestRun): void {
    if (!this.runs.includes(run)) {
      this.runs = [run, ...this.runs].slice(0, KEPT_RUNS);
      for (const id of this.runNodes.keys()) if (!this.runs.some((r) => r.id === id)) this.runNodes.delete(id);
    }
    this.treeChanged.fire(undefined);
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === TEST_RESULT_SCHEME && doc.uri.path.startsWith(`/${run.id}/`))
        this.docChanged.fire(doc.uri);
    }
  }

  clear(): void {
    this.runs = [];
    this.runNodes.clear();
    this.treeChanged.fire(undefined);
  }

  nodeOf(run: TestRun): TestRunNode {
    let node = this.runNodes.get(run.id);
    if (!node) {
      node = new TestRunNode(run);
      this.runNodes.set(run.id, node);
    }
    return node;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.runs.map((run) => this.nodeOf(run));
    if (node instanceof TestRunNode) return node.run.results.map((_, i) => new TestEventNode(node.run, i));
    if (node instanceof TestEventNode && runKind(node.run.functionType) === 'destination')
      return (node.result?.requests ?? []).map((_, i) => new TestRequestNode(node, i));
    return [];
  }

  getParent(node: Node): Node | undefined {
    if (node instanceof TestEventNode) return this.nodeOf(node.run);
    if (node instanceof TestRequestNode) return node.event;
    return undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node instanceof TestRunNode) return this.runItem(node.run);
    if (node instanceof TestEventNode) return this.eventItem(node);
    const result = node.event.result;
    const request = result?.requests[node.request];
    const item = new vscode.TreeItem(
      request ? `${request.method} ${request.url}` : vscode.l10n.t('request'),
      vscode.TreeItemCollapsibleState.None,
    );
    item.iconPath = new vscode.ThemeIcon('globe');
    const body = request
      ? request.body.kind === 'none'
        ? vscode.l10n.t('no body')
        : request.body.kind === 'json'
          ? vscode.l10n.t('JSON body')
          : vscode.l10n.t('text body')
      : undefined;
    // A local run's request got a (scripted) answer: its status follows.
    const response = result?.responses?.[node.request];
    item.description =
      body && response ? `${body} → ${response.error !== undefined ? vscode.l10n.t('failed') : response.status}` : body;
    item.tooltip = request
      ? `${request.method} ${request.url}\n${request.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}`
      : undefined;
    item.command = { command: Command.openTestResult, title: vscode.l10n.t('Open Request'), arguments: [node] };
    return item;
  }

  private runItem(run: TestRun): vscode.TreeItem {
    const newest = this.runs[0] === run;
    const item = new vscode.TreeItem(
      run.functionName,
      newest ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    // The id keeps the row (and its expansion) stable while a batch repaints it.
    item.id = `test-run-${run.id}`;
    item.description = `${summary(run)} · ${scopeWords(run.scope)}${run.local ? ` · ${vscode.l10n.t('local')}` : ''}`;
    const failed = run.results.some((r) => r.status === 'error');
    const allSkipped = run.results.length > 0 && run.results.every((r) => r.status === 'skipped');
    item.iconPath = !run.finished
      ? new vscode.ThemeIcon('loading~spin')
      : failed
        ? statusIcon('error')
        : allSkipped
          ? statusIcon('skipped')
          : run.cancelled
            ? new vscode.ThemeIcon('debug-stop')
            : statusIcon('success');
    const tooltip = new vscode.MarkdownString();
    const at = formatDateTime(run.startedAt, vscode.env.language);
    tooltip.appendText(
      run.local
        ? vscode.l10n.t(
            "Ran locally {0} with {1}, in PostHog's VM on this machine (nothing was sent).",
            at,
            run.ranFrom,
          )
        : vscode.l10n.t('Tested {0} with {1}.', at, run.ranFrom),
    );
    item.tooltip = tooltip;
    item.contextValue = TreeItemContext.testRun;
    return item;
  }

  private eventItem(node: TestEventNode): vscode.TreeItem {
    const r = node.result;
    const kind = runKind(node.run.functionType);
    const expandable = kind === 'destination' && (r?.requests.length ?? 0) > 0;
    const item = new vscode.TreeItem(
      r?.title ?? vscode.l10n.t('event'),
      expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `test-run-${node.run.id}-${node.index}`;
    if (!r) return item;
    item.iconPath = statusIcon(r.status);
    item.description = `${shortOutcome(r, kind)} · ${vscode.l10n.t('{0} ms', Math.round(r.durationMs))}`;
    item.tooltip = [statusText(r.status), ...r.errors].join('\n');
    item.contextValue = TreeItemContext.testEvent;
    item.command = { command: Command.openTestResult, title: vscode.l10n.t('Open Test Result'), arguments: [node] };
    return item;
  }

  resultUri(run: TestRun, index: number): vscode.Uri {
    return vscode.Uri.from({
      scheme: TEST_RESULT_SCHEME,
      path: `/${run.id}/${index}/${fileName(run.results[index]?.title ?? 'event')}.txt`,
    });
  }

  private sideUri(run: TestRun, index: number, side: 'input' | 'returned'): vscode.Uri {
    return vscode.Uri.from({ scheme: TEST_RESULT_SCHEME, path: `/${run.id}/${index}/${side}.jsonc` });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const [, runId, index, file] = uri.path.split('/');
    const run = this.runs.find((r) => String(r.id) === runId);
    const result = run?.results[Number(index)];
    if (!run || !result) return vscode.l10n.t('This test result is no longer kept: run the test again.\n');
    if (file === 'input.jsonc')
      return eventJson(runKind(run.functionType) === 'transformation' ? result.input.event : result.input.record);
    if (file === 'returned.jsonc')
      return result.dropped
        ? `// ${vscode.l10n.t('Dropped: {0} returned null, so PostHog drops this event.', run.functionName)}\nnull\n`
        : eventJson(result.result);
    return resultText(run, result, vscode.env.language);
  }

  /**
   * Opens what an event's result is about: a transformation's diff (input ↔ returned), else the result document, at
   * the request when one was clicked. Beside the code, which keeps the focus unless `focus`.
   */
  async open(
    node: TestEventNode | TestRequestNode,
    options: { details?: boolean; focus?: boolean } = {},
  ): Promise<vscode.Uri> {
    const event = node instanceof TestRequestNode ? node.event : node;
    const result = event.result;
    const shown = { viewColumn: resultColumn(), preview: true, preserveFocus: !options.focus };
    const kind = runKind(event.run.functionType);
    const diffable = kind !== 'destination' && result && !result.failure && result.status === 'success';
    if (diffable && !options.details && node instanceof TestEventNode) {
      const left = this.sideUri(event.run, event.index, 'input');
      const right = this.sideUri(event.run, event.index, 'returned');
      const title = `${event.run.functionName}: ${result.title} (input ↔ ${result.dropped ? 'dropped' : 'returned'})`;
      await vscode.commands.executeCommand('vscode.diff', left, right, title, shown);
      return right;
    }
    const uri = this.resultUri(event.run, event.index);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, shown);
    if (node instanceof TestRequestNode) {
      const line = doc
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith(`  ${node.request + 1}. `));
      if (line >= 0) editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
      if (line >= 0) editor.selection = new vscode.Selection(line, 0, line, 0);
    }
    return uri;
  }

  dispose(): void {
    this.treeChanged.dispose();
    this.docChanged.dispose();
  }
}
