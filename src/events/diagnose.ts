/**
 * Diagnosis from event records, alone or together with a capture: findings in the same model and
 * code form as the capture diagnosis, a verdict, and a timeline of the events that matter.
 * @module
 */
import type { DsregCapture } from '../model/capture.ts';
import type {
  Diagnosis,
  Evidence,
  Finding,
  JoinState,
  Phase,
  Reference,
  Verdict,
} from '../model/diagnosis.ts';
import type { EventRecord, TimelineEntry } from '../model/events.ts';
import { readCode, readServerMessage } from './catalog.ts';
import { type EventFacts, factsOf, fieldsOf } from './facts.ts';
import { type EventSource, sourceOf } from './knowledge.ts';
import { ruleFor } from './rules.ts';

export interface EventDiagnosis {
  verdict: Verdict;
  findings: Finding[];
  timeline: TimelineEntry[];
}

const REFERENCES: Record<EventSource, Reference> = {
  udr: {
    title: 'Troubleshoot Microsoft Entra hybrid joined devices',
    url: 'https://learn.microsoft.com/entra/identity/devices/troubleshoot-hybrid-join-windows-current',
  },
  aad: {
    title: 'Troubleshoot devices by using the dsregcmd command',
    url: 'https://learn.microsoft.com/entra/identity/devices/troubleshoot-device-dsregcmd',
  },
  wpj: {
    title: 'Troubleshoot hybrid joined down-level devices',
    url: 'https://learn.microsoft.com/entra/identity/devices/troubleshoot-hybrid-join-windows-legacy',
  },
};

interface Item {
  record: EventRecord;
  facts: EventFacts;
  source: EventSource;
  order: number;
}

function byTime(a: Item, b: Item): number {
  if (a.record.time && b.record.time && a.record.time !== b.record.time)
    return a.record.time < b.record.time ? -1 : 1;
  return a.order - b.order;
}

function items(records: EventRecord[]): Item[] {
  const out: Item[] = [];
  records.forEach((record, order) => {
    const source = sourceOf(record);
    if (source) out.push({ record, facts: factsOf(record), source, order });
  });
  return out.sort(byTime);
}

/** Registration outcomes: what the latest attempt says about the device. */
function isRegistrationOutcome(it: Item): 'failure' | 'success' | null {
  const { source } = it;
  const id = it.record.eventId;
  if (source === 'udr') {
    if (id === 306 || id === 335) return 'success';
    if ([200, 201, 202, 203, 204, 205, 206, 304, 305, 307, 309, 334].includes(id)) return 'failure';
  }
  if (source === 'wpj') {
    if (id === 201) return 'success';
    if ([102, 103, 200, 400].includes(id)) return 'failure';
  }
  return null;
}

function evidenceOf(it: Item): Evidence[] {
  const f = it.facts;
  const scope = it.record.channel ?? it.record.provider;
  const what = `event ${it.record.eventId}`;
  const ev: Evidence[] = [];
  const add = (label: string, value: string | number | null) => {
    if (value !== null && value !== '')
      ev.push({ field: `${what} ${label}`, value: String(value), line: null, scope });
  };
  ev.push({ field: what, value: it.record.time ?? 'time unknown', line: null, scope });
  add('exit code', f.exitCode);
  add('phase', f.phase);
  add('ADAL code', f.adalCode !== f.exitCode ? f.adalCode : null);
  add('server error', f.serverErrorCode);
  add('server message', f.serverMessage);
  add('HTTP status', f.httpStatus);
  add('endpoint', f.endpoint);
  add('UPN', f.upn);
  add('tenant type', f.tenantType);
  add('registration type', f.registrationType);
  add('correlation ID', f.correlationId);
  add('activity ID', f.activityId);
  return ev;
}

