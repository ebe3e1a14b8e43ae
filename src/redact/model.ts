/**
 * Redaction as a pass over the model: captures, findings, verdicts, events and whole report
 * envelopes rewritten with identifiers replaced, every other value as it was.
 * @module
 */
import type { CaptureField, DsregCapture, FieldValue } from '../model/capture.ts';
import type { Finding, Verdict } from '../model/diagnosis.ts';
import type { EventRecord, TimelineEntry } from '../model/events.ts';
import type { DeviceReport, Report } from '../model/report.ts';
import type { Redactor } from './engine.ts';
import { isMicrosoftHost } from './identifiers.ts';
import { learnCapture, learnEvents } from './learn.ts';
import { redactFileNames, redactPath } from './paths.ts';
import type { PseudonymKind } from './pseudonyms.ts';
import { residueNotice, scanResidue } from './residue.ts';
import { identityRole, isSafeField, namesNobody } from './roles.ts';

export function redactCapture(capture: DsregCapture, redactor: Redactor): DsregCapture {
  learnCapture(redactor, capture);
  const t = (s: string) => redactor.text(s);
  return {
    ...capture,
    sections: capture.sections.map((section) => ({
      ...section,
      title: redactor.optional(section.title),
      fields: section.fields.map((field) => redactField(field, redactor)),
    })),
    accounts: capture.accounts.map((a) => ({ ...a, text: t(a.text) })),
    trace: capture.trace
      ? {
          ...capture.trace,
          tenantName: redactor.optional(capture.trace.tenantName),
          tenantId: redactor.optional(capture.trace.tenantId),
          codes: capture.trace.codes.map((c) => ({ ...c, context: t(c.context) })),
          failures: capture.trace.failures.map((f) => ({ ...f, text: t(f.text) })),
          successes: (capture.trace.successes ?? []).map((f) => ({ ...f, text: t(f.text) })),
          ...(capture.trace.answer
            ? {
                answer: {
                  ...capture.trace.answer,
                  requestId: redactor.optional(capture.trace.answer.requestId),
                  errorCode: redactor.optional(capture.trace.answer.errorCode),
                  message: redactor.optional(capture.trace.answer.message),
                },
              }
            : {}),
        }
      : null,
    read: { ...capture.read, warnings: capture.read.warnings.map((w) => ({ ...w, message: t(w.message) })) },
  };
}

function redactField(field: CaptureField, redactor: Redactor): CaptureField {
  const t = (s: string) => redactor.text(s);
  const { raw, value } = applyFieldRules(
    field,
    redactRaw(field, redactor),
    redactValue(field.value, redactor),
    redactor,
  );
  return {
    ...field,
    // A field someone named after a device or a user (an unknown field) is redacted by name too.
    name: t(field.name),
    label: redactor.optional(field.label),
    raw,
    value,
    annotation: redactor.optional(field.annotation),
  };
}

/**
 * The role and strict-mode rules over a field whose text was pattern-redacted: a field that
 * identifies a device, a user or a tenant never keeps its value as it was (unless that value
 * names nobody), and strict mode masks every value the catalog does not know to be safe.
 */
export function applyFieldRules(
  field: CaptureField,
  raw: string,
  value: FieldValue,
  redactor: Redactor,
): { raw: string; value: FieldValue } {
  const role = identityRole(field.name);
  if (role !== null && field.value.kind !== 'masked' && !namesNobody(field.raw)) {
    const replaced = replaceUnchanged(field.raw, raw, role.kind, redactor);
    if (replaced !== raw) return { raw: replaced, value: valueFromText(value, replaced.trim()) };
  }
  if (!redactor.strict || field.value.kind === 'masked' || field.value.kind === 'empty')
    return { raw, value };
  const safe = isSafeField(field.name);
  if (safe === true || (safe === 'url' && pointsAtMicrosoft(raw)) || namesNobody(raw)) return { raw, value };
  const masked = strictMask(raw);
  return { raw: masked, value: { kind: 'masked', text: masked.trim() } };
}

/**
 * The redacted text, or when patterns left the value exactly as it was, the value replaced whole
 * by a stand-in of the field's kind (the spaces around it kept). A list is taken item by item.
 */
function replaceUnchanged(
  original: string,
  redacted: string,
  kind: PseudonymKind,
  redactor: Redactor,
): string {
  if (redacted !== original) return redacted;
  return original.replace(/[^\s,;]+(?:[^\S\r\n]+[^\s,;]+)*/g, (item) =>
    namesNobody(item) ? item : standIn(kind, item, redactor),
  );
}

function standIn(kind: PseudonymKind, value: string, redactor: Redactor): string {
  const stand = redactor.pseudonym(kind, value);
  if (kind === 'domain') return `${stand}.example`;
  // `CONTOSO` gets `DOMAIN1`, `9F3C…` gets upper-case hex: the stand-in keeps the capitals.
  return /\p{Lu}/u.test(value) && !/\p{Ll}/u.test(value) ? stand.toUpperCase() : stand;
}

