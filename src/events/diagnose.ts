/**
 * Diagnosis from event records, alone or together with a capture: findings in the same model and
 * code form as the capture diagnosis, a verdict, and a timeline of the events that matter.
 * @module
 */
import { confidenceLevel } from '../diagnose/confidence.ts';
import { summaryFromEvidence } from '../diagnose/index.ts';
import { applyRules, type DeviceEvidence } from '../diagnose/rule.ts';
import type { DsregCapture } from '../model/capture.ts';
import type { Diagnosis, Finding, JoinState, Phase, Verdict } from '../model/diagnosis.ts';
import type { EventRecord, TimelineEntry } from '../model/events.ts';
import type { ReportNotice } from '../model/report.ts';
import { nameOf, readCode, readServerMessage } from './catalog.ts';
import { type Attempt, type Placement, placeEvents } from './clock.ts';
import { fieldsOf } from './facts.ts';
import { type Built, byTime, evidenceOf, type Item, itemsOf, recordsOf, timeOf, unique } from './item.ts';
import { type ProviderKey, providerReference } from './knowledge.ts';
import { EVENT_RULES, type NoScp, noScpPair, noScpSummary, ruleFor, SCP_MISSING } from './rules.ts';

export interface EventDiagnosis {
  verdict: Verdict;
  findings: Finding[];
  /** The events that drive the diagnosis, with the capture's attempts when there is a capture. */
  timeline: TimelineEntry[];
  /**
   * Events logged more than ten minutes from every attempt the capture shows: kept, marked
   * `outsideAttempts`, never used for the verdict or the findings. Empty without a capture.
   */
  context: TimelineEntry[];
  /** What the reader of the report must know: events left out of the verdict, codes of unknown events. */
  notices: ReportNotice[];
  /**
   * The IDs of findings whose event is near an attempt only at an offset from UTC that nothing
   * confirms (its time had no zone); they say so in their explanation.
   */
  assumedOffset?: readonly string[];
}

function isRegistrationProvider(source: ProviderKey | null): boolean {
  return source === 'udr' || source === 'aad' || source === 'wpj';
}

/** Registration outcomes: what the latest attempt says about the device. */
function isRegistrationOutcome(it: Item): 'failure' | 'success' | null {
  return it.facts.definition?.registration ?? null;
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

function missingPrerequisites(it: Item): string {
  const spec = it.facts.definition?.facts.prerequisites;
  if (!spec) return '';
  const data = fieldsOf(it.record, it.facts.definition);
  const missing = Object.entries(data)
    .filter(([k, v]) => !spec.neutral.includes(k) && /^no$/i.test(v.trim()))
    .map(([k]) => k);
  return missing.length ? ` Prerequisites not met: ${missing.join(', ')}.` : '';
}

function findingsOf(
  list: Item[],
  lastSuccess: Item | null,
  placement: Placement | null = null,
  assumed: Set<string> = new Set(),
): Finding[] {
  const groups = new Map<string, { first: Item; last: Item; count: number }>();
  for (const it of list) {
    if (!it.source) continue;
    const rule = ruleFor(it.source, it.record.eventId);
    if (!rule) continue;
    if (rule.needsCode && !it.facts.exitCode) continue;
    if (rule.needsErrorLevel && it.record.level !== 'error' && it.record.level !== 'critical') continue;
    // A token broker event whose only code is informational (`0x4AA50081 An application specific
    // account is loading …`) notes progress; it is no failed token request.
    if (it.facts.definition?.facts.tokenBroker && it.facts.codes.length === 0 && it.info.length > 0) continue;
    const key = `${rule.id}|${it.facts.codes.join(',')}`;
    const g = groups.get(key);
    if (g) {
      g.last = it;
      g.count++;
    } else groups.set(key, { first: it, last: it, count: 1 });
  }
  const built: Built[] = [];
  for (const { first, last, count } of groups.values()) {
    const source = last.source as ProviderKey;
    const rule = ruleFor(source, last.record.eventId);
    if (!rule) continue;
    const resolved =
      lastSuccess !== null &&
      (isRegistrationOutcome(last) === 'failure' || rule.clearedBySuccess === true) &&
      lastSuccess.source === last.source &&
      byTime(last, lastSuccess) < 0;
    const catalog = catalogReading(last);
    // Expected in some deployments (no SCP where hybrid join is not meant: the no-SCP rule tells
    // the join reports of the pair with it); a device object not yet synced heals itself.
    const warningOnly = last.record.level === 'warning' || rule.atMost === 'warning' || catalog.expected;
    const severity = resolved ? 'info' : warningOnly ? 'warning' : 'error';
    const repeat =
      count > 1
        ? ` It was logged ${count} times, from ${timeOf(first) ?? '?'} to ${timeOf(last) ?? '?'}.`
        : '';
    const later = resolved
      ? ` A later event (${lastSuccess?.record.eventId}) shows success, so this failure is past.`
      : '';
    const caveat = placement?.caveat(last);
    if (caveat) assumed.add(rule.id);
    const summary = `${last.facts.definition?.summary ?? rule.title}${missingPrerequisites(last)}${repeat}${later}${caveat ? ` ${caveat}` : ''}`;
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
        references: [providerReference(source)],
      },
    });
  }
  // The rules that read several events together refine these findings, through the one engine.
  const device: DeviceEvidence = { capture: null, events: recordsOf(list), probes: [] };
  const earlier = built.map((b) => ({ finding: b.finding, event: b.last.record }));
  const refined = applyRules(EVENT_RULES, device, earlier).map((e) => e.finding as Finding);
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return refined.sort((a, b) => rank[a.severity] - rank[b.severity]);
}

