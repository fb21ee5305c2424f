// Which client operation reads which of PostHog's published fragments (test/contract/openapi/), and what the
// extension needs from it. This table is ours (the client's needs and PostHog's documented envelopes); the shapes
// are the fragments'. Where PostHog's generated schema declares no response body, the component that stands in
// for it is named with the reason. Imported by the plain-Node suite and the extension-host suite.
import type { PostHogClient, UnreadableRow } from '../../src/api';
import { Generator, type Deviation, type GeneratedCase, type OpenApiFragment, type Schema } from './generate';
import activityLogList from './openapi/activity_log_list.json';
import invocationsCreate from './openapi/environments_hog_functions_invocations_create.json';
import groupsCreate from './openapi/groups_create.json';
import groupsList from './openapi/groups_list.json';
import groupsTypesList from './openapi/groups_types_list.json';
import groupsUpdateProperty from './openapi/groups_update_property_create.json';
import hogFunctionTemplatesRetrieve from './openapi/hog_function_templates_retrieve.json';
import hogFunctionsList from './openapi/hog_functions_list.json';
import propertyDefinitionsList from './openapi/property_definitions_list.json';
import publicTemplatesList from './openapi/public_hog_function_templates_list.json';
import usersRetrieve from './openapi/users_retrieve.json';

/** What the client made of one generated body. */
export type ClientView =
  { kind: 'list'; results: unknown[]; unreadable: UnreadableRow[] } | { kind: 'one'; value: unknown };

export interface ContractOperation {
  /** The client's name for the request, as in its error messages. */
  endpoint: string;
  operationId: string;
  fragment: OpenApiFragment;
  /** The response schema of the operation, or the component standing in for a body the fragment does not declare. */
  component?: { name: string; why: string };
  /** For a component of rows: the envelope PostHog sends them in (posthog-api.md), around the generated rows. */
  envelope?: (rows: unknown[]) => unknown;
  /** Where the rows are in the body: `results`, `''` (a bare array); undefined for one object. */
  rowsAt?: string;
  /** Envelope values held fixed: one page, no `next` link to follow. */
  pin?: Record<string, unknown>;
  /** Row fields the feature cannot do without: a row missing one is reported unreadable, the others load. */
  needed: string[];
  /** Fields the server sends null although the schema says otherwise (posthog-api.md 9.1). */
  deviations?: Deviation[];
  /** The local PostHog route a generated body replaces. */
  method: string;
  path: string;
  status?: number;
  call(client: PostHogClient, projectId: number): Promise<ClientView>;
}

const list = (page: { results: unknown[]; unreadable: UnreadableRow[] }): ClientView => ({
  kind: 'list',
  results: page.results,
  unreadable: page.unreadable,
});
const one = (value: unknown): ClientView => ({ kind: 'one', value });
const fragment = (json: unknown) => json as OpenApiFragment;
const FUNCTION_ID = '00000000-0000-4000-8000-0000000000aa';

