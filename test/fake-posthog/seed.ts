// Deterministic seed data: the same ids, keys, dates and values on every run (seeded PRNG, 2026 dates), except that
// hog function runs (metrics and their newest logs) are placed relative to the time the local PostHog starts, so "the
// last 24 hours" always has data.
import { effectiveType, normalizedFilters } from './hogFunctionConfig';
import { humanizeType } from './hogFunctions';
import { emptyState, groupChange, insertGroup, upsertPropertyDefinition, writeActivity } from './store';
import { findTemplate } from './templates';
import type {
  FakeGroup,
  FakeHogFunction,
  FakeLogEntry,
  FakeMetric,
  FakeState,
  HogFunctionTemplate,
  HogFunctionType,
  JsonObject,
  SeedKind,
} from './types';
import { isoFromMicros, isoFromMs, microsFromIso, seededRandom, seededUuid } from './util';

const YEAR_START = Date.UTC(2026, 0, 1);
const DAY = 86400e3;

export function buildState(seed: SeedKind, now = Date.now()): FakeState {
  const rand = seededRandom(20260101);
  const ids = () => seededUuid(rand);
  const state = emptyState();
  state.organization = { id: ids(), name: 'Hedgebox Inc.', slug: 'hedgebox' };
  state.user = {
    id: 1,
    uuid: ids(),
    distinct_id: 'ada-developer-7f3a',
    first_name: 'Ada',
    last_name: 'Developer',
    email: 'ada@example.com',
    current_project_id: 1,
  };
  const project = (id: number, name: string, accessible: boolean) => ({
    id,
    uuid: ids(),
    name,
    api_token: `phc_seed${id}${Math.floor(rand() * 1e12).toString(36)}`,
    organization_id: state.organization.id,
    timezone: 'UTC',
    created_at: isoFromMs(YEAR_START + id * DAY),
    accessible,
  });
  // Project 3 exists but Ada is not a member: it answers 403, not 404.
  state.projects = [
    project(1, 'Default project', true),
    project(2, 'Staging', true),
    project(3, 'Finance (restricted)', false),
  ];
  if (seed === 'empty') return state;

  const groupType = (project_id: number, index: number, type: string, singular: string | null, plural: string | null) =>
    state.groupTypes.push({
      project_id,
      group_type: type,
      group_type_index: index,
      name_singular: singular,
      name_plural: plural,
      detail_dashboard: null,
      default_columns: null,
      created_at: isoFromMs(YEAR_START + index * 3600e3),
    });
  groupType(1, 0, 'organization', 'Organization', 'Organizations');
  groupType(1, 1, 'workspace', 'Workspace', 'Workspaces');
  groupType(1, 2, 'instance', null, null);
  groupType(1, 3, 'project', 'Project', 'Projects');
  groupType(2, 0, 'organization', 'Organization', 'Organizations');

  seedOrganizations(state, rand, ids, 1, 300);
  seedWorkspaces(state, rand, ids);
  seedInstances(state, ids);
  seedOrganizations(state, rand, ids, 2, 12);
  seedHogFunctions(state, rand, ids, now);
  seedLegacyGroups(state, ids);
  seedEvents(state, ids, now);
  return state;
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

const NAME_A = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Stark',
  'Wayne',
  'Tyrell',
  'Soylent',
  'Cyberdyne',
  'Aperture',
  'Wonka',
  'Pied Piper',
  'Massive Dynamic',
  'Oscorp',
  'Nakatomi',
  'Gringotts',
  'Monarch',
  'Blue Sun',
];
const NAME_B = [
  'Labs',
  'Analytics',
  'Robotics',
  'Health',
  'Logistics',
  'Software',
  'Foods',
  'Energy',
  'Capital',
  'Studios',
  'Systems',
  'Cloud',
  'Bio',
  'Networks',
  'Media',
];
const INDUSTRIES = [
  'technology',
  'finance',
  'healthcare',
  'retail',
  'education',
  'manufacturing',
  'media',
  'logistics',
];
const PLANS = ['free', 'startup', 'growth', 'enterprise'];
const CITIES: [string, string][] = [
  ['San Francisco', 'US'],
  ['London', 'GB'],
  ['Berlin', 'DE'],
  ['Toronto', 'CA'],
  ['Lisbon', 'PT'],
  ['Bangalore', 'IN'],
  ['São Paulo', 'BR'],
  ['Tokyo', 'JP'],
];
const TAGS = ['beta', 'design-partner', 'churn-risk', 'self-serve', 'sales-led', 'eu-data', 'hipaa', 'soc2'];

