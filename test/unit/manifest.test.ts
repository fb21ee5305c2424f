// package.json against src/extension/services/constants.ts: every command, view, `when` clause, `viewItem` value and activation
// event in the manifest names something the code defines, and every command and context key the code defines
// is in the manifest. A renamed id then fails here instead of leaving a menu item that silently does nothing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DEBUG_TYPE,
  AUTH_PROVIDER_ID,
  Command,
  ContextKey,
  Scheme,
  TreeItemContext,
  View,
  ViewContainer,
  WALKTHROUGH_ID,
  WebviewPanelType,
} from '../../src/extension/services/constants';
import { FIXTURE_GLOB, FUNCTION_JSON, FUNCTIONS_DIR } from '../../src/core/functions/layout';

interface Manifest {
  publisher: string;
  name: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string }[] };
    viewsWelcome: { view: string; contents: string; when?: string }[];
    keybindings: { command: string; key: string; when?: string }[];
    walkthroughs: {
      id: string;
      steps: { id: string; description: string; completionEvents?: string[]; media: { svg?: string } }[];
    }[];
    languages: { id: string }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as Manifest;
/** The manifest's text as VS Code shows it in English: `%key%` from package.nls.json (test/unit/l10n.test.ts checks them all). */
const nls = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.nls.json'), 'utf8')) as Record<
  string,
  string
>;
const text = (value: string): string =>
  value.replace(/^%([^%]+)%$/, (placeholder, key: string) => nls[key] ?? placeholder);
const c = manifest.contributes;
const commands = new Set<string>(Object.values(Command));
const contextKeys = new Set<string>(Object.values(ContextKey));
const folderFiles = [FUNCTION_JSON, 'slack-alerts.hog', 'site-banner.ts'];
const views = new Set<string>(Object.values(View));
const treeItems = new Set<string>(Object.values(TreeItemContext));
const languages = new Set(c.languages.map((l) => l.id));

/** Every `when` clause of the manifest, with where it stands. */
const whenClauses: { where: string; when: string }[] = [
  ...Object.entries(c.menus).flatMap(([menu, entries]) =>
    entries.filter((e) => e.when).map((e) => ({ where: `${menu} ${e.command}`, when: e.when! })),
  ),
  ...c.viewsWelcome.filter((w) => w.when).map((w) => ({ where: `viewsWelcome ${w.view}`, when: w.when! })),
  ...c.keybindings.filter((k) => k.when).map((k) => ({ where: `keybinding ${k.key} ${k.command}`, when: k.when! })),
  // A walkthrough step checks itself off when its `onContext:` expression holds: a when clause like the others.
  ...c.walkthroughs.flatMap((w) =>
    w.steps.flatMap((step) =>
      (step.completionEvents ?? [])
        .filter((e) => e.startsWith('onContext:'))
        .map((e) => ({ where: `walkthrough step ${step.id}`, when: e.slice('onContext:'.length) })),
    ),
  ),
];

/** `name op value` comparisons (the value a word or a /regex/) and bare context keys of a `when` clause. */
function parseWhen(when: string): { comparisons: { name: string; op: string; value: string }[]; keys: string[] } {
  // A regex ends at the first `/` outside an escape or a character class, as VS Code's when-clause scanner reads it.
  const comparison = /([\w.]+)\s*(==|!=|=~)\s*(\/(?:\\.|\[(?:\\.|[^\]])*\]|[^/])+\/|[^\s&|)]+)/g;
  const comparisons = [...when.matchAll(comparison)].map(([, name, op, value]) => ({
    name: name!,
    op: op!,
    value: value!,
  }));
  const rest = when.replace(comparison, ' ');
  const keys = [...rest.matchAll(/!?\s*([A-Za-z][\w.]*)/g)]
    .map((m) => m[1]!)
    .filter((k) => k !== 'true' && k !== 'false');
  return { comparisons, keys };
}

const regexOf = (value: string): RegExp => new RegExp(value.slice(1, -1));

