// A webview panel's HTML shell, for any panel: no data in it (the first message carries it), a strict CSP, and only
// the extension's own bundled script, styles and codicon font.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: webviewRoots(extensionUri) };
}

/** `script`: the panel's bundle in dist/webview (`<script>.js` and `<script>.css`, from esbuild.mjs). */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, panel: { script: string; title: string }): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('codicon.css')}">
<link rel="stylesheet" href="${asset(`${panel.script}.css`)}">
<title>${panel.title}</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${nonce}" src="${asset(`${panel.script}.js`)}"></script>
</body>
</html>`;
}
