// Keeps the panel's unsaved work where a reload finds it: the whole state with VS Code (setState) and the edits
// with the host too, which writes them to disk at once (see src/extension/panels/keptEdits.ts) and keeps a preview panel with
// unsaved work open. A staged edit, an editor closed, the first unsaved work (an editor opened, a key typed in "Add
// property") and another group in a reused preview panel are kept at once; typing, the filter and the tab 150 ms
// after the last change.
import { hasUnsavedWork, type PanelEdits } from '../../shared/protocol/groupPanel';
import type { VsCodeApi } from '../common/hostChannel';
import type { Store } from '../common/store';
import { editsOf, persisted, persistedChanged, type PanelModel } from './state';

export function keepUnsavedWork(
  api: Pick<VsCodeApi, 'setState'>,
  keepEdits: (edits: PanelEdits) => void,
  store: Store<PanelModel>,
): void {
  let lastKept = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = (): void => {
    clearTimeout(timer);
    const { edits, state } = persisted(store.state);
    api.setState(state);
    const kept = JSON.stringify(edits);
    if (kept !== lastKept) {
      lastKept = kept;
      keepEdits(edits);
    }
  };
  store.subscribe((state, previous) => {
    // Until the host's init names the group, there is nothing of this panel's own to keep.
    if (!state.initialized) return;
    const now =
      !previous.initialized ||
      state.groupKey !== previous.groupKey ||
      state.groupTypeIndex !== previous.groupTypeIndex ||
      state.staged !== previous.staged ||
      state.drafts.size < previous.drafts.size ||
      (hasUnsavedWork(editsOf(state)) && !hasUnsavedWork(editsOf(previous)));
    if (now) write();
    else if (persistedChanged(state, previous)) {
      clearTimeout(timer);
      timer = setTimeout(write, 150);
    }
  });
}