/** An event the knowledge does not describe, worth showing: it carries codes, at warning or above. */
function unknownWithCodes(it: Item): boolean {
  return (
    it.facts.definition === null &&
    it.facts.codes.length > 0 &&
    it.record.level !== 'information' &&
    it.record.level !== 'verbose'
  );
}

function entryOf(it: Item): TimelineEntry {
  const f = it.facts;
  if (!f.definition) {
    const who = it.record.provider ?? it.record.channel ?? 'an unknown provider';
    return {
      time: timeOf(it),
      what: `event ${it.record.eventId}`,
      summary: `${who} event ${it.record.eventId}, which the knowledge does not describe (codes ${f.codes.join(', ')})`,
      codes: f.codes,
    };
  }
  const details = [
    f.phase && f.definition.outcome === 'failure' ? `phase ${f.phase}` : null,
    f.exitCode ? `code ${f.exitCode}` : null,
    f.serverErrorCode ? `server ${f.serverErrorCode}` : null,
    f.aadsts.length ? f.aadsts.join(', ') : null,
    f.httpStatus ? `HTTP ${f.httpStatus}` : null,
    f.endpoint ? `endpoint ${f.endpoint}` : null,
    f.upn ? `user ${f.upn}` : null,
    ...it.info.map((c) => `informational code ${c}${nameOf(c) ? ` (${nameOf(c)})` : ''}, not an error`),
  ].filter((d): d is string => d !== null);
  const summary = `${f.definition.summary}${details.length ? ` (${details.join('; ')})` : ''}`;
  return { time: timeOf(it), what: `event ${it.record.eventId}`, summary, codes: f.codes };
}

function timelineOf(list: Item[]): TimelineEntry[] {
  return list.filter((it) => it.facts.definition !== null || unknownWithCodes(it)).map(entryOf);
}

function verdictOf(all: Item[], findings: Finding[], pair: NoScp | null): Verdict {
  // Only the registration providers' events speak for the join state and the confidence.
  const list = all.filter((it) => isRegistrationProvider(it.source));
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
  const noScp = pair !== null && latest !== null && (latest === pair.scp || pair.joins.has(latest));
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
    pair !== null && noScp && health !== 'failing'
      ? noScpSummary(pair)
      : summaryOf(joinState, workplaceJoined, health, phaseItem, errorCode, hasWpj && !hasUdr, errors);
  return {
    joinState,
    workplaceJoined,
    health,
    failedPhase: noScp && health !== 'failing' ? 'discover' : failedPhase,
    errorCode: noScp && health !== 'failing' ? SCP_MISSING : errorCode,
    subErrorCode: sub !== errorCode ? sub : null,
    summary,
    confidence: { level: confidenceLevel(score), score, reasons },
  };
}

