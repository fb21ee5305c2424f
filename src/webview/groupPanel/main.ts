// The group panel's webview: a properties table with staged, typed edits and an activity list. This entry file
// restores what the panel held, connects to the host and mounts the views; state.ts holds every change,
// actions.ts the requests to the host, render.ts what repaints, persistence.ts what survives a reload. The
// webview makes no network requests: everything goes through the host by the validated protocol.
import '../common/base.css';
import './style.css';
import { groupPanelReplies, hostMessageSchema, panelStateSchema } from '../../shared/protocol/groupPanel';
import { HostChannel, type VsCodeApi } from '../common/hostChannel';
import { useHostTranslations } from '../common/l10n';
import { Store } from '../common/store';
import { createActions, type GroupPanelChannel } from './actions';
import { keepUnsavedWork } from './persistence';
import { render } from './render';
import { restore } from './state';
import { mountViews } from './views/layout';

declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();
// Before anything renders: every string the views show is looked up in the page's translations.
const unreadTranslations = useHostTranslations();

const saved = panelStateSchema.safeParse(vscode.getState());
const store = new Store(restore(saved.success ? saved.data : undefined));
const host: GroupPanelChannel = new HostChannel(
  vscode,
  { schema: hostMessageSchema, replies: groupPanelReplies },
  (message) => actions.receive(message),
);
const actions = createActions(store, host);
const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
const views = mountViews(app, actions, () => store.state);

store.subscribe((state, previous) => render(views, state, previous));
keepUnsavedWork(vscode, (edits) => host.post({ type: 'keepEdits', edits }), store);
window.addEventListener('message', (event: MessageEvent<unknown>) => host.receive(event.data));
// Ctrl+S (Cmd+S on macOS) saves what is staged, as in an editor. VS Code hears the key too and finds nothing to save.
document.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 's') {
    event.preventDefault();
    void actions.saveShortcut();
  }
});
render(views, store.state, undefined);
if (unreadTranslations) host.post({ type: 'invalidMessage', detail: unreadTranslations });
host.post({ type: 'ready' });
