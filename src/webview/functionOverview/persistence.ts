// Keeps what a reload needs with VS Code (setState): which function, and the range and log levels chosen. The
// serializer reopens the panel from it; the data itself is loaded again.
import type { VsCodeApi } from '../common/hostChannel';
import type { Store } from '../common/store';
import { persisted, type OverviewModel } from './state';

export function keepChoices(api: Pick<VsCodeApi, 'setState'>, store: Store<OverviewModel>): void {
  store.subscribe((state, previous) => {
    // Until the host's init names the function, there is nothing of this panel's own to keep.
    if (!state.initialized) return;
    if (
      !previous.initialized ||
      state.range !== previous.range ||
      state.levels !== previous.levels ||
      state.fn?.name !== previous.fn?.name
    ) {
      api.setState(persisted(state));
    }
  });
}
