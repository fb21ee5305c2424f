// The names the manifest (package.json `contributes`) and the code share: command ids, context keys, view ids,
// tree item context values, the authentication provider and webview panel types. Written once here;
// test/unit/manifest.test.ts checks package.json against them.

/** Every command the manifest declares. Register them through src/extension/commands/runner.ts. */
export const Command = {
  // account
  signIn: 'posthogWorkbench.signIn',
  signOut: 'posthogWorkbench.signOut',
  selectProject: 'posthogWorkbench.selectProject',
  // groups
  searchGroups: 'posthogWorkbench.searchGroups',
  findGroup: 'posthogWorkbench.findGroup',
  createGroup: 'posthogWorkbench.createGroup',
  openGroup: 'posthogWorkbench.openGroup',
  keepGroupPanelOpen: 'posthogWorkbench.keepGroupPanelOpen',
  copyGroupKey: 'posthogWorkbench.copyGroupKey',
  importGroups: 'posthogWorkbench.importGroups',
  openGroupGrid: 'posthogWorkbench.openGroupGrid',
  exportGroups: 'posthogWorkbench.exportGroups',
  // hog functions
  filterHogFunctions: 'posthogWorkbench.filterHogFunctions',
  clearHogFunctionFilter: 'posthogWorkbench.clearHogFunctionFilter',
  openHogFunction: 'posthogWorkbench.openHogFunction',
  openHogFunctionField: 'posthogWorkbench.openHogFunctionField',
  testHogFunction: 'posthogWorkbench.testHogFunction',
  editSampleEvent: 'posthogWorkbench.editSampleEvent',
  // test runs
  testHogFunctionWithRecentEvents: 'posthogWorkbench.testHogFunctionWithRecentEvents',
  testHogFunctionWithFixtures: 'posthogWorkbench.testHogFunctionWithFixtures',
  saveTestFixture: 'posthogWorkbench.saveTestFixture',
  runHogFunctionLocally: 'posthogWorkbench.runHogFunctionLocally',
  openTestResult: 'posthogWorkbench.openTestResult',
  showTestResultDetails: 'posthogWorkbench.showTestResultDetails',
  clearTestResults: 'posthogWorkbench.clearTestResults',
  toggleHogFunction: 'posthogWorkbench.toggleHogFunction',
  enableHogFunction: 'posthogWorkbench.enableHogFunction',
  disableHogFunction: 'posthogWorkbench.disableHogFunction',
  renameHogFunction: 'posthogWorkbench.renameHogFunction',
  deleteHogFunction: 'posthogWorkbench.deleteHogFunction',
  moveHogFunctionUp: 'posthogWorkbench.moveHogFunctionUp',
  moveHogFunctionDown: 'posthogWorkbench.moveHogFunctionDown',
  showHogFunctionLogs: 'posthogWorkbench.showHogFunctionLogs',
  copyHogFunctionId: 'posthogWorkbench.copyHogFunctionId',
  // hog functions as code
  newHogFunction: 'posthogWorkbench.newHogFunction',
  exportHogFunctions: 'posthogWorkbench.exportHogFunctions',
  pushHogFunction: 'posthogWorkbench.pushHogFunction',
  pullHogFunction: 'posthogWorkbench.pullHogFunction',
  showHogFunctionRevisions: 'posthogWorkbench.showHogFunctionRevisions',
  publishHogFunctionDraft: 'posthogWorkbench.publishHogFunctionDraft',
  discardHogFunctionDraft: 'posthogWorkbench.discardHogFunctionDraft',
  showHogFunctionOverview: 'posthogWorkbench.showHogFunctionOverview',
  // debugging
  debugHogFunction: 'posthogWorkbench.debugHogFunction',
  debugThisRun: 'posthogWorkbench.debugThisRun',
  // common
  refresh: 'posthogWorkbench.refresh',
  retry: 'posthogWorkbench.retry',
  loadMore: 'posthogWorkbench.loadMore',
  openInPostHog: 'posthogWorkbench.openInPostHog',
  showLog: 'posthogWorkbench.showLog',
  getStarted: 'posthogWorkbench.getStarted',
} as const;
export type CommandId = (typeof Command)[keyof typeof Command];

/** Context keys set with `setContext`, read by `when` clauses. */
export const ContextKey = {
  signedIn: 'posthogWorkbench.signedIn',
  hogFunctionsEmpty: 'posthogWorkbench.hogFunctionsEmpty',
  groupTypesEmpty: 'posthogWorkbench.groupTypesEmpty',
  hogFunctionFilterActive: 'posthogWorkbench.hogFunctionFilterActive',
  /** The current host has shown it has no revisions or drafts (an older PostHog): their menu items hide. */
  noHogFunctionRevisions: 'posthogWorkbench.noHogFunctionRevisions',
  /** The active editor is a preview group panel: Keep Open applies to it. */
  groupPanelPreview: 'posthogWorkbench.groupPanelPreview',
  // What the user has done in this window, for the getting-started walkthrough's steps (VS Code remembers a step
  // once it is checked off). Set where it happens, never cleared.
  /** Signed in with a project chosen (signing in asks for one; Select Project switches it). */
  selectedProject: 'posthogWorkbench.selectedProject',
  /** A hog function's source was opened in an editor. */
  openedHogFunction: 'posthogWorkbench.openedHogFunction',
  /** PostHog answered a test run of a hog function (whatever the function itself did). */
  testedHogFunction: 'posthogWorkbench.testedHogFunction',
  /** A group panel showed a group. */
  openedGroup: 'posthogWorkbench.openedGroup',
} as const;
export type ContextKeyId = (typeof ContextKey)[keyof typeof ContextKey];

