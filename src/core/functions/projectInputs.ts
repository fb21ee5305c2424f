// Input values per project, for one function folder promoted between projects (staging → production) with other
// values (a webhook URL, a channel). They live in the folder's project-inputs.json, next to function.json:
//
//   {
//     "production": {
//       "project": "https://us.posthog.com/project/12345",
//       "inputs": { "channel": { "value": "#alerts" }, "webhook_url": { "env": "PROD_SLACK_WEBHOOK" } }
//     },
//     "67890": { "inputs": { "channel": { "value": "#staging" } } }
//   }
//
// An entry is for the project its `project` names (a project id or its address, as function.json's `ids` keys), or
// the one its own name is (an id or an address), or the one chosen by its name (the command line's `--inputs`). Its
// inputs replace function.json's for that project: push sends them and diff compares them. A secret input names an
// environment variable instead of a value (`{"env": "NAME"}`): read when the function is created in that project,
// never written to a file or printed; compared like any secret, as the {"secret": true} marker.
// Read by wrapping the folders the engine works on (ProjectInputFolders): the engine sees the project's state. The
// zod schema below is what an entry is checked with, and what the editor validates and completes the file with
// (schemas/project-inputs.schema.json, written by the build: build/jsonSchemas.ts).
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { editorJsonSchema } from '../editorJsonSchema';
import { isJsonObject } from '../../shared/json';
import type { FunctionState } from './functionFiles';
import type { Files, FunctionFolders, LocalFunction } from './folders';

export const PROJECT_INPUTS = 'project-inputs.json';

export interface ProjectInputs {
  project?: string;
  /** Input key → its entry as function.json's inputs hold it, or `{ env: NAME }` for a secret input. */
  inputs: Record<string, Record<string, unknown>>;
}

/** The project the values are chosen for: its key (layout.projectKey), id, and a name asked for explicitly. */
export interface InputsTarget {
  projectKey: string;
  projectId: number;
  name?: string;
}

const described = <S extends z.ZodMiniType>(schema: S, meta: { title?: string; description?: string }): S =>
  schema.check(z.meta(meta)) as S;

/** One input's value for a project: as function.json's inputs hold it, or a secret read from the environment. */
const projectInput = described(
  z.looseObject({
    value: described(z.optional(z.unknown()), { description: 'The value the input has in this project.' }),
    env: described(z.optional(z.string().check(z.minLength(1))), {
      description:
        'For a secret input: the environment variable the command line reads its value from when it pushes (never written to a file, never printed).',
    }),
  }),
  { description: 'Like function.json\'s inputs: {"value": ...}, or {"env": "VARIABLE"} for a secret input.' },
);

/** One set of input values: for the project it names, or the one its name is, or one chosen by name (--inputs). */
const projectInputsEntry = z.looseObject({
  project: described(z.optional(z.string()), {
    description:
      'The project these values are for: its id ("12345") or address ("https://us.posthog.com/project/12345"). Without it, the entry\'s name says, or the command line\'s --inputs NAME picks it.',
  }),
  inputs: described(z.record(z.string(), projectInput), {
    description: "Input key → its value in that project, in place of function.json's.",
  }),
});

/** The whole file: a set of input values per project or name. */
const projectInputsFile = described(z.record(z.string(), projectInputsEntry), {
  title: 'PostHog hog function inputs per project',
  description:
    "Input values per project for one function folder promoted between projects (posthog/hog-functions/<folder>/project-inputs.json): push and diff use the target project's values. Read by PostHog Workbench's command line (push, diff).",
});

/** project-inputs.json's JSON Schema, as the editor reads it (build/jsonSchemas.ts writes it to schemas/). */
export function projectInputsJsonSchema(): Record<string, unknown> {
  return {
    ...editorJsonSchema(projectInputsFile, 'project-inputs.schema.json'),
    // The file may name its schema; every other key is a set of inputs.
    properties: { $schema: { type: 'string' } },
  };
}

