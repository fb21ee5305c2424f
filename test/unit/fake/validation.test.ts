// The fake PostHog refuses on save what PostHog's newest server refuses (posthog-api.md §10.2), with PostHog's bodies:
// the cap on enabled transformations, reserved function names, log transformations behind a feature flag, enabling
// over an open draft, hyphens read as subtraction, and transformation inputs that use person or groups.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { call, P, useFake } from './helpers';

const error = (attr: string | null, detail: string) => ({
  type: 'validation_error',
  code: 'invalid_input',
  detail,
  attr,
});

describe('fake PostHog: validation on save (§10.2)', () => {
  const fake = useFake();
  afterEach(() => fake().reset());
  const create = (body: Record<string, unknown>) => call(fake(), 'POST', `${P}/hog_functions/`, { body });
  const transformation = (n: number, enabled = true) => ({
    type: 'transformation',
    name: `T${n}`,
    hog: 'return event',
    enabled,
  });

  it('caps enabled transformations at 20 per project, counting an enable and a restore alike; disabled ones are unlimited', async () => {
    const running = () =>
      fake().state.hogFunctions.filter(
        (f) => f.project_id === 1 && f.type === 'transformation' && f.enabled && !f.deleted,
      ).length;
    for (let n = running(); n < 20; n++) assert.equal((await create(transformation(n))).status, 201);
    const refused = await create(transformation(21));
    assert.deepEqual(
      [refused.status, refused.body],
      [
        400,
        error(
          'type',
          'Maximum of 20 enabled transformation functions allowed per team. Please contact support if you need this limit increased, or disable some existing ones.',
        ),
      ],
    );
    const off = await create(transformation(22, false));
    assert.equal(off.status, 201);
    assert.equal(
      (await call(fake(), 'PATCH', `${P}/hog_functions/${off.body.id}/`, { body: { enabled: true } })).body.attr,
      'type',
    );
    // A running one may still be edited.
    const one = fake().state.hogFunctions.find((f) => f.type === 'transformation' && f.enabled && f.project_id === 1)!;
    assert.equal(
      (await call(fake(), 'PATCH', `${P}/hog_functions/${one.id}/`, { body: { name: 'Renamed' } })).status,
      200,
    );
    // Deleting one makes room; restoring it once the room is taken again counts like enabling it.
    assert.equal(
      (await call(fake(), 'PATCH', `${P}/hog_functions/${one.id}/`, { body: { deleted: true } })).status,
      200,
    );
    assert.equal((await create(transformation(23))).status, 201);
    assert.equal(
      (await call(fake(), 'PATCH', `${P}/hog_functions/${one.id}/`, { body: { deleted: false } })).body.attr,
      'type',
    );
  });

  it('caps enabled log transformations at 5, and creating them is behind the logs-transformations flag', async () => {
    const log = (n: number) => ({ type: 'transformation_log', name: `L${n}`, hog: 'return record', enabled: true });
    const running = () =>
      fake().state.hogFunctions.filter(
        (f) => f.project_id === 1 && f.type === 'transformation_log' && f.enabled && !f.deleted,
      ).length;
    for (let n = running(); n < 5; n++) assert.equal((await create(log(n))).status, 201);
    assert.equal(
      (await create(log(6))).body.detail,
      'Maximum of 5 enabled transformation log functions allowed per team. Please contact support if you need this limit increased, or disable some existing ones.',
    );
    fake().setFeatureFlag('logs-transformations', false);
    try {
      const refused = await create({ ...log(7), enabled: false });
      assert.deepEqual(
        [refused.status, refused.body],
        [400, error('type', 'Log transformations are not enabled for this team.')],
      );
      const existing = fake().state.hogFunctions.find((f) => f.type === 'transformation_log')!;
      assert.equal(
        (await call(fake(), 'PATCH', `${P}/hog_functions/${existing.id}/`, { body: { name: 'Still editable' } }))
          .status,
        200,
        'only creating is gated',
      );
    } finally {
      fake().setFeatureFlag('logs-transformations', true);
    }
  });

  it("refuses code that calls a function reserved for PostHog's workflows", async () => {
    const refused = await create({ type: 'destination', name: 'Mailer', hog: "sendEmail({'to': inputs.to})" });
    assert.deepEqual(
      [refused.status, refused.body],
      [
        400,
        error(
          'hog',
          "Reserved for PostHog's own use and not callable from a function's code: sendEmail. Use the matching workflow step or destination template instead.",
        ),
      ],
    );
  });

  it('refuses a hyphenated name that PostHog would read as a subtraction, in code and in input templates', async () => {
    const code = await create({
      type: 'destination',
      name: 'Hyphen',
      hog: 'let source := event.properties.utm-source\nreturn source',
    });
    assert.deepEqual(
      [code.status, code.body],
      [
        400,
        error(
          'hog',
          "Hyphens are not supported in identifiers and are interpreted as subtraction. Use bracket notation: event.properties['utm-source']",
        ),
      ],
    );
    assert.equal(
      (await create({ type: 'destination', name: 'Spaced', hog: 'return event.properties.a - b' })).status,
      201,
      'a subtraction with spaces is one',
    );
    const input = await create({
      type: 'destination',
      name: 'Hyphen input',
      hog: 'return inputs.source',
      inputs_schema: [{ key: 'source', type: 'string', label: 'Source' }],
      inputs: { source: { value: 'from {event.properties.utm-source}' } },
    });
    assert.deepEqual(
      [input.status, input.body],
      [
        400,
        error(
          'inputs__source',
          "Invalid template: Hyphens are not supported in identifiers and are interpreted as subtraction. Use bracket notation: event.properties['utm-source']",
        ),
      ],
    );
  });

  it('refuses transformation inputs that use person or groups: transformations run before persons are processed', async () => {
    const refused = await create({
      type: 'transformation',
      name: 'Tag',
      hog: 'return event',
      enabled: false,
      inputs_schema: [
        { key: 'who', type: 'string', label: 'Who' },
        { key: 'extra', type: 'dictionary', label: 'Extra' },
      ],
      inputs: {
        who: { value: '{event.distinct_id}' },
        extra: { value: { plan: '{groups.organization.properties.plan} for {person.properties.email}' } },
      },
    });
    assert.deepEqual(
      [refused.status, refused.body],
      [
        400,
        error(
          'inputs__extra',
          'Invalid template: Variable not available in transformations: groups, person. Transformations only have access to project, event, and inputs.',
        ),
      ],
    );
    // A destination may use them.
    assert.equal(
      (
        await create({
          type: 'destination',
          name: 'Fine',
          hog: 'return 1',
          inputs_schema: [{ key: 'e', type: 'string', label: 'E' }],
          inputs: { e: { value: '{person.properties.email}' } },
        })
      ).status,
      201,
    );
  });

  it('refuses enabling a function that has an open draft', async () => {
    const fn = fake().state.hogFunctions.find(
      (f) => f.project_id === 1 && f.type === 'destination' && !f.enabled && !f.deleted,
    )!;
    fn.draft = { hog: 'return 2' };
    const refused = await call(fake(), 'PATCH', `${P}/hog_functions/${fn.id}/`, { body: { enabled: true } });
    assert.deepEqual(
      [refused.status, refused.body],
      [
        400,
        error(
          'enabled',
          "This function has config staged for review. Publish or discard it before enabling, so you don't turn on config nobody looked at.",
        ),
      ],
    );
  });

  it('answers the same rules in a test invocation as the raw serializer dict', async () => {
    const r = await call(fake(), 'POST', `${P}/hog_functions/new/invocations/`, {
      body: { configuration: { type: 'destination', hog: 'sendEmail({})' }, globals: { event: { event: 'x' } } },
    });
    assert.deepEqual(
      [r.status, r.body],
      [
        400,
        {
          configuration: {
            hog: [
              "Reserved for PostHog's own use and not callable from a function's code: sendEmail. Use the matching workflow step or destination template instead.",
            ],
          },
        },
      ],
    );
  });
});