describe('package.json matches src/extension/services/constants.ts', () => {
  it('declares exactly the commands the code registers', () => {
    assert.deepEqual(c.commands.map((x) => x.command).sort(), [...commands].sort());
  });

  it('menus and keybindings name only declared commands', () => {
    for (const [menu, entries] of Object.entries(c.menus)) {
      for (const entry of entries) assert.ok(commands.has(entry.command), `${menu}: unknown command ${entry.command}`);
    }
    for (const binding of c.keybindings)
      assert.ok(commands.has(binding.command), `keybinding ${binding.key}: unknown command ${binding.command}`);
  });

  it('declares the view container and views the code creates', () => {
    assert.deepEqual(
      c.viewsContainers.activitybar.map((v) => v.id),
      [ViewContainer],
    );
    assert.deepEqual(Object.keys(c.views), [ViewContainer]);
    assert.deepEqual(c.views[ViewContainer]!.map((v) => v.id).sort(), [...views].sort());
    for (const welcome of c.viewsWelcome) {
      assert.ok(views.has(welcome.view), `viewsWelcome for unknown view ${welcome.view}`);
      for (const [, id] of text(welcome.contents).matchAll(/\(command:([\w.]+)\)/g))
        assert.ok(commands.has(id!), `viewsWelcome links unknown command ${id}`);
    }
  });

  it('the walkthrough is the one WALKTHROUGH_ID names, its links run declared commands or open its views, and each step checks itself off', () => {
    assert.deepEqual(
      c.walkthroughs.map((w) => `${manifest.publisher}.${manifest.name}#${w.id}`),
      [WALKTHROUGH_ID],
    );
    for (const step of c.walkthroughs.flatMap((w) => w.steps)) {
      const links = [...text(step.description).matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!);
      assert.ok(links.length > 0, `step ${step.id} has no button`);
      for (const id of links)
        assert.ok(
          commands.has(id) || views.has(id.replace(/\.focus$/, '')),
          `step ${step.id} links ${id}, which is neither a command nor a view`,
        );
      assert.ok(
        step.completionEvents?.length,
        `step ${step.id} would check itself off on any click instead of when it is done`,
      );
    }
  });

  it('when clauses compare views, tree items, schemes and languages with values the code uses', () => {
    assert.ok(whenClauses.length > 20, `only ${whenClauses.length} when clauses found`);
    for (const { where, when } of whenClauses) {
      for (const { name, op, value } of parseWhen(when).comparisons) {
        const known: Record<string, Set<string>> = {
          view: views,
          viewItem: treeItems,
          resourceScheme: new Set([Scheme.hog]),
          resourceLangId: languages,
          activeWebviewPanelId: new Set(Object.values(WebviewPanelType)),
          // A function folder's files, where the layout puts them (src/core/functions/layout.ts).
          resourcePath: new Set(folderFiles.map((f) => `/repo/${FUNCTIONS_DIR}/slack-alerts/${f}`)),
          resourceFilename: new Set(folderFiles),
        };
        const allowed = known[name];
        assert.ok(allowed, `${where}: "${when}" compares ${name}, which this test does not know`);
        if (op === '=~') {
          const re = regexOf(value);
          assert.ok(
            [...allowed].some((v) => re.test(v)),
            `${where}: ${name} =~ ${value} matches no known ${name}`,
          );
        } else {
          assert.ok(allowed.has(value), `${where}: ${name} ${op} ${value} is not a known ${name}`);
        }
      }
    }
  });

  it('the viewItem patterns select exactly the tree items they are written for', () => {
    const matched = (pattern: string) => [...treeItems].filter((v) => regexOf(pattern).test(v)).sort();
    const functions = [
      TreeItemContext.hogFunctionDisabled,
      TreeItemContext.hogFunctionDisabledOrdered,
      TreeItemContext.hogFunctionDisabledTestable,
      TreeItemContext.hogFunctionEnabled,
      TreeItemContext.hogFunctionEnabledOrdered,
      TreeItemContext.hogFunctionEnabledTestable,
    ];
    assert.deepEqual(matched('/^hogFunction\\./'), functions);
    assert.deepEqual(matched('/^hogFunction\\..*\\.testable$/'), [
      TreeItemContext.hogFunctionDisabledOrdered,
      TreeItemContext.hogFunctionDisabledTestable,
      TreeItemContext.hogFunctionEnabledOrdered,
      TreeItemContext.hogFunctionEnabledTestable,
    ]);
    assert.deepEqual(
      matched('/^hogFunction\\..*\\.ordered\\./'),
      [TreeItemContext.hogFunctionDisabledOrdered, TreeItemContext.hogFunctionEnabledOrdered],
      'Move Up and Move Down: transformations only',
    );
    assert.deepEqual(matched('/^(group|hogFunction\\..*)$/'), [TreeItemContext.group, ...functions]);
    const patterns = whenClauses.flatMap(({ when }) =>
      parseWhen(when)
        .comparisons.filter((x) => x.name === 'viewItem' && x.op === '=~')
        .map((x) => x.value),
    );
    // Enable on a disabled function's row, Disable on an enabled one's.
    assert.deepEqual(matched('/^hogFunction\\.enabled/'), [
      TreeItemContext.hogFunctionEnabled,
      TreeItemContext.hogFunctionEnabledOrdered,
      TreeItemContext.hogFunctionEnabledTestable,
    ]);
    assert.deepEqual(matched('/^hogFunction\\.disabled/'), [
      TreeItemContext.hogFunctionDisabled,
      TreeItemContext.hogFunctionDisabledOrdered,
      TreeItemContext.hogFunctionDisabledTestable,
    ]);
    assert.deepEqual(
      [...new Set(patterns)].sort(),
      [
        '/^(group|hogFunction\\..*)$/',
        '/^hogFunction\\..*\\.ordered\\./',
        '/^hogFunction\\..*\\.testable$/',
        '/^hogFunction\\./',
        '/^hogFunction\\.enabled/',
        '/^hogFunction\\.disabled/',
      ].sort(),
    );
  });

  it('when clauses read only context keys the code sets, and every context key is read somewhere', () => {
    const read = new Set<string>();
    for (const { where, when } of whenClauses) {
      for (const key of parseWhen(when).keys) {
        if (!key.startsWith(`${ViewContainer}.`)) continue;
        assert.ok(contextKeys.has(key), `${where}: "${when}" reads ${key}, which the code never sets`);
        read.add(key);
      }
    }
    assert.deepEqual([...read].sort(), [...contextKeys].sort());
  });

  it('activation events name the views, webview panel, file system and authentication provider the code registers', () => {
    for (const event of manifest.activationEvents) {
      const [kind, id] = event.split(':');
      const expected: Record<string, Set<string>> = {
        onView: views,
        onWebviewPanel: new Set(Object.values(WebviewPanelType)),
        onFileSystem: new Set([Scheme.hog]),
        onAuthenticationRequest: new Set([AUTH_PROVIDER_ID]),
        onDebugResolve: new Set([DEBUG_TYPE]),
        onDebugDynamicConfigurations: new Set([DEBUG_TYPE]),
        // The Test Explorer lists fixtures (testing/fixtureTestTree.ts) as soon as a folder has them.
        workspaceContains: new Set([FIXTURE_GLOB]),
      };
      assert.ok(expected[kind!]?.has(id!), `activation event ${event} names nothing the code registers`);
    }
  });
});
