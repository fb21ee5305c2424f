// Folder and file names that are safe on every disk the repository may be checked out on: macOS and Windows compare
// names without case (and macOS without Unicode form), and Windows refuses device names such as CON or LPT1.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { folderSlug, sameFolderName, uniqueFolderName, windowsSafeName } from '../../../src/core/functions/layout';

const id = '0190f0b2-1c3d-7000-8a55-0d9c1e2b3a4f';

describe('names on case-insensitive disks', () => {
  it('a folder renamed in another case or Unicode form still takes its name', () => {
    assert.equal(uniqueFolderName('slack-alert', new Set(['Slack-Alert']), id), 'slack-alert-0190f0b2');
    assert.equal(
      uniqueFolderName('slack-alert', new Set(['SLACK-ALERT', 'Slack-Alert-0190F0B2']), id),
      'slack-alert-0190f0b2-2',
    );
    // "é" composed (NFC) and decomposed (NFD, as macOS may store it) are one folder there.
    assert.equal(uniqueFolderName('cafe\u0301', new Set(['CAF\u00c9']), id), 'cafe\u0301-0190f0b2');
    assert.ok(sameFolderName('Slack-Alert', 'slack-alert'));
    assert.ok(sameFolderName('caf\u00e9', 'CAFE\u0301'));
    assert.ok(!sameFolderName('slack-alert', 'slack-alerts'));
  });
});

describe('Windows device names', () => {
  it('become folder names with a suffix, whatever their case', () => {
    for (const name of ['CON', 'con', 'Prn', 'AUX', 'NUL', 'COM1', 'com9', 'LPT1', 'lpt9', 'COM0', 'LPT0']) {
      const slug = folderSlug(name);
      assert.equal(slug, `${name.toLowerCase()}_`, name);
    }
    assert.equal(folderSlug('Console'), 'console');
    assert.equal(folderSlug('com10'), 'com10');
  });

  it('become fixture names with a suffix before the extension, and other names stay as typed', () => {
    assert.equal(windowsSafeName('nul'), 'nul_');
    assert.equal(windowsSafeName('CON.backup'), 'CON_.backup');
    assert.equal(windowsSafeName('Lpt3'), 'Lpt3_');
    assert.equal(windowsSafeName('aux '), 'aux_ ');
    assert.equal(windowsSafeName('pageview by ada'), 'pageview by ada');
    assert.equal(windowsSafeName('connection'), 'connection');
  });
});