function seedOrganizations(
  state: FakeState,
  rand: () => number,
  ids: () => string,
  projectId: number,
  count: number,
): void {
  const start = microsFromIso('2026-01-05T09:00:00Z');
  for (let i = 0; i < count; i++) {
    const name = `${pick(rand, NAME_A)} ${pick(rand, NAME_B)}`;
    const [city, country] = pick(rand, CITIES);
    const plan = pick(rand, PLANS);
    const employees = Math.floor(5 + rand() * (plan === 'enterprise' ? 20000 : 400));
    const properties: JsonObject = {
      name,
      industry: pick(rand, INDUSTRIES),
      plan,
      employees,
      is_paying: plan !== 'free',
      signup_date: isoFromMs(YEAR_START - Math.floor(rand() * 700) * DAY).slice(0, 10),
      domain: `${name.toLowerCase().replace(/[^a-z]+/g, '-')}-${i + 1}.com`,
      arr: plan === 'free' ? 0 : Math.round(rand() * 250000) / 1,
      address: { street: `${Math.floor(rand() * 900 + 1)} Market St`, city, country },
      tags: TAGS.filter(() => rand() < 0.2),
    };
    // The first three of every 25 share one timestamp (a bulk import), so the key breaks ties in the list order.
    const imported = i % 25 < 3;
    const createdUs = start + (imported ? i - (i % 25) : i) * 69_120_000_000 + (imported ? 0 : (i % 7) * 123_456);
    const group = insertGroup(
      state,
      {
        projectId,
        groupTypeIndex: 0,
        groupKey: `org:${1000 + i}`,
        properties,
        createdAtUs: createdUs,
        userId: state.user.id,
        createdAtIso: isoFromMicros(createdUs),
      },
      { sideEffects: true, ids },
    );
    if (i % 10 === 0) seedGroupHistory(state, group, ids, createdUs);
  }
}

/** Later edits to a group, written the way update_property and delete_property record them. */
function seedGroupHistory(state: FakeState, group: FakeGroup, ids: () => string, createdUs: number): void {
  const at = (days: number) => isoFromMicros(createdUs + days * DAY * 1000);
  const log = (activity: string, name: string, change: ReturnType<typeof groupChange>, when: string) =>
    writeActivity(
      state,
      {
        project_id: group.project_id,
        scope: 'Group',
        item_id: String(group.pk),
        activity,
        user_id: state.user.id,
        created_at: when,
        detail: { name, changes: [change] },
      },
      ids(),
    );
  const props = group.group_properties ?? {};
  const oldPlan = props.plan ?? null;
  props.plan = oldPlan === 'enterprise' ? 'growth' : 'enterprise';
  log('update_property', 'plan', groupChange('changed', oldPlan, props.plan), at(3));
  props.customer_success_manager = 'grace@example.com';
  log(
    'create_property',
    'customer_success_manager',
    groupChange('created', null, props.customer_success_manager),
    at(5),
  );
  const oldTags = props.tags ?? null;
  delete props.tags;
  log('update_property', 'tags', groupChange('deleted', oldTags, null), at(8));
}

function seedWorkspaces(state: FakeState, rand: () => number, ids: () => string): void {
  const start = microsFromIso('2026-02-01T12:00:00Z');
  for (let i = 0; i < 40; i++) {
    const createdUs = start + i * 5 * DAY * 1000;
    insertGroup(
      state,
      {
        projectId: 1,
        groupTypeIndex: 1,
        groupKey: `ws_${(i * 7919 + 104729).toString(36)}`,
        properties: {
          name: `${pick(rand, ['Marketing', 'Growth', 'Platform', 'Data', 'Mobile', 'Web'])} workspace ${i + 1}`,
          organization: `org:${1000 + (i % 300)}`,
          member_count: Math.floor(rand() * 60) + 1,
          created_by_email: `owner${i + 1}@example.com`,
        },
        createdAtUs: createdUs,
        userId: null,
        createdAtIso: isoFromMicros(createdUs),
      },
      { sideEffects: true, ids },
    );
  }
}

function seedInstances(state: FakeState, ids: () => string): void {
  const regions = ['us-east-1', 'eu-central-1', 'us-west-2', 'ap-southeast-1', 'eu-west-2'];
  regions.forEach((region, i) => {
    const createdUs = microsFromIso('2026-03-10T08:00:00Z') + i * DAY * 1000;
    insertGroup(
      state,
      {
        projectId: 1,
        groupTypeIndex: 2,
        groupKey: `https://posthog-${region}.internal.example.com`,
        properties: {
          name: `Self-hosted ${region}`,
          region,
          version: `1.${43 + i}.0`,
          url: `https://posthog-${region}.internal.example.com`,
        },
        createdAtUs: createdUs,
        userId: state.user.id,
        createdAtIso: isoFromMicros(createdUs),
      },
      { sideEffects: true, ids },
    );
  });
}

