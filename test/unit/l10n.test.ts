// Localisation (CONTRIBUTING.md, "Localisation"): every string of the manifest that people read is a %key% of
// package.nls.json, and every key there is used; l10n/bundle.l10n.json holds exactly the strings the code passes to
// `vscode.l10n.t` and @vscode/l10n's `l10n.t`, among them every string the webviews show; and a translated bundle
// reaches the code that cannot import vscode. The sources are read here with TypeScript's own parser, apart from
// the @vscode/l10n-dev extractor build/l10n.mjs writes the bundle with, so a call that extractor would skip (a
// string built at run time, a file that does not import the translator) fails here instead of staying English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import ts from 'typescript';
import { errorFromStatus } from '../../src/api/errors';
import { describeUnreadable } from '../../src/api/unreadable';
import { functionHealth } from '../../src/shared/hogFunctionHealth';
import { useHostTranslations } from '../../src/webview/common/l10n';
import { typeName } from '../../src/webview/groupPanel/views/editor';

const root = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const manifest = JSON.parse(read('package.json')) as Record<string, unknown>;
const nls = JSON.parse(read('package.nls.json')) as Record<string, unknown>;
const bundle = JSON.parse(read('l10n/bundle.l10n.json')) as Record<
  string,
  string | { message: string; comment: string[] }
>;

// ---- the manifest ----

/**
 * The manifest's properties that hold text people read, wherever they are (commands, views, welcome views, the
 * walkthrough, settings, capabilities…), so a contribution added later is checked too. Language aliases are left
 * out: they are the language's name, which VS Code's own extensions do not translate either.
 */
const TEXT_PROPERTIES = new Set([
  'displayName',
  'description',
  'markdownDescription',
  'title',
  'shortTitle',
  'category',
  'name',
  'contextualTitle',
  'contents',
  'altText',
  'label',
  'tooltip',
  'placeholder',
  'deprecationMessage',
  'markdownDeprecationMessage',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'enumItemLabels',
]);
/** Parts of package.json that are the package's own data, not contributions: npm's fields and the ids. */
const NOT_TEXT = new Set([
  'name',
  'scripts',
  'dependencies',
  'devDependencies',
  'repository',
  'bugs',
  'engines',
  'galleryBanner',
]);

/** Every user-facing string of the manifest, with where it is. */
function manifestTexts(value: unknown, where: string[] = []): { where: string; text: string }[] {
  if (where.length === 1 && NOT_TEXT.has(where[0]!)) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => manifestTexts(v, [...where, String(i)]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => manifestTexts(v, [...where, k]));
  if (typeof value !== 'string') return [];
  // `enumDescriptions: [...]`: the strings are the array's items, one level below the property.
  const property = /^\d+$/.test(where.at(-1) ?? '') ? where.at(-2) : where.at(-1);
  return property !== undefined && TEXT_PROPERTIES.has(property) ? [{ where: where.join('.'), text: value }] : [];
}

const PLACEHOLDER = /^%([^%\s]+)%$/;

describe('the manifest reads its text from package.nls.json', () => {
  const texts = manifestTexts(manifest);

  it('finds the manifest strings people read', () => {
    // Commands, their category, views, welcome texts, the walkthrough, settings, capabilities, the account label.
    assert.ok(texts.length > 100, `only ${texts.length} manifest strings found`);
    for (const where of [
      'displayName',
      'contributes.commands.0.title',
      'contributes.walkthroughs.0.steps.0.media.altText',
      'contributes.configuration.title',
    ]) {
      assert.ok(
        texts.some((t) => t.where === where),
        `${where} is not checked`,
      );
    }
  });

  it('every string people read is a %key%', () => {
    const literal = texts.filter((t) => !PLACEHOLDER.test(t.text));
    assert.deepEqual(
      literal.map((t) => `${t.where}: ${JSON.stringify(t.text)}`),
      [],
      'put these in package.nls.json and write "%key%" in package.json',
    );
  });

  it('every %key% is in package.nls.json, with text', () => {
    const keys = texts.flatMap((t) => t.text.match(PLACEHOLDER)?.[1] ?? []);
    const missing = keys.filter((k) => typeof nls[k] !== 'string' || !(nls[k] as string).trim());
    assert.deepEqual([...new Set(missing)], [], 'these keys have no text in package.nls.json');
  });

  it('every key of package.nls.json is used by the manifest', () => {
    const used = new Set(
      JSON.stringify(manifest)
        .match(/"%[^%"]+%"/g)
        ?.map((k) => k.slice(2, -2)) ?? [],
    );
    assert.deepEqual(
      Object.keys(nls).filter((k) => !used.has(k)),
      [],
      'unused keys in package.nls.json',
    );
  });

  it('keys are named after what they label', () => {
    const named =
      /^(displayName|description|(capabilities|viewsContainer|view|viewsWelcome|walkthrough|command|configuration|authentication|resourceLabelFormatters|debugger)(\.[A-Za-z]\w*)+)$/;
    assert.deepEqual(
      Object.keys(nls).filter((k) => !named.test(k)),
      [],
    );
  });
});

