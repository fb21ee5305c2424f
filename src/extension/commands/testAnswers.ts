// Commands only the extension's own tests get (extension.ts registers them in ExtensionMode.Test alone):
// extension-host tests refuse modal dialogs, so they answer ahead of time what a dialog would ask.
import { TestCommand } from '../services/constants';
import type { ConflictChoice, ConflictPrompt } from '../hog/conflicts';
import { command, type CommandTable } from './runner';

export function testCommands(conflicts: ConflictPrompt): CommandTable {
  return {
    [TestCommand.answerNextSaveConflict]: command('Answer the next save conflict', (choice: ConflictChoice) => conflicts.answerNext(choice)),
  };
}
