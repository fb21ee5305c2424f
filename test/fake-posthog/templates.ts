// Hog function templates (§9.5): PostHog's global catalog, listed per type (most used first, deprecated left out)
// and fetched one by one (any status). Fields PostHog's schema marks nullable or optional are null or missing on
// some rows here, as in real data.
import { type FakeResponse, type RequestContext, type Route, limitOffsetPage, notFound, ok } from './http';
import type { FakeState, HogFunctionTemplate, Json, JsonObject } from './types';

const WEBHOOK_CODE = `let payload := {
  'headers': inputs.headers,
  'body': inputs.body,
  'method': inputs.method
};

if (inputs.debug) {
  print('Request', inputs.url, payload);
}

let res := fetch(inputs.url, payload);

if (inputs.debug) {
  print('Response', res.status, res.body);
}
`;

const SLACK_CODE = `let res := fetch(inputs.webhook_url, {
  'body': {
    'text': inputs.text,
    'blocks': inputs.blocks
  },
  'method': 'POST',
  'headers': {'Content-Type': 'application/json'}
});

if (res.status != 200 or res.body != 'ok') {
  throw Error(f'Failed to post message to Slack: {res.status}: {res.body}');
}
`;

const DISCORD_CODE = `let res := fetch(inputs.webhookUrl, {
  'body': {'content': inputs.content},
  'method': 'POST',
  'headers': {'Content-Type': 'application/json'}
});

if (res.status >= 400) {
  throw Error(f'Failed to post message to Discord: {res.status}: {res.body}');
}
`;

const CUSTOMERIO_CODE = `let action := inputs.action;
let name := event.event;

if (action == 'automatic') {
  if (event.event in ('$identify', '$set')) {
    action := 'identify';
    name := null;
  } else {
    action := 'event';
  }
}

let attributes := inputs.include_all_properties ? event.properties : {};
let auth := base64Encode(f'{inputs.site_id}:{inputs.token}');
let res := fetch(f'https://{inputs.host}/api/v2/entity', {
  'method': 'POST',
  'headers': {
    'User-Agent': 'PostHog Customer.io App',
    'Authorization': f'Basic {auth}',
    'Content-Type': 'application/json'
  },
  'body': {
    'type': 'person',
    'action': action,
    'name': name,
    'identifiers': inputs.identifiers,
    'attributes': attributes
  }
});

if (res.status >= 400) {
  throw Error(f'Error from customer.io api: {res.status}: {res.body}');
}
`;

const SALESFORCE_CODE = `let res := fetch(f'{inputs.oauth.instance_url}/services/data/v61.0/sobjects/{inputs.model}', {
  'body': inputs.properties,
  'method': 'POST',
  'headers': {
    'Authorization': f'Bearer {inputs.oauth.access_token}',
    'Content-Type': 'application/json'
  }
});

if (res.status >= 400) {
  throw Error(f'Failed to create the Salesforce record: {res.status}: {res.body}');
}
`;

const AVO_CODE = `let res := fetch('https://api.avo.app/inspector/posthog/v1/track', {
  'method': 'POST',
  'headers': {'env': inputs.environment, 'api-key': inputs.apiKey, 'content-type': 'application/json'},
  'body': [{'eventName': event.event, 'messageId': event.uuid, 'createdAt': event.timestamp}]
});
`;

const CAPTURE_CODE = `postHogCapture({
  'event': inputs.event,
  'distinct_id': inputs.distinct_id,
  'properties': inputs.properties
});
`;

const ZAPIER_CODE = `fetch(f'https://hooks.zapier.com/{inputs.hook}', {
  'method': 'POST',
  'body': inputs.body
});
`;

const GEOIP_CODE = `// Adds $geoip_* properties from the event's $ip
let ip := event.properties.$ip;
if (not ip or ip == '127.0.0.1') {
  return event;
}
let geoipProperties := geoipLookup(ip);
let returnEvent := event;
for (let key, value in geoipProperties) {
  returnEvent.properties[f'$geoip_{key}'] := value;
}
return returnEvent;
`;

const PII_HASHING_CODE = `let returnEvent := event;
for (let propertyName, path in inputs.propertiesToHash) {
  let value := returnEvent.properties[propertyName];
  if (value) {
    returnEvent.properties[propertyName] := sha256Hex(concat(toString(value), inputs.salt));
  }
}
return returnEvent;
`;

const INTERCOM_SITE_CODE = `export function onLoad({ inputs, posthog }) {
  window.intercomSettings = { api_base: 'https://api-iam.intercom.io', app_id: inputs.app_id };
  const script = document.createElement('script');
  script.src = 'https://widget.intercom.io/widget/' + inputs.app_id;
  document.head.appendChild(script);
}

export function onEvent({ inputs, event, person }) {
  window.Intercom?.('trackEvent', event.event, event.properties);
}
`;

