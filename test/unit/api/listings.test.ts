// Lists followed through `next` links end, whatever the server says: a link back to a page already read stops the
// list, a list stops after MAX_LIST_PAGES pages, and both say what was cut instead of failing or looping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCut, MAX_LIST_PAGES } from '../../../src/api';
import { json, rejection, startServer, testClient } from './helpers';

const project = (id: number) => ({ id, name: `Project ${id}`, organization: 'org' });

test(
  'a next link that points back at the page just read ends the listing after that page',
  { timeout: 20_000 },
  async () => {
    // The server's `next` is always the address asked for; it gives up by itself after 50 requests so the old loop ends.
    const server = await startServer((req, res) => {
      const done = server.requests.length > 50;
      json(res, 200, { results: [project(1), project(2)], next: done ? null : `${server.url}${req.url}` });
    });
    const { client } = testClient(server.url);
    try {
      const list = await client.listProjects();
      assert.equal(server.requests.length, 1, 'the first page is not asked for again');
      assert.deepEqual(
        list.results.map((p) => p.id),
        [1, 2],
      );
      assert.deepEqual(list.cut, { reason: 'repeated_link', pages: 1, rows: 2 });
      assert.match(
        describeCut(list.cut, 'projects'),
        /Only the first 2 projects are shown: .*pointed back at a page already read/,
      );
    } finally {
      await client.dispose();
      await server.close();
    }
  },
);

test('a cycle of next links (page 1 → 2 → 3 → 2) stops before reading a page twice', { timeout: 20_000 }, async () => {
  const server = await startServer((req, res) => {
    const page = Number(new URL(req.url, server.url).searchParams.get('page') ?? '1');
    const next = server.requests.length > 50 ? null : `${server.url}/api/projects/?page=${page === 3 ? 2 : page + 1}`;
    json(res, 200, { results: [project(page)], next });
  });
  const { client } = testClient(server.url);
  try {
    const list = await client.listProjects();
    assert.deepEqual(
      server.requests.map((r) => r.url),
      ['/api/projects/', '/api/projects/?page=2', '/api/projects/?page=3'],
    );
    assert.deepEqual(
      list.results.map((p) => p.id),
      [1, 2, 3],
    );
    assert.equal(list.cut?.reason, 'repeated_link');
  } finally {
    await client.dispose();
    await server.close();
  }
});

test(
  'a listing that never ends stops after MAX_LIST_PAGES pages and says how many rows it kept',
  { timeout: 60_000 },
  async () => {
    // Every page links to a new one; after 2 × MAX_LIST_PAGES the server stops, so the old code ends too.
    const server = await startServer((req, res) => {
      const page = Number(new URL(req.url, server.url).searchParams.get('page') ?? '1');
      json(res, 200, {
        results: [project(page)],
        next: page >= 2 * MAX_LIST_PAGES ? null : `${server.url}/api/projects/?page=${page + 1}`,
      });
    });
    const { client } = testClient(server.url);
    try {
      const list = await client.listProjects();
      assert.equal(server.requests.length, MAX_LIST_PAGES);
      assert.equal(list.results.length, MAX_LIST_PAGES);
      assert.deepEqual(list.cut, { reason: 'page_limit', pages: MAX_LIST_PAGES, rows: MAX_LIST_PAGES });
      assert.match(
        describeCut(list.cut, 'projects'),
        new RegExp(`Only the first ${MAX_LIST_PAGES} projects are shown: PostHog had more pages`),
      );
    } finally {
      await client.dispose();
      await server.close();
    }
  },
);

test('the template list stops at a repeated link too, and says so', { timeout: 20_000 }, async () => {
  const server = await startServer((req, res) => {
    const next = server.requests.length > 50 ? null : `${server.url}${req.url}`;
    if (req.url.includes('hog_function_templates'))
      json(res, 200, { results: [{ id: 'template-a', name: 'A' }], next });
    else json(res, 200, { results: [{ id: 'd1', name: 'plan' }], next });
  });
  const { client } = testClient(server.url);
  try {
    const templates = await client.listHogFunctionTemplates(1, ['destination']);
    assert.equal(templates.templates.length, 1);
    assert.equal(templates.cut?.reason, 'repeated_link');
    assert.equal(server.requests.length, 1);
  } finally {
    await client.dispose();
    await server.close();
  }
});

test('a long listing stops at once when its signal is aborted between pages', { timeout: 20_000 }, async () => {
  const abort = new AbortController();
  const server = await startServer((req, res) => {
    const page = Number(new URL(req.url, server.url).searchParams.get('page') ?? '1');
    if (page === 3) abort.abort();
    json(res, 200, { results: [project(page)], next: `${server.url}/api/projects/?page=${page + 1}` });
  });
  const { client } = testClient(server.url);
  try {
    const e = await rejection(() => client.listProjects({ signal: abort.signal }));
    assert.equal(e.kind, 'cancelled');
    assert.equal(server.requests.length, 3);
  } finally {
    await client.dispose();
    await server.close();
  }
});
