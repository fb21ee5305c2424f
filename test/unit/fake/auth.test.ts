// The local PostHog authenticates, checks scopes and routes as PostHog does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { P, call, useFake } from './helpers';

describe('fake PostHog: authentication, scopes and routing', () => {
  const fake = useFake();

  it('answers 401 with WWW-Authenticate for groups and hog functions without a key', async () => {
    for (const path of [`${P}/groups/?group_type_index=0`, `${P}/hog_functions/`]) {
      const r = await call(fake(), 'GET', path, { key: null });
      assert.equal(r.status, 401);
      assert.match(
        r.headers.get('www-authenticate') ?? '',
        /^Bearer resource_metadata=".*\/\.well-known\/oauth-protected-resource"$/,
      );
      assert.deepEqual(r.body, {
        type: 'authentication_error',
        code: 'not_authenticated',
        detail: 'Authentication credentials were not provided.',
        attr: null,
      });
    }
  });

  it('answers 403 (authentication_error) for groups_types, whose first authenticator has no header', async () => {
    const r = await call(fake(), 'GET', `${P}/groups_types/`, { key: null });
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('www-authenticate'), null);
    assert.equal(r.body.type, 'authentication_error');
    const invalid = await call(fake(), 'GET', `${P}/groups_types/`, { key: 'phx_nope' });
    assert.equal(invalid.status, 403);
    assert.equal(invalid.body.code, 'authentication_failed');
  });

  it('names where an invalid key was found', async () => {
    const header = await call(fake(), 'GET', `${P}/hog_functions/`, { key: 'phx_invalid' });
    assert.equal(header.status, 401);
    assert.equal(header.body.detail, 'Personal API key found in request Authorization header is invalid.');
    const query = await call(fake(), 'GET', `${P}/hog_functions/?personal_api_key=phx_invalid`, { key: null });
    assert.equal(query.body.detail, 'Personal API key found in request query string is invalid.');
    const valid = await call(fake(), 'GET', `${P}/hog_functions/?personal_api_key=${fake().apiKey}`, { key: null });
    assert.equal(valid.status, 200);
  });

  it('treats revoked keys as invalid', async () => {
    const key = fake().addKey(['*']);
    assert.equal((await call(fake(), 'GET', `${P}/hog_functions/`, { key })).status, 200);
    fake().revokeKey(key);
    assert.equal((await call(fake(), 'GET', `${P}/hog_functions/`, { key })).status, 401);
  });

  it('checks scopes: write implies read, a missing scope is named', async () => {
    const reader = fake().addKey(['group:read']);
    const writer = fake().addKey(['group:write']);
    assert.equal((await call(fake(), 'GET', `${P}/groups/?group_type_index=0`, { key: writer })).status, 200);
    const denied = await call(fake(), 'POST', `${P}/groups/update_property/?group_type_index=0&group_key=org:1000`, {
      key: reader,
      body: { key: 'plan', value: 'free' },
    });
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.body, {
      type: 'authentication_error',
      code: 'permission_denied',
      detail: "API key missing required scope 'group:write'",
      attr: null,
    });
    const activity = await call(fake(), 'GET', `${P}/groups/activity/?group_type_index=0&group_key=org:1000`, {
      key: writer,
    });
    assert.equal(activity.body.detail, "API key missing required scope 'activity_log:read'");
  });

  it('refuses actions without a scope mapping for personal API keys', async () => {
    const fn = fake().state.hogFunctions.find((f) => f.project_id === 1 && !f.deleted);
    const del = await call(fake(), 'DELETE', `${P}/hog_functions/${fn?.id}/`);
    assert.equal(del.status, 403);
    assert.equal(del.body.detail, 'This action does not support personal API key access');
    const meta = await call(fake(), 'PATCH', `${P}/groups_types/update_metadata/`, { body: [] });
    assert.equal(meta.status, 403);
  });

  it('enforces project restrictions on keys', async () => {
    const key = fake().addKey(['*'], { projects: [2] });
    const r = await call(fake(), 'GET', `${P}/hog_functions/`, { key });
    assert.equal(r.status, 403);
    assert.equal(r.body.detail, 'API key does not have access to the requested project: ID 1.');
    assert.equal((await call(fake(), 'GET', '/api/projects/2/hog_functions/', { key })).status, 200);
    const projects = await call(fake(), 'GET', '/api/projects/', { key });
    assert.deepEqual(
      projects.body.results.map((p: { id: number }) => p.id),
      [2],
    );
  });

  it('routes like PostHog: trailing slash optional, @current, environments alias only for groups and hog functions', async () => {
    assert.equal((await call(fake(), 'GET', `${P}/hog_functions`)).status, 200);
    assert.equal((await call(fake(), 'GET', '/api/projects/@current/groups_types')).status, 200);
    assert.equal((await call(fake(), 'GET', '/api/environments/1/groups/?group_type_index=0')).status, 200);
    assert.equal((await call(fake(), 'GET', '/api/environments/1/hog_functions/')).status, 200);
    const gt = await call(fake(), 'GET', '/api/environments/1/groups_types/');
    assert.equal(gt.status, 404);
    assert.equal(gt.body.detail, 'Endpoint not found.');
    for (const path of ['/api/projects/999/hog_functions/', '/api/projects/abc/hog_functions/']) {
      const r = await call(fake(), 'GET', path);
      assert.equal(r.status, 404);
      assert.equal(r.body.detail, 'Project not found.');
    }
    assert.equal(
      (await call(fake(), 'GET', '/api/projects/3/hog_functions/')).body.detail,
      "You don't have access to the project.",
    );
    assert.equal((await call(fake(), 'GET', `${P}/nothing_here/`)).body.detail, 'Endpoint not found.');
  });

  it('reads token= and api_key= query parameters as project tokens', async () => {
    const r = await call(fake(), 'GET', `${P}/hog_functions/?token=phc_wrong`);
    assert.equal(r.status, 401);
    assert.equal(r.body.code, 'authentication_failed');
    assert.equal((await call(fake(), 'GET', `${P}/hog_functions/?api_key=phc_wrong`)).status, 401);
  });

  it('serves the user and the projects list', async () => {
    const me = await call(fake(), 'GET', '/api/users/@me/');
    assert.equal(me.body.email, 'ada@example.com');
    assert.equal(me.body.team.id, 1);
    assert.ok(me.body.organization.id);
    assert.equal(me.body.organizations.length, 1);
    const projects = await call(fake(), 'GET', '/api/projects/');
    assert.deepEqual(
      projects.body.results.map((p: { name: string }) => p.name),
      ['Default project', 'Staging'],
    );
    assert.equal(projects.body.count, 2);
  });
});
