// `posthog-workbench diff|push|pull [DIR]`: function folders (default posthog/hog-functions) against the project in
// POSTHOG_PROJECT_ID, through the engine the editor uses (src/core/functions/functionSync.ts: the same conflict rules
// and base_updated_at, secrets never written to files). Push and pull plan everything first from one listing of
// the project's functions (projectDiff.ts), and refuse before writing anything when a folder cannot be pushed or a
// question has nobody to answer it. Their last sync per function is kept in .posthog-workbench/ under the working
// directory (the editor keeps its own). Exit codes: diff 0 same, 2 differences, 1 failure; push/pull 0 done, 1 not.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { isPostHogError, type HogFunction } from '../../api';
import { FunctionSync, type SyncConnection, type SyncQuestion } from '../../core/functions/functionSync';
import type { LocalFunction } from '../../core/functions/folders';
import { parseFunctionJson, renderFunctionJson } from '../../core/functions/functionFiles';
import { FUNCTION_JSON, FUNCTIONS_DIR, projectKey } from '../../core/functions/layout';
import { DirectoryFolders, filesWithin } from '../../core/functions/nodeFiles';
import { compareProject, planProjectPull, planProjectPush, type Comparison } from '../../core/functions/projectDiff';
import {
  PROJECT_INPUTS,
  ProjectInputFolders,
  secretsFromEnv,
  splitPulledInputs,
  type ProjectFunction,
} from '../../core/functions/projectInputs';
import { SyncRecords } from '../../core/functions/syncRecords';
import { CliError, parseCommandArgs } from '../args';
import { CliPrompts, NEEDS_A_PERSON } from '../cliPrompts';
import { connect, type Connection } from '../connection';
import type { CliCommand, CliIO } from '../io';

const CONNECTION = `Connection: POSTHOG_HOST (default https://us.posthog.com), POSTHOG_PERSONAL_API_KEY, POSTHOG_PROJECT_ID.`;
const STATE_DIR = '.posthog-workbench';

const inputsOption = { inputs: { type: 'string' }, 'linked-only': { type: 'boolean' } } as const;
const pushOptions = { 'dry-run': { type: 'boolean' }, yes: { type: 'boolean', short: 'y' }, ...inputsOption } as const;
const INPUTS_HELP = `  --inputs NAME   the input values named NAME in each folder's ${PROJECT_INPUTS} (default: the values for this
                  project, if a folder has them)
  --linked-only   leave out the project's functions that no folder is linked to`;

/** The entry of project-inputs.json the folder was read with, if any. */
const entryOf = (local: LocalFunction<string>) => (local as ProjectFunction<string>).inputs;

interface Loaded {
  c: Connection;
  root: string;
  key: string;
  label: string;
  functions: HogFunction[];
  comparisons: Comparison<string>[];
  records: SyncRecords;
  /** The folders as this project sees them (project-inputs.json applied). */
  folders: ProjectInputFolders<string>;
}

const rel = (io: CliIO, p: string) => path.relative(io.cwd, p) || '.';
const folderName = (local: LocalFunction<string>) => path.basename(local.folder);

/** A request that failed, in words that say what to check; never the key. */
export function explain(error: unknown, c: Connection): Error {
  if (!isPostHogError(error)) return error instanceof Error ? error : new Error(String(error));
  switch (error.kind) {
    case 'unauthorized':
      return new CliError(l10n.t('PostHog at {0} rejected POSTHOG_PERSONAL_API_KEY (revoked or mistyped?).', c.host));
    case 'forbidden':
    case 'not_found':
      return new CliError(
        l10n.t(
          "Project {0} at {1} was not found or the key has no access to it: check POSTHOG_PROJECT_ID and the key's projects. ({2})",
          c.projectId,
          c.host,
          error.message,
        ),
      );
    case 'network':
    case 'timeout':
      return new CliError(l10n.t('Could not reach PostHog at {0}: {1}', c.host, error.message));
    case 'validation':
      // The refusal in words first; PostHog's own answer under it, for the CI log (the editor keeps it in its log).
      return new CliError(
        error.raw ? `${error.message}\n  ${l10n.t('PostHog answered: {0}', oneLine(error.raw))}` : error.message,
      );
    default:
      return new CliError(error.message);
  }
}

