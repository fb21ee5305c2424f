// Reading an import file: CSV (csv-parse: RFC 4180 quoting, a BOM, `,` `;` or tab, streamed) or JSON (an array of
// objects, streamed element by element). Rows come out one at a time with their cells by column name, so a file of
// any size is read in constant memory; what the rows mean is the mapping's business (mapping.ts).
import { createReadStream } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import * as l10n from '@vscode/l10n';
import { parse, type CsvError } from 'csv-parse';

export type SourceFormat = 'csv' | 'json';
export type Delimiter = ',' | ';' | '\t';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/** Where the bytes come from: opened again for each pass (the scan, then the rows). */
export type OpenSource = () => Readable;

export interface SourceOptions {
  format: SourceFormat;
  /** CSV only; sniffed from the first lines when absent. */
  delimiter?: Delimiter;
}

export interface SourceRow {
  /** 1-based: the first data row (after a CSV header, or the first element of a JSON array) is 1. */
  index: number;
  /** The line of the file the row ends on (1-based), for messages. */
  line: number;
  /** The row's cells by column: strings for CSV, JSON values for JSON. A Map, so no column name reaches a prototype. */
  cells: Map<string, unknown>;
}

/** A row the reader could not read at all (a broken quote, a JSON element that is not an object). */
export interface SourceRowError {
  index: number;
  line: number;
  message: string;
}

export type SourceItem =
  | { kind: 'row'; row: SourceRow }
  | { kind: 'error'; error: SourceRowError }
  /** A CSV file's columns, before its first row. */
  | { kind: 'header'; columns: string[] };

/** The whole file is unusable (no header, not a JSON array, invalid JSON): no row is read. */
export class SourceError extends Error {
  override readonly name = 'SourceError';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

export const openFile =
  (path: string): OpenSource =>
  () =>
    createReadStream(path);
export const openText =
  (text: string): OpenSource =>
  () =>
    Readable.from([Buffer.from(text, 'utf8')]);

/** The format a file name suggests: `.json` (and `.jsonl`-less JSON arrays) are JSON, everything else CSV. */
export function formatOf(fileName: string): SourceFormat {
  return /\.json$/i.test(fileName) ? 'json' : 'csv';
}

/**
 * The delimiter the first lines use: of `,`, `;` and tab, the one found (outside quotes) on the most lines and the most
 * often; `,` when none is (a file of one column).
 */
export function sniffDelimiter(head: string): Delimiter {
  const text = head.replace(/^\uFEFF/, '');
  const perLine: Record<Delimiter, number[]> = { ',': [], ';': [], '\t': [] };
  let counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let lines = 0;
  const endLine = () => {
    for (const d of DELIMITERS) perLine[d].push(counts[d]);
    counts = { ',': 0, ';': 0, '\t': 0 };
    lines++;
  };
  for (let i = 0; i < text.length && lines < 20; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
    else if (!quoted && c === '\n') endLine();
  }
  if (lines < 20 && Object.values(counts).some((n) => n > 0)) endLine();
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const found = perLine[d];
    // Lines that have it, then how consistently: a delimiter appears the same number of times on every line.
    const withIt = found.filter((n) => n > 0).length;
    const consistent = found.length > 0 && found.every((n) => n === found[0]) ? 1 : 0;
    const score = withIt * 2 + consistent + (found[0] ?? 0) / 1000;
    if (withIt > 0 && score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

async function readHead(open: OpenSource, maxBytes = 64 * 1024): Promise<string> {
  const stream = open();
  const decoder = new StringDecoder('utf8');
  let text = '';
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      text += decoder.write(buffer);
      bytes += buffer.length;
      if (bytes >= maxBytes) break;
    }
  } finally {
    stream.destroy();
  }
  return text + decoder.end();
}

/** The delimiter to read a CSV file with: the one given, or the one its first lines use. */
export async function detectDelimiter(open: OpenSource): Promise<Delimiter> {
  return sniffDelimiter(await readHead(open));
}

/** The file's rows, one at a time. Throws SourceError when the file as a whole cannot be read. */
export async function* readSource(
  open: OpenSource,
  options: SourceOptions,
): AsyncGenerator<SourceItem, void, undefined> {
  if (options.format === 'json') yield* readJson(open);
  else yield* readCsv(open, options.delimiter ?? (await detectDelimiter(open)));
}

/** The column names a source has: the CSV header, or every key any JSON object has, in first-seen order. */
export async function readColumns(open: OpenSource, options: SourceOptions): Promise<string[]> {
  const seen = new Set<string>();
  for await (const item of readSource(open, options)) {
    if (item.kind === 'header') return item.columns;
    if (item.kind === 'row') for (const k of item.row.cells.keys()) seen.add(k);
  }
  return [...seen];
}

/**
 * Counts the lines of what passes through, so a record's line can be told from the byte offset csv-parse reports
 * (its own line count is off after a quoted value holding a CRLF). Keeps only the newlines not yet asked about.
 */
class LineCounter extends Transform {
  private offsets: number[] = [];
  private head = 0;
  private seen = 0;
  private newlines = 0;
  private lastNewline = -1;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) this.offsets.push(this.seen + i);
    this.seen += chunk.length;
    done(null, chunk);
  }

  /** The line (1-based) of the last byte before `end`, `end` being an offset the parser reached. */
  lineAt(end: number): number {
    while (this.head < this.offsets.length && this.offsets[this.head]! < end) {
      this.lastNewline = this.offsets[this.head++]!;
      this.newlines++;
    }
    if (this.head > 4096) {
      this.offsets = this.offsets.slice(this.head);
      this.head = 0;
    }
    // A record's own line break belongs to its line.
    return this.lastNewline === end - 1 ? this.newlines : this.newlines + 1;
  }
}