/** Old rows stored without properties (`group_properties: null`), newest of their type so they show first. */
function seedLegacyGroups(state: FakeState, ids: () => string): void {
  ['https://posthog-legacy-1.internal.example.com', 'https://posthog-legacy-2.internal.example.com'].forEach(
    (groupKey, i) => {
      const createdUs = microsFromIso('2026-04-01T08:00:00Z') + i * DAY * 1000;
      insertGroup(
        state,
        {
          projectId: 1,
          groupTypeIndex: 2,
          groupKey,
          properties: null,
          createdAtUs: createdUs,
          userId: null,
          createdAtIso: isoFromMicros(createdUs),
        },
        { sideEffects: true, ids },
      );
    },
  );
}

interface SeedFunction {
  /** null, and null `name`, `state` (status) and `createdBy`, are what old rows in real projects hold. */
  type: HogFunctionType | null;
  name: string | null;
  description: string;
  hog: string;
  enabled: boolean;
  state?: number | null;
  deleted?: boolean;
  createdBy?: null;
  inputs_schema: JsonObject[];
  inputs?: Record<string, JsonObject>;
  secrets?: Record<string, JsonObject>;
  filters?: JsonObject;
  mappings?: JsonObject[];
  execution_order?: number;
  template?: HogFunctionTemplate;
  project?: number;
}

const SLACK_HOG = `let res := fetch(inputs.webhook_url, {
  'method': 'POST',
  'headers': {'Content-Type': 'application/json'},
  'body': {'text': inputs.text, 'blocks': inputs.blocks}
});

if (res.status >= 400) {
  throw Error(f'Slack returned {res.status}: {res.body}');
}
`;

const WEBHOOK_HOG = `let payload := {
  'headers': inputs.headers,
  'body': inputs.body,
  'method': inputs.method
};

if (inputs.debug) {
  print('Request', inputs.url, payload);
}

let res := fetch(inputs.url, payload);

if (res.status >= 400) {
  throw Error(f'Webhook failed with status {res.status}');
}
`;

const HUBSPOT_HOG = `-- Upsert the company in HubSpot from the group's properties
let properties := {
  'name': groups.organization.properties.name,
  'domain': groups.organization.properties.domain,
  'industry': groups.organization.properties.industry
};

print('Syncing company', groups.organization.properties.name);

let res := fetch('https://api.hubapi.com/crm/v3/objects/companies', {
  'method': 'POST',
  'headers': {'Authorization': f'Bearer {inputs.access_token}', 'Content-Type': 'application/json'},
  'body': {'properties': properties}
});

if (res.status >= 400) {
  throw Error(f'HubSpot error {res.status}: {res.body}');
}
`;

const GEOIP_HOG = `// Adds GeoIP properties from $ip
let ip := event.properties.$ip;
if (not ip) {
  return event;
}
let returnEvent := event;
let location := geoipLookup(ip);
if (location) {
  returnEvent.properties.$geoip_city_name := location.city.names.en;
  returnEvent.properties.$geoip_country_code := location.country.isoCode;
}
return returnEvent;
`;

const BOT_HOG = `let userAgent := lower(event.properties.$raw_user_agent ?? '');
let bots := ['bot', 'crawler', 'spider', 'headless', 'lighthouse'];
for (let bot in bots) {
  if (userAgent like f'%{bot}%') {
    return null;
  }
}
return event;
`;

const HASH_HOG = `let returnEvent := event;
if (event.properties.email) {
  returnEvent.properties.email := sha256Hex(concat(inputs.salt, event.properties.email));
}
return returnEvent;
`;

const SOURCE_HOG = `if (inputs.debug) {
  print('Incoming webhook', request.body);
}
if (request.headers['stripe-signature'] == null) {
  return {'httpResponse': {'status': 401, 'body': 'Missing signature'}};
}
postHogCapture({
  'event': f'stripe {request.body.type}',
  'distinct_id': request.body.data.object.customer,
  'properties': request.body.data.object
});
`;

const INTERNAL_HOG = `let res := fetch(inputs.webhook_url, {
  'method': 'POST',
  'body': {'text': f'New issue: {event.properties.name} ({event.properties.status})'}
});
`;

const SITE_DESTINATION_TS = `type Intercom = (command: string, ...args: unknown[]) => void;

export function onLoad({ inputs, posthog }) {
  const script: HTMLScriptElement = document.createElement('script');
  script.src = \`https://widget.intercom.io/widget/\${inputs.app_id}\`;
  document.head.appendChild(script);
  posthog.capture('intercom loaded', { region: inputs.region });
}

export function onEvent({ inputs, event, person }) {
  const intercom = (window as unknown as { Intercom?: Intercom }).Intercom;
  intercom?.('trackEvent', event.event, { ...event.properties, email: person.properties.email });
}
`;

const SITE_APP_TS = `interface BannerOptions {
  message: string;
  background: string;
}

export function onLoad({ inputs }) {
  const options: BannerOptions = { message: inputs.message, background: inputs.background ?? '#f9bd2b' };
  const bar = document.createElement('div');
  bar.textContent = options.message;
  bar.style.cssText = 'position:fixed;top:0;width:100%;padding:8px;background:' + options.background;
  document.body.prepend(bar);
}
`;

