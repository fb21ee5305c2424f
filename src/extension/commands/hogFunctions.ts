// Hog function commands: filter the tree, and on one function open its source or a configuration field, edit its
// sample event for test runs, enable/disable, rename, delete (with undo), read its logs and copy its id. Each of the
// latter accepts a tree node, a `{ id }`, a `posthog-hog:` Uri (editor title), or nothing (the active editor's
// function, else a pick); a filter, a name or a direction (enable or disable) can be passed as options. Nothing
// passed answers a confirmation: that is the user's, through the Prompts.
import * as vscode from 'vscode';
import { defaultSampleGlobals, sampleMatchingFilters } from '../../core/testing/sampleGlobals';
import type { HogFunction, HogFunctionSummary, PostHogError } from '../../api';
import { isPostHogError } from '../../api';
import type { HogFileSystemProvider } from '../hog/fileSystem';
import type { LogFilter, LogsView } from '../hog/logsView';
import { JSON_FIELDS, type HogFunctionRef, type JsonField } from '../../core/functions/paths';
import type { SampleEventFiles } from '../hog/sampleEventFiles';
import type { PickItem, Prompts } from '../../core/prompts';
import { Command } from '../services/constants';
import type { HogFunctionFilter, HogFunctionsStore } from '../services/hogFunctionsStore';
import type { Session } from '../services/session';
import {
  functionTypeLabel,
  HOG_FUNCTION_TYPES,
  sendsLiveEvents,
  testGlobals,
  whyNotTestable,
} from '../../shared/functionTypes';
import type { ReportError } from '../services/errors';
import { HogFunctionNode } from '../views/hogFunctionsTree';
import type { TransformationOrder } from '../views/transformationOrder';
import { targetResolver, type HogFunctionTarget } from './hogFunctionTarget';
import { command, retryable, RetryableFailure, type CommandTable } from './runner';

const LOG_LEVELS = ['DEBUG', 'LOG', 'INFO', 'WARN', 'ERROR'];
const fieldDescriptions = (): Record<JsonField, string> => ({
  inputs: vscode.l10n.t('values of the inputs (secrets show as {"secret": true})'),
  inputs_schema: vscode.l10n.t('the inputs the function declares'),
  filters: vscode.l10n.t('which events trigger the function'),
  mappings: vscode.l10n.t('per-mapping inputs and filters (destinations)'),
  masking: vscode.l10n.t('deduplication of invocations'),
});

export interface HogFunctionDeps {
  session: Session;
  prompts: Prompts;
  /** Reports a failure that happens after the command returned (Undo of a delete). */
  report: ReportError;
  store: HogFunctionsStore;
  files: HogFileSystemProvider;
  samples: SampleEventFiles;
  logs: LogsView;
  /** Opens (or reveals) the function's overview panel; `known` is the tree's copy of the function, painted first. */
  openOverview: (ref: HogFunctionRef, known?: HogFunctionSummary) => void;
  /** Moves transformations in their execution order (`PATCH hog_functions/rearrange/`). */
  order: TransformationOrder;
}

