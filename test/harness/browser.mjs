// Debian's Chromium driven by playwright-core: `npx playwright install` cannot download browsers here.
import { chromium } from 'playwright-core';
import { chromiumPath } from './codeServer.mjs';

// Flags that work as root in a container without a GPU or a user namespace sandbox.
const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches headless Chromium; PHWB_HEADED=1 shows the window when a display is available. */
export function launchChromium() {
  return chromium.launch({ executablePath: chromiumPath, headless: process.env.PHWB_HEADED !== '1', args });
}