const LOG_REDACTION_HOG = `// Redacts email addresses from log lines before they are stored
let redacted := record;
redacted.body := replaceAll(record.body, inputs.pattern, '[redacted]');
print('Redacted a log line from', record.service_name);
return redacted;
`;

const eventsFilter = (...names: string[]): JsonObject => ({
  events: names.map((id, order) => ({ id, name: id, type: 'events', order })),
  actions: [],
  filter_test_accounts: true,
});

function seedHogFunctions(state: FakeState, rand: () => number, ids: () => string, now: number): void {
  const slackSchema: JsonObject[] = [
    { key: 'webhook_url', type: 'string', label: 'Slack webhook URL', required: true, secret: true },
    { key: 'text', type: 'string', label: 'Message', required: true, secret: false },
    { key: 'blocks', type: 'json', label: 'Blocks', required: false, secret: false },
  ];
  const webhookSchema: JsonObject[] = [
    { key: 'url', type: 'string', label: 'Webhook URL', required: true, secret: false },
    {
      key: 'method',
      type: 'choice',
      label: 'Method',
      choices: [
        { label: 'POST', value: 'POST' },
        { label: 'PUT', value: 'PUT' },
      ],
      default: 'POST',
      required: false,
      secret: false,
    },
    { key: 'body', type: 'json', label: 'JSON body', required: false, secret: false },
    { key: 'headers', type: 'dictionary', label: 'Headers', required: false, secret: false },
    { key: 'debug', type: 'boolean', label: 'Log responses', required: false, secret: false },
  ];
  const slackTemplate = findTemplate(state, 'template-slack');
  const webhookTemplate = findTemplate(state, 'template-webhook');
  const functions: SeedFunction[] = [
    {
      type: 'destination',
      name: 'Slack: new paying customer',
      description: 'Posts to #revenue when an organization starts paying',
      hog: SLACK_HOG,
      enabled: true,
      state: 1,
      inputs_schema: slackSchema,
      template: slackTemplate,
      inputs: {
        text: {
          value: '{person.name} at {groups.organization.properties.name} upgraded to {event.properties.plan}',
          templating: 'hog',
        },
      },
      secrets: { webhook_url: { value: 'https://hooks.slack.com/services/T000/B000/seed-secret-value' } },
      filters: eventsFilter('subscription_started'),
    },
    {
      type: 'destination',
      name: 'HubSpot: sync organizations',
      description: 'Keeps HubSpot companies in step with organization groups',
      hog: HUBSPOT_HOG,
      enabled: true,
      state: 2,
      inputs_schema: [{ key: 'access_token', type: 'string', label: 'Access token', required: true, secret: true }],
      secrets: { access_token: { value: 'pat-na1-seed-hubspot-token' } },
      filters: eventsFilter('$groupidentify'),
    },
    {
      // Still enabled, but PostHog's watcher disabled it (state 3) after its endpoint kept failing.
      type: 'destination',
      name: 'Zendesk: ticket on failed payment',
      description: 'Opens a support ticket when a payment fails',
      hog: WEBHOOK_HOG,
      enabled: true,
      state: 3,
      inputs_schema: webhookSchema,
      template: webhookTemplate,
      inputs: {
        url: { value: 'https://hedgebox.zendesk.com/api/v2/tickets' },
        method: { value: 'POST' },
        body: { value: { ticket: { subject: 'Payment failed: {person.properties.email}' } }, templating: 'hog' },
      },
      filters: eventsFilter('payment_failed'),
    },
    {
      type: 'destination',
      name: 'Webhook: billing service',
      description: 'Notifies the billing service about plan changes',
      hog: WEBHOOK_HOG,
      enabled: false,
      state: 3,
      inputs_schema: webhookSchema,
      template: webhookTemplate,
      inputs: {
        url: { value: 'https://billing.internal.example.com/hooks/posthog' },
        method: { value: 'POST' },
        body: { value: { event: '{event}', person: '{person}' }, templating: 'hog' },
        debug: { value: false },
      },
      filters: eventsFilter('plan_changed', 'subscription_cancelled'),
    },
    {
      type: 'destination',
      name: 'Customer.io: lifecycle events',
      description: 'Mirrors signup and activation events to Customer.io',
      hog: WEBHOOK_HOG,
      enabled: true,
      state: 1,
      inputs_schema: webhookSchema,
      inputs: { url: { value: 'https://track.customer.io/api/v2/entity' }, method: { value: 'POST' } },
      filters: { filter_test_accounts: true },
      mappings: [
        { name: 'Signed up', inputs_schema: [], inputs: {}, filters: eventsFilter('user signed up') },
        { name: 'Activated', inputs_schema: [], inputs: {}, filters: eventsFilter('project activated') },
      ],
    },
    {
      type: 'transformation',
      name: 'GeoIP enrichment',
      description: 'Adds $geoip_* properties from $ip',
      hog: GEOIP_HOG,
      enabled: true,
      state: 1,
      inputs_schema: [],
      execution_order: 1,
    },
    {
      type: 'transformation',
      name: 'Drop bot events',
      description: 'Drops events from crawlers and headless browsers',
      hog: BOT_HOG,
      enabled: true,
      state: 1,
      inputs_schema: [],
      execution_order: 2,
    },
    {
      type: 'transformation',
      name: 'Hash email addresses',
      description: 'Replaces the email property with a salted SHA-256',
      hog: HASH_HOG,
      enabled: true,
      state: 2,
      execution_order: 3,
      inputs_schema: [{ key: 'salt', type: 'string', label: 'Salt', required: true, secret: true }],
      secrets: { salt: { value: 'seed-salt-5c1d' } },
    },
    {
      type: 'site_destination',
      name: 'Intercom (site)',
      description: 'Loads the Intercom widget and forwards events',
      hog: SITE_DESTINATION_TS,
      enabled: true,
      state: 1,
      inputs_schema: [
        { key: 'app_id', type: 'string', label: 'Intercom app id', required: true, secret: false },
        {
          key: 'region',
          type: 'choice',
          label: 'Data region',
          choices: [
            { label: 'US', value: 'us' },
            { label: 'EU', value: 'eu' },
          ],
          default: 'us',
          required: false,
          secret: false,
        },
      ],
      inputs: { app_id: { value: 'abc123de' }, region: { value: 'eu' } },
      filters: eventsFilter('$pageview'),
    },
    {
      type: 'site_app',
      name: 'Maintenance banner',
      description: 'Shows a banner at the top of the app',
      hog: SITE_APP_TS,
      enabled: true,
      state: 1,
      inputs_schema: [
        { key: 'message', type: 'string', label: 'Message', required: true, secret: false },
        { key: 'background', type: 'string', label: 'Background', required: false, secret: false },
      ],
      inputs: { message: { value: 'Scheduled maintenance on Saturday 02:00 UTC' }, background: { value: '#f9bd2b' } },
    },
    {
      type: 'internal_destination',
      name: 'Error tracking: new issues to Slack',
      description: 'Alerts #errors when a new issue is created',
      hog: INTERNAL_HOG,
      enabled: true,
      state: 1,
      inputs_schema: [slackSchema[0] as JsonObject],
      secrets: { webhook_url: { value: 'https://hooks.slack.com/services/T000/B111/seed-errors' } },
      filters: { source: 'internal-events', ...eventsFilter('$error_tracking_issue_created') },
    },
    {
      type: 'source_webhook',
      name: 'Stripe webhook source',
      description: 'Captures Stripe webhooks as events',
      hog: SOURCE_HOG,
      enabled: true,
      state: 1,
      inputs_schema: [{ key: 'debug', type: 'boolean', label: 'Log payloads', required: false, secret: false }],
      inputs: { debug: { value: false } },
    },
    {
      type: 'destination',
      name: 'Old Zapier hook',
      description: 'Replaced by the billing webhook',
      hog: WEBHOOK_HOG,
      enabled: false,
      deleted: true,
      inputs_schema: webhookSchema,
      inputs: { url: { value: 'https://hooks.zapier.com/hooks/catch/1/abc' } },
    },
    {
      type: 'warehouse_source_webhook',
      name: 'Warehouse: Stripe',
      description: 'Hidden from this API',
      hog: SOURCE_HOG,
      enabled: true,
      state: 1,
      inputs_schema: [],
    },
    {
      project: 2,
      type: 'destination',
      name: 'Staging webhook',
      description: 'Echo server for staging',
      hog: WEBHOOK_HOG,
      enabled: true,
      state: 1,
      inputs_schema: webhookSchema,
      inputs: { url: { value: 'https://echo.staging.example.com' } },
    },
    {
      project: 2,
      type: 'transformation',
      name: 'Staging GeoIP',
      description: '',
      hog: GEOIP_HOG,
      enabled: false,
      state: 0,
      inputs_schema: [],
      execution_order: 1,
    },
    // Rows as old projects have them: no type (a destination), no name, never health-checked, author deleted.
    {
      type: null,
      name: 'Legacy webhook (no type)',
      description: 'Created before functions had a type',
      hog: WEBHOOK_HOG,
      enabled: true,
      state: null,
      createdBy: null,
      inputs_schema: webhookSchema,
      inputs: { url: { value: 'https://legacy.example.com/hook' }, method: { value: 'POST' } },
    },
    {
      type: 'destination',
      name: null,
      description: '',
      hog: WEBHOOK_HOG,
      enabled: false,
      state: null,
      createdBy: null,
      inputs_schema: webhookSchema,
      inputs: { url: { value: 'https://unnamed.example.com/hook' } },
    },
    {
      type: 'transformation_log',
      name: 'Redact emails in logs',
      description: 'Masks email addresses in log lines',
      hog: LOG_REDACTION_HOG,
      enabled: true,
      state: 1,
      execution_order: 1,
      inputs_schema: [{ key: 'pattern', type: 'string', label: 'Pattern to redact', required: true, secret: false }],
      inputs: { pattern: { value: '@example.com' } },
    },
  ];
  functions.forEach((spec, i) => {
    const created = YEAR_START + (20 + i * 9) * DAY + i * 3600e3;
    const updated = created + (5 + (i % 4)) * DAY;
    const fn: FakeHogFunction = {
      id: ids(),
      project_id: spec.project ?? 1,
      type: spec.type,
      name: spec.name,
      description: spec.description,
      created_at: isoFromMs(created),
      created_by_id: spec.createdBy === null ? null : state.user.id,
      updated_at: isoFromMs(updated),
      enabled: spec.enabled,
      deleted: spec.deleted ?? false,
      // Stored as PostHog's serializer saves it, with the defaults filled in.
      hog: spec.hog,
      inputs_schema: spec.inputs_schema.map((s) => ({ required: false, secret: false, hidden: false, ...s })),
      inputs: Object.fromEntries(
        Object.entries(spec.inputs ?? {}).map(([k, v]) => [
          k,
          { ...v, order: spec.inputs_schema.findIndex((s) => s.key === k) },
        ]),
      ),
      encrypted_inputs: spec.secrets ?? {},
      filters: normalizedFilters(spec.filters ?? {}, spec.mappings !== undefined),
      masking: null,
      mappings:
        spec.mappings?.map((m) => ({ ...m, filters: normalizedFilters(m.filters as JsonObject, false) })) ?? null,
      icon_url: spec.template?.icon_url ?? null,
      template: spec.template ?? null,
      status:
        spec.state === null
          ? null
          : { state: spec.state ?? 0, tokens: spec.state === 1 ? 10000 : spec.state === 2 ? 1200 : 0 },
      execution_order: spec.execution_order ?? null,
      batch_export_id: null,
      version: 1 + (i % 3),
    };
    state.hogFunctions.push(fn);
    writeActivity(
      state,
      {
        project_id: fn.project_id,
        scope: 'HogFunction',
        item_id: fn.id,
        activity: 'created',
        user_id: state.user.id,
        created_at: fn.created_at,
        detail: { name: fn.name, type: humanizeType(fn.type) },
      },
      ids(),
    );
    if (fn.enabled) {
      writeActivity(
        state,
        {
          project_id: fn.project_id,
          scope: 'HogFunction',
          item_id: fn.id,
          activity: 'updated',
          user_id: state.user.id,
          created_at: fn.updated_at,
          detail: {
            name: fn.name,
            type: humanizeType(fn.type),
            changes: [{ type: 'HogFunction', action: 'changed', field: 'enabled', before: false, after: true }],
          },
        },
        ids(),
      );
      seedMetrics(state, fn, now);
      seedLogs(state, fn, rand, ids, now);
    }
  });
}

