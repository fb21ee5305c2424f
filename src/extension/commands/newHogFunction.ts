// "New Hog Function…": pick a type, then a template (searchable; what PostHog's chooser offers) or a blank
// function, answer one prompt per required input, choose which events trigger it (for the types events trigger), name
// it, and create it disabled unless chosen otherwise; its source opens and the tree shows it. A failed create keeps
// every answer for "Try Again". With a `{ type, name }` argument it runs without prompts, in the extension's own tests
// only: anyone else's arguments would create (and enable) a function without the user seeing a dialog.
import * as vscode from 'vscode';
import type { HogFunction, HogFunctionTemplate } from '../../api';
import {
  blankCreateBody,
  filterEventNames,
  initialText,
  isOffered,
  parseAnswer,
  parseEventNames,
  templateCreateBody,
  templateDetail,
  templateInputs,
  templateName,
  triggeredByEvents,
  type InputPrompt,
} from '../../core/functions/newFunction';
import type { PickItem, Prompts } from '../../core/prompts';
import type { HogFunctionsStore } from '../services/hogFunctionsStore';
import type { Session } from '../services/session';
import { Command } from '../services/constants';
import { functionTypeLabel, HOG_FUNCTION_TYPES, singularFunctionTypeLabel } from '../../shared/functionTypes';
import { FunctionTypeNode } from '../views/hogFunctionsTree';
import { command, retryable, type CommandTable } from './runner';

/** The arguments of an automated run: the template's id (none for a blank function) and the input values. */
export interface NewFunctionArgs {
  type: string;
  templateId?: string;
  inputs?: Record<string, unknown>;
  name: string;
  enabled?: boolean;
  /** The events that trigger it; absent: the template's filters (a blank function: every event). */
  events?: string[];
}

/** What the user answered so far, offered again after a failed create. */
interface Answers {
  type?: string;
  template?: HogFunctionTemplate | null;
  texts: Record<string, string>;
  /** The events typed at the trigger step; empty: every event; undefined: the template's. */
  events?: string[];
  name?: string;
  enabled?: boolean;
}

const BLANK = 'blank';

/** Shows a function in the Hog Functions tree (its type expanded, its row selected) once the list has it. */
export type RevealFunction = (id: string) => Promise<void>;

/**
 * The wizard's step titles: the type step decides how many steps follow, so it has no count; the others are
 * counted from the template on ("(1/5)"), with the trigger step only for the types events trigger.
 */
function stepTitle(type: string, step: 'template' | 'inputs' | 'events' | 'name' | 'create', what: string): string {
  const steps = ['template', 'inputs', ...(triggeredByEvents(type) ? ['events'] : []), 'name', 'create'];
  return vscode.l10n.t(
    'New {0} ({1}/{2}): {3}',
    singularFunctionTypeLabel(type).toLowerCase(),
    steps.indexOf(step) + 1,
    steps.length,
    what,
  );
}

export interface NewFunctionDeps {
  session: Session;
  store: HogFunctionsStore;
  prompts: Prompts;
  /** Whether `{ type, name, … }` arguments create the function without prompts: in the extension's own tests alone. */
  argumentsAnswer: boolean;
  /** Shows the new function in the tree. */
  reveal?: RevealFunction;
}

