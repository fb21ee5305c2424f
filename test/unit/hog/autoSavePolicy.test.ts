// Saves of posthog-hog: documents that VS Code makes by itself deploy only when auto-save is on in the user's own
// settings: a workspace's settings turning it back on do not count.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { autoSaveOnByUser } from '../../../src/extension/hog/autoSavePolicy';

// The extension's defaults: "[hog]": {"files.autoSave": "off"}, "[typescript]": {"files.autoSaveWorkspaceFilesOnly": true}.
const hogDefaults = { defaultValue: 'off', defaultLanguageValue: 'off' };

describe('auto-save of a hog function, by whose settings', () => {
  it('is not on when only the workspace turns it on', () => {
    // inspect() leaves workspace values in workspaceValue / workspaceLanguageValue, which do not count.
    assert.equal(
      autoSaveOnByUser({ ...hogDefaults, ...{ workspaceLanguageValue: 'afterDelay' } }, { defaultValue: false }),
      false,
    );
  });

  it("is on when the user's own settings turn it on for the language", () => {
    assert.equal(
      autoSaveOnByUser({ ...hogDefaults, globalLanguageValue: 'afterDelay' }, { defaultValue: false }),
      true,
    );
    assert.equal(autoSaveOnByUser({ ...hogDefaults, globalLanguageValue: 'onFocusChange' }, undefined), true);
  });

  it("stays off for Hog with a user-wide files.autoSave, since the extension's language default wins, as in VS Code", () => {
    assert.equal(autoSaveOnByUser({ ...hogDefaults, globalValue: 'afterDelay' }, { defaultValue: false }), false);
    // A JSON field document has no such default: the user's own setting turns it on.
    assert.equal(autoSaveOnByUser({ defaultValue: 'off', globalValue: 'afterDelay' }, { defaultValue: false }), true);
  });

  it("stays off for site functions' TypeScript while auto-save is for workspace files only", () => {
    assert.equal(
      autoSaveOnByUser(
        { defaultValue: 'off', globalValue: 'afterDelay' },
        { defaultValue: false, defaultLanguageValue: true },
      ),
      false,
    );
    assert.equal(
      autoSaveOnByUser(
        { defaultValue: 'off', globalValue: 'afterDelay' },
        { defaultLanguageValue: true, globalLanguageValue: false },
      ),
      true,
    );
  });
});
