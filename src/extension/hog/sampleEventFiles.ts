// One sample event (the globals of a test run) per hog function, kept as a JSON file in the extension's global
// storage so it survives restarts and edits like any file. Unsaved edits count: a test run reads the open
// document when there is one.
import * as vscode from 'vscode';
import type { HogFunctionRef } from '../../core/functions/paths';
import { defaultSampleGlobals, parseSampleGlobals, type SampleContext } from '../../core/testing/sampleGlobals';

export class SampleEventFiles {
  constructor(private readonly storage: vscode.Uri) {}

  uri(ref: HogFunctionRef): vscode.Uri {
    return vscode.Uri.joinPath(
      this.storage,
      'sample-events',
      String(ref.projectId),
      `${encodeURIComponent(ref.functionId)}.json`,
    );
  }

  /**
   * The file for this function, created the first time from `first` (an event its filters match) or else the default
   * `$pageview`.
   */
  async ensure(
    ref: HogFunctionRef,
    ctx: SampleContext,
    first?: () => Promise<Record<string, unknown> | undefined>,
  ): Promise<vscode.Uri> {
    const uri = this.uri(ref);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      const sample = (await first?.()) ?? defaultSampleGlobals(ctx);
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(sample, null, 2)}\n`));
    }
    return uri;
  }

  async load(
    ref: HogFunctionRef,
    ctx: SampleContext,
    first?: () => Promise<Record<string, unknown> | undefined>,
  ): Promise<Record<string, unknown>> {
    const uri = await this.ensure(ref, ctx, first);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const parsed = parseSampleGlobals(text, ctx.globals);
    if (!parsed.ok) throw new Error(vscode.l10n.t('{0} Fix it with "Edit Sample Event for Test Run".', parsed.message));
    return parsed.value;
  }
}