/** A JSON body (or any text) on one line, its whitespace runs collapsed. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

async function load(
  io: CliIO,
  dirArg: string | undefined,
  options: { create?: boolean; inputs?: string | undefined; linkedOnly?: boolean | undefined } = {},
): Promise<Loaded> {
  const root = path.resolve(io.cwd, dirArg ?? FUNCTIONS_DIR);
  const isDir = await stat(root).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) {
    if (options.create === undefined)
      throw new CliError(l10n.t('{0}: no such folder (function folders go there, one per function).', rel(io, root)));
    // A pull makes it (a dry run reads it as empty).
    if (options.create) await mkdir(root, { recursive: true });
  }
  const c = connect(io);
  try {
    const key = projectKey(c.host, c.projectId);
    const folders = new ProjectInputFolders(new DirectoryFolders(root), filesWithin(root), {
      projectKey: key,
      projectId: c.projectId,
      ...(options.inputs !== undefined ? { name: options.inputs } : {}),
    });
    const [locals, list] = await Promise.all([folders.all(), c.client.listHogFunctionsFull(c.projectId)]);
    for (const row of list.unreadable)
      io.stderr(
        l10n.t('A hog function in PostHog could not be read and is left out: {0}', JSON.stringify(row).slice(0, 200)) +
          '\n',
      );
    const comparisons = compareProject(locals, list.results, key, folderName).filter(
      (cmp) => !(options.linkedOnly && cmp.kind === 'onlyServer'),
    );
    const records = new SyncRecords(path.resolve(io.cwd, STATE_DIR));
    return {
      c,
      root,
      key,
      label: l10n.t('project {0} at {1}', c.projectId, c.host),
      functions: list.results,
      comparisons,
      records,
      folders,
    };
  } catch (error) {
    await c.client.dispose();
    throw explain(error, c);
  }
}

const fnLabel = (fn: HogFunction) => `${fn.name ? `"${fn.name}"` : l10n.t('(unnamed)')} (${fn.id})`;

function printComparison(io: CliIO, c: Comparison<string>): void {
  switch (c.kind) {
    case 'same':
      return;
    case 'differs':
      io.stdout(`~ ${folderName(c.local)}  ${fnLabel(c.fn)}\n`);
      for (const d of c.differences) io.stdout(`    ${d.path}${d.detail ? `: ${d.detail}` : ''}\n`);
      return;
    case 'onlyLocal':
      io.stdout(`+ ${folderName(c.local)}: ${l10n.t('only in the files (push creates it)')}\n`);
      return;
    case 'gone':
      io.stdout(
        `+ ${folderName(c.local)}: ${l10n.t('linked to {0}, which the project does not have (deleted in PostHog?); push creates it again', c.id)}\n`,
      );
      return;
    case 'onlyServer':
      io.stdout(`- ${fnLabel(c.fn)}: ${l10n.t('only in PostHog (pull exports it)')}\n`);
      return;
    case 'invalid':
      io.stdout(`! ${folderName(c.local)}: ${c.problem}\n`);
      return;
  }
}

const count = (cs: Comparison<string>[], kind: Comparison<string>['kind'] | Comparison<string>['kind'][]) =>
  cs.filter((c) => (Array.isArray(kind) ? kind.includes(c.kind) : c.kind === kind)).length;

export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'Show what differs between function folders and PostHog (exit 2 when something does)',
  usage: `Usage: posthog-workbench diff [DIR] [--inputs NAME] [--linked-only]

Compares every function folder in DIR (default ${FUNCTIONS_DIR}) with the hog functions of the project, per
function and field: "~" differs (PostHog's value → the files'), "+" only in the files, "-" only in PostHog,
"!" cannot be compared. Reads only. Exit codes: 0 nothing differs, 2 something does, 1 a failure.

${INPUTS_HELP}

${CONNECTION}`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('diff', argv, inputsOption);
    if (values.help) {
      io.stdout(`${this.usage}\n`);
      return 0;
    }
    if (positionals.length > 1) throw new CliError(l10n.t('diff takes one folder, got {0}.', positionals.length), 2);
    const loaded = await load(io, positionals[0], { inputs: values.inputs, linkedOnly: values['linked-only'] });
    try {
      const { comparisons } = loaded;
      io.stdout(l10n.t('{0} against PostHog {1}:', rel(io, loaded.root), loaded.label) + '\n');
      for (const c of comparisons) printComparison(io, c);
      const differ = count(comparisons, ['differs', 'onlyLocal', 'gone', 'onlyServer']);
      io.stdout(
        l10n.t(
          '{0} functions: {1} the same, {2} differ, {3} only in the files, {4} only in PostHog, {5} cannot be compared.',
          comparisons.length,
          count(comparisons, 'same'),
          count(comparisons, 'differs'),
          count(comparisons, ['onlyLocal', 'gone']),
          count(comparisons, 'onlyServer'),
          count(comparisons, 'invalid'),
        ) + '\n',
      );
      if (count(comparisons, 'invalid')) return 1;
      return differ ? 2 : 0;
    } finally {
      await loaded.c.client.dispose();
    }
  },
};

const QUESTION_WORDS: Record<SyncQuestion, () => string> = {
  'push.serverChanged': () =>
    l10n.t(
      'changed in PostHog since the last sync here, and in the files: pull it first (or push from a terminal to answer)',
    ),
  'pull.localChanges': () =>
    l10n.t('the files changed since the last sync here: push or undo them first (or pull from a terminal to answer)'),
  'push.unsynced': () => l10n.t("replaces PostHog's version, never synced here"),
  'pull.unsynced': () => l10n.t('replaces the files, never synced here'),
  'push.create': () => l10n.t('creates the function'),
  'push.enable': () => l10n.t('enables a destination'),
  'push.secretsInFile': () => l10n.t('sends a secret value from function.json and removes it from the file'),
};

/** The engine the editor uses, on the folders in `root` with the command line's prompts. */
function engine(loaded: Loaded, prompts: CliPrompts): FunctionSync<string> {
  const connection: SyncConnection = { client: loaded.c.client, host: loaded.c.host, projectId: loaded.c.projectId };
  return new FunctionSync<string>({
    // Written only inside the folder given, as the editor writes only inside the workspace folders.
    files: filesWithin(loaded.root),
    folders: loaded.folders,
    records: loaded.records,
    prompts,
    connection: () => connection,
    projectLabel: () => loaded.label,
    unsavedIn: () => false,
    saveAll: async () => false,
    showDifference: async () => undefined,
    functionChanged: () => undefined,
  });
}