export type ParsedInputs = { ok: true; value: Record<string, ProjectInputs> } | { ok: false; message: string };

export function parseProjectInputs(text: string): ParsedInputs {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: l10n.t('{0} is not valid JSON: {1}.', PROJECT_INPUTS, (error as Error).message) };
  }
  if (!isJsonObject(raw))
    return {
      ok: false,
      message: l10n.t('{0} must hold one object: a name or project for each set of inputs.', PROJECT_INPUTS),
    };
  const out: Record<string, ProjectInputs> = {};
  for (const [name, entry] of Object.entries(raw)) {
    if (name === '$schema') continue;
    const checked = projectInputsEntry.safeParse(entry);
    const [top, key] = checked.success ? [] : (checked.error.issues[0]?.path ?? []);
    if (!checked.success && top === 'inputs' && key !== undefined)
      return {
        ok: false,
        message: l10n.t(
          '{0}: "{1}".inputs.{2} must be an object like {"value": ...} or, for a secret input, {"env": "VARIABLE"}.',
          PROJECT_INPUTS,
          name,
          String(key),
        ),
      };
    if (!checked.success || !isJsonObject(entry) || !isJsonObject(entry.inputs))
      return {
        ok: false,
        message: l10n.t(
          '{0}: "{1}" must be an object with "inputs" (an object) and optionally "project" (a project id or address).',
          PROJECT_INPUTS,
          name,
        ),
      };
    const inputs: Record<string, Record<string, unknown>> = {};
    for (const [inputKey, input] of Object.entries(entry.inputs)) if (isJsonObject(input)) inputs[inputKey] = input;
    out[name] = { ...(typeof entry.project === 'string' ? { project: entry.project } : {}), inputs };
  }
  return { ok: true, value: out };
}

const sameProject = (ref: string, target: InputsTarget) =>
  ref.replace(/\/+$/, '') === target.projectKey || ref === String(target.projectId);

/** The entry for the target: the one named explicitly, else the one whose `project` or name is the target project. */
export function selectInputs(
  all: Record<string, ProjectInputs>,
  target: InputsTarget,
): { name: string; inputs: ProjectInputs } | undefined {
  if (target.name !== undefined) {
    const named = all[target.name];
    return named ? { name: target.name, inputs: named } : undefined;
  }
  const found = Object.entries(all).find(([name, e]) =>
    e.project !== undefined ? sameProject(e.project, target) : sameProject(name, target),
  );
  return found ? { name: found[0], inputs: found[1] } : undefined;
}

const secretKeys = (state: FunctionState) =>
  new Set(state.config.inputs_schema.flatMap((e) => (e.secret === true && typeof e.key === 'string' ? [e.key] : [])));

/** The function as pushed to the target: function.json's state with the entry's inputs (env secrets as markers). */
export function withProjectInputs(state: FunctionState, entry: ProjectInputs): FunctionState | { problem: string } {
  const secret = secretKeys(state);
  const inputs = { ...state.config.inputs };
  for (const [key, input] of Object.entries(entry.inputs)) {
    if ('env' in input) {
      if (!secret.has(key))
        return {
          problem: l10n.t(
            '{0}: input {1} names an environment variable, which only a secret input may.',
            PROJECT_INPUTS,
            key,
          ),
        };
      inputs[key] = { secret: true };
    } else {
      inputs[key] = input;
    }
  }
  return { source: state.source, config: { ...state.config, inputs } };
}

/** Secret values from the environment for the entry's `{"env": ...}` inputs; `missing` names unset variables. */
export function secretsFromEnv(
  entry: ProjectInputs | undefined,
  env: Record<string, string | undefined>,
): { values: Record<string, string>; missing: string[] } {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const [key, input] of Object.entries(entry?.inputs ?? {})) {
    if (typeof input.env !== 'string') continue;
    const value = env[input.env];
    if (value) values[key] = value;
    else missing.push(input.env);
  }
  return { values, missing };
}

