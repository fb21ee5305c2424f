// Hints in words (src/core/language/hints.ts): a near miss of a global's name, and keys the sample globals lack.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestName, explainUnknownGlobals, missingKeyHints } from '../../../src/core/language/hints';
import type { Problem } from '../../../src/core/language/notices';
import { propertyChains } from '../../../src/core/language/scan';

const GLOBALS = ['event', 'person', 'groups', 'project', 'source', 'inputs'];

describe('hints', () => {
  it('finds the global a name is a typo of, and none for names far from every global', () => {
    assert.equal(closestName('evnt', GLOBALS), 'event');
    assert.equal(closestName('preson', GLOBALS), 'person');
    assert.equal(closestName('input', GLOBALS), 'inputs');
    assert.equal(closestName('undefinedGlobal', GLOBALS), undefined);
    assert.equal(closestName('x', GLOBALS), undefined);
  });

  it('says which global was meant, with a fix that replaces only the name', () => {
    const text = 'print(evnt.properties.$browser)\nprint(whatever)\n';
    const start = text.indexOf('evnt');
    const problems: Problem[] = [
      {
        severity: 'warning',
        message: 'Unknown global variable: evnt',
        start,
        end: start + 'evnt.properties.$browser'.length,
      },
      {
        severity: 'warning',
        message: 'Unknown global variable: whatever',
        start: text.indexOf('whatever'),
        end: text.indexOf('whatever') + 8,
      },
    ];
    const [typo, far] = explainUnknownGlobals(problems, text, GLOBALS);
    assert.equal(typo?.message, 'Unknown global variable: evnt. Did you mean `event`?');
    assert.equal(typo?.fix, 'event.properties.$browser');
    assert.deepEqual(far, problems[1]);
  });

  it('reads property chains outside strings and comments, leaving out calls and assignments', () => {
    const text =
      "let a := event.properties['company'].name // event.properties.x\nprint('event.y')\nevent.properties.z := 1\nlet b := person.properties.email.lower()\n";
    assert.deepEqual(
      propertyChains(text)
        .map((c) => c.path.join('.'))
        .filter((p) => p.includes('.')),
      ['event.properties.company.name'],
    );
  });

  it('hints at a key the sample lacks where what holds it is there, nowhere else', () => {
    const globals = {
      event: { event: '$pageview', properties: { $browser: 'Chrome' } },
      person: { properties: {} },
      inputs: { url: 'https://x.test' },
    };
    const text =
      'let c := event.properties.company\nlet b := event.properties.$browser\nlet u := inputs.url\nlet t := inputs.token\nlet d := event.properties.$browser.version\nlet x := other.thing\n';
    const hints = missingKeyHints(text, globals);
    assert.deepEqual(
      hints.map((h) => [text.slice(h.start, h.end), h.severity]),
      [
        ['company', 'notice'],
        ['token', 'notice'],
      ],
    );
    assert.equal(hints[0]?.message, '`event.properties` has no `company` in the sample event, so here it reads null.');
    assert.equal(hints[0]?.fix, undefined, 'a hint without a fix: faint dots, not in Problems');
  });
});