const HOUR = 3600e3;

/** A small stable number from a name, so each function's runs stay the same whatever is seeded around it. */
const hashOf = (text: string): number =>
  [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);

/**
 * The function's runs over the last 31 days as PostHog's app metrics hold them (one row per name and hour). Healthy functions fail rarely; degraded ones (state 2) fail
 * more and more over the last day and a half and were throttled for the last 12 hours; the one PostHog disabled
 * (state 3) failed for a day, then every event that would have run it counts as `disabled_permanently`. Site
 * functions run in the browser, so PostHog records no runs for them.
 */
function seedMetrics(state: FakeState, fn: FakeHogFunction, now: number): void {
  if (effectiveType(fn.type).startsWith('site_')) return;
  const rand = seededRandom(hashOf(fn.name ?? fn.id));
  const thisHour = Math.floor(now / HOUR) * HOUR;
  const perHour = 20 + Math.floor(rand() * 60);
  const filteredShare = effectiveType(fn.type) === 'destination' ? 0.15 + rand() * 0.2 : 0;
  const add = (timestamp: number, kind: FakeMetric['metric_kind'], name: string, count: number) => {
    if (count > 0)
      state.metrics.push({
        app_source_id: fn.id,
        instance_id: null,
        timestamp: isoFromMs(timestamp),
        metric_kind: kind,
        metric_name: name,
        count,
      });
  };
  const batch = (start: number, hours: number) => {
    const age = (thisHour - start) / HOUR;
    // Busier in the (UTC) afternoon than at night.
    const daily = 0.6 + 0.4 * Math.sin(((new Date(start).getUTCHours() - 9) / 24) * 2 * Math.PI);
    const volume = Math.round(hours * perHour * daily * (0.75 + 0.5 * rand()));
    const filtered = Math.round(volume * filteredShare);
    const runs = volume - filtered;
    add(start, 'other', 'filtered', filtered);
    if (fn.status?.state === 3 && age < 48) {
      add(start, 'failure', 'disabled_permanently', runs);
      return;
    }
    const failureRate =
      fn.status?.state === 3
        ? age < 72
          ? 0.85
          : 0.05
        : fn.status?.state === 2
          ? age < 36
            ? 0.2 + 0.25 * rand()
            : 0.04 + 0.04 * rand()
          : 0.006 * rand();
    // Rounded at random, so an hour's rare failures still add up over a week as they do in PostHog.
    const failed = Math.min(runs, Math.floor(runs * failureRate + rand()));
    const throttled =
      fn.status?.state === 2 && age < 12 ? Math.min(runs - failed, Math.floor(runs * 0.1 * rand() + rand())) : 0;
    add(start, 'success', 'succeeded', runs - failed - throttled);
    add(start, 'failure', 'failed', failed);
    add(start, 'failure', 'disabled_temporarily', throttled);
    // Counters PostHog records besides the outcomes: every invocation it triggered, and (destinations) one billable
    // invocation per triggering event. They count the same events again, so they are no runs to add up.
    if (effectiveType(fn.type) === 'destination') {
      add(start, 'other', 'triggered', runs - throttled);
      add(start, 'billing', 'billable_invocation', runs - throttled);
    }
  };
  // Hourly: in 6-hour batches, a 30-day window starting late in the day (after 18:00) found no batch in its first day.
  for (let start = thisHour - 31 * 24 * HOUR; start <= thisHour; start += HOUR) batch(start, 1);
}

