// Types for codeServer.mjs, so the TypeScript UI-test harness can use it under strict mode.
export declare const CODE_SERVER_VERSION: string;
export declare const repoRoot: string;
export declare const codeServerDir: string;
export declare const chromiumPath: string;
export declare const quietSettings: Record<string, unknown>;
export declare function checkPrerequisites(options?: { needChromium?: boolean }): void;
export declare function ensureCodeServer(options?: {
  log?: (message: string) => void;
  needChromium?: boolean;
}): Promise<{ entry: string }>;
export interface CodeServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}
export declare function startCodeServer(options: {
  port?: number;
  userDataDir: string;
  extensionsDir: string;
  folder?: string;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  logFile?: string;
  startTimeoutMs?: number;
  workspaceTrust?: boolean;
}): Promise<CodeServer>;
