// What PostHog's newest server refuses when a hog function is saved (posthog-api.md §10.2;
// products/cdp/backend/api/hog_function.py and posthog/cdp/validation.py): reserved function names, hyphens read as
// subtraction, globals a transformation does not have, the cap on enabled transformations and the feature flag on
// log transformations. Each answers PostHog's own words, as a ConfigError the caller turns into PostHog's error body.
import { ConfigError } from './configError';
import {
  allHogFunctions,
  type AstNode,
  children,
  hogSupportLoaded,
  isFailure,
  parseExpression,
  parseProgram,
  parseTemplate,
} from './hogProgram';
import type { FakeState, HogFunctionType, Json } from './types';
import { isPlainObject } from './util';

/** Async functions of PostHog's workflows: registered globally in the worker, so user code may not call them. */
export const RESERVED_FUNCTIONS: ReadonlySet<string> = new Set(['sendEmail', 'sendSms', 'sendPushNotification']);

/** MAX_ENABLED_FUNCTIONS_PER_TEAM_BY_TYPE. */
export const ENABLED_CAPS: Readonly<Partial<Record<HogFunctionType, number>>> = {
  transformation: 20,
  transformation_log: 5,
};

/** The feature flag creating log transformations is behind (LOGS_TRANSFORMATIONS_FEATURE_FLAG). */
export const LOG_TRANSFORMATIONS_FLAG = 'logs-transformations';

const TRANSFORMATION_GLOBALS = new Set(['project', 'event', 'inputs']);
const TRANSFORMATION_LOG_GLOBALS = new Set(['project', 'record', 'inputs']);
const TRANSFORMATION_FUNCTIONS = new Set(['geoipLookup', 'cleanNullValues', 'isKnownBotUserAgent', 'isKnownBotIp']);
const CORE_FUNCTIONS = new Set(['fetch', 'postHogCapture']);

function walk(node: AstNode, visit: (n: AstNode) => void): void {
  visit(node);
  for (const child of children(node)) walk(child, visit);
}

const chainOf = (node: AstNode): string[] => ((node.chain as unknown[] | undefined) ?? []).map(String);

/** HyphenatedPropertyDetector: `a.b-c` (no spaces around the minus) reads as `a.b - c`. */
function hyphenated(root: AstNode): string | null {
  let found: string | null = null;
  walk(root, (node) => {
    if (found || node.node !== 'ArithmeticOperation' || node.op !== '-') return;
    const left = node.left as AstNode | undefined;
    const right = node.right as AstNode | undefined;
    if (left?.node !== 'Field' || right?.node !== 'Field') return;
    const l = chainOf(left);
    const r = chainOf(right);
    if (l.length < 2 || r.length !== 1) return;
    if (left.end && right.start && right.start.offset - left.end.offset !== 1) return;
    found = `Hyphens are not supported in identifiers and are interpreted as subtraction. Use bracket notation: ${l.slice(0, -1).join('.')}['${l.at(-1)}-${r[0]}']`;
  });
  return found;
}

/** TransformationGlobalsValidator: the globals a template reads that the type's runtime does not have, sorted. */
function unavailableGlobals(root: AstNode, available: ReadonlySet<string>, functions: ReadonlySet<string>): string[] {
  const stdlib = new Set(allHogFunctions());
  const bad = new Set<string>();
  walk(root, (node) => {
    if (node.node !== 'Field') return;
    const name = chainOf(node)[0];
    if (
      name === undefined ||
      available.has(name) ||
      functions.has(name) ||
      CORE_FUNCTIONS.has(name) ||
      stdlib.has(name)
    )
      return;
    bad.add(name);
  });
  return [...bad].sort();
}

/** The rules on a program: hyphens everywhere, reserved calls, and a log transformation's globals. */
export function checkProgram(
  hog: string,
  type: HogFunctionType,
  allowedReserved: ReadonlySet<string>,
  path: string[],
): void {
  if (!hogSupportLoaded()) return;
  const program = parseProgram(hog);
  if (isFailure(program)) return;
  // _validate_no_reserved_functions runs before compile_hog.
  const used = new Set<string>();
  walk(program, (node) => {
    if (node.node === 'Call' && RESERVED_FUNCTIONS.has(String(node.name)) && !allowedReserved.has(String(node.name)))
      used.add(String(node.name));
  });
  if (used.size) {
    throw new ConfigError(
      [...path, 'hog'],
      `Reserved for PostHog's own use and not callable from a function's code: ${[...used].sort().join(', ')}. Use the matching workflow step or destination template instead.`,
    );
  }
  const hyphen = hyphenated(program);
  if (hyphen) throw new ConfigError([...path, 'hog'], hyphen);
  if (type === 'transformation_log') {
    const declared = new Set<string>();
    walk(program, (node) => {
      if (node.node === 'VariableDeclaration') declared.add(String(node.name));
      if (node.node === 'Function') {
        declared.add(String(node.name));
        for (const p of (node.params as string[] | undefined) ?? []) declared.add(p);
      }
      if (node.node === 'Lambda') for (const a of (node.args as string[] | undefined) ?? []) declared.add(a);
      if (node.node === 'ForInStatement') {
        if (node.keyVar) declared.add(String(node.keyVar));
        declared.add(String(node.valueVar));
      }
    });
    const names = unavailableGlobals(program, new Set([...TRANSFORMATION_LOG_GLOBALS, ...declared]), new Set());
    if (names.length)
      throw new ConfigError(
        [...path, 'hog'],
        `Variable not available in log transformations: ${names.join(', ')}. Log transformations only have access to project, record, and inputs.`,
      );
  }
}