export const OPERATIONS: ContractOperation[] = [
  {
    endpoint: 'GET hog_functions',
    operationId: 'hog_functions_list',
    fragment: fragment(hogFunctionsList),
    rowsAt: 'results',
    pin: { next: null },
    needed: ['id'],
    deviations: [
      { component: 'HogFunctionMinimal', field: 'created_by' },
      { component: 'HogFunctionMinimal', field: 'template' },
    ],
    method: 'GET',
    path: '^/api/projects/\\d+/hog_functions/?$',
    call: async (c, p) => list(await c.listHogFunctions(p)),
  },
  {
    endpoint: 'GET hog_functions/:id',
    operationId: 'environments_hog_functions_invocations_create',
    fragment: fragment(invocationsCreate),
    component: {
      name: 'HogFunction',
      why: 'hog_functions_retrieve is not published; the invocation fragment embeds the full HogFunction serializer that GET and PATCH return',
    },
    needed: ['id', 'updated_at'],
    method: 'GET',
    path: `^/api/projects/\\d+/hog_functions/${FUNCTION_ID}/?$`,
    call: async (c, p) => one(await c.getHogFunction(p, FUNCTION_ID)),
  },
  {
    endpoint: 'PATCH hog_functions/:id',
    operationId: 'environments_hog_functions_invocations_create',
    fragment: fragment(invocationsCreate),
    component: {
      name: 'HogFunction',
      why: 'hog_functions_partial_update is not published; it returns the same full HogFunction',
    },
    needed: ['id', 'updated_at'],
    method: 'PATCH',
    path: `^/api/projects/\\d+/hog_functions/${FUNCTION_ID}/?$`,
    call: async (c, p) => one(await c.updateHogFunction(p, FUNCTION_ID, { hog: 'return event' })),
  },
  {
    endpoint: 'POST hog_functions/:id/invocations',
    operationId: 'environments_hog_functions_invocations_create',
    fragment: fragment(invocationsCreate),
    needed: ['status'],
    method: 'POST',
    path: `^/api/projects/\\d+/hog_functions/${FUNCTION_ID}/invocations/?$`,
    call: async (c, p) => one(await c.invokeHogFunction(p, FUNCTION_ID, { configuration: {}, globals: {} })),
  },
  {
    endpoint: 'GET hog_function_templates',
    operationId: 'public_hog_function_templates_list',
    fragment: fragment(publicTemplatesList),
    // hog_function_templates_list is not published; the public list pages the same HogFunctionTemplate serializer.
    rowsAt: 'results',
    pin: { next: null },
    needed: ['id'],
    method: 'GET',
    path: '^/api/projects/\\d+/hog_function_templates/?$',
    call: async (c, p) => {
      // Read is what the contract checks; which of them a picker offers is a separate rule (isOfferedTemplate).
      const { templates, notOffered, unreadable } = await c.listHogFunctionTemplates(p, ['destination']);
      return list({ results: [...templates, ...notOffered], unreadable });
    },
  },
  {
    endpoint: 'GET hog_function_templates/:id',
    operationId: 'hog_function_templates_retrieve',
    fragment: fragment(hogFunctionTemplatesRetrieve),
    needed: ['id'],
    method: 'GET',
    path: '^/api/projects/\\d+/hog_function_templates/template-contract/?$',
    call: async (c, p) => one(await c.getHogFunctionTemplate(p, 'template-contract')),
  },
  {
    endpoint: 'GET groups',
    operationId: 'groups_list',
    fragment: fragment(groupsList),
    rowsAt: 'results',
    pin: { next: null },
    needed: ['group_key', 'group_type_index'],
    method: 'GET',
    path: '^/api/projects/\\d+/groups/?$',
    call: async (c, p) => list(await c.listGroups(p, { groupTypeIndex: 0 })),
  },
  {
    endpoint: 'GET groups_types',
    operationId: 'groups_types_list',
    fragment: fragment(groupsTypesList),
    rowsAt: '',
    needed: ['group_type_index', 'group_type'],
    method: 'GET',
    path: '^/api/projects/\\d+/groups_types/?$',
    call: async (c, p) => list(await c.listGroupTypes(p)),
  },
  {
    endpoint: 'POST groups',
    operationId: 'groups_create',
    fragment: fragment(groupsCreate),
    needed: ['group_key', 'group_type_index'],
    method: 'POST',
    path: '^/api/projects/\\d+/groups/?$',
    status: 201,
    call: async (c, p) => one(await c.createGroup(p, { groupTypeIndex: 0, groupKey: 'contract' })),
  },
  {
    endpoint: 'GET groups/find',
    operationId: 'groups_list',
    fragment: fragment(groupsList),
    component: {
      name: 'Group',
      why: 'groups_find_retrieve declares no body; the server returns a Group (posthog-api.md 2.3)',
    },
    needed: ['group_key', 'group_type_index'],
    method: 'GET',
    path: '^/api/projects/\\d+/groups/find/?$',
    call: async (c, p) => one(await c.findGroup(p, 0, 'contract')),
  },
  {
    endpoint: 'POST groups/update_property',
    operationId: 'groups_update_property_create',
    fragment: fragment(groupsUpdateProperty),
    component: {
      name: 'Group',
      why: 'the fragment declares no response body; the server returns the updated Group (posthog-api.md 2.4)',
    },
    needed: ['group_key', 'group_type_index'],
    method: 'POST',
    path: '^/api/projects/\\d+/groups/update_property/?$',
    call: async (c, p) =>
      one(await c.updateGroupProperty(p, { groupTypeIndex: 0, groupKey: 'contract' }, 'plan', 'team')),
  },
  {
    endpoint: 'GET groups/activity',
    operationId: 'activity_log_list',
    fragment: fragment(activityLogList),
    component: {
      name: 'ActivityLog',
      why: 'groups_activity_retrieve declares no body; its entries are activity log entries (the project activity_log serializer is the published one)',
    },
    envelope: (rows) => ({ results: rows, next: null, previous: null, total_count: rows.length }),
    rowsAt: '',
    needed: ['activity'],
    deviations: [{ component: 'ActivityLog', field: 'user' }],
    method: 'GET',
    path: '^/api/projects/\\d+/groups/activity/?$',
    call: async (c, p) => list(await c.listGroupActivity(p, { groupTypeIndex: 0, groupKey: 'contract' })),
  },
  {
    endpoint: 'GET property_definitions',
    operationId: 'property_definitions_list',
    fragment: fragment(propertyDefinitionsList),
    rowsAt: 'results',
    pin: { next: null },
    needed: ['name'],
    method: 'GET',
    path: '^/api/projects/\\d+/property_definitions/?$',
    call: async (c, p) => list(await c.listGroupPropertyDefinitions(p, 0)),
  },
  {
    endpoint: 'GET users/@me',
    operationId: 'users_retrieve',
    fragment: fragment(usersRetrieve),
    needed: ['email'],
    method: 'GET',
    path: '^/api/users/@me/?$',
    call: async (c) => one(await c.getCurrentUser()),
  },
];