/**
 * Refuses (exit 1, before anything is written) when a question has nobody to answer it; undefined when every one
 * has an answer.
 */
function refuseUnanswerable(
  io: CliIO,
  prompts: CliPrompts,
  what: string,
  steps: { name: string; questions: SyncQuestion[] }[],
  yes: boolean,
): number | undefined {
  const open = steps.flatMap((s) => s.questions.filter((q) => !prompts.canAnswer(q)).map((q) => ({ name: s.name, q })));
  if (!open.length) return undefined;
  io.stderr(`${what}\n${open.map(({ name, q }) => `  ${name}: ${QUESTION_WORDS[q]()}`).join('\n')}\n`);
  if (!yes && open.some(({ q }) => !NEEDS_A_PERSON.has(q))) {
    io.stderr(
      l10n.t(
        'Run again with --yes to answer these questions yes (a conflict with changes made since the last sync still needs a terminal).',
      ) + '\n',
    );
  }
  return 1;
}

export const pushCommand: CliCommand = {
  name: 'push',
  summary: "Send function folders to PostHog (create, update), with the editor's conflict rules",
  usage: `Usage: posthog-workbench push [DIR] [--dry-run] [--yes] [--inputs NAME] [--linked-only]

Sends each function folder in DIR (default ${FUNCTIONS_DIR}) that differs from PostHog: the fields changed since
the last sync, or a new function for a folder not linked to one in this project (its id is then written to
function.json). A function changed in PostHog since the last sync here is never overwritten without a person's
answer. Secret values in function.json are sent once and replaced by {"secret": true}.

  --dry-run       show what would be sent and asked, send and write nothing
  --yes, -y       answer the questions yes (create, enable, overwrite a function never synced here); without it
                  and without a terminal, push refuses before sending anything
${INPUTS_HELP}

Input values per project: a folder's ${PROJECT_INPUTS} holds, per project (its id or address, or a name with
"project"), inputs that replace function.json's for that project; a secret input may name an environment variable,
{"env": "NAME"}, whose value is sent when the function is created there (never written or printed).

Exit codes: 0 PostHog has the files' version, 1 a failure or something not pushed, 2 a usage error.
The last sync of each function is kept in ${STATE_DIR}/ in the working directory.

${CONNECTION}`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('push', argv, pushOptions);
    if (values.help) {
      io.stdout(`${this.usage}\n`);
      return 0;
    }
    if (positionals.length > 1) throw new CliError(l10n.t('push takes one folder, got {0}.', positionals.length), 2);
    const loaded = await load(io, positionals[0], { inputs: values.inputs, linkedOnly: values['linked-only'] });
    try {
      const prompts = new CliPrompts(io, values.yes === true);
      const secretsFor = (local: LocalFunction<string>) => secretsFromEnv(entryOf(local)?.entry, io.env).values;
      const steps = planProjectPush(loaded.comparisons, (id) => loaded.records.get(loaded.key, id), secretsFor);
      for (const step of steps) {
        const unset = secretsFromEnv(entryOf(step.local)?.entry, io.env).missing;
        if (step.action === 'create' && unset.length)
          step.blocker = l10n.t('environment variable {0} (named in {1}) is not set', unset.join(', '), PROJECT_INPUTS);
      }
      const toSend = steps.filter((s) => s.action === 'create' || s.action === 'send');
      for (const s of steps) {
        const name = folderName(s.local);
        if (s.blocker) io.stdout(`! ${name}: ${s.blocker}\n`);
        else if (s.action === 'create')
          io.stdout(
            `+ ${name}: ${l10n.t('create "{0}" ({1})', s.local.state?.config.name ?? name, s.local.state?.config.enabled ? l10n.t('enabled') : l10n.t('disabled'))}\n`,
          );
        else if (s.action === 'send') io.stdout(`~ ${name}: ${l10n.t('send {0}', s.fields.join(', '))}\n`);
        else if (s.action === 'behind')
          io.stdout(
            `= ${name}: ${l10n.t('changed in PostHog since the last sync, not in the files: not pushed (pull it)')}\n`,
          );
        for (const q of s.questions) io.stdout(`    ${l10n.t('asks: {0}', QUESTION_WORDS[q]())}\n`);
      }
      const behind = steps.filter((s) => s.action === 'behind').length;
      const summary = l10n.t(
        '{0} to create, {1} to update, {2} unchanged, {3} behind PostHog.',
        steps.filter((s) => s.action === 'create').length,
        steps.filter((s) => s.action === 'send').length,
        steps.filter((s) => s.action === 'unchanged').length,
        behind,
      );
      const blocked = steps.filter((s) => s.blocker).map((s) => `  ${folderName(s.local)}: ${s.blocker}`);
      if (values['dry-run']) {
        io.stdout(`${summary} ${l10n.t('Dry run: nothing was sent or written.')}\n`);
        return blocked.length ? 1 : 0;
      }
      if (blocked.length) {
        io.stderr(`${l10n.t('Nothing pushed: these folders cannot be pushed.')}\n${blocked.join('\n')}\n`);
        return 1;
      }
      const refused = refuseUnanswerable(
        io,
        prompts,
        l10n.t('Nothing pushed: these questions have nobody to answer them.'),
        toSend.map((s) => ({ name: folderName(s.local), questions: s.questions })),
        values.yes === true,
      );
      if (refused !== undefined) return refused;
      io.stdout(`${summary}\n`);

      const sync = engine(loaded, prompts);
      let failed = behind;
      for (const step of toSend) {
        const name = folderName(step.local);
        try {
          prompts.secrets = secretsFor(step.local);
          const result = await sync.push(step.local.folder);
          switch (result.status) {
            case 'pushed':
              io.stdout(`${l10n.t('Pushed {0}: {1}', name, result.fields.join(', ') || l10n.t('no fields'))}\n`);
              break;
            case 'created':
              io.stdout(`${l10n.t('Created {0} as {1}', name, result.functionId)}\n`);
              break;
            case 'unchanged':
              break;
            case 'behind':
              io.stderr(`${l10n.t('Not pushed {0}: PostHog changed since the last sync (pull it)', name)}\n`);
              failed++;
              break;
            default:
              io.stderr(`${l10n.t('Not pushed {0}: {1}', name, prompts.unanswered.at(-1) ?? l10n.t('cancelled'))}\n`);
              failed++;
              break;
          }
        } catch (error) {
          io.stderr(`${l10n.t('Not pushed {0}: {1}', name, explain(error, loaded.c).message)}\n`);
          failed++;
        }
      }
      return failed ? 1 : 0;
    } finally {
      await loaded.c.client.dispose();
    }
  },
};

