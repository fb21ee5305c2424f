// Network settings the user already gave VS Code (proxy, strict SSL) plus our CA setting, handed to the
// API client, which has its own HTTP stack and so does not inherit VS Code's proxy support.
import * as vscode from 'vscode';
import { networkOptionsFrom } from '../../api';
import type { NetworkOptions } from '../../api';
import type { Prompts } from '../../core/prompts';

/** Each warning is logged once per session, though every new client (a settings change, a sign-in) repeats it. */
const warned = new Set<string>();
/** The CA problems last shown, so a settings change that leaves them as they were does not show them again. */
let shownProblems = '';

export function networkOptions(log: vscode.LogOutputChannel, prompts: Prompts): NetworkOptions {
  const http = vscode.workspace.getConfiguration('http');
  const { options, problems } = networkOptionsFrom({
    proxySupport: http.get<string>('proxySupport'),
    proxy: http.get<string>('proxy'),
    noProxy: http.get<string[]>('noProxy'),
    proxyStrictSSL: http.get<boolean>('proxyStrictSSL'),
    caCertificates: vscode.workspace.getConfiguration('posthogWorkbench').get<string[]>('caCertificates'),
  });
  const key = problems.join('\n');
  if (key !== shownProblems) {
    shownProblems = key;
    for (const problem of problems) {
      log.error(problem);
      void prompts.error(problem);
    }
  }
  return {
    ...options,
    onWarning: (message) => {
      if (warned.has(message)) return;
      warned.add(message);
      log.warn(message);
    },
  };
}