export function hogFunctionCommands(deps: HogFunctionDeps) {
  const { session, prompts, store, files } = deps;
  const resolve = targetResolver(session, store, files, prompts);

  const clientFor = (ref: HogFunctionRef) => {
    const connection = session.connectionFor(ref.projectId);
    if (!connection) throw new Error(vscode.l10n.t('Select project {0} to change this hog function.', ref.projectId));
    return connection.client;
  };

  /** The change the user decided on; Retry sends it again without asking again. */
  const update = (ref: HogFunctionRef, patch: Record<string, unknown>): Promise<HogFunction> =>
    retryable(async () => {
      const updated = await clientFor(ref).updateHogFunction(ref.projectId, ref.functionId, patch);
      files.applyUpdate(ref, updated);
      return updated;
    });

  /**
   * Enabling refused by a rule about the function as a whole: said on its row in the tree and in a notification with
   * the action that resolves it. False for any other refusal (the runner reports those).
   */
  const explainRefusal = async (
    ref: HogFunctionRef,
    fn: { type: string; name?: string | null },
    error: PostHogError,
  ): Promise<boolean> => {
    const rule = error.rule;
    if (rule?.id !== 'enabled_limit' && rule?.id !== 'open_draft') return false;
    store.refuse(ref.functionId, error.message);
    if (rule.id === 'enabled_limit') {
      const show = vscode.l10n.t('Show Enabled {0}', functionTypeLabel(rule.functionType ?? fn.type));
      void prompts.warn(error.message, show).then((choice) => {
        if (choice === show) store.setFilter({ types: [rule.functionType ?? fn.type], enabled: true });
      });
    } else {
      const publish = vscode.l10n.t('Publish Draft…');
      const discard = vscode.l10n.t('Discard Draft');
      void prompts.warn(error.message, publish, discard).then((choice) => {
        if (choice === publish)
          void vscode.commands.executeCommand(Command.publishHogFunctionDraft, { id: ref.functionId });
        else if (choice === discard)
          void vscode.commands.executeCommand(Command.discardHogFunctionDraft, { id: ref.functionId });
      });
    }
    return true;
  };

  const openField = async (ref: HogFunctionRef, field: 'hog' | JsonField): Promise<vscode.TextEditor> => {
    const fn = await files.refresh(ref);
    const doc = await vscode.workspace.openTextDocument(files.uriOf(ref, fn, field));
    return vscode.window.showTextDocument(doc, { preview: false });
  };

  return {
    [Command.filterHogFunctions]: command(vscode.l10n.t('Filter hog functions'), async (args?: HogFunctionFilter) => {
      if (args && typeof args === 'object' && !(args instanceof HogFunctionNode)) {
        store.setFilter(args);
        return;
      }
      const current = store.filter;
      const search = await prompts.input({
        title: vscode.l10n.t('Filter hog functions (1/2): search'),
        prompt: vscode.l10n.t('Text to search in names and descriptions (leave empty for all)'),
        value: current.search ?? '',
        validate: (v) =>
          v.trim().length > 200 ? vscode.l10n.t('PostHog searches at most 200 characters.') : undefined,
      });
      if (search === undefined) return;
      type Item = PickItem & { type?: string; enabled?: boolean };
      const items: Item[] = [
        { label: vscode.l10n.t('Enabled'), separator: true },
        { label: vscode.l10n.t('Enabled only'), enabled: true, picked: current.enabled === true },
        { label: vscode.l10n.t('Disabled only'), enabled: false, picked: current.enabled === false },
        { label: vscode.l10n.t('Types'), separator: true },
        ...HOG_FUNCTION_TYPES.map(({ type }) => ({
          label: functionTypeLabel(type),
          description: type,
          type,
          picked: current.types?.includes(type) ?? false,
        })),
      ];
      const picked = await prompts.pickMany(items, {
        title: vscode.l10n.t('Filter hog functions (2/2): type and state'),
        placeHolder: vscode.l10n.t('Pick types and/or a state; pick nothing for all'),
      });
      if (picked === undefined) return;
      const states = picked.filter((p) => p.enabled !== undefined);
      store.setFilter({
        search,
        types: picked.flatMap((p) => (p.type ? [p.type] : [])),
        enabled: states.length === 1 ? states[0]?.enabled : undefined,
      });
    }),

    [Command.clearHogFunctionFilter]: command(vscode.l10n.t('Clear hog function filter'), () => store.setFilter({})),

    [Command.openHogFunction]: command(
      vscode.l10n.t('Open hog function'),
      async (target?: HogFunctionTarget | HogFunctionSummary) => {
        const resolved = await resolve(target, vscode.l10n.t('Open hog function source'));
        return resolved && openField(resolved.ref, 'hog');
      },
    ),

    [Command.openHogFunctionField]: command(
      vscode.l10n.t('Open hog function field'),
      async (target?: HogFunctionTarget, field?: JsonField) => {
        const resolved = await resolve(target, vscode.l10n.t('Open hog function configuration'));
        if (!resolved) return undefined;
        const chosen =
          field ??
          (
            await prompts.pick(
              JSON_FIELDS.map((f) => ({ label: f, description: fieldDescriptions()[f], f })),
              {
                title: vscode.l10n.t('Open configuration of "{0}"', resolved.summary?.name ?? resolved.ref.functionId),
                placeHolder: vscode.l10n.t('Field to edit as JSON'),
              },
            )
          )?.f;
        return chosen && openField(resolved.ref, chosen);
      },
    ),

    [Command.editSampleEvent]: command(vscode.l10n.t('Edit sample event'), async (target?: HogFunctionTarget) => {
      const resolved = await resolve(target, vscode.l10n.t('Edit sample event for test run'));
      const connection = session.connection();
      if (!resolved || !connection) return undefined;
      const fn = await files.get(resolved.ref);
      const globals = testGlobals(fn.type);
      if (!globals) {
        void prompts.info(whyNotTestable(fn.type));
        return undefined;
      }
      const ctx = {
        host: connection.host,
        projectId: resolved.ref.projectId,
        functionId: fn.id,
        functionName: fn.name,
        globals,
      };
      // A first sample its filters accept (a test run picks a recent event instead when it creates the sample).
      const uri = await deps.samples.ensure(resolved.ref, ctx, async () =>
        globals === 'event' ? sampleMatchingFilters(defaultSampleGlobals(ctx), fn.filters) : undefined,
      );
      return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    }),

    [Command.toggleHogFunction]: command(
      vscode.l10n.t('Enable or disable hog function'),
      async (target?: HogFunctionTarget, options?: { enabled?: boolean }) => {
        const resolved = await resolve(target, vscode.l10n.t('Enable or disable hog function'));
        if (!resolved) return undefined;
        const current = resolved.summary ?? (await files.get(resolved.ref));
        const enable = options?.enabled ?? !current.enabled;
        if (enable && sendsLiveEvents(current.type)) {
          const enableChoice = vscode.l10n.t('Enable');
          const answer = await prompts.confirm(vscode.l10n.t('Enable "{0}"?', current.name ?? current.id), {
            detail: vscode.l10n.t(
              'This destination starts receiving live events from this project as soon as it is enabled, and acts on them (for example by calling webhooks).',
            ),
            actions: [enableChoice],
          });
          if (answer !== enableChoice) return undefined;
        }
        try {
          return await update(resolved.ref, { enabled: enable });
        } catch (error) {
          const refusal = error instanceof RetryableFailure ? error.failure : error;
          if (!isPostHogError(refusal) || !refusal.rule || !(await explainRefusal(resolved.ref, current, refusal)))
            throw error;
          return undefined;
        }
      },
    ),

    [Command.moveHogFunctionUp]: command(
      vscode.l10n.t('Move transformation up'),
      async (target?: HogFunctionTarget) => {
        const resolved = await resolve(target, vscode.l10n.t('Move transformation up (runs earlier)'));
        return resolved && retryable(() => deps.order.move(resolved.ref.functionId, -1));
      },
    ),

    [Command.moveHogFunctionDown]: command(
      vscode.l10n.t('Move transformation down'),
      async (target?: HogFunctionTarget) => {
        const resolved = await resolve(target, vscode.l10n.t('Move transformation down (runs later)'));
        return resolved && retryable(() => deps.order.move(resolved.ref.functionId, 1));
      },
    ),

    // The tree's menu names what the click does; both run the toggle with the state to reach.
    [Command.enableHogFunction]: command(
      vscode.l10n.t('Enable hog function'),
      (target?: HogFunctionTarget, options?: { confirm?: boolean }) =>
        vscode.commands.executeCommand(Command.toggleHogFunction, target, { ...options, enabled: true }),
    ),

    [Command.disableHogFunction]: command(vscode.l10n.t('Disable hog function'), (target?: HogFunctionTarget) =>
      vscode.commands.executeCommand(Command.toggleHogFunction, target, { enabled: false }),
    ),

    [Command.renameHogFunction]: command(
      vscode.l10n.t('Rename hog function'),
      async (target?: HogFunctionTarget, options?: { name?: string }) => {
        const resolved = await resolve(target, vscode.l10n.t('Rename hog function'));
        if (!resolved) return undefined;
        const name =
          options?.name ??
          (await prompts.input({
            title: vscode.l10n.t('Rename hog function'),
            value: resolved.summary?.name ?? '',
            validate: (v) =>
              !v.trim()
                ? vscode.l10n.t('A name cannot be empty.')
                : v.length > 400
                  ? vscode.l10n.t('PostHog allows at most 400 characters.')
                  : undefined,
          }));
        if (name === undefined || !name.trim()) return undefined;
        return update(resolved.ref, { name: name.trim() });
      },
    ),

    [Command.deleteHogFunction]: command(vscode.l10n.t('Delete hog function'), async (target?: HogFunctionTarget) => {
      const resolved = await resolve(target, vscode.l10n.t('Delete hog function'));
      if (!resolved) return undefined;
      const { ref } = resolved;
      const name = resolved.summary?.name ?? (await files.get(ref)).name ?? ref.functionId;
      const deleteChoice = vscode.l10n.t('Delete');
      const answer = await prompts.confirm(vscode.l10n.t('Delete "{0}"?', name), {
        detail: vscode.l10n.t('It stops running and disappears from PostHog. You can undo this right after.'),
        actions: [deleteChoice],
      });
      if (answer !== deleteChoice) return undefined;
      const client = clientFor(ref);
      await retryable(() => client.deleteHogFunction(ref.projectId, ref.functionId));
      store.remove(ref.functionId);
      files.forget(ref);
      const undo = async (): Promise<HogFunction> => {
        const restored = await client.restoreHogFunction(ref.projectId, ref.functionId);
        files.applyUpdate(ref, restored);
        // The tree dropped the item; reloading the list puts it back in its place in PostHog's order.
        store.reset();
        return restored;
      };
      const undoChoice = vscode.l10n.t('Undo');
      void prompts.info(vscode.l10n.t('Deleted "{0}".', name), undoChoice).then(async (choice) => {
        if (choice !== undoChoice) return;
        try {
          await undo();
        } catch (error) {
          void deps.report(vscode.l10n.t('Restore hog function'), error, { host: session.host });
        }
      });
      return { undo };
    }),

    [Command.showHogFunctionLogs]: command(
      vscode.l10n.t('Show hog function logs'),
      async (target?: HogFunctionTarget, options?: LogFilter) => {
        const resolved = await resolve(target, vscode.l10n.t('Show hog function logs'));
        if (!resolved) return undefined;
        let filter = options;
        if (!filter) {
          const levels = await prompts.pickMany(
            LOG_LEVELS.map((l) => ({ label: l, picked: true })),
            {
              title: vscode.l10n.t('Show logs (1/2): levels'),
              placeHolder: vscode.l10n.t('Levels to show'),
            },
          );
          if (!levels) return undefined;
          const search = await prompts.input({
            title: vscode.l10n.t('Show logs (2/2): search'),
            prompt: vscode.l10n.t('Only messages containing this text (leave empty for all)'),
          });
          if (search === undefined) return undefined;
          filter = {
            levels: levels.length === LOG_LEVELS.length ? undefined : levels.map((l) => l.label),
            search: search.trim() || undefined,
          };
        }
        const name = resolved.summary?.name ?? (await files.get(resolved.ref)).name ?? resolved.ref.functionId;
        return deps.logs.open(resolved.ref, name, filter);
      },
    ),

    [Command.showHogFunctionOverview]: command(
      vscode.l10n.t('Show hog function overview'),
      async (target?: HogFunctionTarget) => {
        const resolved = await resolve(target, vscode.l10n.t('Show hog function overview'));
        if (resolved)
          deps.openOverview(resolved.ref, target instanceof HogFunctionNode ? target.hogFunction : undefined);
      },
    ),

    [Command.copyHogFunctionId]: command(
      vscode.l10n.t('Copy hog function ID'),
      async (node?: HogFunctionNode | { id: string }) => {
        const id = node instanceof HogFunctionNode ? node.hogFunction.id : node?.id;
        if (id === undefined) return;
        await vscode.env.clipboard.writeText(id);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied hog function ID {0}', id), 3000);
      },
    ),
  } satisfies CommandTable;
}
