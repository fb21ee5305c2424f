// Bytecode as text, written the way PostHog's compiler writes it (Python's json.dumps for each value, in a `.hoge`
// file's layout), so the output can be compared with PostHog's byte for byte: floats keep their `.0`, strings escape
// every non-ASCII character, and lines wrap before 120 characters.

/** Python's repr() of a float: the shortest round-trip digits, fixed notation for exponents -4..15. */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exp = '0'] = value.toExponential().split('e');
  const exponent = Number(exp);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let text: string;
  if (exponent >= -4 && exponent < 16) {
    if (exponent >= 0) {
      const whole = digits.padEnd(exponent + 1, '0');
      const intPart = whole.slice(0, exponent + 1);
      const fraction = whole.slice(exponent + 1);
      text = `${intPart}.${fraction || '0'}`;
    } else {
      text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
    }
  } else {
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    text = `${head}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return negative ? `-${text}` : text;
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** Python's json.dumps() of a string (ensure_ascii: everything outside ASCII as \uXXXX). */
export function pythonString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const char = value[i] as string;
    const code = value.charCodeAt(i);
    if (ESCAPES[char]) out += ESCAPES[char];
    else if (code < 0x20 || code > 0x7e) out += code === 0x7f ? char : `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** Python's json.dumps() of one bytecode item; `float` says a number is a float (written `1.0`, not `1`). */
export function pythonJson(value: unknown, float = false): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return float || !Number.isInteger(value) ? pythonFloat(value) : String(value);
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map((v) => pythonJson(v)).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pythonString(k)}: ${pythonJson(v)}`)
      .join(', ')}}`;
  }
  return pythonString(String(value));
}

/**
 * The bytecode as PostHog's `hoge` writes a `.hoge` file: the items joined by ", " inside brackets, a line broken
 * before an item that would take it past 118 characters, and a final newline.
 */
export function formatHoge(bytecode: readonly unknown[], floats: ReadonlySet<number> = new Set()): string {
  const maxLength = 120;
  const lines: string[] = [];
  let line = '[';
  bytecode.forEach((item, index) => {
    const encoded = pythonJson(item, floats.has(index));
    if (line.length + encoded.length > maxLength - 2) {
      lines.push(line);
      line = '';
    }
    const separator = line.length > 1 ? ' ' : '';
    line += `${separator}${encoded}${index === bytecode.length - 1 ? ']' : ','}`;
  });
  if (line === '[') lines.push('[]');
  else if (line !== '') lines.push(line);
  return `${lines.join('\n')}\n`;
}

/** The bytecode on one line, as json.dumps() writes the whole list. */
export function formatBytecodeJson(bytecode: readonly unknown[], floats: ReadonlySet<number> = new Set()): string {
  return `[${bytecode.map((item, index) => pythonJson(item, floats.has(index))).join(', ')}]`;
}
