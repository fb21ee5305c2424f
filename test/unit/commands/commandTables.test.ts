// The command tables are checked by the compiler: `tsc -p test` (npm run check) fails when a command id of
// src/extension/services/constants.ts is in no table or in two (the @ts-expect-error lines below say it must).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command, type CommandId } from '../../../src/extension/services/constants';
import { allCommands, command, type CommandSpec } from '../../../src/extension/commands/runner';

const spec = command('Do', () => 'done');
const every = Object.fromEntries(Object.values(Command).map((id) => [id, spec])) as { [id in CommandId]: CommandSpec };
const { [Command.signIn]: signIn, ...withoutSignIn } = every;

test('every id once compiles, and makes one table', () => {
  const all = allCommands(withoutSignIn, { [Command.signIn]: signIn });
  assert.equal(Object.keys(all).length, Object.values(Command).length);
});

test('a missing or repeated id does not compile', () => {
  // @ts-expect-error signIn is in no table
  assert.equal(Object.keys(allCommands(withoutSignIn)).length, Object.values(Command).length - 1);
  // @ts-expect-error signIn is in two tables
  assert.ok(allCommands(every, { [Command.signIn]: spec }));
});
