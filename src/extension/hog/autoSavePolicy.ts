// Whether the user's own settings turn auto-save on for a document (no vscode import, so it is unit-tested); see
// autoSave.ts for why a workspace's settings do not count for `posthog-hog:` documents.

/** What VS Code's inspect() reports for one setting (the levels this decision reads). */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  defaultLanguageValue?: T;
  globalLanguageValue?: T;
}

/**
 * Whether auto-save is on for such a document by the user's own settings (workspace and folder settings left out):
 * as VS Code resolves it, a language's value (the user's, else the extension's default) before a plain one, and
 * with `files.autoSaveWorkspaceFilesOnly` on, never for a document outside the workspace, as these are.
 */
export function autoSaveOnByUser(
  autoSave: InspectedSetting<string> | undefined,
  workspaceFilesOnly: InspectedSetting<boolean> | undefined,
): boolean {
  const mode =
    autoSave?.globalLanguageValue ??
    autoSave?.defaultLanguageValue ??
    autoSave?.globalValue ??
    autoSave?.defaultValue ??
    'off';
  const onlyWorkspaceFiles =
    workspaceFilesOnly?.globalLanguageValue ??
    workspaceFilesOnly?.defaultLanguageValue ??
    workspaceFilesOnly?.globalValue ??
    workspaceFilesOnly?.defaultValue ??
    false;
  return mode !== 'off' && !onlyWorkspaceFiles;
}