/** A few recent invocations' logs; the function PostHog disabled stopped logging when it was disabled, two days ago. */
function seedLogs(state: FakeState, fn: FakeHogFunction, rand: () => number, ids: () => string, now: number): void {
  const lastRun = fn.status?.state === 3 ? now - 48 * HOUR : now - 5 * 60e3;
  for (let run = 0; run < 8; run++) {
    const instance = ids();
    const start = lastRun - (7 - run) * 47 * 60e3 - Math.floor(rand() * 60e3);
    const failedRun = fn.status?.state === 3 || (fn.status?.state === 2 && run % 3 === 0);
    const lines: [FakeLogEntry['level'], string][] = [
      ['DEBUG', 'Executing function'],
      ['INFO', fn.type === 'transformation' ? 'Transformed event' : `Fetch response: status ${failedRun ? 502 : 200}`],
      failedRun
        ? ['ERROR', `Error executing function on event ${ids()}: Error('Request failed with status 502')`]
        : [
            'DEBUG',
            `Function completed in ${10 + run}ms. Sync: 0ms. Mem: 0.1kb. Ops: 42. Event: 'https://us.posthog.com/project/1/events/${ids()}'`,
          ],
    ];
    if (run === 4) lines.splice(2, 0, ['WARN', 'Fetch retried after a timeout']);
    lines.forEach(([level, message], n) =>
      state.logs.push({
        log_source_id: fn.id,
        instance_id: instance,
        timestamp: isoFromMs(start + n * 7),
        level,
        message,
      }),
    );
  }
}

