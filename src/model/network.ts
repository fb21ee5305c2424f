// Network settings the user already gave VS Code (proxy, strict SSL) plus our CA setting, handed to the
// API client, which has its own HTTP stack and so does not inherit VS Code's proxy support (issue #9).
import * as vscode from 'vscode';

export interface NetworkOptions {
  proxy?: string;
  noProxy?: string;
  strictSSL?: boolean;
  ca?: string[];
}

export function networkOptions(_log: vscode.LogOutputChannel): NetworkOptions {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<string>('proxy') || undefined;
  const strictSSL = http.get<boolean>('proxyStrictSSL', true);
  const ca = vscode.workspace.getConfiguration('posthogWorkbench').get<string[]>('caCertificates') ?? [];
  const noProxy = (http.get<string[]>('noProxy') ?? []).join(',') || undefined;
  return { proxy, noProxy, strictSSL, ca };
}
