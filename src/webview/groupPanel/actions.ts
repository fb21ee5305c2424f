// What the user (and the host) can do in the group panel: each action applies a transition from state.ts, sends
// the request it needs through the host channel, and applies the reply. Views call these and never change
// state themselves.
import type { GroupPanelReplies, HostMessage, RelatedItem, WebviewMessage } from '../../shared/protocol/groupPanel';
import { validateKey, type ValueType } from '../../shared/propertyValue';
import type { HostChannel } from '../common/hostChannel';
import type { Store } from '../common/store';
import * as s from './state';

export type GroupPanelChannel = HostChannel<WebviewMessage, HostMessage, GroupPanelReplies>;
export type Actions = ReturnType<typeof createActions>;

export function createActions(store: Store<s.PanelModel>, host: GroupPanelChannel) {
  const update = (change: (state: s.PanelModel) => s.PanelModel) => store.update(change);
  let keysRequested = false;

  const refresh = async (): Promise<void> => {
    update(s.loadingStarted);
    await host.request('refresh', {});
    update(s.loadingFinished);
  };

  const save = async (overwrite = false): Promise<void> => {
    const { state, edits } = s.prepareSave(store.state);
    update(() => state);
    if (!edits.length) return;
    const reply = await host.request('save', { edits, overwrite });
    update((current) => s.saveReplied(current, reply));
  };

  const loadRelated = async (): Promise<void> => {
    update(s.relatedStarted);
    const reply = await host.request('loadRelated', {});
    update((state) => s.relatedReplied(state, reply));
  };

  /** Applies a transition that may refuse with a reason; returns the reason. */
  const attempt = (
    change: (state: s.PanelModel) => { state: s.PanelModel } | { error: string },
  ): string | undefined => {
    const result = change(store.state);
    if ('error' in result) return result.error;
    update(() => result.state);
    return undefined;
  };

  return {
    /** A host message that is not a reply. Data the host had cached is shown at once and then refreshed. */
    receive(message: s.HostNotification): void {
      if (message.type === 'init' && store.state.initialized && !s.sameGroup(store.state, message)) {
        // The preview panel now shows another group. The host that served the previous one answers no more, so
        // its unanswered requests are dropped rather than left waiting, and suggestions are asked for anew.
        host.forgetPending();
        keysRequested = false;
      }
      update((state) => s.receive(state, message));
      if (message.type === 'init' && !message.fresh) void refresh();
    },
    refresh,
    selectTab(tab: s.Tab): void {
      update((state) => s.selectTab(state, tab));
      if (tab === 'related' && store.state.related.items === undefined && !store.state.related.loading)
        void loadRelated();
    },
    loadRelated: () => loadRelated(),
    openRelated: (item: RelatedItem) => host.post({ type: 'openRelated', item }),
    setFilter: (filter: string) => update((state) => s.setFilter(state, filter)),

    openEditor: (key: string) => update((state) => s.openEditor(state, key)),
    editDraft: (key: string, text: string) => update((state) => s.editDraft(state, key, text)),
    changeDraftType: (key: string, to: ValueType) => update((state) => s.changeDraftType(state, key, to)),
    closeEditor: (key: string) => update((state) => s.closeEditor(state, key)),
    /** Stages the editor's value; returns why it cannot be staged, if so. */
    commitEditor: (key: string): string | undefined => attempt((state) => s.commitEditor(state, key)),
    discardStaged: (key: string) => update((state) => s.discardStaged(state, key)),
    discardAll: () => update(s.discardAll),

    editAddDraft: (change: { key?: string; text?: string }) => update((state) => s.editAddDraft(state, change)),
    changeAddDraftType: (to: ValueType) => update((state) => s.changeAddDraftType(state, to)),
    stageAddDraft: () => update(s.stageAddDraft),

    save,
    keepTheirs: () => update(s.keepTheirs),

    /** Stages the delete of a property, as any other change: Save sends it. */
    stageDelete: (key: string) => update((state) => s.stageDelete(state, key)),
    undoDiscard: () => update(s.undoDiscard),
    dismissDiscarded: () => update(s.dismissDiscarded),

    /**
     * Ctrl+S (Cmd+S) in the panel, as in an editor: the open editors' values are staged first, then everything staged
     * is saved. An editor whose value does not parse stays open with the reason, and nothing is saved.
     */
    async saveShortcut(): Promise<void> {
      if (store.state.saving) return;
      for (const key of [...store.state.drafts.keys()])
        if (attempt((state) => s.commitEditor(state, key)) !== undefined) return;
      if (store.state.staged.size) await save();
    },

    async loadMoreActivity(): Promise<void> {
      update(s.loadMoreActivityStarted);
      // The page itself arrives as an `activity` message (or a `loadError`); the reply only ends the wait.
      await host.request('loadActivity', { page: store.state.activity.page + 1 });
      update(s.loadMoreActivityFinished);
    },
    retryActivity(): void {
      update(s.dismissActivityError);
      void refresh();
    },

    /** Property names PostHog knows for this group type, asked for once (again after a failure). */
    async suggestKeys(): Promise<void> {
      if (keysRequested) return;
      keysRequested = true;
      const reply = await host.request('suggestKeys', {});
      if (reply.error || !reply.values) {
        keysRequested = false;
        return;
      }
      const values = reply.values;
      update((state) => s.keySuggestionsReceived(state, values));
    },
    async suggestValues(key: string): Promise<void> {
      if (validateKey(key) || key !== store.state.addDraft.key) return;
      const reply = await host.request('suggestValues', { key });
      const values = reply.values;
      if (!reply.error && values) update((state) => s.valueSuggestionsReceived(state, key, values));
    },

    /** A double click on a preview panel's heading keeps the panel open, as on a preview editor's tab. */
    keepOpen(): void {
      if (store.state.preview) host.post({ type: 'keepOpen' });
    },
    copy: (text: string, what: string) => host.post({ type: 'copy', text, what }),
    signIn: () => host.post({ type: 'signIn' }),
    showLog: () => host.post({ type: 'showLog' }),
  };
}