type Positioned = CsvError & { bytes?: number; lines?: number };

async function* readCsv(open: OpenSource, delimiter: Delimiter): AsyncGenerator<SourceItem, void, undefined> {
  /** Rows the parser skipped, with where they ended, to be told in order among the rows read. */
  const skipped: { bytes: number; message: string; code: string }[] = [];
  const parser = parse({
    bom: true,
    delimiter,
    // Rows with more or fewer cells than the header are reported per row, not as a broken file.
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    // A row the parser cannot read (e.g. a quote in the middle of an unquoted field) fails that row only.
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      if (error)
        skipped.push({ bytes: Number((error as Positioned).bytes ?? 0), message: csvMessage(error), code: error.code });
      return undefined;
    },
  });
  const counter = new LineCounter();
  const input = open();
  input.on('error', (e) => parser.destroy(e));
  counter.on('error', (e) => parser.destroy(e));
  input.pipe(counter).pipe(parser);
  let header: string[] | undefined;
  let index = 0;
  let lastLine = 0;
  /** The line of a row just skipped, while no good row followed it: a quote left open there is where the trouble began. */
  let skippedLine: number | undefined;
  /** The skipped rows that end before `bytes`, as errors (a quote never closed swallows the rest: the file is refused). */
  function* skippedBefore(bytes: number): Generator<SourceItem> {
    while (skipped.length && skipped[0]!.bytes <= bytes) {
      const skip = skipped.shift()!;
      if (skip.code === 'CSV_QUOTE_NOT_CLOSED') {
        const at = skippedLine ?? lastLine + 1;
        throw new SourceError(
          l10n.t('Line {0}: {1} The rest of the file would be read as one value.', at, skip.message),
          at,
        );
      }
      const line = lastLine + 1;
      skippedLine = line;
      lastLine = counter.lineAt(skip.bytes);
      if (header) yield { kind: 'error', error: { index: ++index, line, message: skip.message } };
      else throw new SourceError(l10n.t('The header cannot be read: {0}', skip.message), line);
    }
  }
  try {
    for await (const chunk of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
      const { record, info } = chunk;
      yield* skippedBefore(info.bytes);
      const line = counter.lineAt(info.bytes);
      lastLine = line;
      skippedLine = undefined;
      if (!header) {
        header = record.map((name) => name.trim());
        const problem = headerProblem(header);
        if (problem) throw new SourceError(problem, line);
        yield { kind: 'header', columns: header };
        continue;
      }
      index++;
      if (record.length !== header.length) {
        yield {
          kind: 'error',
          error: {
            index,
            line,
            message: l10n.t('The row has {0} cells; the header has {1} columns.', record.length, header.length),
          },
        };
        continue;
      }
      const cells = new Map<string, unknown>();
      header.forEach((name, i) => cells.set(name, record[i] ?? ''));
      yield { kind: 'row', row: { index, line, cells } };
    }
    yield* skippedBefore(Number.POSITIVE_INFINITY);
  } catch (e) {
    if (e instanceof SourceError) throw e;
    const csv = e as Positioned;
    if (typeof csv.code === 'string' && csv.code.startsWith('CSV_'))
      throw new SourceError(l10n.t('Line {0}: {1}', lastLine + 1, csvMessage(csv)), lastLine + 1);
    throw e;
  } finally {
    input.unpipe(counter);
    counter.unpipe(parser);
    input.destroy();
    counter.destroy();
    parser.destroy();
  }
  if (!header) throw new SourceError(l10n.t('The file is empty: a CSV file needs a header line naming its columns.'));
}

