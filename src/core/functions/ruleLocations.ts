// Where in a function's text a save-time rule PostHog applied (posthog-api.md §10.2) points: the calls of a reserved
// function and the hyphenated name in the code, the input whose template uses what a transformation does not have.
// The extension turns the ranges into Problems on the document being saved. Pure.
import type { ValidationRule } from '../../api';

/** Offsets into the text, end exclusive. */
export interface TextRange {
  start: number;
  end: number;
}

/** The text with strings and comments blanked out (same length), so names are found in code only. */
export function codeOnly(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const two = text.slice(i, i + 2);
    if (two === '//' || two === '--') {
      const end = text.indexOf('\n', i);
      blank(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (two === '/*') {
      const end = text.indexOf('*/', i + 2);
      blank(i, end < 0 ? text.length : end + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    const c = text[i] as string;
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      blank(i, j + 1);
      i = j + 1;
      continue;
    }
    i++;
  }
  return out.join('');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function all(text: string, pattern: RegExp, group = 0): TextRange[] {
  const ranges: TextRange[] = [];
  for (const m of text.matchAll(pattern)) {
    const index = m.index ?? 0;
    const offset = group === 0 ? 0 : (m[0].indexOf(m[group] ?? '') ?? 0);
    ranges.push({ start: index + offset, end: index + offset + (m[group] ?? '').length });
  }
  return ranges;
}

/** In Hog code: the reserved calls, the hyphenated name, or the globals a log transformation does not have. */
export function locateInCode(rule: ValidationRule, code: string): TextRange[] {
  const text = codeOnly(code);
  switch (rule.id) {
    case 'reserved_function':
      return (rule.names ?? []).flatMap((name) =>
        all(text, new RegExp(`(?<![\\w$.])(${escape(name)})\\s*\\(`, 'gu'), 1),
      );
    case 'hyphenated_identifier':
      return rule.hyphenated ? all(text, new RegExp(escape(rule.hyphenated).replace(/\\\./g, '\\s*\\.\\s*'), 'g')) : [];
    case 'transformation_globals':
      return (rule.names ?? []).flatMap((name) =>
        all(text, new RegExp(`(?<![\\w$.])(${escape(name)})(?![\\w$])`, 'gu'), 1),
      );
    default:
      return [];
  }
}

/** The end of the JSON value that starts at `start` (a string, object, array or literal). */
function valueEnd(json: string, start: number): number {
  const first = json[start];
  if (first === '"') {
    let j = start + 1;
    while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
    return j + 1;
  }
  if (first === '{' || first === '[') {
    let depth = 0;
    for (let j = start; j < json.length; j++) {
      const c = json[j];
      if (c === '"') {
        j++;
        while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      } else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return json.length;
  }
  const m = /^[^,}\]\s]*/.exec(json.slice(start));
  return start + (m?.[0].length ?? 0);
}

/** The key `"name": value` at or after `from` (and before `to`): the key's range and where its value lies. */
function findKey(
  json: string,
  name: string,
  from = 0,
  to = json.length,
): { key: TextRange; value: TextRange } | undefined {
  const pattern = new RegExp(`"${escape(JSON.stringify(name).slice(1, -1))}"\\s*:\\s*`, 'g');
  pattern.lastIndex = from;
  const m = pattern.exec(json);
  if (!m || m.index >= to) return undefined;
  const valueStart = m.index + m[0].length;
  return {
    key: { start: m.index, end: m.index + JSON.stringify(name).length },
    value: { start: valueStart, end: valueEnd(json, valueStart) },
  };
}

/**
 * In a JSON document of the function (its `inputs`, or the `function.json` of a folder): the input the rule names,
 * narrowed to the hyphenated name or the globals inside its templates when they can be found there.
 */
export function locateInJson(rule: ValidationRule, json: string): TextRange[] {
  if (rule.inputKey === undefined) return [];
  // In function.json the inputs are one field among others; in the inputs document they are the whole of it.
  const inputs = findKey(json, 'inputs');
  const input = inputs
    ? findKey(json, rule.inputKey, inputs.value.start, inputs.value.end)
    : findKey(json, rule.inputKey);
  if (!input) return [];
  const inValue = (pattern: RegExp) =>
    all(json.slice(input.value.start, input.value.end), pattern).map((r) => ({
      start: r.start + input.value.start,
      end: r.end + input.value.start,
    }));
  const inside =
    rule.id === 'hyphenated_identifier' && rule.hyphenated
      ? inValue(new RegExp(escape(rule.hyphenated), 'g'))
      : rule.id === 'transformation_globals'
        ? (rule.names ?? []).flatMap((name) => inValue(new RegExp(`(?<=[{\\s(,])${escape(name)}(?![\\w$])`, 'gu')))
        : [];
  return inside.length ? inside : [input.key];
}
