// The hog function overview's webview: health in words, the runs chart and the newest logs of one function. This
// entry file restores what the panel held, connects to the host and mounts the views; state.ts holds every change,
// actions.ts the requests to the host, render.ts what repaints, persistence.ts what survives a reload. The webview
// makes no network requests: everything goes through the host by the validated protocol.
import '../common/base.css';
import './style.css';
import {
  functionOverviewReplies,
  hostMessageSchema,
  overviewStateSchema,
} from '../../shared/protocol/functionOverview';
import { HostChannel, type VsCodeApi } from '../common/hostChannel';
import { useHostTranslations } from '../common/l10n';
import { Store } from '../common/store';
import { createActions, type OverviewChannel } from './actions';
import { keepChoices } from './persistence';
import { render } from './render';
import { restore } from './state';
import { mountViews } from './views/layout';

declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();
// Before anything renders: every string the views show is looked up in the page's translations.
const unreadTranslations = useHostTranslations();

const saved = overviewStateSchema.safeParse(vscode.getState());
const store = new Store(restore(saved.success ? saved.data : undefined));
const host: OverviewChannel = new HostChannel(
  vscode,
  { schema: hostMessageSchema, replies: functionOverviewReplies },
  (message) => actions.receive(message),
);
const actions = createActions(store, host);
const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
const views = mountViews(app, actions);

store.subscribe((state, previous) => render(views, state, previous));
store.subscribe((state, previous) => {
  // User Timing marks for `npm run bench`: the first paint with the host's data, and the first chart with metrics.
  if (state.initialized && !previous.initialized) performance.mark('overview:painted');
  if (state.metrics && !previous.metrics) performance.mark('overview:chart');
});
keepChoices(vscode, store);
window.addEventListener('message', (event: MessageEvent<unknown>) => host.receive(event.data));
render(views, store.state, undefined);
if (unreadTranslations) host.post({ type: 'invalidMessage', detail: unreadTranslations });
host.post({ type: 'ready' });