const NOTIFICATION_BAR_CODE = `export function onLoad({ inputs }) {
  const bar = document.createElement('div');
  bar.textContent = inputs.message;
  bar.style.cssText = 'position:fixed;left:0;width:100%;padding:8px;z-index:9999;' + inputs.position + ':0;background:' + inputs.backgroundColor;
  document.body.prepend(bar);
}
`;

const SOURCE_WEBHOOK_CODE = `if (inputs.debug) {
  print('Incoming request', request.body);
}

if (not inputs.event or not inputs.distinct_id) {
  return {'httpResponse': {'status': 400, 'body': 'Missing event or distinct_id'}};
}

postHogCapture({
  'event': inputs.event,
  'distinct_id': inputs.distinct_id,
  'properties': inputs.properties
});
`;

const events = (...names: string[]): JsonObject => ({
  events: names.map((id, order) => ({ id, name: id, type: 'events', order })),
  actions: [],
});

/** A stable template as PostHog's serializer returns it; `extra` fills or overrides the rest. */
function template(
  id: string,
  name: string,
  type: string,
  code: string,
  inputsSchema: JsonObject[],
  extra: Partial<HogFunctionTemplate> = {},
): HogFunctionTemplate {
  return {
    id,
    name,
    description: `${name} (template)`,
    code,
    code_language: type.startsWith('site_') ? 'javascript' : 'hog',
    inputs_schema: inputsSchema,
    type,
    status: 'stable',
    category: [],
    free: true,
    icon_url: `/static/services/${id.replace('template-', '')}.png`,
    filters: null,
    masking: null,
    mapping_templates: null,
    ...extra,
  };
}

export const SLACK_SCHEMA: JsonObject[] = [
  {
    key: 'webhook_url',
    type: 'string',
    label: 'Slack webhook URL',
    description: 'An incoming webhook of your Slack app',
    required: true,
    secret: true,
  },
  {
    key: 'text',
    type: 'string',
    label: 'Message',
    default: "*{person.name}* triggered event: '{event.event}'",
    required: true,
    secret: false,
  },
  { key: 'blocks', type: 'json', label: 'Blocks', required: false, secret: false },
];

export const WEBHOOK_SCHEMA: JsonObject[] = [
  { key: 'url', type: 'string', label: 'Webhook URL', required: true, secret: false },
  {
    key: 'method',
    type: 'choice',
    label: 'Method',
    choices: [
      { label: 'POST', value: 'POST' },
      { label: 'PUT', value: 'PUT' },
      { label: 'PATCH', value: 'PATCH' },
      { label: 'GET', value: 'GET' },
    ],
    default: 'POST',
    required: false,
    secret: false,
  },
  {
    key: 'body',
    type: 'json',
    label: 'JSON body',
    default: { event: '{event}', person: '{person}' },
    required: false,
    secret: false,
  },
  {
    key: 'headers',
    type: 'dictionary',
    label: 'Headers',
    default: { 'Content-Type': 'application/json' },
    required: false,
    secret: false,
  },
  {
    key: 'debug',
    type: 'boolean',
    label: 'Log responses',
    description: 'Logs the response of http calls for debugging.',
    default: false,
    required: false,
    secret: false,
  },
];