export const pullCommand: CliCommand = {
  name: 'pull',
  summary: "Bring PostHog's hog functions into function folders (new folders for new functions)",
  usage: `Usage: posthog-workbench pull [DIR] [--dry-run] [--yes] [--inputs NAME] [--linked-only]

Writes PostHog's version of every hog function of the project into its folder in DIR (default ${FUNCTIONS_DIR}),
or into a new folder. Files changed since the last sync here are never overwritten without a person's answer.
Secret inputs are written as {"secret": true}, never their values.

  --dry-run       show what would be written, write nothing
  --yes, -y       overwrite folders that differ and were never synced here
${INPUTS_HELP}

Exit codes: 0 done, 1 a failure or something not pulled, 2 a usage error.

${CONNECTION}`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('pull', argv, pushOptions);
    if (values.help) {
      io.stdout(`${this.usage}\n`);
      return 0;
    }
    if (positionals.length > 1) throw new CliError(l10n.t('pull takes one folder, got {0}.', positionals.length), 2);
    const loaded = await load(io, positionals[0], {
      create: !values['dry-run'],
      inputs: values.inputs,
      linkedOnly: values['linked-only'],
    });
    try {
      const prompts = new CliPrompts(io, values.yes === true);
      const steps = planProjectPull(loaded.comparisons, (id) => loaded.records.get(loaded.key, id));
      const name = (s: (typeof steps)[number]) => (s.local ? folderName(s.local) : fnLabel(s.fn));
      for (const s of steps) {
        if (s.action === 'export') io.stdout(`+ ${fnLabel(s.fn)}: ${l10n.t('new folder')}\n`);
        if (s.action === 'write') io.stdout(`~ ${name(s)}: ${l10n.t("write PostHog's version")}\n`);
        for (const q of s.questions) io.stdout(`    ${l10n.t('asks: {0}', QUESTION_WORDS[q]())}\n`);
      }
      for (const c of loaded.comparisons) {
        if (c.kind === 'gone')
          io.stderr(
            `${l10n.t('{0} is linked to {1}, which the project does not have (deleted in PostHog?): left as it is.', folderName(c.local), c.id)}\n`,
          );
        if (c.kind === 'invalid') io.stderr(`${folderName(c.local)}: ${c.problem}\n`);
      }
      const toPull = steps.filter((s) => s.action !== 'unchanged');
      const summary = l10n.t(
        '{0} new, {1} to update, {2} unchanged.',
        steps.filter((s) => s.action === 'export').length,
        steps.filter((s) => s.action === 'write').length,
        steps.length - toPull.length,
      );
      if (values['dry-run']) {
        io.stdout(`${summary} ${l10n.t('Dry run: nothing was written.')}\n`);
        return 0;
      }
      const refused = refuseUnanswerable(
        io,
        prompts,
        l10n.t('Nothing pulled: these questions have nobody to answer them.'),
        toPull.map((s) => ({ name: name(s), questions: s.questions })),
        values.yes === true,
      );
      if (refused !== undefined) return refused;
      io.stdout(`${summary}\n`);
      if (!toPull.length) return 0;
      const results = await engine(loaded, prompts).export(
        toPull.map((s) => s.fn),
        { client: loaded.c.client, host: loaded.c.host, projectId: loaded.c.projectId },
      );
      let failed = 0;
      for (const r of results) {
        if (r.status === 'pulled') await keepProjectInputs(steps.find((st) => st.fn.id === r.functionId)?.local);
        if (r.status === 'exported' || r.status === 'pulled') io.stdout(`${l10n.t('Wrote {0}', rel(io, r.folder))}\n`);
        else if (r.status === 'cancelled' || r.status === 'skipped') failed++;
      }
      if (failed) io.stderr(l10n.t('{0} functions not pulled.', failed) + '\n');
      return failed ? 1 : 0;
    } catch (error) {
      throw explain(error, loaded.c);
    } finally {
      await loaded.c.client.dispose();
    }
  },
};

/**
 * After a pull into a folder read with project-inputs.json values: function.json keeps its own values for the inputs
 * the entry overrides, and the entry takes PostHog's (see splitPulledInputs).
 */
async function keepProjectInputs(before: LocalFunction<string> | undefined): Promise<void> {
  const used = before && entryOf(before);
  if (!before?.file || !used) return;
  const jsonPath = path.join(before.folder, FUNCTION_JSON);
  const pulled = parseFunctionJson(await readFile(jsonPath, 'utf8'));
  if (!pulled.ok) return;
  const split = splitPulledInputs(pulled.value.config.inputs, before.file.config.inputs, used.entry);
  await writeFile(
    jsonPath,
    renderFunctionJson({ ...pulled.value, config: { ...pulled.value.config, inputs: split.fileInputs } }),
  );
  const inputsPath = path.join(before.folder, PROJECT_INPUTS);
  const all = JSON.parse(await readFile(inputsPath, 'utf8')) as Record<string, unknown>;
  all[used.name] = { ...(all[used.name] as object), inputs: split.entry.inputs };
  await writeFile(inputsPath, `${JSON.stringify(all, null, 2)}\n`);
}
