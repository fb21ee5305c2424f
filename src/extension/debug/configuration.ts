// `hog` launch configurations as VS Code resolves them before a session starts: F5 on a Hog editor without a
// launch.json debugs it; a `posthog-hog:` program (a hog function from PostHog) runs the text its editor has, unsaved
// changes included, with the function's type, its inputs (each secret input a placeholder, as in test runs) and, by
// default, its sample event; `globals` may name one of its saved fixtures. Reading the function (and, for "Debug This
// Run", the event) is all a session asks of PostHog: nothing is sent anywhere while debugging, nothing is written.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HogFunction } from '../../api';
import type { HogLaunchArguments } from '../../core/debug/launch';
import type { Prompts } from '../../core/prompts';
import {
  completeGlobals,
  defaultSampleGlobals,
  sampleMatchingFilters,
  type SampleContext,
} from '../../core/testing/sampleGlobals';
import { withSecretPlaceholders } from '../../core/testing/secretPlaceholders';
import { testGlobals, whyNotTestable } from '../../shared/functionTypes';
import { refOf, type HogFileSystemProvider } from '../hog/fileSystem';
import type { SampleEventFiles } from '../hog/sampleEventFiles';
import { DEBUG_TYPE } from '../services/constants';
import type { Session } from '../services/session';
import { fromEditors } from '../testing/configuration';
import type { Fixtures } from '../testing/fixtures';

export interface DebugConfigurationDeps {
  session: Session;
  files: HogFileSystemProvider;
  samples: SampleEventFiles;
  fixtures: Fixtures;
  prompts: Prompts;
}

export type HogDebugConfiguration = vscode.DebugConfiguration & HogLaunchArguments;

/** The `program` of a document: a file's path, or the URI of any other document (`posthog-hog:`). */
export const programOf = (uri: vscode.Uri): string => (uri.scheme === 'file' ? uri.fsPath : uri.toString());

export function programUri(program: string): vscode.Uri {
  return /^[a-z][\w+.-]+:/i.test(program) && !/^[a-z]:[\\/]/i.test(program)
    ? vscode.Uri.parse(program)
    : vscode.Uri.file(program);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A function's inputs as its schema lists them, in schema order, for the debug session to render. */
export function inputSpecs(configuration: Record<string, unknown>): HogLaunchArguments['inputs'] {
  const schema = Array.isArray(configuration.inputs_schema) ? configuration.inputs_schema : [];
  const inputs = isObject(configuration.inputs) ? configuration.inputs : {};
  return schema
    .filter((s): s is Record<string, unknown> => isObject(s) && typeof s.key === 'string')
    .flatMap((s) => {
      const key = s.key as string;
      const input = isObject(inputs[key]) ? inputs[key] : {};
      const value = input.value ?? s.default;
      if (value === undefined) return [];
      return [
        {
          key,
          type: typeof s.type === 'string' ? s.type : 'string',
          secret: s.secret === true,
          value,
          ...(typeof input.templating === 'string' ? { templating: input.templating } : {}),
        },
      ];
    });
}

export class HogDebugConfigurations implements vscode.DebugConfigurationProvider {
  constructor(private readonly deps: DebugConfigurationDeps) {}

  /** F5 without a launch.json: the active Hog editor. */
  resolveDebugConfiguration(
    _folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration | undefined {
    if (config.type || config.request || config.name) return config;
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'hog') {
      void this.deps.prompts.info(vscode.l10n.t("Open a Hog file (or a hog function's source) to debug it."));
      return undefined;
    }
    return {
      type: DEBUG_TYPE,
      request: 'launch',
      name: vscode.l10n.t('Debug {0}', path.basename(editor.document.uri.path)),
      program: programOf(editor.document.uri),
    };
  }

  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    given: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    const config = given as HogDebugConfiguration;
    if (typeof config.program !== 'string' || !config.program) {
      void this.deps.prompts.error(
        vscode.l10n.t('A "hog" launch configuration needs "program": the .hog file to debug.'),
      );
      return undefined;
    }
    try {
      return await this.complete(folder, config);
    } catch (error) {
      void this.deps.prompts.error(
        vscode.l10n.t('Cannot debug {0}: {1}', path.basename(config.program), (error as Error).message),
      );
      return undefined;
    }
  }

  private async complete(
    folder: vscode.WorkspaceFolder | undefined,
    config: HogDebugConfiguration,
  ): Promise<HogDebugConfiguration> {
    const uri = programUri(config.program);
    const out: HogDebugConfiguration = {
      ...config,
      program: programOf(uri),
      askForResponses: config.askForResponses ?? true,
    };
    // The text an editor has, saved or not, is what runs.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (config.source === undefined && open) out.source = open.getText();
    const relative = (file: string) => (path.isAbsolute(file) || !folder ? file : path.join(folder.uri.fsPath, file));
    if (typeof config.responses === 'string') out.responses = relative(config.responses);
    const ref = refOf(uri);
    if (!ref) {
      if (typeof config.globals === 'string') out.globals = relative(config.globals);
      return out;
    }
    // A hog function: its type, its inputs (secrets as placeholders), its sample event or a fixture of it.
    const connection = this.deps.session.connectionFor(ref.projectId);
    if (!connection) throw new Error(vscode.l10n.t('Select project {0} to debug this hog function.', ref.projectId));
    const fn: HogFunction = this.deps.files.cached(ref) ?? (await this.deps.files.get(ref));
    const globalsKind = testGlobals(fn.type);
    if (!globalsKind) throw new Error(whyNotTestable(fn.type));
    if (out.source === undefined) out.source = fn.hog ?? '';
    const { configuration, secrets } = withSecretPlaceholders(fromEditors(ref, fn).configuration);
    out.kind = config.kind ?? fn.type;
    out.inputs = config.inputs ?? inputSpecs(configuration);
    out.secrets = [...(config.secrets ?? []), ...secrets.map((s) => s.value)];
    const ctx: SampleContext = {
      host: connection.host,
      projectId: ref.projectId,
      projectName: this.deps.session.projectName(ref.projectId),
      functionId: ref.functionId,
      functionName: fn.name,
      globals: globalsKind,
    };
    if (isObject(config.globals)) out.globals = completeGlobals(config.globals, ctx);
    else if (
      typeof config.globals === 'string' &&
      (config.globals.endsWith('.json') || path.isAbsolute(config.globals))
    )
      out.globals = relative(config.globals);
    else if (typeof config.globals === 'string') {
      const fixture = (await this.deps.fixtures.list(ref, connection.host)).find((f) => f.name === config.globals);
      if (!fixture)
        throw new Error(vscode.l10n.t('{0} has no fixture named "{1}".', fn.name ?? ref.functionId, config.globals));
      const loaded = await this.deps.fixtures.load(fixture, globalsKind);
      if ('unreadable' in loaded) throw new Error(loaded.unreadable);
      out.globals = completeGlobals(loaded.input, ctx);
    } else {
      // A function's first sample passes its filters, as a test run's does (an event it would skip shows nothing).
      const first = async () =>
        globalsKind === 'event' ? sampleMatchingFilters(defaultSampleGlobals(ctx), configuration.filters) : undefined;
      out.globals = completeGlobals(await this.deps.samples.load(ref, ctx, first), ctx);
    }
    return out;
  }
}
