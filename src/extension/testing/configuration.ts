// What a test run sends as the function's configuration: the text in the editors, unsaved changes included, and
// the words that say so. From the tree or a `posthog-hog:` editor: PostHog's function with every open document of it
// laid over it. From a file of a workspace function folder (posthog/hog-functions/<name>/): that folder's files.
import * as vscode from 'vscode';
import type { HogFunction } from '../../api';
import { parseFunctionJson } from '../../core/functions/functionFiles';
import type { LocalFunction } from '../functions/workspaceFunctions';
import { fieldValue, parseField } from '../../core/functions/fields';
import { refOf } from '../hog/fileSystem';
import { JSON_FIELDS, type HogFunctionField, type HogFunctionRef } from '../../core/functions/paths';
import type { RunConfiguration as CoreRunConfiguration } from '../../core/testing/runs';

/** What a test run sends (core/testing/runs.ts), its source document the editor's. */
export type RunConfiguration = CoreRunConfiguration<vscode.Uri>;

/** A field in a sentence: the JSON fields by their own names. */
const fieldWords = (field: HogFunctionField): string => (field === 'hog' ? vscode.l10n.t('the source') : field);

function words(items: string[]): string {
  return items.length <= 1
    ? items.join('')
    : vscode.l10n.t('{0} and {1}', items.slice(0, -1).join(', '), items[items.length - 1] ?? '');
}

/** PostHog's version of the function with its open `posthog-hog:` documents (saved or not) laid over it. */
export function fromEditors(ref: HogFunctionRef, fn: HogFunction): RunConfiguration {
  const configuration: Record<string, unknown> = {
    type: fn.type,
    name: fn.name,
    hog: fn.hog ?? '',
    enabled: fn.enabled,
  };
  for (const field of JSON_FIELDS) configuration[field] = fieldValue(fn, field);
  let sourceDocument: vscode.Uri | undefined;
  const open: HogFunctionField[] = [];
  const unsaved: HogFunctionField[] = [];
  for (const doc of vscode.workspace.textDocuments) {
    const docRef = refOf(doc.uri);
    if (!docRef || docRef.projectId !== ref.projectId || docRef.functionId !== ref.functionId) continue;
    open.push(docRef.field);
    if (doc.isDirty) unsaved.push(docRef.field);
    if (docRef.field === 'hog') {
      configuration.hog = doc.getText();
      sourceDocument = doc.uri;
      continue;
    }
    const parsed = parseField(docRef.field, doc.getText(), 'testRun');
    if (!parsed.ok) throw new Error(parsed.message);
    configuration[docRef.field] = parsed.value;
  }
  const ranFrom = unsaved.length
    ? vscode.l10n.t(
        'the code and configuration in your editors, with unsaved changes to {0}',
        words(unsaved.map(fieldWords)),
      )
    : open.length
      ? vscode.l10n.t('the code and configuration in your editors (all saved)')
      : vscode.l10n.t('the code and configuration as saved in PostHog');
  return { configuration, ranFrom, ...(sourceDocument ? { sourceDocument } : {}) };
}

async function currentText(uri: vscode.Uri): Promise<{ text: string; unsaved: boolean }> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { text: open.getText(), unsaved: open.isDirty };
  return { text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), unsaved: false };
}

/** A workspace function folder's source and function.json, as the editors show them. */
export async function fromFolder(local: LocalFunction): Promise<RunConfiguration> {
  const folderName = local.folder.path.split('/').pop() ?? '';
  if (!local.sourceUri)
    throw new Error(local.problem ?? vscode.l10n.t('{0} has no source file, so there is nothing to test.', folderName));
  const [source, json] = await Promise.all([currentText(local.sourceUri), currentText(local.jsonUri)]);
  const parsed = parseFunctionJson(json.text);
  if (!parsed.ok)
    throw new Error(
      vscode.l10n.t(
        '{0}/function.json cannot be read, so the test run was not started: {1}',
        folderName,
        parsed.message,
      ),
    );
  const config = parsed.value.config;
  const configuration: Record<string, unknown> = {
    type: config.type,
    name: config.name,
    hog: source.text,
    enabled: config.enabled,
    inputs_schema: config.inputs_schema,
    inputs: config.inputs,
    filters: config.filters,
    mappings: config.mappings,
    masking: config.masking,
  };
  const unsaved = [
    source.unsaved ? local.sourceUri.path.split('/').pop() : undefined,
    json.unsaved ? 'function.json' : undefined,
  ].filter((f): f is string => f !== undefined);
  const where = `posthog/hog-functions/${folderName}/`;
  const ranFrom = unsaved.length
    ? vscode.l10n.t('the files of {0} in your editors, with unsaved changes to {1}', where, words(unsaved))
    : vscode.l10n.t('the files of {0} as saved on disk', where);
  const sourceOpen = vscode.workspace.textDocuments.some((d) => d.uri.toString() === local.sourceUri?.toString());
  return { configuration, ranFrom, ...(sourceOpen ? { sourceDocument: local.sourceUri } : {}) };
}