// ---- the code's strings ----

interface Call {
  file: string;
  line: number;
  /** The bundle key: the message, with `/` and the comment when the call has one (as @vscode/l10n looks it up). */
  key?: string;
  /** Why the call's string cannot be read from the source, so no bundle can hold it. */
  problem?: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

const literalText = (node: ts.Node | undefined): string | undefined =>
  node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;

/** The key of `l10n.t(first, ...)`, or why it has none. */
function keyOf(first: ts.Node | undefined): { key?: string; problem?: string } {
  const text = literalText(first);
  if (text !== undefined) return { key: text };
  if (first && ts.isObjectLiteralExpression(first)) {
    const prop = (name: string) =>
      first.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name)
        ?.initializer;
    const message = literalText(prop('message'));
    if (message === undefined) return { problem: 'its message is not a string literal' };
    const comment = prop('comment');
    if (!comment) return { key: message };
    const parts =
      comment && ts.isArrayLiteralExpression(comment) ? comment.elements.map(literalText) : [literalText(comment)];
    if (parts.some((p) => p === undefined)) return { problem: 'its comment is not made of string literals' };
    return { key: parts.length ? `${message}/${parts.join('')}` : message };
  }
  return {
    problem:
      'its string is not a literal (built at run time, so no bundle can hold it: pass the parts as {0}, {1} arguments)',
  };
}

/** Whether the call runs only when something is done, not when the module loads (before the bundle is set). */
function runsLater(node: ts.Node): boolean {
  for (let at = node.parent; at; at = at.parent) {
    if (ts.isFunctionLike(at)) return true;
    if (ts.isPropertyDeclaration(at) && !at.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) return true;
  }
  return false;
}

/** Every `vscode.l10n.t(...)` and `l10n.t(...)` call of a file, and whether the file imports what it calls. */
function calls(file: string): Call[] {
  const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
  const imports = new Map(
    source.statements.filter(ts.isImportDeclaration).flatMap((d) => {
      const bound = d.importClause?.namedBindings;
      return bound && ts.isNamespaceImport(bound) && !d.importClause?.isTypeOnly
        ? [[bound.name.text, (d.moduleSpecifier as ts.StringLiteral).text] as const]
        : [];
    }),
  );
  const found: Call[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 't'
    ) {
      const target = node.expression.expression;
      const viaVscode =
        ts.isPropertyAccessExpression(target) &&
        target.name.text === 'l10n' &&
        ts.isIdentifier(target.expression) &&
        imports.get(target.expression.text) === 'vscode';
      const viaL10n = ts.isIdentifier(target) && target.text === 'l10n';
      if (viaVscode || viaL10n) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        const { key, problem } = keyOf(node.arguments[0]);
        const call: Call = { file, line, ...(key !== undefined ? { key } : {}) };
        if (problem) call.problem = problem;
        else if (viaL10n && imports.get('l10n') !== '@vscode/l10n')
          call.problem =
            "it calls l10n.t without `import * as l10n from '@vscode/l10n'`, so the extractor skips the file";
        else if (!runsLater(node))
          call.problem = 'it runs when the module loads, before the translations are set: move it into a function';
        found.push(call);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = sourceFiles('src');
const allCalls = files.flatMap(calls);
const at = (c: Call) => `${c.file}:${c.line}`;

/** The files a webview's bundle is made of: its entry's imports, followed (src/webview and src/shared). */
function webviewFiles(): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) || !statement.moduleSpecifier)
        continue;
      const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
      if (!specifier.startsWith('.') || specifier.endsWith('.css')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      visit(fs.existsSync(path.join(root, `${target}.ts`)) ? `${target}.ts` : `${target}/index.ts`);
    }
  };
  for (const entry of sourceFiles('src/webview').filter((f) => f.endsWith('/main.ts'))) visit(entry);
  return [...seen];
}

