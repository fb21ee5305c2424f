// What the user (and the host) can do in the overview: each action applies a transition from state.ts, sends the
// request it needs through the host channel, and applies the reply. Views call these and never change state
// themselves.
import type { MetricRange } from '../../shared/hogFunctionMetrics';
import type {
  FunctionOverviewReplies,
  HostMessage,
  LogLevel,
  PanelAction,
  WebviewMessage,
} from '../../shared/protocol/functionOverview';
import type { HostChannel } from '../common/hostChannel';
import type { Store } from '../common/store';
import * as s from './state';

export type OverviewChannel = HostChannel<WebviewMessage, HostMessage, FunctionOverviewReplies>;
export type Actions = ReturnType<typeof createActions>;

export function createActions(store: Store<s.OverviewModel>, host: OverviewChannel) {
  const update = (change: (state: s.OverviewModel) => s.OverviewModel) => store.update(change);

  const refresh = async (): Promise<void> => {
    update(s.refreshStarted);
    await host.request('refresh', {});
    update(s.refreshFinished);
  };

  const loadLogs = async (): Promise<void> => {
    const reply = await host.request('loadLogs', { levels: [...store.state.levels] });
    update((state) => s.loadReplied(state, 'logs', reply));
  };

  return {
    /** A host message that is not a reply. What the host had (the tree's copy) shows at once, then loads fresh. */
    receive(message: s.HostNotification): void {
      update((state) => s.receive(state, message));
      if (message.type === 'init' && !message.fresh) void refresh();
    },
    refresh,

    async chooseRange(range: MetricRange): Promise<void> {
      if (range === store.state.range) return;
      update((state) => s.chooseRange(state, range));
      // The metrics arrive as a `metrics` message (or a `loadError`); the reply only ends the wait.
      const reply = await host.request('loadMetrics', { range });
      update((state) => s.loadReplied(state, 'metrics', reply));
    },
    retryMetrics: async (): Promise<void> => {
      const reply = await host.request('loadMetrics', { range: store.state.range });
      update((state) => s.loadReplied(state, 'metrics', reply));
    },

    toggleLevel(level: LogLevel): void {
      update((state) => s.toggleLevel(state, level));
      void loadLogs();
    },
    showAllLevels(): void {
      if (!store.state.levels.length) return;
      update(s.showAllLevels);
      void loadLogs();
    },
    retryLogs: loadLogs,

    toggleSeries: (name: string) => update((state) => s.toggleSeries(state, name)),
    pointAt: (index: number | null) => update((state) => s.pointAt(state, index)),
    moveCursor: (key: 'previous' | 'next' | 'first' | 'last') => update((state) => s.moveCursor(state, key)),
    toggleTable: () => update(s.toggleTable),

    /** Runs one of the extension's commands on this function (open source, test, enable/disable, logs). */
    async run(action: PanelAction, eventId?: string): Promise<void> {
      if (store.state.running) return;
      update((state) => s.actionStarted(state, action));
      const levels = action === 'showLogs' ? [...store.state.levels] : undefined;
      const reply = await host.request('action', {
        action,
        ...(levels ? { levels } : {}),
        ...(eventId ? { eventId } : {}),
      });
      update((state) => s.actionReplied(state, action, reply));
    },

    signIn: () => host.post({ type: 'signIn' }),
    showLog: () => host.post({ type: 'showLog' }),
  };
}
