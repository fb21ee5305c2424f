// Debugging commands: Debug Hog Function (a function from the tree, the editor title of its source or of a .hog file, a
// test result's event, the palette) and Debug This Run (a failed run's log entry that names its event: the event is
// read from PostHog and the function's current code runs on it, secret inputs as placeholders).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { globalsFromRecentEvent } from '../../core/testing/recentEvents';
import { programOf } from '../debug/configuration';
import type { HogFileSystemProvider } from '../hog/fileSystem';
import { Command, DEBUG_TYPE } from '../services/constants';
import type { GroupsStore } from '../services/groupsStore';
import type { HogFunctionsStore } from '../services/hogFunctionsStore';
import type { Prompts } from '../../core/prompts';
import type { Session } from '../services/session';
import { TestEventNode } from '../testing/resultsView';
import { functionLabel } from '../../shared/functionTypes';
import { targetResolver, type HogFunctionTarget } from './hogFunctionTarget';
import { command, type CommandTable } from './runner';

export interface DebugCommandDeps {
  session: Session;
  store: HogFunctionsStore;
  groups: GroupsStore;
  files: HogFileSystemProvider;
  prompts: Prompts;
}

/** What "Debug This Run" is given: the function and the event its log entry names. */
export interface RunTarget {
  functionId: string;
  projectId?: number;
  eventId: string;
}

/** The event a log message names: PostHog's worker writes "Error executing function on event <uuid>: …". */
export function eventIdIn(message: string): string | undefined {
  return /\bevent ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i.exec(message)?.[1];
}

export function debugCommands(deps: DebugCommandDeps) {
  const { session, store, files } = deps;
  const resolve = targetResolver(session, store, files, deps.prompts);

  const start = async (
    config: { name: string; program: string } & Record<string, unknown>,
    uri?: vscode.Uri,
  ): Promise<boolean> => {
    const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
    // A hog function's source is never saved by starting a session (a save deploys it): its editor's text runs.
    return vscode.debug.startDebugging(
      folder,
      { type: DEBUG_TYPE, request: 'launch', ...config },
      { suppressSaveBeforeStart: true },
    );
  };

  const groupTypeNames = async (): Promise<string[]> => {
    const list = deps.groups.groupTypes();
    if (!list) return [];
    await list.load();
    return list.isLoaded ? list.items.map((t) => t.group_type) : [];
  };

  return {
    [Command.debugHogFunction]: command(
      vscode.l10n.t('Debug hog function'),
      async (
        target?: HogFunctionTarget | TestEventNode,
        options?: { stopOnEntry?: boolean },
      ): Promise<boolean | undefined> => {
        const stopOnEntry = options?.stopOnEntry ?? false;
        // A .hog file of the workspace (or any Hog editor that is not a hog function from PostHog).
        const uri =
          target instanceof vscode.Uri
            ? target
            : target === undefined
              ? vscode.window.activeTextEditor?.document.uri
              : undefined;
        if (
          uri &&
          uri.scheme !== 'posthog-hog' &&
          (uri.path.endsWith('.hog') || vscode.window.activeTextEditor?.document.languageId === 'hog')
        ) {
          return start(
            { name: vscode.l10n.t('Debug {0}', path.basename(uri.path)), program: programOf(uri), stopOnEntry },
            uri,
          );
        }
        // A test result's event: the function runs on it.
        if (target instanceof TestEventNode) {
          const fn = await files.get(target.run.ref);
          const input = target.result?.input;
          return start({
            name: vscode.l10n.t('Debug {0}', functionLabel(fn)),
            program: programOf(files.uriOf(target.run.ref, fn)),
            stopOnEntry,
            ...(input && Object.keys(input).length ? { globals: input } : {}),
          });
        }
        const resolved = await resolve(target, vscode.l10n.t('Debug hog function'));
        if (!resolved) return undefined;
        const fn = await files.get(resolved.ref);
        return start({
          name: vscode.l10n.t('Debug {0}', functionLabel(fn)),
          program: programOf(files.uriOf(resolved.ref, fn)),
          stopOnEntry,
        });
      },
    ),

    [Command.debugThisRun]: command(
      vscode.l10n.t('Debug this run'),
      async (target?: RunTarget): Promise<boolean | undefined> => {
        if (!target?.functionId || !target.eventId)
          throw new Error(vscode.l10n.t('Debug This Run needs a log entry that names its event.'));
        const connection = session.requireConnection();
        const ref = { projectId: target.projectId ?? connection.projectId, functionId: target.functionId };
        const client = session.connectionFor(ref.projectId)?.client;
        if (!client) throw new Error(vscode.l10n.t('Select project {0} to debug this run.', ref.projectId));
        const eventId = target.eventId.toLowerCase();
        if (!/^[0-9a-f-]{36}$/.test(eventId))
          throw new Error(vscode.l10n.t('"{0}" is not an event id.', target.eventId));
        const [fn, groupTypes] = await Promise.all([files.get(ref), groupTypeNames()]);
        const page = await deps.prompts.progress(
          { location: 'window', title: vscode.l10n.t('Reading event {0}', eventId) },
          () =>
            client.listRecentEvents(ref.projectId, {
              fixedProperties: [],
              after: '-90d',
              limit: 1,
              groupTypes,
              where: [`uuid = '${eventId}'`],
            }),
        );
        const row = page.results[0];
        if (!row)
          throw new Error(
            vscode.l10n.t('PostHog has no event {0} in the last 90 days, so this run cannot be replayed.', eventId),
          );
        const globals = globalsFromRecentEvent(row, { host: connection.host, projectId: ref.projectId });
        return start({
          name: vscode.l10n.t('Debug {0} on event {1}', functionLabel(fn), eventId.slice(0, 8)),
          program: programOf(files.uriOf(ref, fn)),
          globals,
        });
      },
    ),
  } satisfies CommandTable;
}