export function newHogFunctionCommands({ session, store, prompts, argumentsAnswer, reveal }: NewFunctionDeps) {
  const isAutomated = (arg?: FunctionTypeNode | NewFunctionArgs): arg is NewFunctionArgs =>
    argumentsAnswer && automationArgs(arg);

  const create = async (body: Record<string, unknown>, open: boolean): Promise<HogFunction> => {
    const connection = session.requireConnection();
    const created = await connection.client.createHogFunction(connection.projectId, body);
    store.reset();
    if (open) await vscode.commands.executeCommand(Command.openHogFunction, { id: created.id });
    // Not awaited: the tree reloads in its own time; the command is done when the function exists.
    void reveal?.(created.id).catch(() => undefined);
    return created;
  };

  const automated = async (args: NewFunctionArgs): Promise<HogFunction> => {
    const connection = session.requireConnection();
    const enabled = args.enabled ?? false;
    if (!args.templateId || args.templateId === BLANK)
      return create(blankCreateBody(args.type, args.name, enabled, args.events), true);
    const template = await connection.client.getHogFunctionTemplate(connection.projectId, args.templateId);
    // What a person would get by accepting every prefilled answer, then the values given.
    const { prompts: asked, defaults } = templateInputs(template.inputs_schema);
    const inputs: Record<string, { value: unknown }> = { ...defaults };
    for (const prompt of asked) if (prompt.initial !== undefined) inputs[prompt.key] = { value: prompt.initial };
    for (const [key, value] of Object.entries(args.inputs ?? {})) inputs[key] = { value };
    return create(
      templateCreateBody(template, {
        type: args.type,
        name: args.name,
        enabled,
        inputs,
        ...(args.events ? { events: args.events } : {}),
      }),
      true,
    );
  };

  const pickTemplate = async (
    type: string,
    previous: HogFunctionTemplate | null | undefined,
  ): Promise<HogFunctionTemplate | null | undefined> => {
    const connection = session.requireConnection();
    const { templates, unreadable, cut } = await prompts.progress(
      { title: vscode.l10n.t('Loading {0} templates', functionTypeLabel(type).toLowerCase()) },
      () => connection.client.listHogFunctionTemplates(connection.projectId, [type]),
    );
    session.reportUnreadable('Hog function templates', unreadable);
    if (cut) session.reportCut(vscode.l10n.t('templates'), cut);
    type Item = PickItem & { template: HogFunctionTemplate | null };
    const items: Item[] = [
      {
        label: `$(file) ${vscode.l10n.t('Blank function')}`,
        description: vscode.l10n.t('Start from a minimal {0}', singularFunctionTypeLabel(type).toLowerCase()),
        template: null,
        picked: previous === null,
      },
      ...templates.filter(isOffered).map((t): Item => ({
        label: templateName(t),
        description: templateDetail(t),
        detail: t.description ?? undefined,
        template: t,
        picked: previous?.id === t.id,
      })),
    ];
    const picked = await prompts.pick(items, {
      title: stepTitle(type, 'template', vscode.l10n.t('template')),
      placeHolder: vscode.l10n.t('Search templates by name, category or description'),
      matchOnDescription: true,
      matchOnDetail: true,
      ignoreFocusOut: true,
    });
    return picked ? picked.template : undefined;
  };

  /** One prompt per required input; undefined when the user cancels. */
  const askInputs = async (
    template: HogFunctionTemplate,
    answers: Answers,
  ): Promise<Record<string, { value: unknown }> | undefined> => {
    const { prompts: asked, defaults } = templateInputs(template.inputs_schema);
    const values: Record<string, { value: unknown }> = { ...defaults };
    for (const [i, prompt] of asked.entries()) {
      const title = stepTitle(
        answers.type ?? '',
        'inputs',
        vscode.l10n.t('{0}, input {1} of {2}, {3}', templateName(template), i + 1, asked.length, prompt.label),
      );
      const text = await askOne(prompts, prompt, title, answers.texts[prompt.key]);
      if (text === undefined) return undefined;
      answers.texts[prompt.key] = text;
      const answer = parseAnswer(prompt, text);
      if (!answer.ok) throw new Error(answer.message);
      values[prompt.key] = { value: answer.value };
    }
    return values;
  };

  const interactive = async (answers: Answers): Promise<HogFunction | undefined> => {
    session.requireConnection();
    const type =
      answers.type ??
      (
        await prompts.pick(
          HOG_FUNCTION_TYPES.map(({ type: t }) => ({ label: singularFunctionTypeLabel(t), description: t, type: t })),
          {
            title: vscode.l10n.t('New hog function: type'),
            placeHolder: vscode.l10n.t('What kind of hog function'),
            ignoreFocusOut: true,
          },
        )
      )?.type;
    if (!type) return undefined;
    answers.type = type;
    const template = await pickTemplate(type, answers.template);
    if (template === undefined) return undefined;
    answers.template = template;
    let inputs: Record<string, { value: unknown }> = {};
    if (template) {
      const { unsupported } = templateInputs(template.inputs_schema);
      if (unsupported.length) {
        const names = unsupported.map((u) => u.label).join(', ');
        const choice = await prompts.warn(
          vscode.l10n.t(
            "{0} needs {1}, which is set up through a PostHog integration in PostHog's web app.",
            templateName(template),
            names,
          ),
          vscode.l10n.t('Open in PostHog'),
        );
        if (choice) await vscode.commands.executeCommand(Command.openInPostHog);
        return undefined;
      }
      const asked = await askInputs(template, answers);
      if (!asked) return undefined;
      inputs = asked;
    }
    if (triggeredByEvents(type)) {
      const events = await askEvents(prompts, type, template ? filterEventNames(template.filters) : [], answers.events);
      if (events === undefined) return undefined;
      answers.events = events;
    }
    const name = await prompts.input({
      title: stepTitle(type, 'name', vscode.l10n.t('name')),
      value:
        answers.name ??
        (template ? templateName(template) : vscode.l10n.t('New {0}', singularFunctionTypeLabel(type).toLowerCase())),
      ignoreFocusOut: true,
      validate: (v) =>
        !v.trim()
          ? vscode.l10n.t('A name cannot be empty.')
          : v.length > 400
            ? vscode.l10n.t('PostHog allows at most 400 characters.')
            : undefined,
    });
    if (name === undefined) return undefined;
    answers.name = name.trim();
    const state = await prompts.pick(
      [
        {
          label: vscode.l10n.t('Create disabled'),
          description: vscode.l10n.t('recommended: test it first, enable it when it looks right'),
          enabled: false,
        },
        {
          label: vscode.l10n.t('Create and enable'),
          description: vscode.l10n.t('it starts running on live events at once'),
          enabled: true,
        },
      ],
      { title: stepTitle(type, 'create', vscode.l10n.t('create "{0}"', answers.name)), ignoreFocusOut: true },
    );
    if (!state) return undefined;
    answers.enabled = state.enabled;
    const events = triggeredByEvents(type) ? answers.events : undefined;
    const body = template
      ? templateCreateBody(template, {
          type,
          name: answers.name,
          enabled: state.enabled,
          inputs,
          ...(events ? { events } : {}),
        })
      : blankCreateBody(type, answers.name, state.enabled, events);
    const created = await create(body, true);
    void prompts
      .info(
        created.enabled
          ? vscode.l10n.t('Created "{0}".', created.name ?? answers.name)
          : vscode.l10n.t('Created "{0}" (disabled).', created.name ?? answers.name),
        vscode.l10n.t('Export to Workspace'),
      )
      .then((choice) => choice && vscode.commands.executeCommand(Command.exportHogFunctions, { id: created.id }));
    return created;
  };

  return {
    [Command.newHogFunction]: command(
      vscode.l10n.t('Create hog function'),
      async (arg?: FunctionTypeNode | NewFunctionArgs): Promise<HogFunction | undefined> => {
        if (isAutomated(arg)) return automated(arg);
        const answers: Answers = { texts: {}, ...(arg instanceof FunctionTypeNode ? { type: arg.type } : {}) };
        // Every answer is kept: Retry walks the same steps with them filled in.
        return retryable(() => interactive(answers));
      },
      { throwsFor: isAutomated },
    ),
  } satisfies CommandTable;
}

