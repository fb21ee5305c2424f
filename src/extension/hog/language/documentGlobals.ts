// For one Hog document: which PostHog project checks it and with which globals. A hog function's source uses its
// own type, inputs (the open `.inputs.json` document when there is one, unsaved text included) and sample event
// (the test runs' file, unsaved text included, never created just for this); any other `.hog` file is read as a
// destination with the default sample event, against the selected project.
import * as vscode from 'vscode';
import type { Connection, Session } from '../../services/session';
import type { HogFileSystemProvider } from '../fileSystem';
import { parseField } from '../../../core/functions/fields';
import { parseLocation, type HogFunctionRef } from '../../../core/functions/paths';
import { Scheme } from '../../services/constants';
import { parseSampleGlobals } from '../../../core/testing/sampleGlobals';
import type { SampleEventFiles } from '../sampleEventFiles';
import { globalsFor, type HogGlobals } from '../../../core/language/globals';

export interface DocumentTarget extends HogGlobals {
  /** The connection that checks this document, when signed in to its project. */
  connection?: Connection;
  /** The function's type (a plain `.hog` file is read as a destination): which functions its worker adds. */
  type: string;
}

function functionRef(uri: vscode.Uri): HogFunctionRef | undefined {
  if (uri.scheme !== Scheme.hog) return undefined;
  const parsed = parseLocation(uri.authority, uri.path);
  return parsed?.kind === 'file' && parsed.field === 'hog' ? parsed : undefined;
}

function parsedSample(text: string): Record<string, unknown> | undefined {
  const parsed = parseSampleGlobals(text);
  return parsed.ok ? parsed.value : undefined;
}

const openText = (uri: vscode.Uri): string | undefined =>
  vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText();

export class DocumentGlobals implements vscode.Disposable {
  /**
   * Sample events read from disk, by file: read once, not at every pause in typing (a read goes through VS Code's
   * file service, a round trip to the workbench in the browser). Saving or closing an editor of the file forgets it.
   */
  private readonly savedSamples = new Map<string, Record<string, unknown> | undefined>();
  private readonly listeners: vscode.Disposable[];

  constructor(
    private readonly session: Session,
    private readonly files: HogFileSystemProvider,
    private readonly samples: SampleEventFiles,
  ) {
    const forget = (document: vscode.TextDocument) => this.savedSamples.delete(document.uri.toString());
    this.listeners = [vscode.workspace.onDidSaveTextDocument(forget), vscode.workspace.onDidCloseTextDocument(forget)];
  }

  /** False for documents these features leave alone: site functions, whose code is TypeScript (§9.2). */
  applies(document: vscode.TextDocument): boolean {
    const ref = functionRef(document.uri);
    return !ref || !this.files.cached(ref)?.type?.startsWith('site_');
  }

  async resolve(document: vscode.TextDocument): Promise<DocumentTarget> {
    const ref = functionRef(document.uri);
    if (!ref) {
      const connection = this.session.connection();
      const ctx = {
        host: this.session.host,
        projectId: connection?.projectId ?? 0,
        projectName: this.session.projectName(),
        functionId: 'new',
        functionName: document.uri.path.split('/').pop() ?? null,
      };
      return {
        ...globalsFor('destination', undefined, {}, ctx),
        type: 'destination',
        ...(connection ? { connection } : {}),
      };
    }
    const connection = this.session.connectionFor(ref.projectId);
    const fn = this.files.cached(ref);
    const ctx = {
      host: this.session.host,
      projectId: ref.projectId,
      projectName: this.session.projectName(ref.projectId),
      functionId: ref.functionId,
      functionName: fn?.name ?? null,
    };
    const sample = await this.sample(ref);
    return {
      ...globalsFor(fn?.type, sample, this.inputs(ref, fn?.inputs), ctx),
      type: fn?.type ?? 'destination',
      ...(connection ? { connection } : {}),
    };
  }

  private async sample(ref: HogFunctionRef): Promise<Record<string, unknown> | undefined> {
    const uri = this.samples.uri(ref);
    const open = openText(uri);
    if (open !== undefined) return parsedSample(open);
    const key = uri.toString();
    if (!this.savedSamples.has(key)) {
      let sample: Record<string, unknown> | undefined;
      try {
        sample = parsedSample(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
      } catch {
        // No sample yet: the function's first test run creates it.
      }
      this.savedSamples.set(key, sample);
    }
    return this.savedSamples.get(key);
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
  }

  private inputs(ref: HogFunctionRef, saved: unknown): unknown {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== Scheme.hog) continue;
      const parsed = parseLocation(document.uri.authority, document.uri.path);
      if (
        parsed?.kind !== 'file' ||
        parsed.field !== 'inputs' ||
        parsed.projectId !== ref.projectId ||
        parsed.functionId !== ref.functionId
      )
        continue;
      const field = parseField('inputs', document.getText());
      if (field.ok) return field.value;
    }
    return saved;
  }
}
