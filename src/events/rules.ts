/**
 * Which finding each event becomes (read from its record in `src/knowledge/events`), and the
 * rules that read several events together: no SCP (307 with the 304s of its attempt), the cause
 * of a 202 logged beside it, and an interactive sign-in step (1108 then 1099). Each cross-event
 * rule declares its checklist IDs and the findings it speaks for; the checklist lists them.
 * @module
 */
import { eventFinding, type FindingSpec, type ProviderKey } from '../knowledge/events/index.ts';
import { REFS } from '../knowledge/references.ts';
import type { Reference } from '../model/diagnosis.ts';
import { familyOf, readCode } from './catalog.ts';
import { type Built, byTime, evidenceOf, type Item, is, near, unique } from './item.ts';

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

/** What a cross-event rule sees: every event of the attempts in time order, and the findings built. */
export interface CrossEventContext {
  items: readonly Item[];
  built: Built[];
}

export interface CrossEventRule {
  id: string;
  checks: readonly string[];
  /** The findings (by id) it changes or folds. */
  findings: readonly string[];
  apply(ctx: CrossEventContext): Built[];
}

// ---------------------------------------------------------------------------------------------
// No SCP: 307 and the 304s with 0x801c001d of the same attempt are one story.

export const SCP_MISSING = '0x801c001d';
const WINDOW_MS = 10 * 60_000;
const KB4480781: Reference = REFS.kb4480781;
const NO_SCP_LEAD =
  'No SCP: hybrid join is not configured for this forest (expected if you do not use hybrid join).';

/** The verdict's summary when the latest attempt is the no-SCP pair. */
export const NO_SCP_SUMMARY = `No SCP was found in Active Directory: hybrid join is not configured for this forest (events 307 and 304 with ${SCP_MISSING}). This is expected if you do not use hybrid join.`;

/** Event 307 (no SCP) with the 304s of the same attempt that carry 0x801c001d. */
export interface NoScp {
  scp: Item;
  joins: ReadonlySet<Item>;
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
 * The no-SCP pair, found in one pass with sorted times: each 304 is checked against the 307s by
 * binary search (times parsed once), so thousands of pairs cost no more than their number.
 */
export function noScpPair(list: readonly Item[]): NoScp | null {
  const scps = list.filter((it) => is(it, 'udr', 307));
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
    if (!is(it, 'udr', 304) || !it.facts.codes.includes(SCP_MISSING)) continue;
    const paired =
      it.at !== null
        ? within(timed, it.at, WINDOW_MS) || within(untimed, it.order, 3)
        : within(orders, it.order, 3);
    if (paired) joins.add(it);
  }
  return joins.size > 0 ? { scp, joins } : null;
}

/** 307 and 304 with 0x801c001d: told once, by the 307 finding. */
export function tellNoScp(built: Built[], pair: NoScp): Built[] {
  const lead = built.find((b) => is(b.last, 'udr', 307));
  if (!lead) return built;
  const joins = built.filter((b) => pair.joins.has(b.last));
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

// ---------------------------------------------------------------------------------------------
// A TPM or key-storage code logged beside a 202 (often a Debug-log 502) is why it failed.

function capital(text: string): string {
  return `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}

const tpmCause: CrossEventRule = {
  id: 'event-join-init-cause',
  checks: ['K1'],
  findings: ['event-join-init-failed', 'event-registration-error'],
  apply({ items, built }) {
    const folded = new Set<Built>();
    for (const b of built) {
      if (!is(b.last, 'udr', 202)) continue;
      for (const other of items) {
        if (other === b.last || other.source !== 'udr' || !near(other, b.last, 2 * 60_000)) continue;
        const code = other.facts.codes.find((c) => {
          const family = familyOf(c);
          return family === 'tpm' || family === 'nte';
        });
        if (!code) continue;
        const f = b.finding;
        const what = `event ${other.record.eventId}${other.record.channel?.endsWith('/Debug') ? ' (Debug log)' : ''}`;
        if (f.codes.includes(code)) {
          f.explanation += ` ${capital(what)}, logged beside it, carries the same code.`;
        } else {
          const reading = readCode(code, 'join', `event ${other.record.eventId}`);
          f.codes = [...f.codes, code];
          f.explanation += ` ${capital(what)}, logged beside it, names the cause: ${code}${reading.name ? ` (${reading.name})` : ''}${reading.meaning ? `: ${reading.meaning.replace(/\.$/, '')}` : ''}.`;
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
  },
};

// ---------------------------------------------------------------------------------------------
// A 1108 interaction_required is a step of an interactive sign-in when the UI flow follows.

const INTERACTION_REQUIRED = '0xcaa2000c';
const UI_FLOW_STARTED = '0x4aa90011';

const interactiveStep: CrossEventRule = {
  id: 'event-interactive-sign-in-step',
  checks: ['F3'],
  findings: ['event-token-broker-error'],
  apply({ items, built }) {
    for (const b of built) {
      const it = b.last;
      if (!is(it, 'aad', 1108) || !b.finding.codes.includes(INTERACTION_REQUIRED)) continue;
      const ui = items.find(
        (o) =>
          is(o, 'aad', 1099) &&
          o.info.includes(UI_FLOW_STARTED) &&
          byTime(it, o) < 0 &&
          near(it, o, WINDOW_MS),
      );
      b.finding.explanation += ui
        ? ' The token broker then started its sign-in UI (AAD/Analytic event 1099, 0x4AA90011 UI flow started): this is the expected step of an interactive sign-in, such as MFA while Windows Hello for Business is provisioned.'
        : ' Logged in AAD/Analytic: interaction_required is expected when the broker goes on to show a sign-in window (event 1099 with 0x4AA90011); it is a failure only if no sign-in follows.';
      if (b.finding.severity !== 'info') b.finding.severity = ui ? 'info' : 'warning';
    }
    return built;
  },
};

const noScp: CrossEventRule = {
  id: 'event-no-scp',
  checks: ['K1', 'G4'],
  findings: ['event-scp-lookup-failed', 'event-join-failed'],
  apply({ items, built }) {
    const pair = noScpPair(items);
    return pair ? tellNoScp(built, pair) : built;
  },
};

/** The cross-event rules, in the order they run. */
export const CROSS_EVENT_RULES: readonly CrossEventRule[] = [noScp, tpmCause, interactiveStep];
