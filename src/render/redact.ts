/**
 * Redaction: identifiers in captures, findings and events replaced by stable pseudonyms, so a
 * report or a capture can be posted on a ticket or a forum. Codes, phases, timestamps and
 * Microsoft endpoints stay: they are what a helper needs to read the case.
 * @module
 */
import type { CaptureField, DsregCapture, FieldValue } from '../model/capture.ts';
import type { Finding, Verdict } from '../model/diagnosis.ts';
import type { EventRecord, TimelineEntry } from '../model/events.ts';
import type { DeviceReport, Report } from '../model/report.ts';
import {
  isGenericLabel,
  isMicrosoftHost,
  isNameWorthHiding,
  isPublicGuid,
  looksLikeHostName,
  splitHost,
} from './identifiers.ts';
import { type PseudonymKind, PseudonymTable } from './pseudonyms.ts';

/** The names a capture states outright; they are hidden wherever they appear afterwards. */
export type NameKind = 'user' | 'device' | 'tenant' | 'netbios' | 'domain';

export interface Redactor {
  /** Remembers a name (a device, a user, a tenant...) so free text mentioning it is redacted too. */
  learn(kind: NameKind, value: string): void;
  /** Every identifier in `text` replaced; the rest of the text untouched. */
  text(text: string): string;
  /** The stand-in for one value of a known kind. */
  pseudonym(kind: PseudonymKind, value: string): string;
}

