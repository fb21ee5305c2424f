// Answering the extension's questions in extension-host tests: the extension's test exports (ExtensionMode.Test
// alone) let a test put a script in place of VS Code's dialogs for as long as it runs.
import { ScriptedPrompts, type Expectation } from '../../support/scriptedPrompts';
import type { Prompts } from '../../../src/core/prompts';
import { activateExtension } from './vscode';

interface PromptsHook {
  prompts: { use(prompts: Prompts | undefined): void };
}

/**
 * Runs `action` with the extension's questions answered by `expectations`, in order, then checks that every answer
 * was used and nothing else was asked. Returns what `action` returned; the script is in `scripted` for its log.
 */
export async function withPrompts<T>(
  expectations: Expectation[],
  action: (scripted: ScriptedPrompts) => Promise<T> | Thenable<T>,
): Promise<T> {
  const { prompts } = (await activateExtension()).exports as PromptsHook;
  const scripted = new ScriptedPrompts(expectations);
  prompts.use(scripted);
  try {
    const result = await action(scripted);
    scripted.assertDone();
    return result;
  } finally {
    prompts.use(undefined);
  }
}

export { ScriptedPrompts, type Expectation };