/** The activity bar container and its tree views. */
export const ViewContainer = 'posthogWorkbench';
export const View = {
  hogFunctions: 'posthogWorkbench.hogFunctions',
  groups: 'posthogWorkbench.groups',
  testResults: 'posthogWorkbench.testResults',
} as const;
export type ViewId = (typeof View)[keyof typeof View];

/** Tree item `contextValue`s, matched by `viewItem` in menus. */
export const TreeItemContext = {
  hogFunctionType: 'hogFunctionType',
  hogFunctionEnabled: 'hogFunction.enabled',
  hogFunctionDisabled: 'hogFunction.disabled',
  /** `.testable`: PostHog can test-run the function's type, so Test Hog Function is offered. */
  hogFunctionEnabledTestable: 'hogFunction.enabled.testable',
  hogFunctionDisabledTestable: 'hogFunction.disabled.testable',
  /** `.ordered`: a transformation, run in an order of its own, so Move Up and Move Down are offered. */
  hogFunctionEnabledOrdered: 'hogFunction.enabled.ordered.testable',
  hogFunctionDisabledOrdered: 'hogFunction.disabled.ordered.testable',
  groupType: 'groupType',
  group: 'group',
  error: 'error',
  loadMore: 'loadMore',
  info: 'info',
  /** A row PostHog sent that the extension could not read (a warning row). */
  unreadable: 'unreadable',
  /** Test Results: a run, and one event of a run (Save as Test Fixture, Show Details). */
  testRun: 'testRun',
  testEvent: 'testEvent',
} as const;
export type TreeItemContextValue = (typeof TreeItemContext)[keyof typeof TreeItemContext];

/** A hog function row's context value. */
export function hogFunctionContext(enabled: boolean, testable: boolean, ordered = false): TreeItemContextValue {
  // Every type with an execution order (transformations, log transformations) can also be test-run.
  if (ordered) return enabled ? TreeItemContext.hogFunctionEnabledOrdered : TreeItemContext.hogFunctionDisabledOrdered;
  if (testable)
    return enabled ? TreeItemContext.hogFunctionEnabledTestable : TreeItemContext.hogFunctionDisabledTestable;
  return enabled ? TreeItemContext.hogFunctionEnabled : TreeItemContext.hogFunctionDisabled;
}

/** The debug type of hog functions (package.json `contributes.debuggers`). */
export const DEBUG_TYPE = 'hog';

/** The getting-started walkthrough (`contributes.walkthroughs`), as `workbench.action.openWalkthrough` names it. */
export const WALKTHROUGH_ID = 'posthog-workbench.posthog-workbench#gettingStarted';

/** The authentication provider that shows the signed-in account in the Accounts menu. */
export const AUTH_PROVIDER_ID = 'posthog-workbench';

/** Where SecretStorage keeps the personal API key of a host (an origin). Activation reads it to know the views are signed out. */
export const apiKeySecret = (host: string): string => `posthogWorkbench.apiKey:${host}`;
/** The host when `posthogWorkbench.host` is not set. */
export const DEFAULT_HOST = 'https://us.posthog.com';

/**
 * URI schemes of the extension's documents. `posthog-hog` (hog functions' source and fields) is also in the
 * manifest's `when` clauses and its `onFileSystem` activation event.
 */
export const Scheme = {
  hog: 'posthog-hog',
  /** PostHog's side of a save conflict, read-only. */
  serverVersion: 'posthog-hog-server',
  logs: 'posthog-hog-logs',
  /** The typed copy of a site function's code TypeScript completes in. */
  siteTypes: 'posthog-site-types',
  /** A revision or PostHog's version of a function folder, for the diff editor. */
  snapshot: 'posthog-hog-snapshot',
  /** A hog function's tree row, so the sync badges decorate it like a file. */
  functionResource: 'posthog-hog-function',
  /** A test run's result: the requests and logs, or one side of a transformation's diff. */
  testResult: 'posthog-test',
} as const;

/** Site functions' code: TypeScript (or JavaScript) documents of the `posthog-hog:` file system. */
export const SITE_DOCUMENTS = [
  { scheme: Scheme.hog, language: 'typescript' },
  { scheme: Scheme.hog, language: 'javascript' },
];

/** Webview panel types (also the key VS Code restores panels by after a reload). */
export const WebviewPanelType = {
  group: 'posthogWorkbench.group',
  functionOverview: 'posthogWorkbench.functionOverview',
  /** A group type's grid (not restored after a reload: it reloads its first page in a click). */
  groupGrid: 'posthogWorkbench.groupGrid',
} as const;
