// A host from a workspace's settings (.vscode/settings.json) is never preselected at sign-in and is not used (so no
// key goes to it) until the user confirmed that exact origin once; hosts from the user's own settings work as before.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostChoices } from '../../../src/extension/services/hostChoices';
import { resolveHost } from '../../../src/extension/services/hostTrust';

const REPO = 'https://posthog.attacker.example';

describe('a host from workspace settings', () => {
  it('is offered after the clouds, never first, and says it comes from this workspace', () => {
    const choices = hostChoices(undefined, REPO);
    assert.deepEqual(
      choices.map((c) => c.host),
      ['https://us.posthog.com', 'https://eu.posthog.com', REPO, undefined],
    );
    const row = choices[2];
    assert.match(row?.detail ?? '', /this workspace's settings/);
    assert.equal(row?.fromWorkspace, true);
    assert.ok(!choices.some((c) => /Your configured PostHog/.test(c.detail ?? '') && c.host === REPO));
  });

  it("comes after the user's own configured PostHog", () => {
    assert.deepEqual(
      hostChoices('https://posthog.mine.example', REPO).map((c) => c.host),
      ['https://posthog.mine.example', 'https://us.posthog.com', 'https://eu.posthog.com', REPO, undefined],
    );
  });

  it("is not used until confirmed: the user's host is, and the workspace's waits", () => {
    assert.deepEqual(resolveHost({ workspace: REPO }, []), {
      host: 'https://us.posthog.com',
      userHost: 'https://us.posthog.com',
      unconfirmedWorkspaceHost: REPO,
    });
    assert.deepEqual(
      resolveHost({ user: 'https://posthog.mine.example', workspace: REPO }, []).host,
      'https://posthog.mine.example',
    );
    assert.equal(resolveHost({ workspace: `${REPO}/` }, [REPO]).host, REPO, 'confirmed once, used from then on');
    assert.equal(
      resolveHost({ workspace: 'https://posthog.attacker.example:8443' }, [REPO]).host,
      'https://us.posthog.com',
      'another port is another origin',
    );
  });

  it('needs no confirmation for a PostHog cloud or the host of the user settings', () => {
    assert.equal(resolveHost({ workspace: 'https://eu.posthog.com' }, []).host, 'https://eu.posthog.com');
    assert.equal(resolveHost({ user: REPO, workspace: REPO }, []).host, REPO);
    assert.equal(resolveHost({ user: REPO }, []).host, REPO, 'user settings behave as today');
  });
});