export interface ContractCase extends GeneratedCase {
  /** The body the local PostHog sends (the generated one, in its envelope where the operation has one). */
  response: unknown;
  /** Rows sent, for list operations. */
  rows?: number;
  /** The needed field this case leaves out (null or absent), relative to the row or the object. */
  missingNeeded?: string;
}

/** Every generated case of one operation, with what the client must make of it. */
export function contractCases(op: ContractOperation): ContractCase[] {
  const generator = new Generator(op.fragment);
  let schema: Schema | undefined;
  if (op.component)
    schema = op.envelope
      ? { type: 'array', items: generator.component(op.component.name) }
      : generator.component(op.component.name);
  else schema = generator.responseSchema();
  if (!schema) throw new Error(`${op.operationId} declares no response body and names no component for it`);
  const rowPrefix = op.rowsAt === undefined ? 0 : op.rowsAt === '' ? 1 : 2;
  return generator
    .cases(schema, { rowsAt: op.rowsAt, pin: op.pin, needed: op.needed, deviations: op.deviations })
    .map((c) => {
      const rows = op.rowsAt === undefined ? undefined : rowsIn(c.body, op.rowsAt);
      const needed = c.variation?.kind === 'needed-null' || c.variation?.kind === 'needed-absent';
      return {
        ...c,
        response: op.envelope ? op.envelope(c.body as unknown[]) : c.body,
        ...(rows === undefined ? {} : { rows }),
        ...(needed ? { missingNeeded: c.variation?.path.slice(rowPrefix).join('.') } : {}),
      };
    });
}

function rowsIn(body: unknown, rowsAt: string): number {
  const rows = rowsAt === '' ? body : (body as Record<string, unknown> | null)?.[rowsAt];
  return Array.isArray(rows) ? rows.length : 0;
}
