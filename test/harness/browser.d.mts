// Types of browser.mjs for the TypeScript tests that import it.
import type { Browser } from 'playwright-core';
export declare function launchChromium(): Promise<Browser>;