const URL_RE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
const EMAIL_RE = /[a-z0-9._%+'-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}/gi;
const GUID_RE =
  /(?<![0-9a-z])[0-9a-fx]{8}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{12}(?![0-9a-z])/gi;
/** A domain or machine SID: the three sub-authorities name the domain; the RID after them stays. */
const SID_RE = /\bS-1-5-21-(\d+-\d+-\d+)(?=\b)/gi;
const HEX_ID_RE = /(?<![0-9a-z])(?:[0-9a-f]{64}|[0-9a-f]{40})(?![0-9a-z])/gi;
const HOST_RE = /(?<![\w.@-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![\w-])/gi;
/** Query parameters whose values are protocol words, never names. */
const PROTOCOL_QUERY_KEYS = new Set(
  'api-version wa response_type response_mode prompt mode format lang mkt version x-client-sku x-client-ver x-client-os'.split(
    ' ',
  ),
);
const WORD_RE = /[\p{L}\p{N}_]+/gu;
const HELD_RE = /\u0001(\d+)\u0002/g;

export function createRedactor(options: { salt?: string } = {}): Redactor {
  return new PseudonymRedactor(options.salt ?? null);
}

class PseudonymRedactor implements Redactor {
  readonly #table: PseudonymTable;
  /** Lower-cased name → its kind. */
  readonly #names = new Map<string, NameKind>();
  /** A word of each name → the names containing it. */
  readonly #byWord = new Map<string, string[]>();

  constructor(salt: string | null) {
    this.#table = new PseudonymTable(salt);
  }

  learn(kind: NameKind, value: string): void {
    const v = value.trim().replace(/\.$/, '');
    if (!isNameWorthHiding(v)) return;
    if (kind === 'domain' || (kind === 'device' && v.includes('.'))) {
      if (isMicrosoftHost(v)) return;
      if (kind === 'device') {
        const [first, ...rest] = v.split('.');
        this.learn('device', first ?? '');
        this.learn('domain', rest.join('.'));
        return;
      }
    }
    const key = v.toLowerCase();
    if (this.#names.has(key)) return;
    this.#names.set(key, kind);
    // Indexed by its longest word: `DESKTOP-7F3K2` under `7f3k2`, not under the common `desktop`.
    const word = (key.match(WORD_RE) ?? []).reduce((a, b) => (b.length > a.length ? b : a), '');
    if (word === '') return;
    const list = this.#byWord.get(word);
    if (list) list.push(key);
    else this.#byWord.set(word, [key]);
  }

  pseudonym(kind: PseudonymKind, value: string): string {
    return this.#table.get(kind, value);
  }

  text(input: string): string {
    if (input === '') return input;
    const held: string[] = [];
    const hold = (replacement: string) => `\u0001${held.push(replacement) - 1}\u0002`;
    // Replacements are held aside behind markers so a later pattern cannot rewrite a pseudonym.
    let s = input.replace(/[\u0001\u0002]/g, '').replace(URL_RE, (m) => {
      const [url, tail] = splitTrailingPunctuation(m);
      return hold(this.#url(url)) + tail;
    });
    s = s.replace(EMAIL_RE, (m) => hold(this.#email(m)));
    s = s.replace(GUID_RE, (m) => hold(this.#guid(m)));
    s = s.replace(SID_RE, (_, domain: string) => hold(`S-1-5-21-${this.#table.get('sid', domain)}`));
    s = s.replace(HEX_ID_RE, (m) => hold(keepCase(m, this.#table.get('thumbprint', m))));
    // Hosts before bare names: `contoso.com` is a domain even when `Contoso` is also the tenant name.
    s = s.replace(HOST_RE, (m) => (this.#isPrivateHost(m) ? hold(this.#host(m)) : m));
    const names = this.#namesPattern(s);
    if (names) s = s.replace(names, (m) => hold(this.#name(m)));
    return s.replace(HELD_RE, (_, i: string) => held[Number(i)] ?? '');
  }

  /**
   * A pattern for the learned names that can occur in `text`. Names are indexed by a word, so a
   * run that learned thousands of device names still builds a small pattern per text.
   */
  #namesPattern(text: string): RegExp | null {
    if (this.#names.size === 0) return null;
    const candidates = new Set<string>();
    for (const word of text.toLowerCase().match(WORD_RE) ?? []) {
      for (const name of this.#byWord.get(word) ?? []) candidates.add(name);
    }
    if (candidates.size === 0) return null;
    const alternatives = [...candidates].sort((a, b) => b.length - a.length).map(escapeRegExp);
    return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
  }

  #name(value: string): string {
    const kind = this.#names.get(value.toLowerCase()) ?? 'user';
    if (kind === 'domain') return this.#host(value);
    const stand = this.#table.get(kind, value);
    // `CONTOSO` and `Contoso` are one name; the upper-case spelling stays upper-case.
    return /[A-Z]/.test(value) && !/[a-z]/.test(value) ? stand.toUpperCase() : stand;
  }

  #guid(guid: string): string {
    if (isPublicGuid(guid) || !/[0-9a-f]/i.test(guid.replace(/x/gi, ''))) return guid;
    const masked = /x/i.test(guid);
    const stand = keepCase(guid, this.#table.get('guid', guid));
    // A GUID someone partly masked stays masked in the same places.
    return masked ? [...stand].map((c, i) => (/x/i.test(guid[i] ?? '') ? guid[i] : c)).join('') : stand;
  }

  #email(address: string): string {
    const at = address.lastIndexOf('@');
    const domain = address.slice(at + 1);
    return `${this.#table.get('user', address.slice(0, at))}@${this.#host(domain)}`;
  }

  #isPrivateHost(host: string): boolean {
    if (isMicrosoftHost(host)) return false;
    const lower = host.toLowerCase();
    if (looksLikeHostName(lower)) return true;
    const labels = lower.split('.');
    return labels.some((_, i) => this.#names.get(labels.slice(i).join('.')) === 'domain');
  }

  /** `sts.contoso.com` → `sts.domain1.example`: the registrable part always, other labels unless generic. */
  #host(host: string): string {
    if (isMicrosoftHost(host) || /^[\d.]+$/.test(host)) return host;
    const { labels, registrable, suffix } = splitHost(host.replace(/\.$/, ''));
    const domain = suffix
      ? `${this.#table.get('domain', registrable)}.${suffix}`
      : `${this.#table.get('domain', registrable)}.example`;
    const front = labels.map((label) => {
      const kind = this.#names.get(label.toLowerCase());
      if (kind === 'device' || kind === 'tenant' || kind === 'netbios') return this.#name(label);
      return isGenericLabel(label) ? label : this.#table.get('host', label);
    });
    return [...front, domain].join('.');
  }

  #url(url: string): string {
    const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(url);
    if (!m) return url;
    const [, scheme = '', authority = '', path = '', query = '', fragment = ''] = m;
    const at = authority.lastIndexOf('@');
    const userInfo = at >= 0 ? `${this.#table.get('user', authority.slice(0, at))}@` : '';
    const hostPort = authority.slice(at + 1);
    const colon = hostPort.lastIndexOf(':');
    const host = colon > 0 && !hostPort.includes(']') ? hostPort.slice(0, colon) : hostPort;
    const port = hostPort.slice(host.length);
    const redactedPath = path
      .split('/')
      .map((segment) => this.text(segment))
      .join('/');
    // Microsoft's own endpoints take protocol values; only identifiers inside them are replaced.
    const microsoft = isMicrosoftHost(host);
    const redactedQuery = query
      ? `?${query
          .slice(1)
          .split('&')
          .map((pair) => (microsoft ? this.text(pair) : this.#queryPair(pair)))
          .join('&')}`
      : '';
    return `${scheme}${userInfo}${this.#host(host)}${port}${redactedPath}${redactedQuery}${fragment ? this.text(fragment) : ''}`;
  }

  /** Query values are identifiers unless a number or the value of a protocol parameter (`wa=wsignin1.0`). */
  #queryPair(pair: string): string {
    const eq = pair.indexOf('=');
    if (eq < 0) return pair;
    const value = pair.slice(eq + 1);
    if (value === '' || /^[\d.]+$/.test(value) || PROTOCOL_QUERY_KEYS.has(pair.slice(0, eq).toLowerCase()))
      return pair;
    const swept = this.text(value);
    return `${pair.slice(0, eq + 1)}${swept !== value ? swept : this.#table.get('opaque', value)}`;
  }
}

function splitTrailingPunctuation(url: string): [string, string] {
  const m = /[).,;:\]}]+$/.exec(url);
  return m ? [url.slice(0, m.index), m[0]] : [url, ''];
}

function keepCase(original: string, stand: string): string {
  return /[A-F]/.test(original) && !/[a-f]/.test(original) ? stand.toUpperCase() : stand;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// Learning: the names a capture or an event log states outright.

const FIELD_NAME_KINDS: Record<string, NameKind> = {
  tenantname: 'tenant',
  workplacetenantname: 'tenant',
  'device name': 'device',
  devicename: 'device',
  'computer name': 'device',
  domainname: 'netbios',
  kerbtoplevelnames: 'domain',
  'user identity': 'user',
  'user name': 'user',
  'executing account name': 'user',
  'workplace join user': 'user',
  useremail: 'user',
};

const EVENT_DATA_KINDS: [RegExp, NameKind][] = [
  [/^(?:user(?:name)?|upn|accountname|samname|targetusername|subjectusername|useridentity)$/i, 'user'],
  [/^(?:tenantname|tenantdomain)$/i, 'tenant'],
  [/^(?:devicename|computername|computer|hostname|workstation(?:name)?)$/i, 'device'],
  [/^(?:domain|domainname|targetdomainname|subjectdomainname)$/i, 'netbios'],
];

/** Learns one stated name, splitting the compound forms (`CONTOSO\user, user@contoso.com`). */
function learnValue(redactor: Redactor, kind: NameKind, value: string): void {
  for (const part of value.split(/[,;]/)) {
    const item = part.trim().replace(/^\./, '').replace(/:\d+$/, '');
    if (item === '') continue;
    const slash = item.indexOf('\\');
    if (slash > 0) {
      redactor.learn(
        item.includes('.') && item.indexOf('.') < slash ? 'domain' : 'netbios',
        item.slice(0, slash),
      );
      redactor.learn('user', item.slice(slash + 1));
    } else if (item.includes('@')) {
      redactor.learn('user', item.slice(0, item.lastIndexOf('@')));
      redactor.learn('domain', item.slice(item.lastIndexOf('@') + 1));
    } else if (kind === 'netbios' && item.includes('.')) {
      redactor.learn('domain', item);
    } else {
      redactor.learn(kind, item);
    }
  }
}

export function learnCapture(redactor: Redactor, capture: DsregCapture): void {
  for (const section of capture.sections) {
    for (const field of section.fields) {
      const kind = FIELD_NAME_KINDS[field.name.toLowerCase()];
      if (kind && field.value.kind !== 'masked') learnValue(redactor, kind, field.raw);
    }
  }
  if (capture.trace?.tenantName) learnValue(redactor, 'tenant', capture.trace.tenantName);
}

export function learnEvents(redactor: Redactor, records: readonly EventRecord[]): void {
  for (const record of records) {
    if (record.computer) learnValue(redactor, 'device', record.computer);
    for (const [key, value] of Object.entries(record.data)) {
      const kind = EVENT_DATA_KINDS.find(([re]) => re.test(key))?.[1];
      if (kind && value.trim() !== '' && value.trim() !== '-') learnValue(redactor, kind, value);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Rewriting.

export function redactCapture(capture: DsregCapture, redactor: Redactor): DsregCapture {
  learnCapture(redactor, capture);
  const t = (s: string) => redactor.text(s);
  const tn = (s: string | null) => (s === null ? null : t(s));
  return {
    ...capture,
    sections: capture.sections.map((section) => ({
      ...section,
      fields: section.fields.map((field) => redactField(field, redactor)),
    })),
    accounts: capture.accounts.map((a) => ({ ...a, text: t(a.text) })),
    trace: capture.trace
      ? {
          ...capture.trace,
          tenantName: tn(capture.trace.tenantName),
          tenantId: tn(capture.trace.tenantId),
          codes: capture.trace.codes.map((c) => ({ ...c, context: t(c.context) })),
          failures: capture.trace.failures.map((f) => ({ ...f, text: t(f.text) })),
        }
      : null,
    read: { ...capture.read, warnings: capture.read.warnings.map((w) => ({ ...w, message: t(w.message) })) },
  };
}

function redactField(field: CaptureField, redactor: Redactor): CaptureField {
  const t = (s: string) => redactor.text(s);
  return {
    ...field,
    raw: redactRaw(field, redactor),
    value: redactValue(field.value, redactor),
    annotation: field.annotation === null ? null : t(field.annotation),
  };
}

/** The value text of a field, redacted; base64 JSON (`SettingsUrl`) is redacted inside and re-encoded. */
function redactRaw(field: CaptureField, redactor: Redactor): string {
  if (field.value.kind !== 'decoded') return redactor.text(field.raw);
  try {
    const json = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(field.raw.trim()), (ch) => ch.charCodeAt(0)),
    );
    const redacted = redactor.text(json);
    if (redacted === json) return field.raw;
    const bytes = new TextEncoder().encode(redacted);
    return field.raw.replace(field.raw.trim(), btoa(String.fromCharCode(...bytes)));
  } catch {
    return redactor.text(field.raw);
  }
}

function redactValue(value: FieldValue, redactor: Redactor): FieldValue {
  const t = (s: string) => redactor.text(s);
  switch (value.kind) {
    case 'text':
      return { ...value, text: t(value.text) };
    case 'error':
    case 'test':
    case 'masked':
      return { ...value, text: t(value.text) };
    case 'status':
      return { ...value, message: value.message === null ? null : t(value.message) };
    case 'guid':
      return { ...value, guid: t(value.guid) };
    case 'list':
      return { ...value, items: value.items.map(t) };
    case 'decoded':
      return { ...value, json: redactJson(value.json, redactor) };
    default:
      return value;
  }
}

function redactJson(json: unknown, redactor: Redactor): unknown {
  if (typeof json === 'string') return redactor.text(json);
  if (Array.isArray(json)) return json.map((item) => redactJson(item, redactor));
  if (json !== null && typeof json === 'object') {
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, redactJson(v, redactor)]));
  }
  return json;
}

export function redactReport(report: Report, redactor: Redactor): Report {
  // Learn every stated name first, so text seen early is redacted with names stated later.
  for (const r of report.reports) {
    if (r.capture) learnCapture(redactor, r.capture);
    if (r.events) learnEvents(redactor, r.events);
  }
  return { ...report, reports: report.reports.map((r) => redactDeviceReport(r, redactor)) };
}

function redactDeviceReport(report: DeviceReport, redactor: Redactor): DeviceReport {
  const t = (s: string) => redactor.text(s);
  const out: DeviceReport = {
    source: {
      ...report.source,
      path: t(report.source.path),
      ...(report.source.skipped
        ? { skipped: report.source.skipped.map((s) => ({ ...s, why: t(s.why) })) }
        : {}),
    },
    capture: report.capture ? redactCapture(report.capture, redactor) : null,
    verdict: redactVerdict(report.verdict, redactor),
    findings: report.findings.map((f) => redactFinding(f, redactor)),
  };
  if (report.events) out.events = report.events.map((e) => redactEvent(e, redactor));
  if (report.timeline) out.timeline = report.timeline.map((e) => redactTimeline(e, redactor));
  return out;
}

function redactVerdict(verdict: Verdict, redactor: Redactor): Verdict {
  const t = (s: string) => redactor.text(s);
  return {
    ...verdict,
    summary: t(verdict.summary),
    confidence: { ...verdict.confidence, reasons: verdict.confidence.reasons.map(t) },
  };
}

function redactFinding(finding: Finding, redactor: Redactor): Finding {
  const t = (s: string) => redactor.text(s);
  return {
    ...finding,
    title: t(finding.title),
    evidence: finding.evidence.map((e) => ({ ...e, value: t(e.value) })),
    explanation: t(finding.explanation),
    causes: finding.causes.map(t),
    steps: finding.steps.map(t),
  };
}

function redactEvent(record: EventRecord, redactor: Redactor): EventRecord {
  const t = (s: string) => redactor.text(s);
  return {
    ...record,
    computer: record.computer === null ? null : t(record.computer),
    data: Object.fromEntries(Object.entries(record.data).map(([k, v]) => [k, t(v)])),
    message: record.message === null ? null : t(record.message),
    activityId: record.activityId === null ? null : t(record.activityId),
  };
}

function redactTimeline(entry: TimelineEntry, redactor: Redactor): TimelineEntry {
  return { ...entry, summary: redactor.text(entry.summary) };
}

/**
 * A copy of the capture text with identifiers replaced in place. Line breaks and everything up
 * to each field's value stay as they were, so the copy reads back to the same model and verdict.
 */
export function redactCaptureText(
  text: string,
  captures: readonly DsregCapture[],
  redactor: Redactor,
): string {
  for (const capture of captures) learnCapture(redactor, capture);
  const fieldsByLine = new Map<number, CaptureField[]>();
  const headerLines = new Set<number>();
  for (const capture of captures) {
    for (const section of capture.sections) {
      if (section.line !== null) headerLines.add(section.line);
      for (const f of section.fields) fieldsByLine.set(f.line, [...(fieldsByLine.get(f.line) ?? []), f]);
    }
  }
  const pieces = text.split(/(\r\n|\n|\r)/);
  let line = 1;
  for (let i = 0; i < pieces.length; i += 2) {
    const content = pieces[i] ?? '';
    const fields = fieldsByLine.get(line) ?? [];
    // One field per line (the usual layout): name and alignment stay verbatim. A line holding
    // several (a capture whose line breaks were lost) is swept whole.
    const field = fields.length === 1 ? fields[0] : undefined;
    const raw = field?.raw ?? '';
    const at = field && raw !== '' ? content.lastIndexOf(raw) : -1;
    // Section headers are the layout the reader relies on: they stay verbatim.
    if (headerLines.has(line) && fields.length === 0) pieces[i] = content;
    else if (field && at >= 0) {
      pieces[i] =
        content.slice(0, at) + redactRaw(field, redactor) + redactor.text(content.slice(at + raw.length));
    } else pieces[i] = redactor.text(content);
    line++;
  }
  return pieces.join('');
}