/**
 * HogFunctionFiltersSerializer.validate: filters compile to bytecode (posthog/cdp/filters.py), and a HogQL property
 * filter that does not parse is refused with "Invalid filter configuration: <the parser's message>" on the nested
 * serializer (drf-exceptions-hog: attr `filters__non_field_errors`).
 */
export function checkFilters(filters: Record<string, Json>, path: string[]): void {
  if (!hogSupportLoaded()) return;
  const hogql: string[] = [];
  const collect = (value: Json | undefined): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (isPlainObject(value)) {
      if (value.type === 'hogql' && typeof value.key === 'string') hogql.push(value.key);
      for (const v of Object.values(value)) if (typeof v === 'object' && v !== null) collect(v as Json);
    }
  };
  collect(filters.properties);
  for (const entity of [filters.events, filters.actions])
    if (Array.isArray(entity)) for (const e of entity) if (isPlainObject(e)) collect(e.properties);
  for (const expression of hogql) {
    const node = parseExpression(expression);
    if (isFailure(node))
      throw new ConfigError([...path, 'non_field_errors'], `Invalid filter configuration: ${node.message}`);
  }
}

/**
 * What reservedIn found in each template's code. A template's code never changes, and every save of a function made
 * from it asks again; parsing it each time (PostHog's parser as WebAssembly, about 70 ms per KB) cost every such save
 * 20-40 ms that PostHog's native parser does not, and that a function without a template was never charged.
 */
const reservedByTemplate = new Map<string, ReadonlySet<string>>();

/** The reserved functions a template's own code calls: a function built from it may call them too. */
export function reservedIn(code: string | undefined): ReadonlySet<string> {
  if (!code || !hogSupportLoaded()) return new Set();
  const known = reservedByTemplate.get(code);
  if (known) return known;
  const program = parseProgram(code);
  const used = new Set<string>();
  if (!isFailure(program))
    walk(program, (node) => {
      if (node.node === 'Call' && RESERVED_FUNCTIONS.has(String(node.name))) used.add(String(node.name));
    });
  // The templates are a fixed catalogue; the bound only guards against a test that makes templates up by the thousand.
  if (reservedByTemplate.size >= 500) reservedByTemplate.clear();
  reservedByTemplate.set(code, used);
  return used;
}

/** generate_template_bytecode's checks on one input value (strings anywhere inside it); the message or null. */
export function checkTemplateValue(value: Json, type: HogFunctionType): string | null {
  if (!hogSupportLoaded()) return null;
  if (typeof value === 'string') {
    if (!value.includes('{')) return null;
    const node = parseTemplate(`F'${value}`);
    // generate_template_bytecode raises, and the serializer says "Invalid template: <the parser's message>".
    if (isFailure(node)) return `Invalid template: ${node.message}`;
    const hyphen = hyphenated(node);
    if (hyphen) return `Invalid template: ${hyphen}`;
    if (type === 'transformation') {
      const names = unavailableGlobals(node, TRANSFORMATION_GLOBALS, TRANSFORMATION_FUNCTIONS);
      if (names.length)
        return `Invalid template: Variable not available in transformations: ${names.join(', ')}. Transformations only have access to project, event, and inputs.`;
    }
    if (type === 'transformation_log') {
      const names = unavailableGlobals(node, TRANSFORMATION_LOG_GLOBALS, new Set());
      if (names.length)
        return `Invalid template: Variable not available in log transformations: ${names.join(', ')}. Log transformations only have access to project, record, and inputs.`;
    }
    return null;
  }
  const items = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : [];
  for (const item of items) {
    const found = checkTemplateValue(item, type);
    if (found) return found;
  }
  return null;
}

/** PostHog's `humanize_hog_function_type`: underscores become spaces, source_webhook reads "source". */
const humanize = (type: string) => (type === 'source_webhook' ? 'source' : type.replace(/_/g, ' '));

/**
 * The object-level rules of `HogFunctionSerializer.validate`, in its order: the log transformations flag on create,
 * then the cap on enabled functions of the type (which counts a restore and an enable alike).
 */
export function checkSave(
  state: FakeState,
  projectId: number,
  type: HogFunctionType,
  next: { enabled: boolean; deleted: boolean },
  stored?: { id: string; enabled: boolean; deleted: boolean },
): void {
  if (!stored && type === 'transformation_log' && !state.settings.featureFlags[LOG_TRANSFORMATIONS_FLAG]) {
    throw new ConfigError(['type'], 'Log transformations are not enabled for this team.');
  }
  const cap = ENABLED_CAPS[type];
  if (cap === undefined) return;
  const wasActive = stored !== undefined && stored.enabled && !stored.deleted;
  if (!next.enabled || next.deleted || wasActive) return;
  const running = state.hogFunctions.filter(
    (f) => f.project_id === projectId && f.type === type && f.enabled && !f.deleted,
  ).length;
  if (running >= cap) {
    throw new ConfigError(
      ['type'],
      `Maximum of ${cap} enabled ${humanize(type)} functions allowed per team. Please contact support if you need this limit increased, or disable some existing ones.`,
    );
  }
}
