// What a test result must not show: the values of the function's secret inputs (wherever they ended up: a URL, a
// header, a body, a log line, an error, a returned event) and credentials recognisable by their names (an
// Authorization header, an `api_key` query parameter, a `password` field). PostHog's worker redacts secrets from
// print() only; its mocked-fetch log shows them, so the extension masks before anything is shown. Pure.
import * as l10n from '@vscode/l10n';
import { mapJson, writeJson } from '../../shared/deepJson';
import { isJsonObject } from '../../shared/json';
import type { FetchRequest, MockedCall, RequestBody } from './mockedCalls';

export const MASK = '••••••';

/** A secret input's value as the function saw it. */
export interface SecretValue {
  key: string;
  value: string;
}

const CREDENTIAL_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie)$|api[-_]?key|token|secret|password|passwd|signature|auth/i;
const CREDENTIAL_PARAM =
  /^(key|api[-_]?key|token|access[-_]?token|auth|secret|client[-_]?secret|password|pass|signature|sig)$/i;
const CREDENTIAL_FIELD = /password|passwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|authorization/i;
const SCHEME = /^(Bearer|Basic|Token|Bot|Digest|Key)\s+/i;

export class Masking {
  private readonly secrets: SecretValue[];
  private readonly masked = new Set<string>();

  constructor(secrets: readonly SecretValue[]) {
    // Longest first, so a secret that contains another is masked whole.
    this.secrets = secrets.filter((s) => s.value.trim() !== '').sort((a, b) => b.value.length - a.value.length);
  }

  /** What was masked so far, in words: "the secret input webhook_url", "the Authorization header". */
  notes(): string[] {
    return [...this.masked];
  }

  text(value: string): string {
    let out = value;
    for (const secret of this.secrets) {
      if (!out.includes(secret.value)) continue;
      out = out.split(secret.value).join(MASK);
      this.masked.add(l10n.t('the secret input {0}', secret.key));
    }
    return out;
  }

  /** Every string in a JSON value, keys included, with secret values masked (at any depth: shared/deepJson.ts). */
  json(value: unknown): unknown {
    return mapJson(
      value,
      (v) => (typeof v === 'string' ? { value: this.text(v) } : undefined),
      (k) => this.text(k),
    );
  }

  /** Like json(), and fields named like credentials are masked whatever their value. */
  private body(value: unknown): unknown {
    return mapJson(
      value,
      (v, key) => {
        if (key !== undefined && CREDENTIAL_FIELD.test(key) && typeof v === 'string' && v !== '') {
          this.masked.add(l10n.t('the "{0}" field', key));
          return { value: MASK };
        }
        return typeof v === 'string' ? { value: this.text(v) } : undefined;
      },
      (k) => this.text(k),
    );
  }

  url(raw: string): string {
    const text = this.text(raw);
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return text;
    }
    let changed = false;
    if (url.password) {
      url.password = MASK;
      this.masked.add(l10n.t('the password in the URL'));
      changed = true;
    }
    for (const [name, value] of [...url.searchParams]) {
      if (!CREDENTIAL_PARAM.test(name) || value === '' || value === MASK) continue;
      url.searchParams.set(name, MASK);
      this.masked.add(l10n.t('the "{0}" query parameter', name));
      changed = true;
    }
    // URL() percent-encodes the mask; the view shows it as typed.
    return changed ? url.href.replaceAll(encodeURIComponent(MASK), MASK) : text;
  }

  header([name, value]: [string, string]): [string, string] {
    if (!CREDENTIAL_HEADER.test(name)) return [this.text(name), this.text(value)];
    this.masked.add(l10n.t('the {0} header', name));
    return [name, `${SCHEME.exec(value)?.[0] ?? ''}${MASK}`];
  }

  request(r: FetchRequest): FetchRequest {
    const body: RequestBody =
      r.body.kind === 'json'
        ? { kind: 'json', value: this.body(r.body.value) }
        : r.body.kind === 'text'
          ? { kind: 'text', text: this.textBody(r.body.text) }
          : r.body;
    return { ...r, url: this.url(r.url), headers: r.headers.map((h) => this.header(h)), body };
  }

  /** fetch()'s options as the function passed them: headers by name, body fields by name, everything by value. */
  fetchOptions(options: unknown): unknown {
    if (!isJsonObject(options)) return this.json(options);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(options)) {
      if (key === 'headers' && isJsonObject(value)) {
        out[key] = Object.fromEntries(
          Object.entries(value).map(([name, v]) =>
            typeof v === 'string' ? this.header([name, v]) : [this.text(name), this.json(v)],
          ),
        );
      } else if (key === 'body') {
        out[key] = typeof value === 'string' ? this.textBody(value) : this.body(value);
      } else {
        out[key] = this.json(value);
      }
    }
    return out;
  }

  call(c: MockedCall): MockedCall {
    return { name: c.name, argument: this.body(c.argument) };
  }

  /** A text body that holds JSON is masked as JSON (credential fields too), then shown as the text it was. */
  private textBody(text: string): string {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null) return writeJson(this.body(parsed));
    } catch {
      // Not JSON: masked as text.
    }
    return this.text(text);
  }
}
