// Types of extension.mjs for the TypeScript tests that import it.
export declare const extensionId: string;
export declare function buildExtension(root?: string): void;
export declare function installExtension(extensionsDir: string, root?: string): string;