/** A folder as read for a project: `inputs` is the entry used, when the folder has one for it. */
export type ProjectFunction<L> = LocalFunction<L> & { inputs?: { name: string; entry: ProjectInputs } };

/** The folders as the target project sees them: each folder's state with its project-inputs.json entry applied. */
export class ProjectInputFolders<L> implements FunctionFolders<L> {
  constructor(
    private readonly inner: FunctionFolders<L>,
    private readonly files: Files<L>,
    private readonly target: InputsTarget,
  ) {}

  async all(): Promise<ProjectFunction<L>[]> {
    return Promise.all((await this.inner.all()).map((f) => this.apply(f)));
  }

  async linked(projectKey: string, functionId: string): Promise<ProjectFunction<L>[]> {
    return Promise.all((await this.inner.linked(projectKey, functionId)).map((f) => this.apply(f)));
  }

  async refresh(folder: L): Promise<ProjectFunction<L>> {
    return this.apply(await this.inner.refresh(folder));
  }

  exportRoot(): Promise<L> {
    return this.inner.exportRoot();
  }

  private async apply(local: LocalFunction<L>): Promise<ProjectFunction<L>> {
    if (local.missing) return local;
    // Not asked for when the folder's listing lacks it (compared as macOS and Windows compare names, so a listing never
    // hides a file the read would find): in the editor each read goes through VS Code, a missing file costs ~4 ms.
    const listed = local.names?.some((n) => n.toLowerCase() === PROJECT_INPUTS) ?? true;
    const text = listed ? await this.files.readText(this.files.join(local.folder, PROJECT_INPUTS)) : undefined;
    if (text === undefined) {
      if (this.target.name === undefined) return local;
      return {
        ...withoutState(local),
        problem: l10n.t(
          '{0} has no {1} with inputs named "{2}".',
          this.files.name(local.folder),
          PROJECT_INPUTS,
          this.target.name,
        ),
      };
    }
    const parsed = parseProjectInputs(text);
    if (!parsed.ok) return { ...withoutState(local), problem: parsed.message };
    const selected = selectInputs(parsed.value, this.target);
    if (!selected) {
      if (this.target.name === undefined) return local;
      return {
        ...withoutState(local),
        problem: l10n.t('{0}: no inputs named "{1}".', PROJECT_INPUTS, this.target.name),
      };
    }
    if (!local.state) return local;
    const state = withProjectInputs(local.state, selected.inputs);
    if ('problem' in state) return { ...withoutState(local), problem: state.problem };
    return { ...local, state, inputs: { name: selected.name, entry: selected.inputs } };
  }
}

function withoutState<L>(local: LocalFunction<L>): LocalFunction<L> {
  const { state: _state, ...rest } = local;
  return rest;
}

/**
 * After a pull wrote PostHog's version into function.json: the inputs the entry overrides go back to function.json's
 * values from before (`before`), and the entry takes PostHog's values for them (env secrets stay as they are). What the
 * folder then reads as for the project is PostHog's version, and function.json keeps the other projects' values.
 */
export function splitPulledInputs(
  pulled: Record<string, Record<string, unknown>>,
  before: Record<string, Record<string, unknown>>,
  entry: ProjectInputs,
): { fileInputs: Record<string, Record<string, unknown>>; entry: ProjectInputs } {
  const fileInputs = { ...pulled };
  const inputs = { ...entry.inputs };
  for (const [key, input] of Object.entries(entry.inputs)) {
    const base = before[key];
    if (base === undefined) delete fileInputs[key];
    else fileInputs[key] = base;
    if (!('env' in input)) {
      const server = pulled[key];
      if (server === undefined) delete inputs[key];
      else inputs[key] = server;
    }
  }
  return { fileInputs, entry: { ...entry, inputs } };
}
