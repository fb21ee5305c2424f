// Renders build/icon.svg to media/icon.png, the 128×128 PNG the Marketplace and Open VSX show (they take no SVG).
// Nothing here can download an image tool, so Debian's Chromium (the UI tests' browser) draws it: run
// `node build/icon.mjs` after changing the SVG and commit the PNG.
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../test/harness/browser.mjs';

const root = path.resolve(import.meta.dirname, '..');
const svg = fs.readFileSync(path.join(root, 'build/icon.svg'), 'utf8');
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: path.join(root, 'media/icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
console.log('wrote media/icon.png');
