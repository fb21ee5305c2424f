// Completion suggestions, independent of VS Code: the ones the editor knows without PostHog (the standard library,
// the globals' keys, the names the code declares) and PostHog's HogQLAutocomplete answer, merged so each label
// appears once, PostHog's first.
import type { CompletionItem } from '../../api';
import { keysAt } from './globals';
import type { ChainAtCursor } from './scan';
import type { HogStdlib } from './stdlib';

export interface Suggestion {
  label: string;
  /** PostHog's kind names (Monaco's): Function, Variable, Property, Folder, Constant... */
  kind: string;
  detail?: string;
  documentation?: string;
  /** As PostHog sends it: `name()` for a function. */
  insertText: string;
  sortText?: string;
}

const DECLARATION = /\b(?:let|fun)\s+([\p{L}_$][\p{L}\p{N}_$]*)(?:\s*,\s*([\p{L}_$][\p{L}\p{N}_$]*))?/gu;

/** Names declared with `let`, `fun` and `for (let k, v in ...)` anywhere in the code. */
export function declaredNames(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(DECLARATION)) {
    if (m[1]) names.add(m[1]);
    if (m[2]) names.add(m[2]);
  }
  return [...names];
}

/** What can be offered at `chain` without PostHog. */
export function offlineSuggestions(
  chain: ChainAtCursor,
  text: string,
  globals: Record<string, unknown>,
  stdlib: HogStdlib,
): Suggestion[] {
  if (chain.path.length > 0) {
    return keysAt(globals, chain.path).map(({ key, detail }) => ({
      label: key,
      kind: 'Property',
      detail,
      insertText: key,
    }));
  }
  const locals = declaredNames(text).map((name): Suggestion => ({ label: name, kind: 'Variable', insertText: name }));
  const roots = keysAt({ globals }, ['globals']).map(({ key, detail }): Suggestion => ({
    label: key,
    kind: 'Variable',
    detail,
    insertText: key,
  }));
  const functions = stdlib.all().map((fn): Suggestion => ({
    label: fn.name,
    kind: 'Function',
    insertText: `${fn.name}()`,
    ...(fn.description ? { detail: fn.description } : {}),
  }));
  return [...locals, ...roots, ...functions];
}

/** PostHog's items as they came, then the offline ones it did not list. */
export function mergeSuggestions(server: CompletionItem[], offline: Suggestion[]): Suggestion[] {
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  for (const item of server) {
    if (seen.has(item.label)) continue;
    seen.add(item.label);
    out.push({
      label: item.label,
      kind: item.kind ?? 'Text',
      insertText: item.insertText ?? item.label,
      ...(item.detail ? { detail: item.detail } : {}),
      ...(item.documentation ? { documentation: item.documentation } : {}),
      ...(item.sortText ? { sortText: item.sortText } : {}),
    });
  }
  for (const item of offline) {
    if (seen.has(item.label)) continue;
    seen.add(item.label);
    out.push(item);
  }
  return out;
}
