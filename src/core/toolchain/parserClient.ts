// The editor's side of the parser worker: checks a document's text on the worker thread, never on the caller's.
// Work goes one request at a time; a newer text for the same document replaces the one still waiting (the older
// caller gets `undefined`: stale), and an answer about text that has since changed is dropped the same way. Answers
// are kept by text, so going back to a text already checked (undo) costs nothing.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AstNode } from './ast';
import type { CheckOptions, Finding } from './check';
import type { WorkerRequest, WorkerResponse } from './parserWorker';
import type { SyntaxProblem } from './syntax';

export interface ParserClientOptions {
  /** The worker's script (default: hogParserWorker.js beside this bundle). */
  workerPath?: string;
  /** How many answers to keep by text. */
  cacheSize?: number;
}

export interface CheckAnswer {
  findings: Finding[];
  /** Time spent in the worker (0 from the cache). */
  parseMs: number;
  cached: boolean;
}

/** A parse: the AST, or why the text does not parse. */
export type ParseAnswer = { ast: AstNode; parseMs: number } | { problem: SyntaxProblem; parseMs: number };

interface Job {
  key: string;
  text: string;
  options?: CheckOptions;
  cacheKey: string;
  resolve: (answer: CheckAnswer | undefined) => void;
  reject: (error: Error) => void;
  /** A parse (never stale, answered with the AST) instead of a check. */
  parse?: { kind: 'program' | 'expression' | 'template'; resolve: (answer: ParseAnswer) => void };
}

export class HogParserClient {
  private worker: Worker | undefined;
  private readonly waiting = new Map<string, Job>();
  private inFlight: { id: number; job: Job } | undefined;
  /** The latest text asked for, per document: an answer for any other text is stale. */
  private readonly latest = new Map<string, string>();
  private readonly cache = new Map<string, CheckAnswer>();
  private readonly parsed = new Map<string, ParseAnswer>();
  private nextId = 1;
  private disposed = false;

  constructor(private readonly options: ParserClientOptions = {}) {}

  /**
   * Checks `text` of document `key`. Resolves with the findings, or undefined when a newer text of the same document
   * came in before this one's answer (stale work is dropped).
   */
  check(key: string, text: string, options?: CheckOptions): Promise<CheckAnswer | undefined> {
    if (this.disposed) return Promise.reject(new Error('The Hog parser worker was stopped.'));
    this.latest.set(key, text);
    const cacheKey = `${JSON.stringify(options ?? null)}\u0000${text}`;
    const hit = this.cache.get(cacheKey);
    if (hit) {
      // Refresh its place: the cache drops the least recently used first.
      this.cache.delete(cacheKey);
      this.cache.set(cacheKey, hit);
      this.waiting.get(key)?.resolve(undefined);
      this.waiting.delete(key);
      return Promise.resolve({ ...hit, cached: true, parseMs: 0 });
    }
    return new Promise((resolve, reject) => {
      this.waiting.get(key)?.resolve(undefined);
      this.waiting.set(key, { key, text, ...(options ? { options } : {}), cacheKey, resolve, reject });
      this.pump();
    });
  }

  /**
   * Parses `text` for its AST (the debugger compiles a build of its own from it). Parses queue behind checks and are
   * never dropped as stale; the last few answers are kept by text.
   */
  parse(text: string, kind: 'program' | 'expression' | 'template' = 'program'): Promise<ParseAnswer> {
    if (this.disposed) return Promise.reject(new Error('The Hog parser worker was stopped.'));
    const cacheKey = `${kind}\u0000${text}`;
    const hit = this.parsed.get(cacheKey);
    if (hit) {
      this.parsed.delete(cacheKey);
      this.parsed.set(cacheKey, hit);
      return Promise.resolve({ ...hit, parseMs: 0 });
    }
    return new Promise((resolve, reject) => {
      const key = `\u0000parse ${this.nextId++}`;
      const done = (answer: ParseAnswer) => {
        this.parsed.set(cacheKey, answer);
        while (this.parsed.size > 20) this.parsed.delete(this.parsed.keys().next().value as string);
        resolve(answer);
      };
      this.waiting.set(key, { key, text, cacheKey, resolve: () => undefined, reject, parse: { kind, resolve: done } });
      this.pump();
    });
  }

  /** Forgets a document (closed): its waiting work is dropped. */
  forget(key: string): void {
    this.waiting.get(key)?.resolve(undefined);
    this.waiting.delete(key);
    this.latest.delete(key);
  }

  dispose(): void {
    this.disposed = true;
    const stopped = (job: Job) =>
      job.parse ? job.reject(new Error('The Hog parser worker was stopped.')) : job.resolve(undefined);
    for (const job of this.waiting.values()) stopped(job);
    this.waiting.clear();
    if (this.inFlight) stopped(this.inFlight.job);
    this.inFlight = undefined;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    const script = this.options.workerPath ?? path.join(__dirname, 'hogParserWorker.js');
    const worker = new Worker(script);
    worker.unref();
    worker.on('message', (response: WorkerResponse) => this.answered(response));
    const failed = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const current = this.inFlight;
      this.inFlight = undefined;
      current?.job.reject(error);
      this.pump();
    };
    worker.on('error', failed);
    worker.on('exit', (code) => failed(new Error(`The Hog parser worker stopped (exit code ${code}).`)));
    return worker;
  }

  private pump(): void {
    if (this.inFlight || this.disposed) return;
    const next = this.waiting.entries().next();
    if (next.done) return;
    const [key, job] = next.value;
    this.waiting.delete(key);
    this.worker ??= this.start();
    this.worker.ref();
    const id = this.nextId++;
    this.inFlight = { id, job };
    const request: WorkerRequest = job.parse
      ? { id, op: 'parse', text: job.text, kind: job.parse.kind }
      : { id, op: 'check', text: job.text, ...(job.options ? { options: job.options } : {}) };
    this.worker.postMessage(request);
  }

  private answered(response: WorkerResponse): void {
    const current = this.inFlight;
    if (!current || current.id !== response.id) return;
    this.inFlight = undefined;
    if (this.waiting.size === 0) this.worker?.unref();
    const { job } = current;
    if (!response.ok) job.reject(new Error(response.error));
    else if (job.parse) {
      if ('ast' in response)
        job.parse.resolve(
          response.ast
            ? { ast: response.ast, parseMs: response.parseMs }
            : { problem: response.problem as SyntaxProblem, parseMs: response.parseMs },
        );
      else job.reject(new Error('The Hog parser worker answered a parse with findings.'));
    } else if (!('findings' in response)) job.reject(new Error('The Hog parser worker answered a check with an AST.'));
    else {
      const answer: CheckAnswer = { findings: response.findings, parseMs: response.parseMs, cached: false };
      this.cache.set(job.cacheKey, answer);
      const limit = this.options.cacheSize ?? 50;
      while (this.cache.size > limit) this.cache.delete(this.cache.keys().next().value as string);
      job.resolve(this.latest.get(job.key) === job.text ? answer : undefined);
    }
    this.pump();
  }
}
