// Saved test events (fixtures) in the workspace: where a function's fixtures are (its function folder's test-events/,
// else the loose folder), read as the editor has them (unsaved edits included). Listing, reading and writing them is
// the core's (core/testing/fixtures.ts).
import * as vscode from 'vscode';
import { LOOSE_TEST_EVENTS_DIR, projectKey, TEST_EVENTS_DIR } from '../../core/functions/layout';
import type { LocalFunction, WorkspaceFunctions } from '../functions/workspaceFunctions';
import type { TestGlobals } from '../../shared/functionTypes';
import type { HogFunctionRef } from '../../core/functions/paths';
import {
  checkFixtureName,
  listFixtures,
  readFixture,
  suggestFixtureName,
  writeFixture,
  type Fixture as CoreFixture,
} from '../../core/testing/fixtures';
import { currentText, workspaceFiles } from '../functions/workspaceFiles';

export type Fixture = CoreFixture<vscode.Uri>;

export class Fixtures {
  constructor(private readonly workspace: WorkspaceFunctions) {}

  /** Where the function's fixtures are: its workspace folder's test-events/ (if it has one), and the loose folder. */
  private async folders(ref: HogFunctionRef, host: string): Promise<{ linked?: vscode.Uri; loose?: vscode.Uri }> {
    const key = projectKey(host, ref.projectId);
    let linked: LocalFunction | undefined;
    for (const candidate of await this.workspace.linked(key, ref.functionId)) {
      // Read again: the index follows the disk a moment late, and a fixture must not recreate a deleted folder.
      const current = await this.workspace.refresh(candidate.folder);
      if (current.file?.ids[key] === ref.functionId) {
        linked = current;
        break;
      }
    }
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    return {
      ...(linked ? { linked: vscode.Uri.joinPath(linked.folder, TEST_EVENTS_DIR) } : {}),
      ...(root
        ? { loose: vscode.Uri.joinPath(root, ...LOOSE_TEST_EVENTS_DIR.split('/'), encodeURIComponent(ref.functionId)) }
        : {}),
    };
  }

  /** Where a new fixture goes: next to the function's files when it is in the workspace. */
  async saveFolder(ref: HogFunctionRef, host: string): Promise<vscode.Uri> {
    const { linked, loose } = await this.folders(ref, host);
    const folder = linked ?? loose;
    if (!folder)
      throw new Error(
        vscode.l10n.t('Open a folder first: fixtures are saved as workspace files (posthog/test-events/).'),
      );
    return folder;
  }

  async list(ref: HogFunctionRef, host: string): Promise<Fixture[]> {
    const { linked, loose } = await this.folders(ref, host);
    return listFixtures(workspaceFiles, [linked, loose]);
  }

  /** The fixture as the editor has it (unsaved edits included), or why it cannot be used. */
  async load(
    fixture: Fixture,
    kind: TestGlobals,
  ): Promise<{ input: Record<string, unknown> } | { unreadable: string }> {
    return readFixture(fixture.name, await currentText(fixture.uri), kind);
  }

  /** A file name from the event's title: "$pageview by ada@example.com" → "pageview-by-ada-example-com". */
  static suggestName(title: string): string {
    return suggestFixtureName(title);
  }

  /** Why a name cannot be used, or undefined. */
  static checkName(name: string): string | undefined {
    return checkFixtureName(name);
  }

  /** Writes a new fixture; refuses to replace one that exists. */
  save(folder: vscode.Uri, name: string, input: Record<string, unknown>): Promise<vscode.Uri> {
    return writeFixture(
      { ...workspaceFiles, display: (uri) => vscode.workspace.asRelativePath(uri) },
      folder,
      name,
      input,
    );
  }
}
