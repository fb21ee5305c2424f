// "Debug This Run" above each failed run's line in a function's logs view: PostHog's worker names the event in it
// ("Error executing function on event <uuid>: …"), so the function's current code can be debugged on that event.
import * as vscode from 'vscode';
import { Command } from '../services/constants';

const FAILED = /\[ERROR\s*\].*\bevent ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i;

export class LogLenses implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    // Logs documents are /<project>/<function id>/<name> logs.log.
    const [project, functionId] = document.uri.path.split('/').filter(Boolean);
    const projectId = Number(project);
    if (!functionId || !Number.isSafeInteger(projectId)) return [];
    const lenses: vscode.CodeLens[] = [];
    for (let line = 0; line < document.lineCount; line++) {
      const eventId = FAILED.exec(document.lineAt(line).text)?.[1];
      if (!eventId) continue;
      lenses.push(
        new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: vscode.l10n.t('Debug This Run'),
          tooltip: vscode.l10n.t("Debug the function's current code on event {0}", eventId),
          command: Command.debugThisRun,
          arguments: [{ functionId: decodeURIComponent(functionId), projectId, eventId }],
        }),
      );
    }
    return lenses;
  }
}