describe('the runtime strings are in l10n/bundle.l10n.json', () => {
  it('finds the calls of the extension host, src/api, src/shared and the webviews', () => {
    assert.ok(allCalls.length > 700, `only ${allCalls.length} calls found`);
    for (const dir of [
      'src/api/',
      'src/shared/',
      'src/webview/',
      'src/extension/commands/',
      'src/core/testing/',
      'src/extension/testing/',
    ]) {
      assert.ok(
        allCalls.some((c) => c.file.startsWith(dir)),
        `no calls found in ${dir}`,
      );
    }
  });

  it("every call's string can be read from the source, and is read after the translations are set", () => {
    assert.deepEqual(
      allCalls.filter((c) => c.problem).map((c) => `${at(c)}: ${c.problem}`),
      [],
    );
  });

  it("every call's string is in the bundle", () => {
    const missing = allCalls.filter((c) => c.key !== undefined && !Object.hasOwn(bundle, c.key));
    assert.deepEqual(
      missing.map((c) => `${at(c)}: ${JSON.stringify(c.key)}`),
      [],
      'run `npm run l10n` to write the bundle again',
    );
  });

  it('every key of the bundle is used by a call', () => {
    const used = new Set(allCalls.map((c) => c.key));
    assert.deepEqual(
      Object.keys(bundle).filter((k) => !used.has(k)),
      [],
      'unused strings: run `npm run l10n` to write the bundle again',
    );
  });

  it('the bundle is the English one: every string is its own translation, with its comment', () => {
    for (const [key, entry] of Object.entries(bundle)) {
      if (typeof entry === 'string') assert.equal(entry, key);
      else assert.equal(`${entry.message}/${entry.comment.join('')}`, key);
    }
    const keys = Object.keys(bundle);
    assert.deepEqual(keys, [...keys].sort(), 'build/l10n.mjs writes the keys sorted');
  });

  it("the webviews' strings are in the bundle, the page hands them over, and no webview file calls vscode.l10n", () => {
    const webview = webviewFiles();
    assert.ok(
      webview.some((f) => f.startsWith('src/shared/')) && webview.includes('src/webview/common/l10n.ts'),
      'the webview import graph was not followed',
    );
    const strings = allCalls.filter((c) => webview.includes(c.file));
    assert.ok(strings.length > 150, `only ${strings.length} webview strings found`);
    assert.deepEqual(strings.filter((c) => c.key === undefined || !Object.hasOwn(bundle, c.key)).map(at), []);
    assert.deepEqual(
      webview.filter((f) => /from 'vscode'|\bvscode\.l10n\.t\(/.test(read(f))),
      [],
    );
    // Each entry reads the page's translations before it mounts its views.
    for (const entry of webview.filter((f) => f.endsWith('/main.ts'))) {
      const text = read(entry);
      assert.ok(
        text.indexOf('useHostTranslations()') !== -1 &&
          text.indexOf('useHostTranslations()') < text.indexOf('mountViews('),
        `${entry} mounts its views before reading the translations`,
      );
    }
  });
});

// ---- a translated bundle reaches the code that cannot import vscode ----

describe('a translation reaches src/api, src/shared and the webview', () => {
  it('through @vscode/l10n, configured with a bundle as VS Code loads it for a display language', () => {
    // A pseudo-translation of every string of the bundle, placeholders kept.
    const pseudo = Object.fromEntries(
      Object.entries(bundle).map(([key, entry]) => [key, `⟦${typeof entry === 'string' ? entry : entry.message}⟧`]),
    );
    try {
      l10n.config({ contents: pseudo });
      assert.equal(functionHealth({ enabled: true, status: { state: 1 } }).label, '⟦Healthy⟧');
      assert.equal(
        describeUnreadable({ index: 2, field: 'id', value: 'null', reason: 'x' }),
        '⟦⟦row 3⟧: field "id" is null (x)⟧',
      );
      const error = errorFromStatus(
        401,
        {},
        { operation: l10n.t('load hog function'), endpoint: 'GET hog_functions/:id', origin: 'https://us.posthog.com' },
      );
      assert.equal(
        error.message,
        "⟦Couldn't ⟦load hog function⟧: ⟦PostHog rejected your personal API key. Sign in again.⟧⟧",
      );
      // The page's block, as panels/webviewHtml.ts writes it, read by the webview before it renders.
      l10n.config({ contents: {} });
      const page = {
        getElementById: (id: string) =>
          id === 'l10n-bundle' ? { textContent: JSON.stringify({ JSON: 'JSON-X' }) } : null,
      };
      assert.equal(useHostTranslations(page as unknown as Document), undefined);
      assert.equal(typeName('json'), 'JSON-X');
      const broken = { getElementById: () => ({ textContent: '{"JSON": 1}' }) };
      assert.match(useHostTranslations(broken as unknown as Document) ?? '', /^translations: /);
    } finally {
      l10n.config({ contents: {} });
    }
  });
});
