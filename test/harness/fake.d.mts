// Types of fake.mjs for the TypeScript tests that import it.
export interface StartedFake {
  url: string;
  apiKey: string;
  projectId: number;
  /** POSTHOG_FAKE_URL, POSTHOG_FAKE_KEY, POSTHOG_FAKE_PROJECT_ID for processes that talk to it. */
  env: Record<string, string>;
  stop(): Promise<void>;
}
export declare function fakeAvailable(): boolean;
export declare function startFake(options?: {
  seed?: 'realistic' | 'empty';
  port?: number;
  timeoutMs?: number;
}): Promise<StartedFake>;
