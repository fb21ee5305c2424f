// Keeps the panel's unsaved work where a reload finds it: the whole state with VS Code (setState) and the edits
// with the host too, which writes them to disk at once (see src/panels/keptEdits.ts). A staged edit, or an editor
// closed, is kept at once; typing, the filter and the tab are kept 150 ms after the last change.
import type { PanelEdits } from '../../shared/protocol/groupPanel';
import type { VsCodeApi } from '../common/hostChannel';
import type { Store } from '../common/store';
import { persisted, persistedChanged, type PanelModel } from './state';

export function keepUnsavedWork(api: Pick<VsCodeApi, 'setState'>, keepEdits: (edits: PanelEdits) => void, store: Store<PanelModel>): void {
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
    if (!previous.initialized || state.staged !== previous.staged || state.drafts.size < previous.drafts.size) write();
    else if (persistedChanged(state, previous)) {
      clearTimeout(timer);
      timer = setTimeout(write, 150);
    }
  });
}