/** PostHog's catalog as the local PostHog serves it: one or more per creatable type, plus hidden, deprecated and sparse rows. */
export function templateCatalog(): HogFunctionTemplate[] {
  return [
    template('template-webhook', 'HTTP Webhook', 'destination', WEBHOOK_CODE, WEBHOOK_SCHEMA, {
      description: 'Sends a webhook templated by the incoming event data',
      category: ['Custom'],
    }),
    template('template-slack', 'Slack', 'destination', SLACK_CODE, SLACK_SCHEMA, {
      description: 'Sends a message to a Slack channel',
      category: ['Customer Success'],
    }),
    template(
      'template-discord',
      'Discord',
      'destination',
      DISCORD_CODE,
      [
        {
          key: 'webhookUrl',
          type: 'string',
          label: 'Webhook URL',
          description: 'See the Discord docs for creating a webhook',
          required: true,
          secret: true,
        },
        {
          key: 'content',
          type: 'string',
          label: 'Content',
          default: "**{person.name}** triggered event: '{event.event}'",
          required: true,
          secret: false,
        },
      ],
      { description: 'Sends a message to a Discord channel', category: ['Customer Success'] },
    ),
    template(
      'template-customerio',
      'Customer.io',
      'destination',
      CUSTOMERIO_CODE,
      [
        { key: 'site_id', type: 'string', label: 'Customer.io site ID', required: true, secret: true },
        {
          key: 'token',
          type: 'string',
          label: 'Customer.io API Key',
          description: 'You can find your API key in your Customer.io account settings',
          required: true,
          secret: true,
        },
        {
          key: 'host',
          type: 'choice',
          label: 'Customer.io region',
          choices: [
            { label: 'US (track.customer.io)', value: 'track.customer.io' },
            { label: 'EU (track-eu.customer.io)', value: 'track-eu.customer.io' },
          ],
          default: 'track.customer.io',
          required: true,
          secret: false,
        },
        {
          key: 'action',
          type: 'choice',
          label: 'Action',
          choices: [
            { label: 'Automatic', value: 'automatic' },
            { label: 'Identify', value: 'identify' },
            { label: 'Track event', value: 'event' },
          ],
          default: 'automatic',
          required: true,
          secret: false,
        },
        {
          key: 'include_all_properties',
          type: 'boolean',
          label: 'Include all properties as attributes',
          default: false,
          required: true,
          secret: false,
        },
        {
          key: 'identifiers',
          type: 'dictionary',
          label: 'Identifiers',
          default: { email: '{person.properties.email}' },
          required: false,
          secret: false,
        },
      ],
      {
        description: 'Identify or track events against customers in Customer.io',
        category: ['Email Marketing'],
        status: 'beta',
        filters: events('$identify', '$pageview'),
        mapping_templates: [
          {
            name: 'Identify',
            include_by_default: true,
            filters: events('$identify'),
            inputs: { action: { value: 'identify' } },
            inputs_schema: null,
          },
          {
            name: 'Page view',
            include_by_default: false,
            filters: events('$pageview'),
            inputs: null,
            inputs_schema: null,
          },
        ],
      },
    ),
    template(
      'template-salesforce-create',
      'Salesforce',
      'destination',
      SALESFORCE_CODE,
      [
        {
          key: 'oauth',
          type: 'integration',
          integration: 'salesforce',
          label: 'Salesforce account',
          required: true,
          secret: false,
        },
        { key: 'model', type: 'string', label: 'Object', default: 'Contact', required: true, secret: false },
        {
          key: 'properties',
          type: 'dictionary',
          label: 'Properties',
          default: { Email: '{person.properties.email}' },
          required: false,
          secret: false,
        },
      ],
      {
        description: 'Creates objects in Salesforce',
        category: ['CRM', 'Customer Success'],
        status: 'alpha',
        free: false,
      },
    ),
    // A sparse row: PostHog marks description and icon_url nullable and status, category, free optional.
    {
      id: 'template-avo',
      name: 'Avo',
      description: null,
      code: AVO_CODE,
      code_language: 'hog',
      type: 'destination',
      icon_url: null,
      filters: null,
      masking: null,
      mapping_templates: null,
      inputs_schema: [
        { key: 'apiKey', type: 'string', label: 'Avo.app API key', required: true, secret: true },
        { key: 'environment', type: 'string', label: 'Environment', default: 'dev', required: false, secret: false },
      ],
    },
    template(
      'template-posthog-capture',
      'Capture a PostHog event',
      'destination',
      CAPTURE_CODE,
      [
        { key: 'event', type: 'string', label: 'Event name', required: true, secret: false },
        {
          key: 'distinct_id',
          type: 'string',
          label: 'Distinct ID',
          default: '{event.distinct_id}',
          required: true,
          secret: false,
        },
        { key: 'properties', type: 'dictionary', label: 'Properties', required: false, secret: false },
      ],
      { description: 'A building block of workflows', status: 'hidden', category: ['Custom'] },
    ),
    template(
      'template-zapier',
      'Zapier',
      'destination',
      ZAPIER_CODE,
      [
        { key: 'hook', type: 'string', label: 'Zapier hook path', required: true, secret: false },
        {
          key: 'body',
          type: 'json',
          label: 'JSON body',
          default: { event: '{event}' },
          required: false,
          secret: false,
        },
      ],
      { description: 'Replaced by the HTTP webhook', status: 'deprecated', category: ['Custom'] },
    ),
    // Announced in PostHog's chooser as coming soon (the Node template type's `coming_soon`), not yet creatable there.
    template(
      'template-linear',
      'Linear',
      'destination',
      DISCORD_CODE,
      [
        { key: 'webhookUrl', type: 'string', label: 'Linear webhook URL', required: true, secret: true },
        { key: 'content', type: 'string', label: 'Content', default: '{event.event}', required: true, secret: false },
      ],
      { description: 'Creates Linear issues from events', status: 'coming_soon', category: ['Product Management'] },
    ),
    template('template-geoip', 'GeoIP', 'transformation', GEOIP_CODE, [], {
      description: 'Adds geoip data to the event',
      category: ['Custom'],
    }),
    template(
      'template-pii-hashing',
      'PII Data Hashing',
      'transformation',
      PII_HASHING_CODE,
      [
        {
          key: 'salt',
          type: 'string',
          label: 'Salt',
          description: 'A secret salt mixed into every hash',
          required: true,
          secret: true,
        },
        {
          key: 'propertiesToHash',
          type: 'dictionary',
          label: 'Properties to hash',
          default: { $email: '{event.properties.$email}' },
          required: true,
          secret: false,
        },
      ],
      { description: 'Replaces sensitive properties with a salted SHA-256 hash', status: 'beta', category: ['Custom'] },
    ),
    template(
      'template-intercom-site',
      'Intercom (site)',
      'site_destination',
      INTERCOM_SITE_CODE,
      [{ key: 'app_id', type: 'string', label: 'Intercom app ID', required: true, secret: false }],
      { description: 'Loads the Intercom messenger on your site and forwards events', category: ['Customer Success'] },
    ),
    template(
      'template-notification-bar',
      'Notification Bar',
      'site_app',
      NOTIFICATION_BAR_CODE,
      [
        { key: 'message', type: 'string', label: 'Message', default: '🚀 Product 2.0!', required: true, secret: false },
        {
          key: 'backgroundColor',
          type: 'string',
          label: 'Background color',
          default: '#ebebeb',
          required: false,
          secret: false,
        },
        {
          key: 'position',
          type: 'choice',
          label: 'Position',
          choices: [
            { label: 'Top', value: 'top' },
            { label: 'Bottom', value: 'bottom' },
          ],
          default: 'top',
          required: true,
          secret: false,
        },
      ],
      { description: 'Shows a notification bar on your website', category: ['Custom'] },
    ),
    template(
      'template-source-webhook',
      'HTTP Incoming Webhook',
      'source_webhook',
      SOURCE_WEBHOOK_CODE,
      [
        {
          key: 'event',
          type: 'string',
          label: 'Event name',
          default: '{request.body.event}',
          required: true,
          secret: false,
        },
        {
          key: 'distinct_id',
          type: 'string',
          label: 'Distinct ID',
          default: '{request.body.distinct_id}',
          required: true,
          secret: false,
        },
        {
          key: 'properties',
          type: 'dictionary',
          label: 'Properties',
          default: { $lib: 'posthog-webhook' },
          required: false,
          secret: false,
        },
        { key: 'debug', type: 'boolean', label: 'Log payloads', default: false, required: false, secret: false },
      ],
      { description: 'Captures an event from each incoming HTTP request', category: ['Custom'] },
    ),
  ];
}