/**
 * People and their recent events in project 1, placed back from the moment the local PostHog starts so "the last 7 days"
 * always holds them: page views (one from a crawler, some from addresses GeoIP knows), subscriptions, failed payments,
 * group identifies and plan changes, for the seeded functions' filters to pick from. Two actions refer to them.
 */
function seedEvents(state: FakeState, ids: () => string, now: number): void {
  const people: [string, JsonObject][] = [
    ['ada-42', { email: 'ada@example.com', name: 'Ada Lovelace', plan: 'team' }],
    ['grace-7', { email: 'grace@example.com', name: 'Grace Hopper', plan: 'enterprise' }],
    ['linus-3', { email: 'linus@example.com', name: 'Linus Torvalds' }],
    ['margaret-9', { email: 'margaret@example.com', name: 'Margaret Hamilton', plan: 'free' }],
  ];
  for (const [distinctId, properties] of people) {
    state.persons.push({
      uuid: ids(),
      project_id: 1,
      distinct_ids: [distinctId],
      properties,
      created_at: isoFromMs(YEAR_START + 3 * DAY),
    });
  }
  const org = (n: number) => ({ organization: `org:${1000 + n}` });
  const page = (path: string, extra: JsonObject = {}): JsonObject => ({
    $current_url: `https://app.hedgebox.example.com${path}`,
    $host: 'app.hedgebox.example.com',
    $pathname: path,
    $browser: 'Chrome',
    $os: 'Mac OS X',
    $raw_user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
    ...extra,
  });
  // [minutes ago, event, distinct id, properties]
  const events: [number, string, string, JsonObject][] = [
    [3, '$pageview', 'ada-42', page('/pricing', { $ip: '89.160.20.112', $groups: org(0) })],
    [9, 'subscription_started', 'ada-42', { plan: 'growth', amount: 490, currency: 'USD', $groups: org(0) }],
    [
      14,
      '$pageview',
      'crawler-bot',
      page('/', {
        $browser: 'Other',
        $raw_user_agent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      }),
    ],
    [
      22,
      '$groupidentify',
      'grace-7',
      { $group_type: 'organization', $group_key: 'org:1001', $group_set: { plan: 'enterprise' }, $groups: org(1) },
    ],
    [
      35,
      'payment_failed',
      'margaret-9',
      { amount: 29, currency: 'EUR', reason: 'card_declined', email: 'margaret@example.com', $groups: org(2) },
    ],
    [48, '$pageview', 'grace-7', page('/files', { $ip: '81.2.69.142', $browser: 'Firefox', $groups: org(1) })],
    [75, 'plan_changed', 'grace-7', { plan: 'enterprise', previous_plan: 'growth', $groups: org(1) }],
    [130, 'user signed up', 'linus-3', { signup_method: 'github', $groups: org(3) }],
    [190, 'project activated', 'linus-3', { $groups: org(3) }],
    [
      260,
      '$pageview',
      'linus-3',
      page('/settings', { $ip: '216.160.83.56', $browser: 'Safari', $os: 'iOS', $groups: org(3) }),
    ],
    [420, 'subscription_started', 'grace-7', { plan: 'enterprise', amount: 2900, currency: 'USD', $groups: org(1) }],
    [600, 'subscription_cancelled', 'margaret-9', { plan: 'free', reason: 'too expensive', $groups: org(2) }],
    [1500, '$pageview', 'margaret-9', page('/pricing', { $groups: org(2) })],
    [
      2900,
      'payment_failed',
      'ada-42',
      { amount: 490, currency: 'USD', reason: 'insufficient_funds', email: 'ada@example.com', $groups: org(0) },
    ],
    [
      4300,
      '$groupidentify',
      'ada-42',
      { $group_type: 'organization', $group_key: 'org:1000', $group_set: { plan: 'growth' }, $groups: org(0) },
    ],
    [8600, '$pageview', 'ada-42', page('/files/shared', { $groups: org(0) })],
    [13000, 'subscription_started', 'linus-3', { plan: 'startup', amount: 99, currency: 'USD', $groups: org(3) }],
  ];
  for (const [minutesAgo, event, distinctId, properties] of events) {
    const at = isoFromMs(now - minutesAgo * 60e3);
    state.events.push({
      uuid: ids(),
      project_id: 1,
      event,
      distinct_id: distinctId,
      timestamp: at,
      properties,
      elements_chain: '',
      created_at: at,
    });
  }
  state.actions.push(
    {
      id: 1,
      project_id: 1,
      name: 'Upgraded',
      steps: [
        { event: 'subscription_started' },
        { event: 'plan_changed', properties: [{ key: 'plan', value: 'enterprise', operator: 'exact', type: 'event' }] },
      ],
    },
    {
      id: 2,
      project_id: 1,
      name: 'Viewed pricing',
      steps: [{ event: '$pageview', url: '/pricing', url_matching: 'contains' }],
    },
  );
}

