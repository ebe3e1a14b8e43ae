/**
 * What a report shows, independent of format: the verdict headline, the error chain with the
 * meaning of each code, findings by severity, and the capture fields worth a glance. The text,
 * markdown and HTML renderers only lay this out.
 * @module
 */
import { isKeyField } from '../knowledge/fields.ts';
import type { CaptureField, CaptureSection, DsregCapture } from '../model/capture.ts';
import type { Finding, Health, JoinState, Reference, Severity, Verdict } from '../model/diagnosis.ts';
import type { TimelineEntry } from '../model/events.ts';
import { JOIN_STATE_LABELS } from '../model/labels.ts';
import type { DeviceReport, ErrorChain, ErrorChainLink, ReportNotice } from '../model/report.ts';

const STATE_LABELS = JOIN_STATE_LABELS;

export function joinStateLabel(state: JoinState): string {
  return STATE_LABELS[state];
}

export function stateLabel(verdict: Verdict): string {
  const base = STATE_LABELS[verdict.joinState];
  // Dual state (joined and also registered) is worth saying: it is a known source of trouble.
  return verdict.workplaceJoined === true && verdict.joinState !== 'entra-registered'
    ? `${base} + Entra registered`
    : base;
}

export function healthLabel(health: Health): string {
  return health === 'unknown' ? 'health unknown' : health;
}

/** `HYBRID JOINED · FAILING`: the line an admin reads first. */
export function headline(verdict: Verdict): string {
  return `${stateLabel(verdict).toUpperCase()} · ${healthLabel(verdict.health).toUpperCase()}`;
}

/** One link of the error chain, as the report carries it. */
export type ChainLink = ErrorChainLink;

/** The error chain, as the report carries it. */
export type { ErrorChain } from '../model/report.ts';

/**
 * The failing phase and the codes behind it, each with what it means there: built with the
 * diagnosis and carried in the report (`errorChain`); the renderers only lay it out.
 */
export function errorChain(report: DeviceReport): ErrorChain | null {
  return report.errorChain ?? null;
}

/** What the reader must know about the evidence, warnings first; each line with its count. */
export function noticeLines(report: DeviceReport): { severity: ReportNotice['severity']; text: string }[] {
  const notices = report.notices ?? [];
  const ordered = [
    ...notices.filter((n) => n.severity === 'warning'),
    ...notices.filter((n) => n.severity !== 'warning'),
  ];
  return ordered.map((n) => ({
    severity: n.severity,
    text:
      n.count !== undefined && n.count > 1 && !n.message.includes(String(n.count))
        ? `${n.message} (${n.count})`
        : n.message,
  }));
}

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

export function findingsBySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
  );
}

export function severityCounts(findings: readonly Finding[]): string {
  const parts = SEVERITY_ORDER.map((s) => {
    const n = findings.filter((f) => f.severity === s).length;
    return n === 0 ? null : `${n} ${s}${n === 1 ? '' : s === 'info' ? '' : 's'}`;
  }).filter((p) => p !== null);
  return parts.length === 0 ? 'no findings' : parts.join(', ');
}

export interface FieldGroup {
  title: string;
  fields: CaptureField[];
}

/** Key fields per section, plus any field a finding cites, in capture order. */
export function keyFields(capture: DsregCapture, findings: readonly Finding[]): FieldGroup[] {
  const cited = new Set(findings.flatMap((f) => f.evidence.map((e) => e.line)).filter((l) => l !== null));
  return capture.sections
    .map((section) => ({
      title: sectionTitle(section),
      fields: section.fields.filter(
        // The fields worth a glance carry the catalog's `key` role; the rest stays in the JSON.
        (f) => cited.has(f.line) || isKeyField(f.name, section.id),
      ),
    }))
    .filter((g) => g.fields.length > 0);
}