function automationArgs(arg?: FunctionTypeNode | NewFunctionArgs): arg is NewFunctionArgs {
  return (
    arg !== undefined &&
    !(arg instanceof FunctionTypeNode) &&
    typeof arg.type === 'string' &&
    typeof arg.name === 'string'
  );
}

/**
 * Which events trigger the function: the template's (when it names some), every event, or the names typed. Returns the
 * names (empty: every event), or undefined when the user cancels.
 */
async function askEvents(
  prompts: Prompts,
  type: string,
  templateEvents: string[],
  previous: string[] | undefined,
): Promise<string[] | undefined> {
  type Item = PickItem & { events?: string[] };
  const sends = type === 'destination' || type === 'site_destination';
  const items: Item[] = [
    ...(templateEvents.length
      ? [
          {
            label: vscode.l10n.t("The template's events"),
            description: templateEvents.join(', '),
            events: templateEvents,
          },
        ]
      : []),
    {
      label: vscode.l10n.t('Only these events…'),
      description: vscode.l10n.t('type their names, e.g. $pageview, signed_up'),
    },
    {
      label: vscode.l10n.t('Every event'),
      description: sends
        ? vscode.l10n.t('it runs on every event the project receives')
        : vscode.l10n.t('it sees every event the project receives'),
      events: [],
    },
  ];
  const current =
    previous === undefined
      ? 0
      : previous.length === 0
        ? items.length - 1
        : items.findIndex((i) => i.events === undefined);
  const sorted = [items[current] as Item, ...items.filter((_, i) => i !== current)];
  const picked = await prompts.pick(sorted, {
    title: stepTitle(type, 'events', vscode.l10n.t('which events trigger it')),
    placeHolder: vscode.l10n.t('Which events run this {0}', singularFunctionTypeLabel(type).toLowerCase()),
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.events) return picked.events;
  const typed = await prompts.input({
    title: stepTitle(type, 'events', vscode.l10n.t('which events trigger it')),
    prompt: vscode.l10n.t('Event names, separated by commas'),
    value: (previous?.length ? previous : templateEvents.length ? templateEvents : ['$pageview']).join(', '),
    ignoreFocusOut: true,
    validate: (text) =>
      parseEventNames(text).length
        ? undefined
        : vscode.l10n.t('Name at least one event, or go back and choose Every event.'),
  });
  return typed === undefined ? undefined : parseEventNames(typed);
}

/** Asks for one input: a box to type in (password for secrets, checked as typed) or a pick for choices and booleans. */
async function askOne(
  prompts: Prompts,
  prompt: InputPrompt,
  title: string,
  previous: string | undefined,
): Promise<string | undefined> {
  if (prompt.kind === 'boolean' || prompt.kind === 'choice') {
    const options =
      prompt.kind === 'boolean'
        ? [
            { label: 'true', description: vscode.l10n.t('Yes') },
            { label: 'false', description: vscode.l10n.t('No') },
          ]
        : (prompt.choices ?? []).map((c) => ({
            label: c.label,
            description: c.label === String(c.value) ? undefined : String(c.value),
          }));
    const current =
      previous ??
      (prompt.kind === 'boolean'
        ? initialText(prompt)
        : prompt.choices?.find((c) => c.value === prompt.initial)?.label);
    const items = options.map((o) => ({ ...o, picked: o.label === current }));
    // Put the default (or the previous answer) first, so Enter accepts it.
    items.sort((a, b) => Number(b.picked) - Number(a.picked));
    const picked = await prompts.pick(items, {
      title,
      placeHolder: prompt.description ?? prompt.label,
      ignoreFocusOut: true,
    });
    return picked?.label;
  }
  // Every secret input is typed hidden, whatever its type (a JSON or dictionary secret too).
  return (prompt.kind === 'secret' || prompt.password === true ? prompts.password : prompts.input).call(prompts, {
    title,
    prompt: prompt.description ?? (prompt.kind === 'json' || prompt.kind === 'dictionary' ? 'JSON' : undefined),
    value: previous ?? initialText(prompt),
    ignoreFocusOut: true,
    validate: (text) => {
      const answer = parseAnswer(prompt, text);
      return answer.ok ? undefined : answer.message;
    },
  });
}
