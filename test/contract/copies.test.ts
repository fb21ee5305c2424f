// The fragments in openapi/ are copies of the project's shared posthog-openapi/ folder: whenever that folder is
// there (it is outside the repository, so a fresh clone in CI does not have it), every copy must still equal it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const copies = path.join(__dirname, 'openapi');

/** `shared/posthog-openapi` next to the repository or next to one of its parent folders (worktrees sit deeper). */
function sharedFolder(): string | undefined {
  if (process.env.PHWB_POSTHOG_OPENAPI) return process.env.PHWB_POSTHOG_OPENAPI;
  for (let dir = path.resolve(__dirname, '../..'); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(path.dirname(dir), 'shared', 'posthog-openapi');
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

const jsonFiles = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();

test('the OpenAPI fragments are verbatim copies of the shared folder (when it exists)', (t) => {
  const shared = sharedFolder();
  if (!shared) {
    t.skip('no shared posthog-openapi folder next to the repository: the copies are the source');
    return;
  }
  assert.deepEqual(jsonFiles(copies), jsonFiles(shared), 'the same files');
  for (const file of jsonFiles(shared)) {
    assert.ok(
      fs.readFileSync(path.join(copies, file)).equals(fs.readFileSync(path.join(shared, file))),
      `${file} differs from ${shared}`,
    );
  }
});
