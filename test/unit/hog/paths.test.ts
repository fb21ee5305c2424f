// Paths of the posthog-hog: file system: readable names, one file per field, round trips.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  authorityFor,
  documentPath,
  fileFor,
  fileNameFor,
  parseLocation,
  parsePath,
  pathFor,
} from '../../../src/core/functions/paths';

test('function names become readable, safe file names', () => {
  assert.equal(fileNameFor('Slack alert'), 'Slack alert');
  assert.equal(fileNameFor('Webhook: billing / invoices?'), 'Webhook - billing - invoices-');
  assert.equal(fileNameFor('a:b'), 'a - b');
  assert.equal(fileNameFor('  tabs\tand\nnewlines  '), 'tabs and newlines');
  assert.equal(fileNameFor('..hidden'), 'hidden');
  assert.equal(fileNameFor('trailing dots...'), 'trailing dots');
  assert.equal(fileNameFor(''), 'Unnamed function');
  assert.equal(fileNameFor(null), 'Unnamed function');
  assert.equal(fileNameFor('x'.repeat(300)).length, 80);
  assert.equal(fileNameFor('Émoji 🚀 names'), 'Émoji 🚀 names');
});

test('each field has its own file', () => {
  assert.equal(fileFor({ name: 'Slack alert' }, 'hog'), 'Slack alert.hog');
  assert.equal(fileFor({ name: 'Slack alert', type: 'destination' }, 'hog'), 'Slack alert.hog');
  assert.equal(
    fileFor({ name: 'Intercom', type: 'site_destination' }, 'hog'),
    'Intercom.ts',
    'site functions are TypeScript',
  );
  assert.equal(fileFor({ name: 'Banner', type: 'site_app' }, 'inputs'), 'Banner.inputs.json');
  assert.equal(fileFor({ name: 'Slack alert' }, 'inputs'), 'Slack alert.inputs.json');
  assert.equal(fileFor({ name: 'Slack alert' }, 'inputs_schema'), 'Slack alert.inputs_schema.json');
});

test('paths round-trip to project, function and field whatever the name', () => {
  const ref = { projectId: 7, functionId: '0190f0b2-aaaa-bbbb' };
  for (const field of ['hog', 'inputs', 'inputs_schema', 'filters', 'mappings', 'masking'] as const) {
    for (const name of ['Slack alert', 'a.inputs.json', 'weird: / name', null]) {
      for (const type of ['destination', 'site_app', null]) {
        assert.deepEqual(parsePath(pathFor(ref, { name, type }, field)), { kind: 'file', ...ref, field });
      }
    }
  }
});

test('folders and unknown files are told apart', () => {
  assert.deepEqual(parsePath('/'), { kind: 'root' });
  assert.deepEqual(parsePath('/3'), { kind: 'project', projectId: 3 });
  assert.deepEqual(parsePath('/3/abc'), { kind: 'function', projectId: 3, functionId: 'abc' });
  assert.equal(parsePath('/3/abc/notes.txt'), undefined);
  assert.equal(parsePath('/3/abc/x.bytecode.json'), undefined);
  assert.equal(parsePath('/zero/abc/x.hog'), undefined);
  assert.equal(parsePath('/3/abc/x.hog/extra'), undefined);
});

test('documents are named after the project and the function, and their identity is in the authority', () => {
  const ref = { projectId: 7, functionId: '0190f0b2-aaaa-bbbb' };
  assert.equal(authorityFor(ref), '7.0190f0b2-aaaa-bbbb');
  assert.equal(documentPath('Production', ref, { name: 'Slack: alerts' }, 'hog'), '/Production/Slack - alerts.hog');
  assert.equal(documentPath(undefined, ref, { name: 'Slack' }, 'filters'), '/Project 7/Slack.filters.json');
  for (const field of ['hog', 'inputs', 'masking'] as const) {
    assert.deepEqual(parseLocation(authorityFor(ref), documentPath('a/b: c', ref, { name: 'x.inputs.json' }, field)), {
      kind: 'file',
      ...ref,
      field,
    });
  }
  assert.deepEqual(parseLocation(authorityFor(ref), '/Production'), { kind: 'function', ...ref });
  assert.deepEqual(parseLocation(authorityFor(ref), '/'), { kind: 'function', ...ref });
  assert.equal(parseLocation('x.y', '/P/S.hog'), undefined);
  assert.equal(parseLocation(authorityFor(ref), '/P/Q/S.hog'), undefined);
  // Documents opened before (no authority) still resolve.
  assert.deepEqual(parseLocation('', pathFor(ref, { name: 'Slack' }, 'hog')), { kind: 'file', ...ref, field: 'hog' });
});
