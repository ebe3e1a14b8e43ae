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
import { familyOf, isInformational, nameOf, readCode, readServerMessage } from './catalog.ts';
import { codeFromValue } from './codes.ts';
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
  /** Progress codes the event carries (`0x4aa90010`): told in the timeline, never as a failure. */
  info: string[];
}

function byTime(a: Item, b: Item): number {
  if (a.record.time && b.record.time && a.record.time !== b.record.time)
    return a.record.time < b.record.time ? -1 : 1;
  return a.order - b.order;
}

/** Two events of one attempt: within `ms` when both have times, else neighbours in the input. */
function near(a: Item, b: Item, ms: number): boolean {
  if (a.record.time && b.record.time)
    return Math.abs(Date.parse(a.record.time) - Date.parse(b.record.time)) <= ms;
  return Math.abs(a.order - b.order) <= 3;
}

/** Progress codes moved out of the failure codes; 1099 names its code in `OperationCode`. */
function withoutProgressCodes(record: EventRecord, source: EventSource, f: EventFacts): Item['info'] {
  const info = f.codes.filter(isInformational);
  if (source === 'aad' && record.eventId === 1099) {
    const code = codeFromValue(fieldsOf(record, f.definition).OperationCode);
    if (code && isInformational(code) && !info.includes(code)) info.push(code);
  }
  if (info.length > 0) {
    const keep = (c: string | null) => (c && info.includes(c) ? null : c);
    f.exitCode = keep(f.exitCode);
    f.adalCode = keep(f.adalCode);
    f.codes = f.codes.filter((c) => !info.includes(c));
  }
  return info;
}