/** The parsed value matching a replaced text. */
function valueFromText(value: FieldValue, text: string): FieldValue {
  switch (value.kind) {
    case 'guid':
      return { ...value, guid: text };
    case 'list':
      return { ...value, items: text.split(/\s*[,;]\s*|\s+/).filter((item) => item !== '') };
    case 'text':
    case 'masked':
    case 'error':
    case 'test':
      return { ...value, text };
    default:
      return { kind: 'text', text };
  }
}

/** Every URL in the value points at a Microsoft host (or it holds none). */
function pointsAtMicrosoft(text: string): boolean {
  const hosts = [...text.matchAll(/[a-z][a-z0-9+.-]*:\/\/([^/?#\s:]+)/gi)].map((m) => m[1] ?? '');
  return hosts.every((host) => isMicrosoftHost(host));
}

/**
 * Strict mode's stand-in for a value: `[redacted]`, followed by the codes the value held
 * (`0x801c03f2`, `AADSTS50126`, `MSIS7065`), which identify no one and are what a helper reads.
 */
export function strictMask(raw: string): string {
  const lead = /^\s*/.exec(raw)?.[0] ?? '';
  const codes = raw.match(/\b(?:0x[0-9a-f]{8}|AADSTS\d{4,6}|MSIS\d{4})\b/gi) ?? [];
  return `${lead}[redacted]${codes.length > 0 ? ` ${[...new Set(codes)].join(' ')}` : ''}`;
}

/** The value text of a field, redacted; base64 JSON (`SettingsUrl`) is redacted inside and re-encoded. */
export function redactRaw(field: CaptureField, redactor: Redactor): string {
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
      return { ...value, message: redactor.optional(value.message) };
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
  const out: Report = { ...report, reports: report.reports.map((r) => redactDeviceReport(r, redactor)) };
  if (report.failures) {
    out.failures = report.failures.map((f) => ({
      path: redactPath(f.path, redactor),
      reason: redactor.text(f.reason.split(f.path).join(redactPath(f.path, redactor))),
    }));
  }
  return out;
}

function redactDeviceReport(report: DeviceReport, redactor: Redactor): DeviceReport {
  const t = (s: string) => redactor.text(s);
  const out: DeviceReport = {
    source: {
      ...report.source,
      path: redactPath(report.source.path, redactor),
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
  if (report.errorChain) {
    out.errorChain = {
      ...report.errorChain,
      // Codes and their catalog meanings stay; a server message or an ID is free text.
      links: report.errorChain.links.map((link) => (link.code ? link : { ...link, value: t(link.value) })),
    };
  }
  if (report.device) {
    const d = report.device;
    out.device = {
      ...d,
      value: t(d.value),
      tenantId: redactor.optional(d.tenantId),
      deviceId: redactor.optional(d.deviceId),
      computer: redactor.optional(d.computer),
      domain: redactor.optional(d.domain),
    };
  }
  // A notice names input files (a log read with two captures): as the source path, so are they.
  if (report.notices)
    out.notices = report.notices.map((n) => ({ ...n, message: t(redactFileNames(n.message, redactor)) }));
  // The second look: whatever identifier-shaped value is left is named (by kind and count).
  // Finding references are the catalog's public links, not evidence: they are not scanned.
  const scanned = JSON.stringify(out, (key, value) => (key === 'references' ? undefined : value));
  const notice = residueNotice(scanResidue(scanned, redactor));
  if (notice !== null) out.notices = [...(out.notices ?? []), notice];
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

/** An event data value strict mode keeps: a code, a number, a flag. */
const SAFE_EVENT_VALUE = /^\s*(?:0x[0-9a-f]{1,16}|-?\d{1,20}|true|false|yes|no)?\s*$/i;

function redactEvent(record: EventRecord, redactor: Redactor): EventRecord {
  const t = (s: string) => redactor.text(s);
  // Strict mode: free text of an event (its message, its text data) is masked, codes kept.
  const free = (s: string) => (redactor.strict && !SAFE_EVENT_VALUE.test(s) ? strictMask(t(s)) : t(s));
  return {
    ...record,
    computer: redactor.optional(record.computer),
    // Data names too: an export can name a value after a device or an address.
    data: Object.fromEntries(Object.entries(record.data).map(([k, v]) => [t(k), free(v)])),
    message: record.message === null ? null : free(record.message),
    activityId: redactor.optional(record.activityId),
  };
}

function redactTimeline(entry: TimelineEntry, redactor: Redactor): TimelineEntry {
  return { ...entry, summary: redactor.text(entry.summary) };
}
