/**
 * Which finding each event becomes (read from its record in `src/knowledge/events`), and the
 * rules that read several events together. Those are rules of the one engine (`defineRule`,
 * `src/diagnose/rule.ts`) that refine the per-event findings: no SCP (the SCP lookup failure with
 * the join reports of its attempt), the cause of a join request that could not be prepared,
 * logged beside it, and an interactive sign-in step (a token failure followed by the sign-in
 * window). They find their events by the roles on the event records, never by ID; each declares
 * its checklist IDs and the findings it refines, and the checklist lists them.
 * @module
 */
import { defineRule, type EarlierFinding, type Rule } from '../diagnose/rule.ts';
import {
  eventFinding,
  eventsWithRole,
  type FindingSpec,
  type ProviderKey,
  providerSpec,
} from '../knowledge/events/index.ts';
import { REFS } from '../knowledge/references.ts';
import type { EventRecord } from '../model/events.ts';
import { familyOf, readCode } from './catalog.ts';
import { byTime, eventItems, evidenceOf, hasRole, type Item, near, unique } from './item.ts';

export interface EventRule {
  id: string;
  checks: string[];
  title: string;
  causes: string[];
  steps: string[];
  atMost?: 'warning';
  needsCode?: true;
  needsErrorLevel?: true;
  clearedBySuccess?: true;
}

/** The finding an event becomes, from its knowledge record; null when it becomes none. */
export function ruleFor(source: ProviderKey, id: number): EventRule | null {
  const spec: FindingSpec | null = eventFinding(source, id);
  if (!spec) return null;
  return { ...spec, checks: [...spec.checks], causes: [...spec.causes], steps: [...spec.steps] };
}

/** The event an earlier finding was built from, as the rules read it; null for other findings. */
function itemOf(byRecord: ReadonlyMap<EventRecord, Item>, e: EarlierFinding): Item | null {
  return e.event ? (byRecord.get(e.event) ?? null) : null;
}

/** The distinct IDs of some events, in their order, for the sentences that name them. */
function idsOf(items: Iterable<Item>): number[] {
  return [...new Set([...items].map((it) => it.record.eventId))];
}

// ---------------------------------------------------------------------------------------------
// No SCP: the SCP lookup failure and the join reports with 0x801c001d of the same attempt are
// one story.

export const SCP_MISSING = '0x801c001d';
const WINDOW_MS = 10 * 60_000;
const NO_SCP_LEAD =
  'No SCP: hybrid join is not configured for this forest (expected if you do not use hybrid join).';

/** The SCP lookup failure (role `scp-lookup`) with the join reports of its attempt that carry 0x801c001d. */
export interface NoScp {
  scp: Item;
  joins: ReadonlySet<Item>;
}

