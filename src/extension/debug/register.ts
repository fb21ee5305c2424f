// Debugging hog functions in VS Code: the `hog` debug type runs in the extension host (DebugAdapterInlineImplementation)
// with the same session class as dist/hogDebugAdapter.js, loaded from that bundle on the first session; it parses on
// the toolchain's parser worker. Async calls no scripted response answers are asked of the user here, through the
// adapter's `hogAskResponse` event and `hogAnswer` request.
import * as vscode from 'vscode';
import type { HogDebugSession } from '../../core/debug/session';
import type { PickItem, Prompts } from '../../core/prompts';
import { DEBUG_TYPE, Scheme } from '../services/constants';
import { HogDebugConfigurations, type DebugConfigurationDeps } from './configuration';
import { disposeToolchainParser, editorHost } from './host';
import { LogLenses } from './logLenses';

export interface DebugFeatures {
  configurations: HogDebugConfigurations;
  descriptors: vscode.DebugAdapterDescriptorFactory;
  /** The sessions running now (the extension's tests read their timings). */
  sessions: Set<HogDebugSession>;
}

interface AskEvent {
  id: number;
  name: string;
  request: Record<string, unknown>;
}

/** Asks for the answer of an async call no script answers: a quick answer, or a status and a body. */
async function askForAnswer(prompts: Prompts, session: vscode.DebugSession, ask: AskEvent): Promise<void> {
  const shown = ask.name === 'fetch' ? `${String(ask.request.method)} ${String(ask.request.url)}` : ask.name;
  type Item = PickItem & { answer: Record<string, unknown> | 'custom' };
  const items: Item[] = [
    {
      label: vscode.l10n.t('200 empty'),
      description: vscode.l10n.t('status 200, an empty JSON body ({})'),
      answer: { preset: '200' },
    },
    {
      label: '500',
      description: vscode.l10n.t("status 500, what the code gets after the worker's retries"),
      answer: { preset: '500' },
    },
    {
      label: vscode.l10n.t('timeout'),
      description: vscode.l10n.t('the request times out: status 500 with the error as the body'),
      answer: { preset: 'timeout' },
    },
    { label: vscode.l10n.t('Status and body…'), answer: 'custom' },
  ];
  const picked = await prompts.pick(items, {
    title: vscode.l10n.t('Answer {0}', shown),
    placeHolder: vscode.l10n.t('Nothing is sent: what should the code get back?'),
    ignoreFocusOut: true,
  });
  let answer: Record<string, unknown> | undefined = picked && picked.answer !== 'custom' ? picked.answer : undefined;
  if (picked?.answer === 'custom') {
    const status = await prompts.input({
      title: vscode.l10n.t('Answer {0}', shown),
      prompt: vscode.l10n.t('HTTP status'),
      value: '200',
      ignoreFocusOut: true,
      validate: (v) => (/^[1-5]\d\d$/.test(v.trim()) ? undefined : vscode.l10n.t('An HTTP status, 100 to 599')),
    });
    const body =
      status === undefined
        ? undefined
        : await prompts.input({
            title: vscode.l10n.t('Answer {0}', shown),
            prompt: vscode.l10n.t('Body (JSON is read as JSON, anything else as text)'),
            value: '{}',
            ignoreFocusOut: true,
          });
    if (status !== undefined && body !== undefined) answer = { status: Number(status.trim()), body };
  }
  await session.customRequest('hogAnswer', { id: ask.id, ...(answer ?? { cancel: true }) });
}

export function registerDebugging(context: vscode.ExtensionContext, deps: DebugConfigurationDeps): DebugFeatures {
  const sessions = new Set<HogDebugSession>();
  const descriptors: vscode.DebugAdapterDescriptorFactory = {
    createDebugAdapterDescriptor() {
      // esbuild.mjs turns this require into dist/hogDebugAdapter.js (and the toolchain bundle it loads): only on the first session.
      const { HogDebugSession: Session } =
        require('../../core/debug/adapter') as typeof import('../../core/debug/adapter');
      const session = new Session(editorHost);
      sessions.add(session);
      session.onDidSendMessage((message) => {
        const event = message as { type?: string; event?: string };
        if (event.type === 'event' && event.event === 'terminated') sessions.delete(session);
      });
      return new vscode.DebugAdapterInlineImplementation(session);
    },
  };
  context.subscriptions.push(
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type !== DEBUG_TYPE || e.event !== 'hogAskResponse') return;
      askForAnswer(deps.prompts, e.session, e.body as AskEvent).catch(() => undefined);
    }),
    vscode.debug.onDidTerminateDebugSession((s) => {
      if (s.type === DEBUG_TYPE && vscode.debug.activeDebugSession?.type !== DEBUG_TYPE) sessions.clear();
    }),
    vscode.languages.registerCodeLensProvider({ scheme: Scheme.logs }, new LogLenses()),
    { dispose: disposeToolchainParser },
  );
  return { configurations: new HogDebugConfigurations(deps), descriptors, sessions };
}