/** The catalog's reading of the event's codes and server message, in the event's phase. */
function catalogReading(it: Item): { text: string[]; causes: string[]; steps: string[]; expected: boolean } {
  const f = it.facts;
  const context = `event ${it.record.eventId}`;
  const text: string[] = [];
  const causes: string[] = [];
  const steps: string[] = [];
  for (const code of f.codes) {
    const reading = readCode(code, f.phase, context);
    if (!reading.name && !reading.meaning) continue;
    text.push(
      `${reading.code}${reading.name ? ` (${reading.name})` : ''}${reading.meaning ? `: ${reading.meaning}` : ''}.`,
    );
    causes.push(...reading.causes);
    steps.push(...reading.steps);
  }
  const server =
    f.serverErrorCode || f.serverMessage
      ? readServerMessage(f.serverErrorCode, f.serverMessage, f.registrationType)
      : null;
  if (server) {
    text.push(server.meaning);
    causes.unshift(...server.causes);
    steps.unshift(...server.steps);
  }
  if (f.serverMessage) text.push(`The server said: ${f.serverMessage.split('\n')[0]}`);
  return { text, causes, steps, expected: server?.expectedWhileSyncing ?? false };
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

// Prerequisites whose "No" is not a failure (remote sessions, key trust without certificates).
const NEUTRAL_PREREQUISITES = new Set([
  'Message',
  'UserIsRemote',
  'LogonCertRequired',
  'MachinePolicySource',
]);

function missingPrerequisites(it: Item): string {
  if (it.source !== 'udr' || ![360, 361, 362].includes(it.record.eventId)) return '';
  const data = fieldsOf(it.record, it.facts.definition);
  const missing = Object.entries(data)
    .filter(([k, v]) => !NEUTRAL_PREREQUISITES.has(k) && /^no$/i.test(v.trim()))
    .map(([k]) => k);
  return missing.length ? ` Prerequisites not met: ${missing.join(', ')}.` : '';
}

function findingsOf(list: Item[], lastSuccess: Item | null): Finding[] {
  const groups = new Map<string, { first: Item; last: Item; count: number }>();
  for (const it of list) {
    const rule = ruleFor(it.source, it.record.eventId);
    if (!rule) continue;
    if (it.source === 'aad' && it.record.eventId === 1007 && !it.facts.exitCode) continue;
    if (
      it.source === 'udr' &&
      (it.record.eventId === 502 || it.record.eventId === 504) &&
      it.record.level !== 'error' &&
      it.record.level !== 'critical'
    )
      continue;
    const key = `${rule.id}|${it.facts.codes.join(',')}`;
    const g = groups.get(key);
    if (g) {
      g.last = it;
      g.count++;
    } else groups.set(key, { first: it, last: it, count: 1 });
  }
  const findings: Finding[] = [];
  for (const { first, last, count } of groups.values()) {
    const rule = ruleFor(last.source, last.record.eventId);
    if (!rule) continue;
    const resolved =
      lastSuccess !== null &&
      (isRegistrationOutcome(last) === 'failure' || (last.source === 'wpj' && last.record.eventId === 300)) &&
      lastSuccess.source === last.source &&
      byTime(last, lastSuccess) < 0;
    const catalog = catalogReading(last);
    // 307 is expected where hybrid join is not meant; a device object not yet synced heals itself.
    const warningOnly =
      last.record.level === 'warning' ||
      (last.source === 'udr' && last.record.eventId === 307) ||
      catalog.expected;
    const severity = resolved ? 'info' : warningOnly ? 'warning' : 'error';
    const repeat =
      count > 1
        ? ` It was logged ${count} times, from ${first.record.time ?? '?'} to ${last.record.time ?? '?'}.`
        : '';
    const later = resolved
      ? ` A later event (${lastSuccess?.record.eventId}) shows success, so this failure is past.`
      : '';
    const summary = `${last.facts.definition?.summary ?? rule.title}${missingPrerequisites(last)}${repeat}${later}`;
    findings.push({
      id: rule.id,
      severity,
      checks: rule.checks,
      codes: last.facts.codes,
      title: rule.title,
      evidence: evidenceOf(last),
      explanation: [summary, ...catalog.text].join(' '),
      causes: unique([...catalog.causes, ...rule.causes]),
      steps: unique([...catalog.steps, ...rule.steps]),
      references: [REFERENCES[last.source]],
    });
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
}

function timelineOf(list: Item[]): TimelineEntry[] {
  return list
    .filter((it) => it.facts.definition !== null)
    .map((it) => {
      const f = it.facts;
      const details = [
        f.phase && f.definition?.outcome === 'failure' ? `phase ${f.phase}` : null,
        f.exitCode ? `code ${f.exitCode}` : null,
        f.serverErrorCode ? `server ${f.serverErrorCode}` : null,
        f.aadsts.length ? f.aadsts.join(', ') : null,
        f.httpStatus ? `HTTP ${f.httpStatus}` : null,
        f.endpoint ? `endpoint ${f.endpoint}` : null,
        f.upn ? `user ${f.upn}` : null,
      ].filter((d): d is string => d !== null);
      const summary = `${f.definition?.summary ?? ''}${details.length ? ` (${details.join('; ')})` : ''}`;
      return { time: it.record.time, what: `event ${it.record.eventId}`, summary, codes: f.codes };
    });
}

function verdictOf(list: Item[], findings: Finding[]): Verdict {
  const outcomes = list.filter((it) => isRegistrationOutcome(it) !== null);
  const latest = outcomes[outcomes.length - 1] ?? null;
  const errors = findings.filter((f) => f.severity === 'error');
  const hasWpj = list.some((it) => it.source === 'wpj');
  const hasUdr = list.some((it) => it.source === 'udr');
  let joinState: JoinState = 'unknown';
  let workplaceJoined: boolean | null = null;
  if (latest?.source === 'udr') {
    // The automatic join task only runs on domain-joined devices.
    joinState = isRegistrationOutcome(latest) === 'success' ? 'hybrid-joined' : 'domain-joined';
  } else if (latest?.source === 'wpj') {
    joinState = 'domain-joined';
    workplaceJoined = isRegistrationOutcome(latest) === 'success';
  }
  const failing = latest !== null && isRegistrationOutcome(latest) === 'failure';
  const health =
    failing || errors.length > 0
      ? 'failing'
      : findings.some((f) => f.severity === 'warning')
        ? 'attention'
        : latest
          ? 'healthy'
          : 'unknown';
  // A phase only when the latest registration attempt failed; key or token errors have none.
  const phaseItem = failing ? latest : null;
  const failedPhase: Phase | null = phaseItem?.facts.phase ?? null;
  const hex = (c: string | null | undefined) => (c && /^0x[0-9a-f]{8}$/.test(c) ? c : null);
  const errorCode =
    hex(phaseItem?.facts.exitCode) ??
    (health === 'failing' ? hex(errors.find((f) => hex(f.codes[0]))?.codes[0]) : null);
  const sub = hex(phaseItem?.facts.adalCode) ?? companionCode(list, phaseItem, errorCode);
  const reasons: string[] = [];
  if (!hasUdr && !hasWpj) reasons.push('no registration events: only token and sign-in events were read');
  if (list.length > 0 && list.every((it) => Object.keys(it.record.data).length === 0))
    reasons.push('events carry only rendered text: fields were read from the messages');
  if (list.some((it) => it.record.time === null)) reasons.push('some events have no time');
  const score = Math.max(0.3, 0.9 - reasons.length * 0.2);
  const summary = summaryOf(joinState, workplaceJoined, health, phaseItem, errorCode, hasWpj && !hasUdr);
  return {
    joinState,
    workplaceJoined,
    health,
    failedPhase,
    errorCode,
    subErrorCode: sub !== errorCode ? sub : null,
    summary,
    confidence: { level: score >= 0.8 ? 'high' : score >= 0.5 ? 'medium' : 'low', score, reasons },
  };
}

/** A code from another failure of the same attempt (a 201 or 204 next to the 304 it explains). */
function companionCode(list: Item[], primary: Item | null, code: string | null): string | null {
  if (!primary?.record.time) return null;
  const t = Date.parse(primary.record.time);
  for (const it of list) {
    if (it === primary || !it.record.time || !it.facts.exitCode || it.facts.exitCode === code) continue;
    if (
      it.source !== primary.source ||
      isRegistrationOutcome(it) !== 'failure' ||
      it.facts.phase !== primary.facts.phase
    )
      continue;
    if (Math.abs(Date.parse(it.record.time) - t) <= 2 * 60_000) return it.facts.exitCode;
  }
  return null;
}

function summaryOf(
  joinState: JoinState,
  wpj: boolean | null,
  health: Verdict['health'],
  failure: Item | null,
  code: string | null,
  downLevel: boolean,
): string {
  if (downLevel) {
    if (wpj)
      return 'The down-level device is Workplace Joined: the latest Workplace Join event shows success.';
    if (failure)
      return `Workplace Join fails on this down-level device${code ? ` with ${code}` : ''}${failure.facts.phase ? ` in the ${failure.facts.phase} phase` : ''}.`;
  }
  if (failure) {
    return `Hybrid join fails${failure.facts.phase ? ` in the ${failure.facts.phase} phase` : ''}${code ? ` with ${code}` : ''} (event ${failure.record.eventId}${failure.record.time ? ` at ${failure.record.time}` : ''}).`;
  }
  if (joinState === 'hybrid-joined') {
    return health === 'healthy'
      ? 'The latest registration event shows the device joined.'
      : 'The device joined, but later events report errors.';
  }
  if (health === 'failing') return 'The events report errors in token or key operations; see the findings.';
  return 'The events read show no registration attempt.';
}

/** One diagnosis from event records alone (Windows 10 before 1803, down-level clients, PRT detail). */
export function diagnoseEvents(records: EventRecord[], options: { now?: string } = {}): EventDiagnosis {
  const list = items(records);
  const successes = list.filter((it) => isRegistrationOutcome(it) === 'success');
  const findings = findingsOf(list, successes[successes.length - 1] ?? null);
  const verdict = verdictOf(list, findings);
  const stale = staleness(list, options.now);
  if (stale) {
    verdict.confidence.reasons.push(stale);
    verdict.confidence.score = Math.max(0.3, verdict.confidence.score - 0.2);
    verdict.confidence.level =
      verdict.confidence.score >= 0.8 ? 'high' : verdict.confidence.score >= 0.5 ? 'medium' : 'low';
  }
  return { verdict, findings, timeline: timelineOf(list) };
}

const STALE_DAYS = 30;

/** Old events may no longer describe the device: say so when the newest is a month old. */
function staleness(list: Item[], now: string | undefined): string | null {
  const times = list
    .map((it) => (it.record.time ? Date.parse(it.record.time) : Number.NaN))
    .filter((t) => !Number.isNaN(t));
  const reference = now ? Date.parse(now) : Number.NaN;
  if (times.length === 0 || Number.isNaN(reference)) return null;
  const days = Math.floor((reference - Math.max(...times)) / 86_400_000);
  return days >= STALE_DAYS ? `the newest event is ${days} days older than the time of analysis` : null;
}

const WINDOW_MS = 10 * 60_000;

/** Times of `Previous Registration` and `Previous Prt Attempt` in a capture. */
export function captureAnchors(capture: DsregCapture): { what: string; time: string }[] {
  const anchors: { what: string; time: string }[] = [];
  for (const section of capture.sections) {
    for (const field of section.fields) {
      const value = field.value;
      if (value.kind !== 'time') continue;
      const name = field.name.toLowerCase();
      const what =
        name === 'previous registration'
          ? 'Previous Registration'
          : name === 'previous prt attempt'
            ? 'Previous Prt Attempt'
            : null;
      if (what && !anchors.some((a) => a.what === what && a.time === value.iso))
        anchors.push({ what, time: value.iso });
    }
  }
  return anchors;
}

/**
 * A capture and the same device's events as one diagnosis: the events logged around the
 * capture's `Previous Registration` and `Previous Prt Attempt` confirm or explain what it shows.
 * The capture's verdict stands unless the events add a phase or code it lacks.
 */
export function correlate(
  capture: DsregCapture,
  captureDiagnosis: Diagnosis,
  records: EventRecord[],
): EventDiagnosis {
  const anchors = captureAnchors(capture);
  const near = (r: EventRecord) =>
    r.time !== null &&
    anchors.some((a) => Math.abs(Date.parse(a.time) - Date.parse(r.time ?? '')) <= WINDOW_MS);
  const chosen = anchors.length > 0 ? records.filter(near) : records;
  const events = diagnoseEvents(chosen);
  const verdict = { ...captureDiagnosis.verdict, confidence: { ...captureDiagnosis.verdict.confidence } };
  const captureCodes = new Set(captureDiagnosis.findings.flatMap((f) => f.codes));
  for (const c of [verdict.errorCode, verdict.subErrorCode]) if (c) captureCodes.add(c);
  const added: Finding[] = [];
  for (const f of events.findings) {
    const shared = f.codes.filter((c) => captureCodes.has(c));
    if (shared.length > 0) {
      added.push({
        ...f,
        id: `${f.id}-confirms`,
        severity: 'info',
        title: `Event log confirms the capture: ${f.title}`,
        explanation: `The event logged ${anchors.length ? 'near the attempt the capture shows ' : ''}carries the same code (${shared.join(', ')}). ${f.explanation}`,
      });
    } else if (!captureDiagnosis.findings.some((c) => c.id === f.id)) {
      added.push({
        ...f,
        explanation: `${f.explanation}${anchors.length ? ' Logged near the attempt the capture shows; it explains it.' : ''}`,
      });
    }
  }
  if (
    verdict.failedPhase === null &&
    events.verdict.failedPhase !== null &&
    events.verdict.health === 'failing'
  ) {
    verdict.failedPhase = events.verdict.failedPhase;
    verdict.confidence.reasons = [...verdict.confidence.reasons, 'failed phase taken from the event log'];
  }
  if (
    verdict.errorCode === null &&
    events.verdict.errorCode !== null &&
    events.verdict.health === 'failing'
  ) {
    verdict.errorCode = events.verdict.errorCode;
    verdict.subErrorCode ??= events.verdict.subErrorCode;
    verdict.confidence.reasons = [...verdict.confidence.reasons, 'error code taken from the event log'];
    if (verdict.health === 'healthy' || verdict.health === 'unknown') verdict.health = 'failing';
  }
  const anchorEntries: TimelineEntry[] = anchors.map((a) => ({
    time: a.time,
    what: a.what,
    summary: `${a.what} shown by the capture`,
    codes: [],
  }));
  const instant = (t: TimelineEntry) => (t.time ? Date.parse(t.time) : Number.POSITIVE_INFINITY);
  const timeline = [...anchorEntries, ...events.timeline].sort((a, b) => instant(a) - instant(b));
  return { verdict, findings: [...captureDiagnosis.findings, ...added], timeline };
}
