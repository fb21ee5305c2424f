// Where each value of a JSON text starts, by its path (`expect.requests[0].body`), so a failed expectation can point
// at its line in the fixture file. The text is valid JSON (it has been parsed already): a small scanner will do. Pure.
import { fieldName } from '../../shared/jsonFile';

/** The 1-based line of each value's first character, by path as fieldName writes it ("" is the whole document). */
export function jsonLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i] as string)) {
      if (text[i] === '\n') line++;
      i++;
    }
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: PropertyKey[]): void => {
    skip();
    lines.set(fieldName(path), line);
    const c = text[i];
    if (c === '{') {
      i++;
      skip();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skip();
        const key = string();
        skip();
        i++; // :
        value([...path, key]);
        skip();
        if (text[i++] !== ',') return;
      }
    }
    if (c === '[') {
      i++;
      skip();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        value([...path, index]);
        skip();
        if (text[i++] !== ',') return;
      }
    }
    if (c === '"') {
      string();
      return;
    }
    while (i < text.length && /[^\s,\]}]/.test(text[i] as string)) i++;
  };
  try {
    value([]);
  } catch {
    // Not JSON after all: the lines found so far.
  }
  return lines;
}

/** The line of the value at `path`, or of the nearest enclosing value the text has. */
export function lineOf(lines: Map<string, number>, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const line = lines.get(fieldName(path.slice(0, n)));
    if (line !== undefined) return line;
  }
  return undefined;
}
