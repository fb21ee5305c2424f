// A webview panel's HTML shell, for any panel: no data in it (the first message carries it) but the translations of
// its strings, a strict CSP, and only the extension's own bundled script, styles and codicon font.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { L10N_ELEMENT_ID, type L10nBundle } from '../../shared/protocol/common';

export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: webviewRoots(extensionUri) };
}

/**
 * The translations the page carries: VS Code's bundle for the display language, which the webview's strings are
 * looked up in before its first paint (webview/common/l10n.ts); none in English, where each string is its own key.
 * In a JSON data block, which the CSP does not run, with `<` escaped so no translation can close the block.
 */
export function l10nBlock(bundle: L10nBundle = vscode.l10n.bundle ?? {}): string {
  return `<script type="application/json" id="${L10N_ELEMENT_ID}">${JSON.stringify(bundle).replace(/</g, '\\u003c')}</script>`;
}

/** `script`: the panel's bundle in dist/webview (`<script>.js` and `<script>.css`, from esbuild.mjs). */
export function panelHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  panel: { script: string; title: string },
): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (file: string) =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('codicon.css')}">
<link rel="stylesheet" href="${asset(`${panel.script}.css`)}">
<title>${escapeText(panel.title)}</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
${l10nBlock()}
<script nonce="${nonce}" src="${asset(`${panel.script}.js`)}"></script>
</body>
</html>`;
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, '&quot;');