/** The verdict's summary when the latest attempt is the no-SCP pair. */
export function noScpSummary(pair: NoScp): string {
  const ids = [...idsOf([pair.scp]), ...idsOf(pair.joins)].join(' and ');
  return `No SCP was found in Active Directory: hybrid join is not configured for this forest (events ${ids} with ${SCP_MISSING}). This is expected if you do not use hybrid join.`;
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether any of the sorted values lies within `span` of `value`. */
function within(sorted: readonly number[], value: number, span: number): boolean {
  const i = lowerBound(sorted, value - span);
  return i < sorted.length && (sorted[i] as number) <= value + span;
}

/**
 * The no-SCP pair, found in one pass with sorted times: each join report is checked against the
 * SCP lookup failures by binary search (times parsed once), so thousands of pairs cost no more
 * than their number.
 */
export function noScpPair(list: readonly Item[]): NoScp | null {
  const scps = list.filter((it) => hasRole(it, 'scp-lookup'));
  const scp = scps[scps.length - 1];
  if (!scp) return null;
  const timed = scps
    .filter((s) => s.at !== null)
    .map((s) => s.at as number)
    .sort((a, b) => a - b);
  const orders = scps.map((s) => s.order).sort((a, b) => a - b);
  const untimed = scps
    .filter((s) => s.at === null)
    .map((s) => s.order)
    .sort((a, b) => a - b);
  const joins = new Set<Item>();
  for (const it of list) {
    if (!hasRole(it, 'scp-join-report') || !it.facts.codes.includes(SCP_MISSING)) continue;
    const paired =
      it.at !== null
        ? within(timed, it.at, WINDOW_MS) || within(untimed, it.order, 3)
        : within(orders, it.order, 3);
    if (paired) joins.add(it);
  }
  return joins.size > 0 ? { scp, joins } : null;
}

/** Told once, by the SCP lookup's finding: the join reports of the pair are folded into it. */
const noScp = defineRule({
  id: 'event-no-scp',
  checks: ['K1', 'G4'],
  evidence: ['events'],
  findings: {},
  refines: ['event-scp-lookup-failed', 'event-join-failed'],
  run({ events, earlier, revise, withdraw }) {
    const { items, byRecord } = eventItems(events);
    const pair = noScpPair(items);
    if (!pair) return;
    const lead = earlier.find((e) => {
      const it = itemOf(byRecord, e);
      return it !== null && hasRole(it, 'scp-lookup');
    });
    const scp = lead ? itemOf(byRecord, lead) : null;
    if (!lead || !scp) return;
    const joins = earlier.filter((e) => {
      const it = itemOf(byRecord, e);
      return it !== null && pair.joins.has(it);
    });
    const f = lead.finding;
    const label = scp.source ? providerSpec(scp.source).label : 'registration';
    const scpId = scp.record.eventId;
    const joinIds = idsOf(pair.joins);
    revise(lead, {
      title: `No SCP: hybrid join is not configured for this forest (${label} events ${[scpId, ...joinIds].join(' and ')})`,
      explanation: [
        NO_SCP_LEAD,
        `Event ${scpId} shows the device found no service connection point (SCP) naming an Entra tenant in Active Directory, and event ${joinIds.join(' and ')} reports the same ${SCP_MISSING} for that attempt: Microsoft documents the pair as expected, and safe to ignore, where hybrid join is not deployed.`,
        'If this device should be hybrid joined, configure the SCP (or the client-side registry SCP) for the forest.',
        f.explanation,
      ].join(' '),
      evidence: [...f.evidence, ...joins.flatMap((j) => j.finding.evidence)],
      references: [REFS.kb4480781, ...f.references],
    });
    for (const j of joins) withdraw(j);
  },
});

// ---------------------------------------------------------------------------------------------
// A TPM or key-storage code logged beside a join request that could not be prepared (often a
// Debug-log message event) is why it failed.

function capital(text: string): string {
  return `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}

const joinPrepareCause = defineRule({
  id: 'event-join-init-cause',
  checks: ['K1'],
  evidence: ['events'],
  findings: {},
  refines: ['event-join-init-failed', 'event-registration-error'],
  run({ events, earlier, revise, withdraw }) {
    const { items, byRecord } = eventItems(events);
    const folded = new Set<(typeof earlier)[number]>();
    for (const b of earlier) {
      const last = itemOf(byRecord, b);
      if (!last || !hasRole(last, 'join-prepare')) continue;
      for (const other of items) {
        if (other === last || other.source !== last.source || !near(other, last, 2 * 60_000)) continue;
        const code = other.facts.codes.find((c) => {
          const family = familyOf(c);
          return family === 'tpm' || family === 'nte';
        });
        if (!code) continue;
        const f = b.finding;
        const what = `event ${other.record.eventId}${other.record.channel?.endsWith('/Debug') ? ' (Debug log)' : ''}`;
        const evidence = [...f.evidence, ...evidenceOf(other)];
        if (f.codes.includes(code)) {
          revise(b, {
            explanation: `${f.explanation} ${capital(what)}, logged beside it, carries the same code.`,
            evidence,
          });
        } else {
          const reading = readCode(code, 'join', `event ${other.record.eventId}`);
          revise(b, {
            codes: [...f.codes, code],
            explanation: `${f.explanation} ${capital(what)}, logged beside it, names the cause: ${code}${reading.name ? ` (${reading.name})` : ''}${reading.meaning ? `: ${reading.meaning.replace(/\.$/, '')}` : ''}.`,
            causes: unique([...reading.causes, ...f.causes]),
            steps: unique([...reading.steps, ...f.steps]),
            evidence,
          });
        }
        // The message event says nothing the join finding does not now say: tell it once.
        for (const m of earlier)
          if (
            itemOf(byRecord, m) === other &&
            m.finding.id === 'event-registration-error' &&
            m.finding.codes.every((c) => c === code)
          )
            folded.add(m);
        break;
      }
    }
    for (const m of folded) withdraw(m);
  },
});

// ---------------------------------------------------------------------------------------------
// A token broker's interaction_required is a step of an interactive sign-in when its sign-in
// window follows.

const INTERACTION_REQUIRED = '0xcaa2000c';
const UI_FLOW_STARTED = '0x4aa90011';

/** The events that may say the sign-in window started, as a sentence names them. */
function signInUiEvents(): string {
  const ids = eventsWithRole('sign-in-ui').map((e) => e.id);
  return `event ${ids.join(' or ')}`;
}

const interactiveStep = defineRule({
  id: 'event-interactive-sign-in-step',
  checks: ['F3'],
  evidence: ['events'],
  findings: {},
  refines: ['event-token-broker-error'],
  run({ events, earlier, revise }) {
    const { items, byRecord } = eventItems(events);
    for (const b of earlier) {
      const it = itemOf(byRecord, b);
      if (!it || !hasRole(it, 'interactive-token-step') || !b.finding.codes.includes(INTERACTION_REQUIRED))
        continue;
      const ui = items.find(
        (o) =>
          hasRole(o, 'sign-in-ui') &&
          o.info.includes(UI_FLOW_STARTED) &&
          byTime(it, o) < 0 &&
          near(it, o, WINDOW_MS),
      );
      const explanation =
        b.finding.explanation +
        (ui
          ? ` The token broker then started its sign-in UI (AAD/Analytic event ${ui.record.eventId}, 0x4AA90011 UI flow started): this is the expected step of an interactive sign-in, such as MFA while Windows Hello for Business is provisioned.`
          : ` Logged in AAD/Analytic: interaction_required is expected when the broker goes on to show a sign-in window (${signInUiEvents()} with 0x4AA90011); it is a failure only if no sign-in follows.`);
      const severity = b.finding.severity === 'info' || ui ? 'info' : 'warning';
      revise(b, { explanation, severity });
    }
  },
});

/**
 * The rules that read several events together, in the order they run, after the per-event
 * findings: each refines the findings as the ones before it left them.
 */
export const EVENT_RULES: readonly Rule[] = [noScp, joinPrepareCause, interactiveStep];
