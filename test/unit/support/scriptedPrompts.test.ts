// The scripted Prompts the tests answer questions with: it answers in order, and fails clearly when a question
// nobody expected comes, when it differs from the one expected, or when an expected one never comes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ScriptedPrompts } from '../../support/scriptedPrompts';

test('answers the expected questions in order: inputs, passwords, picks and confirmations', async () => {
  const prompts = new ScriptedPrompts([
    { input: 'Rename', answer: 'New name' },
    { password: /API key/, answer: 'phx_1' },
    { pick: 'Project', answer: 'Staging' },
    { pickMany: 'Levels', answer: ['WARN', /ERR/] },
    { confirm: 'Delete "x"?', answer: 'Delete' },
  ]);
  assert.equal(await prompts.input({ title: 'Rename hog function' }), 'New name');
  assert.equal(await prompts.password({ title: 'Personal API key' }), 'phx_1');
  const projects = [
    { label: 'Default project', id: 1 },
    { label: '', separator: true, id: 0 },
    { label: 'Staging', id: 2 },
  ];
  assert.equal((await prompts.pick(projects, { title: 'Project' }))?.id, 2);
  assert.deepEqual(
    (await prompts.pickMany([{ label: 'INFO' }, { label: 'WARN' }, { label: 'ERROR' }], { title: 'Levels' }))?.map(
      (i) => i.label,
    ),
    ['WARN', 'ERROR'],
  );
  assert.equal(await prompts.confirm('Delete "x"?', { detail: 'It stops running.', actions: ['Delete'] }), 'Delete');
  prompts.assertDone();
});

test('an answer of undefined cancels', async () => {
  const prompts = new ScriptedPrompts([
    { confirm: 'Publish', answer: undefined },
    { pick: 'type', answer: undefined },
  ]);
  assert.equal(await prompts.confirm('Publish the draft?', { actions: ['Publish'] }), undefined);
  assert.equal(await prompts.pick([{ label: 'Destination' }], { title: 'New hog function: type' }), undefined);
  prompts.assertDone();
});

test('a question nobody expected fails at once and at assertDone, naming it', async () => {
  const prompts = new ScriptedPrompts();
  await assert.rejects(
    prompts.confirm('Enable "Webhook"?', { actions: ['Enable'] }),
    /unexpected confirm "Enable "Webhook"\?".*no more answers/,
  );
  assert.throws(() => prompts.assertDone(), /unexpected confirm/);
});

test('a question other than the expected one fails, naming both', async () => {
  const prompts = new ScriptedPrompts([{ confirm: 'Delete', answer: 'Delete' }]);
  await assert.rejects(
    prompts.input({ title: 'Rename hog function' }),
    /unexpected input "Rename hog function": the script expects confirm "Delete" next/,
  );
});

test('an answer the question cannot take fails: no such action, no such item, refused by its check', async () => {
  await assert.rejects(
    new ScriptedPrompts([{ confirm: 'Delete', answer: 'Yes' }]).confirm('Delete?', { actions: ['Delete'] }),
    /"Yes" .* is none of its actions \(Delete\)/,
  );
  await assert.rejects(
    new ScriptedPrompts([{ pick: 'Project', answer: 'Nope' }]).pick([{ label: 'Default' }], { title: 'Project' }),
    /no item .* matches "Nope" \(Default\)/,
  );
  const refused = new ScriptedPrompts([{ input: 'Name', answer: ' ' }]).input({
    title: 'Name',
    validate: (v) => (v.trim() ? undefined : 'A name cannot be empty.'),
  });
  await assert.rejects(refused, /refused by its check: A name cannot be empty/);
});

test('an expected question that never came fails assertDone', () => {
  const prompts = new ScriptedPrompts([{ password: 'Secret input', answer: 's3cret' }]);
  assert.throws(() => prompts.assertDone(), /expected but never asked: password "Secret input"/);
});

test('notifications are recorded; one is answered only when the script expects it next', async () => {
  const prompts = new ScriptedPrompts([{ info: 'staged as a draft', answer: 'Publish…' }]);
  assert.equal(await prompts.warn('No group types yet.'), undefined);
  assert.equal(await prompts.info('Version 3 is staged as a draft.', 'Publish…'), 'Publish…');
  assert.deepEqual(prompts.shown('warn'), ['No group types yet.']);
  prompts.assertDone();
});

test("file dialogs answer with a path, matched by title or proposed path; an open dialog's answer must exist", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'scripted-prompts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const csv = path.join(dir, 'orgs.csv');
  writeFileSync(csv, 'group_key\n');
  const prompts = new ScriptedPrompts([
    { openFile: 'Import Organizations', answer: csv },
    { saveFile: /orgs\.mapping\.json$/, answer: path.join(dir, 'saved.json') },
    { saveFile: 'Export', answer: undefined },
  ]);
  assert.equal(
    await prompts.openFile({ title: 'Import Organizations', filters: { 'CSV or JSON': ['csv', 'json'] } }),
    csv,
  );
  assert.equal(
    await prompts.saveFile({ defaultPath: path.join(dir, 'orgs.mapping.json'), filters: { JSON: ['json'] } }),
    path.join(dir, 'saved.json'),
  );
  assert.equal(await prompts.saveFile({ title: 'Export the rows shown' }), undefined);
  assert.deepEqual(
    prompts.asked.map((a) => [a.kind, a.choices]),
    [
      ['openFile', ['CSV or JSON']],
      ['saveFile', ['JSON']],
      ['saveFile', []],
    ],
  );
  prompts.assertDone();

  await assert.rejects(
    new ScriptedPrompts([{ openFile: 'Mapping', answer: path.join(dir, 'missing.json') }]).openFile({
      title: 'Mapping',
    }),
    /"[^"]*missing\.json" to openFile "Mapping" is no file/,
  );
  await assert.rejects(
    new ScriptedPrompts([{ openFile: 'Import', answer: csv }]).saveFile({ title: 'Import' }),
    /unexpected saveFile "Import": the script expects openFile "Import" next/,
  );
});

test('an answer refused when accepted (a key PostHog rejects) keeps the box open for the next one', async () => {
  const prompts = new ScriptedPrompts([
    { password: /API key/, answer: 'phx_wrong' },
    { password: /API key/, answer: 'phx_right' },
  ]);
  const key = await prompts.password({
    title: 'Personal API key',
    accept: async (value) => (value === 'phx_right' ? undefined : 'PostHog rejected this key.'),
  });
  assert.equal(key, 'phx_right');
  assert.deepEqual(prompts.refusals, ['PostHog rejected this key.']);
});