/** Bulk groups for paging and performance tests; keys `bulk-<index>-<n>`, no activity (like an import). */
export function seedBulkGroups(
  state: FakeState,
  projectId: number,
  groupTypeIndex: number,
  count: number,
  propertiesPerGroup = 5,
): void {
  const rand = seededRandom(groupTypeIndex * 7919 + count);
  if (!state.groupTypes.some((t) => t.project_id === projectId && t.group_type_index === groupTypeIndex)) {
    state.groupTypes.push({
      project_id: projectId,
      group_type: `bulk_${groupTypeIndex}`,
      group_type_index: groupTypeIndex,
      name_singular: null,
      name_plural: null,
      detail_dashboard: null,
      default_columns: null,
      created_at: null,
    });
  }
  const existing = state.groups.filter(
    (g) => g.group_type_index === groupTypeIndex && g.project_id === projectId,
  ).length;
  const start = microsFromIso('2026-06-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const n = existing + i;
    const properties: JsonObject = { name: `Bulk group ${n}` };
    for (let p = 1; p < propertiesPerGroup; p++)
      properties[`prop_${String(p).padStart(4, '0')}`] =
        p % 3 === 0 ? Math.floor(rand() * 1000) : p % 3 === 1 ? `value ${Math.floor(rand() * 1e6)}` : rand() < 0.5;
    insertGroup(
      state,
      {
        projectId,
        groupTypeIndex,
        groupKey: `bulk-${groupTypeIndex}-${String(n).padStart(6, '0')}`,
        properties,
        createdAtUs: start + n * 1_000_000,
        userId: null,
        createdAtIso: isoFromMicros(start + n * 1_000_000),
      },
      { sideEffects: false },
    );
    if (i === 0)
      for (const [name, value] of Object.entries(properties))
        upsertPropertyDefinition(state, projectId, groupTypeIndex, name, value);
  }
}
