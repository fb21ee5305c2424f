// Which hog function a command is about: a tree node, a `{ id }`, a `posthog-hog:` Uri (editor title), or nothing
// (the active editor's function, else a pick from the list). Shared by every command table about one function.
import * as vscode from 'vscode';
import type { HogFunctionSummary } from '../../api';
import { refOf, type HogFileSystemProvider } from '../hog/fileSystem';
import type { HogFunctionRef } from '../../core/functions/paths';
import type { Prompts } from '../../core/prompts';
import type { HogFunctionsStore } from '../services/hogFunctionsStore';
import type { Session } from '../services/session';
import { functionLabel, singularFunctionTypeLabel } from '../../shared/functionTypes';
import { HogFunctionNode } from '../views/hogFunctionsTree';

export type HogFunctionTarget = HogFunctionNode | { id: string } | vscode.Uri | undefined;

export interface Resolved {
  ref: HogFunctionRef;
  /** What is known without a request; `files.get()` gets the full function. */
  summary?: Pick<HogFunctionSummary, 'id' | 'name' | 'type' | 'enabled'>;
}

/** `offer`: which functions the pick lists (a command offers only the functions it can act on). */
export type Resolve = (
  target: HogFunctionTarget,
  title: string,
  offer?: (f: HogFunctionSummary) => boolean,
) => Promise<Resolved | undefined>;

export function targetResolver(
  session: Session,
  store: HogFunctionsStore,
  files: HogFileSystemProvider,
  prompts: Prompts,
): Resolve {
  const pick = async (
    title: string,
    offer: (f: HogFunctionSummary) => boolean = () => true,
  ): Promise<Resolved | undefined> => {
    const connection = session.connection();
    const list = store.current();
    if (!connection || !list) return undefined;
    await list.load();
    if (!list.isLoaded) throw list.error;
    const picked = await prompts.pick(
      list.items.filter(offer).map((f) => ({
        label: functionLabel(f),
        description: f.enabled
          ? singularFunctionTypeLabel(f.type)
          : vscode.l10n.t('{0} · disabled', singularFunctionTypeLabel(f.type)),
        f,
      })),
      { title, placeHolder: vscode.l10n.t('Hog function'), matchOnDescription: true },
    );
    return picked && { ref: { projectId: connection.projectId, functionId: picked.f.id }, summary: picked.f };
  };

  return async (target, title, offer) => {
    const connection = session.requireConnection();
    if (target instanceof HogFunctionNode)
      return {
        ref: { projectId: connection.projectId, functionId: target.hogFunction.id },
        summary: target.hogFunction,
      };
    const uri =
      target instanceof vscode.Uri
        ? target
        : target === undefined
          ? vscode.window.activeTextEditor?.document.uri
          : undefined;
    const fromUri = uri && refOf(uri);
    if (fromUri)
      return {
        ref: { projectId: fromUri.projectId, functionId: fromUri.functionId },
        summary: store.find(fromUri.functionId) ?? files.cached(fromUri),
      };
    if (target && !(target instanceof vscode.Uri) && typeof target.id === 'string') {
      const known = store.find(target.id);
      return { ref: { projectId: connection.projectId, functionId: target.id }, summary: known };
    }
    return pick(title, offer);
  };
}
