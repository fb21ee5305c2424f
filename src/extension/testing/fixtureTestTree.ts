// VS Code's Test Explorer lists each function folder's fixtures (posthog/hog-functions/<folder>/test-events/*.json),
// with gutter icons in the fixture files. Created at activation, and small: finding the files is all it does. Running
// them is the features' (fixtureTestRun.ts), loaded on the first run: "Run locally" (the default), "Run on PostHog"
// (its invocations endpoint) and "Debug" (the Hog debugger on the fixture).
import * as vscode from 'vscode';
import { FIXTURE_GLOB, FUNCTIONS_DIR, TEST_EVENTS_DIR } from '../../core/functions/layout';

export const TEST_CONTROLLER_ID = 'posthogWorkbench.fixtures';

/** Runs the requested fixtures (the features' part). */
export type FixtureTestHandler = (
  controller: vscode.TestController,
  request: vscode.TestRunRequest,
  token: vscode.CancellationToken,
) => Promise<unknown>;

/** The three profiles' handlers. */
export interface FixtureTestHandlers {
  local: FixtureTestHandler;
  remote: FixtureTestHandler;
  debug: FixtureTestHandler;
}

export interface FixtureTests extends vscode.Disposable {
  controller: vscode.TestController;
  /** Lists the fixtures again (what the Test Explorer's refresh does). */
  discover(): Promise<void>;
}

/** The function folder of a fixture file: the folder above its test-events/. */
const folderOf = (fixture: vscode.Uri) => vscode.Uri.joinPath(fixture, '..', '..');
const nameOf = (uri: vscode.Uri) => decodeURIComponent(uri.path.split('/').pop() ?? '');

export function registerFixtureTests(run: () => FixtureTestHandlers): FixtureTests {
  const controller = vscode.tests.createTestController(TEST_CONTROLLER_ID, vscode.l10n.t('Hog function fixtures'));

  const add = (fixture: vscode.Uri) => {
    const folder = folderOf(fixture);
    let parent = controller.items.get(folder.toString());
    if (!parent) {
      parent = controller.createTestItem(folder.toString(), nameOf(folder), folder);
      parent.description = vscode.l10n.t('hog function');
      controller.items.add(parent);
    }
    const item = controller.createTestItem(fixture.toString(), nameOf(fixture).replace(/\.json$/, ''), fixture);
    item.range = new vscode.Range(0, 0, 0, 0);
    parent.children.add(item);
  };
  const remove = (fixture: vscode.Uri) => {
    const parent = controller.items.get(folderOf(fixture).toString());
    parent?.children.delete(fixture.toString());
    if (parent && parent.children.size === 0) controller.items.delete(parent.id);
  };
  const discover = async () => {
    const found = await vscode.workspace.findFiles(FIXTURE_GLOB, '**/node_modules/**');
    controller.items.replace([]);
    for (const uri of found.sort((a, b) => a.path.localeCompare(b.path))) add(uri);
  };

  controller.resolveHandler = async (item) => {
    if (!item) await discover();
  };
  controller.refreshHandler = () => discover();
  const profile = (
    label: string,
    kind: vscode.TestRunProfileKind,
    which: keyof FixtureTestHandlers,
    isDefault: boolean,
  ) =>
    controller.createRunProfile(
      label,
      kind,
      async (request, token) => {
        await run()[which](controller, request, token);
      },
      isDefault,
    );
  const profiles = [
    profile(vscode.l10n.t('Run locally'), vscode.TestRunProfileKind.Run, 'local', true),
    profile(vscode.l10n.t('Run on PostHog'), vscode.TestRunProfileKind.Run, 'remote', false),
    profile(vscode.l10n.t('Debug'), vscode.TestRunProfileKind.Debug, 'debug', true),
  ];
  const watcher = vscode.workspace.createFileSystemWatcher(FIXTURE_GLOB);
  // Fixtures created or deleted in VS Code (the Explorer, Save as Test Fixture, a workspace edit) are listed at once;
  // the watcher catches the rest (git, other programs), whenever its events arrive.
  const isFixture = (uri: vscode.Uri) => {
    const parts = uri.path.split('/');
    return (
      parts.length >= 5 &&
      (parts.at(-1) ?? '').endsWith('.json') &&
      parts.at(-2) === TEST_EVENTS_DIR &&
      parts.slice(-5, -3).join('/') === FUNCTIONS_DIR
    );
  };
  const disposable = vscode.Disposable.from(
    controller,
    ...profiles,
    watcher,
    watcher.onDidCreate(add),
    watcher.onDidDelete(remove),
    vscode.workspace.onDidCreateFiles((e) => e.files.filter(isFixture).forEach(add)),
    vscode.workspace.onDidDeleteFiles((e) => e.files.filter(isFixture).forEach(remove)),
    // A changed fixture's last result no longer says anything about it.
    watcher.onDidChange((uri) => {
      const item = controller.items.get(folderOf(uri).toString())?.children.get(uri.toString());
      if (item) controller.invalidateTestResults?.(item);
    }),
  );
  return { controller, discover, dispose: () => disposable.dispose() };
}