function items(records: EventRecord[]): Item[] {
  const out: Item[] = [];
  records.forEach((record, order) => {
    const source = sourceOf(record);
    if (!source) return;
    const facts = factsOf(record);
    const info = withoutProgressCodes(record, source, facts);
    out.push({ record, facts, source, order, info });
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
      `${reading.code}${reading.name ? ` (${reading.name})` : ''}${reading.meaning ? `: ${reading.meaning.replace(/\.$/, '')}` : ''}.`,
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

const SCP_MISSING = '0x801c001d';
const KB4480781: Reference = {
  title: 'Event ID 307 and event ID 304 are logged after you deploy Windows on a device (KB4480781)',
  url: 'https://learn.microsoft.com/troubleshoot/windows-server/deployment/event-307-and-304-logged-for-deploying',
};
const NO_SCP_LEAD =
  'No SCP: hybrid join is not configured for this forest (expected if you do not use hybrid join).';

/** Event 307 (no SCP) with the 304s of the same attempt that carry 0x801c001d. */
interface NoScp {
  scp: Item;
  joins: Item[];
}

function noScpPair(list: Item[]): NoScp | null {
  const scps = list.filter((it) => it.source === 'udr' && it.record.eventId === 307);
  const scp = scps[scps.length - 1];
  if (!scp) return null;
  const joins = list.filter(
    (it) =>
      it.source === 'udr' &&
      it.record.eventId === 304 &&
      it.facts.codes.includes(SCP_MISSING) &&
      scps.some((s) => near(s, it, WINDOW_MS)),
  );
  return joins.length > 0 ? { scp, joins } : null;
}

/** 307 and 304 with 0x801c001d are one story: no SCP. Told once, by the 307 finding. */
function tellNoScp(built: Built[], pair: NoScp): Built[] {
  const lead = built.find((b) => b.last.source === 'udr' && b.last.record.eventId === 307);
  if (!lead) return built;
  const joins = built.filter((b) => pair.joins.includes(b.last));
  const f = lead.finding;
  f.title =
    'No SCP: hybrid join is not configured for this forest (User Device Registration events 307 and 304)';
  f.explanation = [
    NO_SCP_LEAD,
    `Event 307 shows the device found no service connection point (SCP) naming an Entra tenant in Active Directory, and event 304 reports the same ${SCP_MISSING} for that attempt: Microsoft documents the pair as expected, and safe to ignore, where hybrid join is not deployed.`,
    'If this device should be hybrid joined, configure the SCP (or the client-side registry SCP) for the forest.',
    f.explanation,
  ].join(' ');
  f.evidence = [...f.evidence, ...joins.flatMap((b) => b.finding.evidence)];
  f.references = [KB4480781, ...f.references];
  return built.filter((b) => !joins.includes(b));
}

/** A TPM or key-storage code logged beside a 202 (often a Debug-log 502) is why it failed. */
function linkTpm(built: Built[], list: Item[]): Built[] {
  const folded = new Set<Built>();
  for (const b of built) {
    if (b.last.source !== 'udr' || b.last.record.eventId !== 202) continue;
    for (const other of list) {
      if (other === b.last || other.source !== 'udr' || !near(other, b.last, 2 * 60_000)) continue;
      const code = other.facts.codes.find((c) => {
        const family = familyOf(c);
        return family === 'tpm' || family === 'nte';
      });
      if (!code) continue;
      const f = b.finding;
      const what = `event ${other.record.eventId}${other.record.channel?.endsWith('/Debug') ? ' (Debug log)' : ''}`;
      if (f.codes.includes(code)) {
        f.explanation += ` ${what[0]?.toUpperCase()}${what.slice(1)}, logged beside it, carries the same code.`;
      } else {
        const reading = readCode(code, 'join', `event ${other.record.eventId}`);
        f.codes = [...f.codes, code];
        f.explanation += ` ${what[0]?.toUpperCase()}${what.slice(1)}, logged beside it, names the cause: ${code}${reading.name ? ` (${reading.name})` : ''}${reading.meaning ? `: ${reading.meaning.replace(/\.$/, '')}` : ''}.`;
        f.causes = unique([...reading.causes, ...f.causes]);
        f.steps = unique([...reading.steps, ...f.steps]);
      }
      f.evidence = [...f.evidence, ...evidenceOf(other)];
      // The message event says nothing the join finding does not now say: tell it once.
      for (const m of built)
        if (
          m.last === other &&
          m.finding.id === 'event-registration-error' &&
          m.finding.codes.every((c) => c === code)
        )
          folded.add(m);
      break;
    }
  }
  return built.filter((b) => !folded.has(b));
}

/** A 1108 interaction_required is a step of an interactive sign-in when the UI flow follows. */
function interactionStep(b: Built, list: Item[]): void {
  const it = b.last;
  if (it.source !== 'aad' || it.record.eventId !== 1108 || !b.finding.codes.includes('0xcaa2000c')) return;
  const ui = list.find(
    (o) =>
      o.source === 'aad' &&
      o.record.eventId === 1099 &&
      o.info.includes('0x4aa90011') &&
      byTime(it, o) < 0 &&
      near(it, o, WINDOW_MS),
  );
  b.finding.explanation += ui
    ? ' The token broker then started its sign-in UI (AAD/Analytic event 1099, 0x4AA90011 UI flow started): this is the expected step of an interactive sign-in, such as MFA while Windows Hello for Business is provisioned.'
    : ' Logged in AAD/Analytic: interaction_required is expected when the broker goes on to show a sign-in window (event 1099 with 0x4AA90011); it is a failure only if no sign-in follows.';
  if (b.finding.severity !== 'info') b.finding.severity = ui ? 'info' : 'warning';
}

interface Built {
  finding: Finding;
  last: Item;
}

function findingsOf(list: Item[], lastSuccess: Item | null, pair: NoScp | null): Finding[] {
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
  let built: Built[] = [];
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
      (pair?.joins.includes(last) ?? false) ||
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
    built.push({
      last,
      finding: {
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
      },
    });
  }
  if (pair) built = tellNoScp(built, pair);
  built = linkTpm(built, list);
  for (const b of built) interactionStep(b, list);
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return built.map((b) => b.finding).sort((a, b) => rank[a.severity] - rank[b.severity]);
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
        ...it.info.map((c) => `informational code ${c}${nameOf(c) ? ` (${nameOf(c)})` : ''}, not an error`),
      ].filter((d): d is string => d !== null);
      const summary = `${f.definition?.summary ?? ''}${details.length ? ` (${details.join('; ')})` : ''}`;
      return { time: it.record.time, what: `event ${it.record.eventId}`, summary, codes: f.codes };
    });
}

function verdictOf(list: Item[], findings: Finding[], pair: NoScp | null): Verdict {
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
  // No SCP (307 with its 304s): expected where hybrid join is not deployed, so attention only.
  const noScp = pair !== null && latest !== null && (latest === pair.scp || pair.joins.includes(latest));
  const failing = latest !== null && isRegistrationOutcome(latest) === 'failure' && !noScp;
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
  const summary =
    noScp && health !== 'failing'
      ? `No SCP was found in Active Directory: hybrid join is not configured for this forest (events 307 and 304 with ${SCP_MISSING}). This is expected if you do not use hybrid join.`
      : summaryOf(joinState, workplaceJoined, health, phaseItem, errorCode, hasWpj && !hasUdr);
  return {
    joinState,
    workplaceJoined,
    health,
    failedPhase: noScp && health !== 'failing' ? 'discover' : failedPhase,
    errorCode: noScp && health !== 'failing' ? SCP_MISSING : errorCode,
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
  const pair = noScpPair(list);
  const findings = findingsOf(list, successes[successes.length - 1] ?? null, pair);
  const verdict = verdictOf(list, findings, pair);
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