export function sectionTitle(section: CaptureSection): string {
  if (section.title) return section.title;
  return section.id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/** `AzureAdPrt › Attempt Status` where a name repeats in several blocks. */
export function fieldLabel(field: CaptureField): string {
  return field.scope ? `${field.scope} › ${field.name}` : field.name;
}

export function sourceLabel(report: DeviceReport): string {
  const s = report.source;
  const doc = s.kind === 'capture' && s.document > 0 ? ` (capture ${s.document + 1})` : '';
  const records = s.records !== undefined ? ` (${s.records} event record${s.records === 1 ? '' : 's'})` : '';
  return `${s.path}${doc}${records}`;
}

/** How many fields the capture holds, and how many of them a report shows (key or cited fields). */
export function fieldCounts(
  capture: DsregCapture,
  findings: readonly Finding[],
): { shown: number; total: number } {
  const total = capture.sections.reduce((n, s) => n + s.fields.length, 0);
  const shown = keyFields(capture, findings).reduce((n, g) => n + g.fields.length, 0);
  return { shown, total };
}

/** `22 of 41 fields shown`: said wherever a report shows fewer fields than the capture holds. */
export function shownLine(capture: DsregCapture, findings: readonly Finding[]): string {
  const { shown, total } = fieldCounts(capture, findings);
  return shown === total
    ? `all ${total} field${total === 1 ? '' : 's'} shown`
    : `${shown} of ${total} fields shown`;
}

export function readLine(capture: DsregCapture): string {
  const r = capture.read;
  const parts = [`${r.layout} layout`, `completeness ${Math.round(r.completeness.score * 100)}%`];
  if (r.completeness.truncated) parts.push('truncated');
  if (r.completeness.missingSections.length > 0)
    parts.push(`missing ${r.completeness.missingSections.join(', ')}`);
  if (capture.windowsVersion) parts.push(`Windows ${capture.windowsVersion}`);
  return parts.join(' · ');
}

/**
 * What a debug trace states, in a few lines: the command, the pre-check, the failure lines and the
 * last line stating a join succeeded.
 */
export function traceNotes(capture: DsregCapture): string[] {
  const t = capture.trace;
  if (!t) return [];
  const head = [
    t.command ?? 'dsregcmd debug trace',
    t.preCheckResult ? `pre-check ${t.preCheckResult}` : null,
  ];
  const notes = [head.filter((x) => x !== null).join(' · ')];
  const tenant = [t.tenantName, t.tenantType].filter((x) => x !== null && x !== '');
  if (tenant.length > 0) notes.push(`tenant ${tenant.join(', ')}`);
  for (const f of t.failures.slice(0, TRACE_FAILURES_SHOWN)) notes.push(`line ${f.line}: ${f.text}`);
  if (t.failures.length > TRACE_FAILURES_SHOWN)
    notes.push(`${t.failures.length - TRACE_FAILURES_SHOWN} more failure line(s)`);
  // A join that was retried and succeeded: the line that says so.
  for (const s of (t.successes ?? []).slice(-1)) notes.push(`line ${s.line}: ${s.text}`);
  return notes;
}

const TRACE_FAILURES_SHOWN = 5;

/**
 * The device a report is about, as an admin names it: the capture's Device Name, else the
 * computer its events came from, else the device key; null when the evidence names no device.
 */
/** How many event records a report's evidence holds, and how many parts could not be read. */
export interface EventRecordCounts {
  read: number;
  skipped: number;
}

/**
 * The event records behind a report (its own log, or the logs read with a capture) and the parts
 * the readers skipped (damaged EVTX chunks and records, broken events), as the `records-skipped`
 * notices count them; null for a report without event evidence.
 */
export function eventRecordCounts(report: DeviceReport): EventRecordCounts | null {
  const skipped = (report.notices ?? [])
    .filter((n) => n.code === 'records-skipped')
    .reduce((sum, n) => sum + (n.count ?? 1), 0);
  const read = report.events?.length ?? report.source.records ?? 0;
  if (read === 0 && skipped === 0 && report.source.kind === 'capture') return null;
  return { read, skipped };
}

/** `300 event records read, 85 skipped (could not be read)` */
export function eventRecordsLine(counts: EventRecordCounts): string {
  const read = `${counts.read} event record${counts.read === 1 ? '' : 's'} read`;
  return counts.skipped > 0 ? `${read}, ${counts.skipped} skipped as unreadable` : `${read}, none skipped`;
}

export function deviceName(report: DeviceReport): string | null {
  for (const section of report.capture?.sections ?? []) {
    const field = section.fields.find((f) => f.name === 'Device Name' && f.raw.trim() !== '');
    if (field) return field.raw.trim();
  }
  const computer = report.events?.find((e) => e.computer !== null && e.computer.trim() !== '')?.computer;
  if (computer) return computer.trim();
  return report.device?.computer ?? null;
}

/** The heading of one report: the device name, else the file name (the last part of its path). */
export function reportTitle(report: DeviceReport): string {
  const name = deviceName(report);
  if (name) return name;
  const path = report.source.path;
  const last =
    path
      .split(/[\\/]/)
      .filter((p) => p !== '')
      .pop() ?? path;
  return last === '' ? 'standard input' : last;
}

/**
 * The confidence in words that never contradict themselves: "high" with reasons reads as high
 * with reservations, "medium"/"low" says what brought it down.
 */
export function confidenceLine(verdict: Verdict): string {
  const { level, reasons } = verdict.confidence;
  if (reasons.length === 0) return `Confidence ${level}`;
  const why = reasons.join('; ');
  return level === 'high'
    ? `Confidence high, with reservations: ${why}`
    : `Confidence ${level} because: ${why}`;
}

/** The checklist items a finding implements, for the one muted line that names them. */
export function checksLine(finding: Finding): string | null {
  return finding.checks.length === 0 ? null : `Checklist: ${finding.checks.join(', ')}`;
}

/**
 * A finding's references, one per address: sections of one article are merged under the most
 * specific title (the longest), in the order they first appear.
 */
export function referenceList(references: readonly Reference[]): Reference[] {
  const out: Reference[] = [];
  const byUrl = new Map<string, number>();
  for (const r of references) {
    const at = r.url ? byUrl.get(r.url) : undefined;
    if (at === undefined) {
      if (r.url) byUrl.set(r.url, out.length);
      if (!out.some((o) => o.url === null && r.url === null && o.title === r.title)) out.push({ ...r });
    } else if (r.title.length > out[at]!.title.length) {
      out[at] = { ...r };
    }
  }
  return out;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/;

/**
 * What a timeline entry names, marked when it lies outside the attempts the capture shows (it is
 * context, and does not drive the verdict).
 */
export function timelineWhat(entry: TimelineEntry): string {
  return entry.outsideAttempts ? `${entry.what} (outside the capture’s attempts)` : entry.what;
}

/**
 * What a timeline entry says. The event diagnosis also marks an entry outside the attempts in its
 * summary text; `timelineWhat` already says so, and a line must not say it twice.
 */
export function timelineSummary(entry: TimelineEntry): string {
  if (!entry.outsideAttempts) return entry.summary;
  return entry.summary.replace(OUTSIDE_MARK, '');
}

/** The mark the event diagnosis appends to the summary of an entry outside the attempts. */
const OUTSIDE_MARK = /\s*\[outside the capture[’']s attempts\]$/;

/**
 * The times of a timeline in one form and one precision: `2025-03-10 08:00:05 UTC`, or with
 * milliseconds on every entry when any entry has them (an event log's 100 ns ticks and a
 * capture's milliseconds otherwise sit side by side). A time with an offset is shown in UTC; a
 * time without a zone is shown as written, and text that is not a time stays as it is.
 */
export function timelineTimes(entries: readonly TimelineEntry[]): (string | null)[] {
  const parsed = entries.map((e) => (e.time === null ? null : parseTime(e.time.trim())));
  const millis = parsed.some((p) => p !== null && p.fraction.slice(0, 3).replace(/0+$/, '') !== '');
  return entries.map((e, i) => {
    const p = parsed[i];
    if (e.time === null) return null;
    if (!p) return e.time;
    const ms = millis ? `.${p.fraction.slice(0, 3).padEnd(3, '0')}` : '';
    return `${p.date} ${p.clock}${ms}${p.zone ? ' UTC' : ''}`;
  });
}

function parseTime(text: string): { date: string; clock: string; fraction: string; zone: boolean } | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const [, date, clock, fraction = '', zone] = m as unknown as [
    string,
    string,
    string,
    string | undefined,
    string | undefined,
  ];
  if (!zone || zone === 'Z' || zone === 'UTC') return { date, clock, fraction, zone: zone !== undefined };
  // An offset: the same instant in UTC, whole seconds moved, the fraction kept.
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  const at = Date.parse(`${date}T${clock}Z`);
  if (Number.isNaN(at)) return null;
  const iso = new Date(at - offset).toISOString();
  return { date: iso.slice(0, 10), clock: iso.slice(11, 19), fraction, zone: true };
}
