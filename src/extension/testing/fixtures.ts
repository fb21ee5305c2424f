// Saved test events (fixtures): workspace files holding what a test run is given (event, person and groups, or a
// log record), kept next to the function (core/functions/layout.ts) so they are versioned with it, and run one by one or
// together as a suite. Saving never overwrites a file; a fixture that does not read as JSON is reported, not lost.
import * as vscode from 'vscode';
import { folderSlug, LOOSE_TEST_EVENTS_DIR, projectKey, TEST_EVENTS_DIR, windowsSafeName } from '../../core/functions/layout';
import { assertInsideWorkspace, writeNewFile } from '../functions/safeWrites';
import { exists, type LocalFunction, type WorkspaceFunctions } from '../functions/workspaceFunctions';
import { writeJson } from '../../shared/deepJson';
import type { TestGlobals } from '../../shared/functionTypes';
import type { HogFunctionRef } from '../../core/functions/paths';
import { parseSampleGlobals } from '../../core/testing/sampleGlobals';

export interface Fixture {
  /** The file name without `.json`. */
  name: string;
  uri: vscode.Uri;
}

const NAME = /^[\w][\w .-]{0,79}$/;

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
      ...(root ? { loose: vscode.Uri.joinPath(root, ...LOOSE_TEST_EVENTS_DIR.split('/'), encodeURIComponent(ref.functionId)) } : {}),
    };
  }

  /** Where a new fixture goes: next to the function's files when it is in the workspace. */
  async saveFolder(ref: HogFunctionRef, host: string): Promise<vscode.Uri> {
    const { linked, loose } = await this.folders(ref, host);
    const folder = linked ?? loose;
    if (!folder) throw new Error(vscode.l10n.t('Open a folder first: fixtures are saved as workspace files (posthog/test-events/).'));
    return folder;
  }

  async list(ref: HogFunctionRef, host: string): Promise<Fixture[]> {
    const { linked, loose } = await this.folders(ref, host);
    const found: Fixture[] = [];
    for (const folder of [linked, loose]) {
      if (!folder) continue;
      let entries: [string, vscode.FileType][] = [];
      try {
        entries = await vscode.workspace.fs.readDirectory(folder);
      } catch {
        continue;
      }
      for (const [file, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
        if (type === vscode.FileType.File && file.endsWith('.json')) found.push({ name: file.slice(0, -'.json'.length), uri: vscode.Uri.joinPath(folder, file) });
      }
    }
    return found;
  }

  /** The fixture as the editor has it (unsaved edits included), or why it cannot be used. */
  async load(fixture: Fixture, kind: TestGlobals): Promise<{ input: Record<string, unknown> } | { unreadable: string }> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === fixture.uri.toString());
    let text: string;
    try {
      text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(fixture.uri));
    } catch {
      return { unreadable: vscode.l10n.t('{0}.json cannot be read.', fixture.name) };
    }
    const parsed = parseSampleGlobals(text, kind);
    return parsed.ok ? { input: parsed.value } : { unreadable: vscode.l10n.t('{0}.json: {1}', fixture.name, parsed.message) };
  }

  /** A file name from the event's title: "$pageview by ada@example.com" → "pageview-by-ada-example-com". */
  static suggestName(title: string): string {
    return folderSlug(title);
  }

  /** Why a name cannot be used, or undefined. */
  static checkName(name: string): string | undefined {
    return NAME.test(name.trim()) ? undefined : vscode.l10n.t('Use letters, digits, spaces, dots, dashes or underscores (at most 80), starting with a letter or digit.');
  }

  /**
   * Writes a new fixture inside the workspace (links followed); refuses to replace one that exists. A name Windows
   * keeps for a device (CON, NUL...) gets "_" added, so the repository can still be checked out there.
   */
  async save(folder: vscode.Uri, name: string, input: Record<string, unknown>): Promise<vscode.Uri> {
    const problem = Fixtures.checkName(name);
    if (problem) throw new Error(vscode.l10n.t('"{0}" cannot be a fixture name. {1}', name, problem));
    const fileName = windowsSafeName(name.trim());
    const uri = vscode.Uri.joinPath(folder, `${fileName}.json`);
    const taken = () => vscode.l10n.t('A fixture named "{0}" already exists in {1}. Choose another name.', fileName, vscode.workspace.asRelativePath(folder));
    await assertInsideWorkspace(uri);
    if (await exists(uri)) throw new Error(taken());
    await vscode.workspace.fs.createDirectory(folder);
    await writeNewFile(uri, new TextEncoder().encode(`${writeJson(input, { indent: '  ' })}\n`), taken);
    return uri;
  }
}