export function findTemplate(state: FakeState, id: string): HogFunctionTemplate | undefined {
  return state.templates.find((t) => t.id === id);
}

/** Enabled, non-deleted functions per template across every project: PostHog orders the list by it. */
function usage(state: FakeState): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of state.hogFunctions) {
    if (f.enabled && !f.deleted && f.template) counts.set(f.template.id, (counts.get(f.template.id) ?? 0) + 1);
  }
  return counts;
}

function list(ctx: RequestContext): FakeResponse {
  const q = ctx.query;
  const types = q.get('type')
    ? [q.get('type') as string]
    : q.get('types')
      ? (q.get('types') as string).split(',')
      : ['destination'];
  const templateId = q.get('template_id');
  // The project mount keeps hidden templates (workflows render them); only deprecated ones are left out.
  const found = ctx.state.templates.filter(
    (t) => types.includes(t.type) && t.status !== 'deprecated' && (!templateId || t.id === templateId),
  );
  const page = limitOffsetPage(ctx, found, 100);
  const used = usage(ctx.state);
  // PostHog sorts each page after paginating it, by usage and then by lower-cased name.
  const results = [...page.results].sort(
    (a, b) => (used.get(b.id) ?? 0) - (used.get(a.id) ?? 0) || a.name.toLowerCase().localeCompare(b.name.toLowerCase()),
  );
  return ok({ ...page, results: results as unknown as Json[] });
}

function retrieve(ctx: RequestContext, [id]: string[]): FakeResponse {
  const found = findTemplate(ctx.state, id ?? '');
  if (!found) throw notFound();
  return ok(found);
}

const read = ['hog_function:read'];

export const templateRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^hog_function_templates$/,
    scopes: read,
    auth: 'bearer-401',
    prefixes: ['projects'],
    handle: list,
  },
  {
    method: 'GET',
    pattern: /^hog_function_templates\/([^/]+)$/,
    scopes: read,
    auth: 'bearer-401',
    prefixes: ['projects'],
    handle: retrieve,
  },
];