function headerProblem(header: string[]): string | undefined {
  const seen = new Set<string>();
  for (const [i, name] of header.entries()) {
    if (name === '') return l10n.t('Column {0} of the header has no name.', i + 1);
    if (seen.has(name)) return l10n.t('The header names the column "{0}" twice.', name);
    seen.add(name);
  }
  return undefined;
}

function csvMessage(error: CsvError & { lines?: number }): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return l10n.t('A quoted value is never closed (a missing closing ").');
    case 'INVALID_OPENING_QUOTE':
      return l10n.t(
        'A quote inside a value that does not start with one; quote the whole value and write the quote as "".',
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return l10n.t('A closing quote is followed by other characters; inside quotes, write a quote as "".');
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return l10n.t('Characters follow a closing quote before the next delimiter.');
    default:
      return l10n.t('The CSV could not be read here: {0}', error.message);
  }
}

/**
 * A JSON array of objects, read element by element: the text is scanned for the array's top-level elements (tracking
 * strings and nesting), and each is parsed on its own, so memory holds one element at a time.
 */
async function* readJson(open: OpenSource): AsyncGenerator<SourceItem, void, undefined> {
  const input = open();
  const decoder = new StringDecoder('utf8');
  let state: 'start' | 'between' | 'element' | 'end' = 'start';
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = '';
  let elementLine = 1;
  let index = 0;
  let first = true;
  const finish = (): SourceItem => {
    index++;
    let value: unknown;
    try {
      value = JSON.parse(element);
    } catch (e) {
      throw new SourceError(
        l10n.t('The JSON is not valid near line {0}: {1}', elementLine, e instanceof Error ? e.message : String(e)),
        elementLine,
      );
    }
    element = '';
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return {
        kind: 'error',
        error: {
          index,
          line: elementLine,
          message: l10n.t(
            'Element {0} is not an object: each element of the array is one group, e.g. {"group_key": "acme", "plan": "pro"}.',
            index,
          ),
        },
      };
    }
    return { kind: 'row', row: { index, line: elementLine, cells: new Map(Object.entries(value)) } };
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer | string>) {
      let text = decoder.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      if (first) {
        text = text.replace(/^\uFEFF/, '');
        first = false;
      }
      const out: SourceItem[] = [];
      // An element that began in an earlier chunk goes on from this chunk's start.
      let start = state === 'element' ? 0 : -1;
      for (let i = 0; i < text.length; i++) {
        const c = text[i]!;
        if (c === '\n') line++;
        if (state === 'element') {
          if (inString) {
            if (escaped) escaped = false;
            else if (c === '\\') escaped = true;
            else if (c === '"') inString = false;
            continue;
          }
          if (c === '"') inString = true;
          else if (c === '{' || c === '[') depth++;
          else if (c === '}' || c === ']') {
            if (depth === 0) {
              // The array's closing bracket right after an element without a comma.
              if (c !== ']') throw new SourceError(l10n.t('The JSON is not valid near line {0}.', line), line);
              element += text.slice(start, i);
              start = -1;
              out.push(finish());
              state = 'end';
              continue;
            }
            depth--;
          } else if (c === ',' && depth === 0) {
            element += text.slice(start, i);
            start = -1;
            out.push(finish());
            state = 'between';
          }
          continue;
        }
        if (/\s/.test(c)) continue;
        if (state === 'start') {
          if (c !== '[')
            throw new SourceError(
              l10n.t(
                'A JSON import file is an array of objects, one per group: [{"group_key": "acme", "plan": "pro"}, …].',
              ),
              line,
            );
          state = 'between';
          continue;
        }
        if (state === 'between') {
          // `]` ends an empty array, and forgives a trailing comma.
          if (c === ']') {
            state = 'end';
            continue;
          }
          state = 'element';
          elementLine = line;
          start = i;
          depth = c === '{' || c === '[' ? 1 : 0;
          inString = c === '"';
          escaped = false;
          continue;
        }
        throw new SourceError(l10n.t('The JSON is not valid near line {0}: nothing may follow the array.', line), line);
      }
      if (state === 'element' && start >= 0) element += text.slice(start);
      yield* out;
    }
  } finally {
    input.destroy();
  }
  // (TypeScript does not see the loop's assignments through the generator's awaits.)
  const last = state as string;
  if (last !== 'end')
    throw new SourceError(
      last === 'start'
        ? l10n.t('The file is empty: a JSON import file is an array of objects.')
        : l10n.t('The JSON array is not closed (the file ends early).'),
      line,
    );
}