/** A code from another failure of the same attempt (a discovery or join-response failure beside the join failure it explains). */
function companionCode(list: Item[], primary: Item | null, code: string | null): string | null {
  if (primary?.at === null || primary?.at === undefined) return null;
  const t = primary.at;
  for (const it of list) {
    if (it === primary || it.at === null || !it.facts.exitCode || it.facts.exitCode === code) continue;
    if (
      it.source !== primary.source ||
      isRegistrationOutcome(it) !== 'failure' ||
      it.facts.phase !== primary.facts.phase
    )
      continue;
    if (Math.abs(it.at - t) <= 2 * 60_000) return it.facts.exitCode;
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
  errors: readonly Finding[],
): string {
  if (downLevel) {
    if (wpj)
      return 'The down-level device is Workplace Joined: the latest Workplace Join event shows success.';
    if (failure)
      return `Workplace Join fails on this down-level device${code ? ` with ${code}` : ''}${failure.facts.phase ? ` in the ${failure.facts.phase} phase` : ''}.`;
  }
  if (failure) {
    const time = timeOf(failure);
    return `Hybrid join fails${failure.facts.phase ? ` in the ${failure.facts.phase} phase` : ''}${code ? ` with ${code}` : ''} (event ${failure.record.eventId}${time ? ` at ${time}` : ''}).`;
  }
  if (joinState === 'hybrid-joined') {
    return health === 'healthy'
      ? 'The latest registration event shows the device joined.'
      : 'The device joined, but later events report errors.';
  }
  const first = errors[0];
  if (health === 'failing' && first)
    return `The events report ${errors.length === 1 ? 'an error' : `${errors.length} errors`}: ${first.title}${errors.length > 1 ? ` and ${errors.length - 1} more` : ''}; see the findings.`;
  return 'The events read show no registration attempt.';
}

/** The codes of events the knowledge does not describe, each with the catalog's reading. */
function unknownCodesNotice(list: Item[]): ReportNotice | null {
  const groups = new Map<string, { who: string; id: number; count: number; codes: string[] }>();
  for (const it of list) {
    if (!unknownWithCodes(it)) continue;
    const who = it.record.provider ?? it.record.channel ?? 'unknown provider';
    const key = `${who}|${it.record.eventId}`;
    const g = groups.get(key) ?? { who, id: it.record.eventId, count: 0, codes: [] };
    g.count++;
    for (const c of it.facts.codes) if (!g.codes.includes(c)) g.codes.push(c);
    groups.set(key, g);
  }
  if (groups.size === 0) return null;
  const all = [...groups.values()];
  const shown = all.slice(0, 5).map((g) => {
    const codes = g.codes.slice(0, 4).map((c) => {
      const r = readCode(c);
      return `${c}${r.name ? ` ${r.name}` : ''}${r.meaning ? ` (${r.meaning.replace(/\.$/, '')})` : ''}`;
    });
    return `${g.who} event ${g.id}${g.count > 1 ? ` (${g.count} times)` : ''}: ${codes.join('; ')}${g.codes.length > 4 ? `; and ${g.codes.length - 4} more` : ''}`;
  });
  const count = all.reduce((n, g) => n + g.count, 0);
  return {
    code: 'unknown-event-codes',
    severity: 'info',
    message: `${count} event(s) that the knowledge does not describe carry codes; they are in the timeline, and their codes read: ${shown.join(' | ')}${all.length > 5 ? ` | and ${all.length - 5} more kinds of event` : ''}.`,
    count,
  };
}

export interface EventDiagnosisOptions {
  now?: string;
  /**
   * The capture's attempts (`Previous Registration`, `Previous Prt Attempt`): events more than
   * ten minutes from all of them are kept for context, not diagnosed.
   */
  anchors?: readonly { what: string; time: string }[];
  /**
   * What the capture shows succeeded, and when (the last PRT update, the device certificate
   * issued at registration): an event of those providers logged before it describes a problem
   * the device got past, kept for context, not diagnosed.
   */
  settled?: readonly Settled[];
  /**
   * The capture's codes: an event that carries one, in an export whose times have no zone,
   * logged a whole number of quarter hours from the attempt it reports, gives the export's
   * offset from UTC.
   */
  codes?: readonly string[];
}

/** A success the capture shows, the time it happened, and the providers whose earlier events it settles. */
export interface Settled {
  what: string;
  time: string;
  providers: readonly ProviderKey[];
}

/** One diagnosis from event records alone (Windows 10 before 1803, down-level clients, PRT detail). */
export function diagnoseEvents(
  records: readonly EventRecord[],
  options: EventDiagnosisOptions = {},
): EventDiagnosis {
  const every = itemsOf(records);
  const anchors: Attempt[] = (options.anchors ?? [])
    .map((a) => ({ ...a, at: Date.parse(a.time) }))
    .filter((a) => !Number.isNaN(a.at));
  // Times without a zone are placed against the attempts (their export's offset read when an
  // event pins it), and put in order again.
  const placement = placeEvents(every, anchors, options.codes ?? []);
  every.sort(byTime);
  const inside = placement.inside;
  const settled = (options.settled ?? [])
    .map((x) => ({ ...x, at: Date.parse(x.time) }))
    .filter((x) => !Number.isNaN(x.at));
  const past = (it: Item) =>
    settled.some((x) => it.source !== null && x.providers.includes(it.source) && placement.before(it, x.at));
  const inWindow = anchors.length > 0 ? every.filter(inside) : every;
  const list = inWindow.filter((it) => !past(it));
  const history = inWindow.filter(past);
  const outside = anchors.length > 0 ? every.filter((it) => !inside(it)) : [];
  const successes = list.filter((it) => isRegistrationOutcome(it) === 'success');
  const pair = noScpPair(list);
  const assumed = new Set<string>();
  const findings = findingsOf(list, successes[successes.length - 1] ?? null, placement, assumed);
  const verdict = verdictOf(list, findings, pair);
  const stale = staleness(list, options.now);
  if (stale) {
    verdict.confidence.reasons.push(stale);
    verdict.confidence.score = Math.max(0.3, verdict.confidence.score - 0.2);
    verdict.confidence.level = confidenceLevel(verdict.confidence.score);
  }
  const notices: ReportNotice[] = [...placement.notices()];
  const context = [
    ...timelineOf(outside).map((t) => ({
      ...t,
      summary: `${t.summary} [outside the capture's attempts]`,
      outsideAttempts: true,
    })),
    ...timelineOf(history).map((t) => ({
      ...t,
      summary: `${t.summary} [before what the capture shows succeeded]`,
      outsideAttempts: true,
    })),
  ];
  if (history.length > 0) {
    const named = settled.map((x) => `${x.what} ${x.time}`).join(', ');
    notices.push({
      code: 'events-settled',
      severity: 'info',
      message: `${history.length} of ${every.length} event(s) were logged before a success the capture shows (${named}): they stay in the timeline as history, but do not drive the verdict or the findings, because the device got past them.`,
      count: history.length,
    });
  }
  const away = outside.length;
  if (away > 0 && options.anchors) notices.push(outsideNotice(options.anchors, outside, every.length));
  const unknown = unknownCodesNotice(list);
  if (unknown) notices.push(unknown);
  const diagnosis: EventDiagnosis = { verdict, findings, timeline: timelineOf(list), context, notices };
  if (assumed.size > 0) diagnosis.assumedOffset = [...assumed];
  return diagnosis;
}

/**
 * The notice on events left out of a capture's diagnosis, each reason said on its own: an event
 * logged more than ten minutes from the attempts, and one without a time (it cannot be placed at
 * all), are different things for the reader to check.
 */
function outsideNotice(
  anchors: readonly { what: string; time: string }[],
  outside: readonly Item[],
  total: number,
): ReportNotice {
  const untimed = outside.filter((it) => it.at === null).length;
  const far = outside.length - untimed;
  const shows = `the attempts the capture shows (${anchors.map((a) => `${a.what} ${a.time}`).join(', ')})`;
  const kept =
    'they stay in the timeline, marked as outside the capture’s attempts, but do not drive the verdict or the findings';
  const message =
    untimed === 0
      ? `${far} of ${total} event(s) were logged more than ten minutes from ${shows}; ${kept}, because they describe other attempts than the one the capture reports.`
      : far === 0
        ? `${untimed} of ${total} event(s) have no time, so they cannot be placed near ${shows}; ${kept}, because they may describe other attempts than the one the capture reports.`
        : `${outside.length} of ${total} event(s) are outside ${shows}: ${far} ${far === 1 ? 'was' : 'were'} logged more than ten minutes from them, and ${untimed} ${untimed === 1 ? 'has no time to place it' : 'have no time to place them'} by; ${kept}, because they may describe other attempts than the one the capture reports.`;
  return { code: 'events-outside-attempts', severity: 'info', message, count: outside.length };
}

const STALE_DAYS = 30;

/** Old events may no longer describe the device: say so when the newest is a month old. */
function staleness(list: Item[], now: string | undefined): string | null {
  let newest = Number.NEGATIVE_INFINITY;
  for (const it of list) if (it.at !== null && it.at > newest) newest = it.at;
  const reference = now ? Date.parse(now) : Number.NaN;
  if (newest === Number.NEGATIVE_INFINITY || Number.isNaN(reference)) return null;
  const days = Math.floor((reference - newest) / 86_400_000);
  return days >= STALE_DAYS ? `the newest event is ${days} days older than the time of analysis` : null;
}

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
 * What the capture shows succeeded, and when: the last update of the user's Entra PRT settles
 * earlier token events (AAD); the device certificate, issued when the device registered, settles
 * earlier registration events (User Device Registration, Workplace Join).
 */
export function captureSuccesses(capture: DsregCapture): Settled[] {
  const out: Settled[] = [];
  for (const section of capture.sections) {
    for (const field of section.fields) {
      const v = field.value;
      if (
        field.name === 'AzureAdPrtUpdateTime' &&
        v.kind === 'time' &&
        !out.some((x) => x.providers[0] === 'aad')
      )
        out.push({ what: 'AzureAdPrtUpdateTime', time: v.iso, providers: ['aad'] });
      if (
        field.name === 'DeviceCertificateValidity' &&
        v.kind === 'range' &&
        v.from &&
        !out.some((x) => x.providers[0] === 'udr')
      )
        out.push({ what: 'device certificate issued', time: v.from, providers: ['udr', 'wpj'] });
    }
  }
  return out;
}

/** The timeline with the context events merged in, in time order (events without time last). */
export function fullTimeline(d: Pick<EventDiagnosis, 'timeline' | 'context'>): TimelineEntry[] {
  const instant = (t: TimelineEntry) => (t.time ? Date.parse(t.time) : Number.POSITIVE_INFINITY);
  return [...d.timeline, ...d.context].sort((a, b) => instant(a) - instant(b));
}

/**
 * A capture and the same device's events as one diagnosis: the events logged around the
 * capture's `Previous Registration` and `Previous Prt Attempt` confirm or explain what it shows;
 * the others are kept as context, with a notice saying why they do not count.
 * The capture's verdict stands unless the events add a phase or code it lacks.
 */
export function correlate(
  capture: DsregCapture,
  captureDiagnosis: Diagnosis,
  records: readonly EventRecord[],
): EventDiagnosis {
  const anchors = captureAnchors(capture);
  const verdict = { ...captureDiagnosis.verdict, confidence: { ...captureDiagnosis.verdict.confidence } };
  const captureCodes = new Set(captureDiagnosis.findings.flatMap((f) => f.codes));
  for (const c of [verdict.errorCode, verdict.subErrorCode]) if (c) captureCodes.add(c);
  const events = diagnoseEvents(records, {
    anchors,
    settled: captureSuccesses(capture),
    codes: [...captureCodes],
  });
  const added: Finding[] = [];
  for (const f of events.findings) {
    const shared = f.codes.filter((c) => captureCodes.has(c));
    const assumed = events.assumedOffset?.includes(f.id) ?? false;
    const near = !anchors.length
      ? ''
      : assumed
        ? 'near the attempt the capture shows, at an offset from UTC nothing confirms, '
        : 'near the attempt the capture shows ';
    if (shared.length > 0) {
      added.push({
        ...f,
        id: `${f.id}-confirms`,
        severity: 'info',
        title: `Event log confirms the capture: ${f.title}`,
        explanation: `The event logged ${near}carries the same code (${shared.join(', ')}). ${f.explanation}`,
      });
    } else if (!captureDiagnosis.findings.some((c) => c.id === f.id)) {
      added.push({
        ...f,
        explanation: `${f.explanation}${!anchors.length ? '' : assumed ? ' If the exporting machine was at that offset, it was logged near the attempt the capture shows and explains it.' : ' Logged near the attempt the capture shows; it explains it.'}`,
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
    if (verdict.health === 'healthy' || verdict.health === 'unknown') {
      verdict.health = 'failing';
      // The summary said what the capture alone showed ("no problems found"): it follows the log now.
      const deciding =
        added.find((f) => f.severity === 'error') ?? added.find((f) => f.severity === 'warning');
      if (deciding) verdict.summary = summaryFromEvidence(verdict.joinState, deciding, 'event log');
    }
  }
  const anchorEntries: TimelineEntry[] = anchors.map((a) => ({
    time: a.time,
    what: a.what,
    summary: `${a.what} shown by the capture`,
    codes: [],
  }));
  const timeline = fullTimeline({ timeline: [...anchorEntries, ...events.timeline], context: [] });
  return {
    verdict,
    findings: [...captureDiagnosis.findings, ...added],
    timeline,
    context: events.context,
    notices: events.notices,
  };
}
