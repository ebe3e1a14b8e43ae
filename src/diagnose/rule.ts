/**
 * One rule shape for every kind of evidence a device has: its `dsregcmd /status` capture, its
 * event records, and (later) the results of live probes.
 *
 * A rule is written with {@link defineRule}:
 *
 * ```ts
 * export const keySign = defineRule({
 *   id: 'key-sign-test',
 *   checks: ['H2'],
 *   evidence: ['capture'],
 *   findings: {
 *     'key-sign-test-failed': { title: 'KeySignTest failed', severity: 'error', references: [REFS.dsregcmd] },
 *   },
 *   run({ capture, report }) {
 *     const field = capture.view.get('KeySignTest', 'any');
 *     if (field?.value.kind === 'test' && field.value.outcome === 'fail') {
 *       report('key-sign-test-failed', { explanation: '…', evidence: [evidenceOf(field)] });
 *     }
 *   },
 * });
 * ```
 *
 * - `id`: stable, kebab-case; `checks`: the checklist IDs (A1…M4) it implements.
 * - `evidence`: what the rule needs. The engine runs it only when the device has that evidence
 *   (a capture, at least one event, at least one probe result), and the context's type follows:
 *   a rule that declares `'capture'` sees `ctx.capture` as non-null.
 * - `findings`: every finding the rule may emit, by id, with its default title, severity and
 *   references. `report(id, …)` accepts only these ids (a misspelt or undeclared id is a compile
 *   error); it fills in the id, the rule's checks, and the declared title, severity and references
 *   unless the call gives its own (a title that names a value, a severity that depends on state,
 *   the subset of the rule's checks one finding speaks to).
 * - `run(ctx)` reports zero or more findings. It sees no other rule's findings unless it refines.
 *
 * **Refining rules.** Some facts only show when findings are read together: two events of one
 * attempt that tell one story, a code logged beside a failure that names its cause. A rule that
 * declares `refines` (the ids of earlier findings it reads) is listed after whatever reports
 * them (the rules of `src/events/rules.ts` run after the findings of the event records) and
 * receives, in `ctx.earlier`, those findings in report order, each with the event record
 * it was built from (`event`, null for a finding of a capture or a probe). Besides reporting its
 * own findings it may `revise(e, changes)` one of them (its title, severity, explanation, codes,
 * evidence, causes, steps or references; never its id or checks) or `withdraw(e)` one whose
 * story another finding now tells (that finding takes its evidence first: nothing is dropped in
 * silence). `revise` and `withdraw` accept only the findings it was given, typed by the ids it
 * refines, so a rule cannot touch a finding it did not declare.
 *
 * ```ts
 * export const interactiveStep = defineRule({
 *   id: 'event-interactive-sign-in-step',
 *   checks: ['F3'],
 *   evidence: ['events'],
 *   findings: {},
 *   refines: ['event-token-broker-error'],
 *   run({ earlier, revise }) {
 *     for (const e of earlier) if (followedBySignIn(e)) revise(e, { severity: 'info', explanation: '…' });
 *   },
 * });
 * ```
 *
 * `applyRules(rules, device, earlier)` runs rules in their order over the findings so far: each
 * sees the findings as the rules before it left them, and what it reports is added at the end.
 * Rules are pure: no I/O, no clock. `evaluateRule` runs one rule on one device's evidence.
 * @module
 */
import type { DsregCapture } from '../model/capture.ts';
import type { Evidence, Finding, Reference, Severity } from '../model/diagnosis.ts';
import type { EventRecord } from '../model/events.ts';
import type { CaptureContext } from './context.ts';
import { finding } from './finding.ts';
import type { JoinReading } from './join-state.ts';
import type { PhaseReading } from './phase.ts';
import type { CaptureView } from './view.ts';

/** The kinds of evidence a device can have. */
export type EvidenceKind = 'capture' | 'events' | 'probes';

/** A capture with the readings every capture rule shares, computed once per capture. */
export interface CaptureEvidence {
  capture: DsregCapture;
  view: CaptureView;
  context: CaptureContext;
  join: JoinReading;
  phase: PhaseReading;
}

/**
 * One probe result (a discovery request, a user-realm query, an SCP read). The probe room refines
 * this shape; the engine only needs to know that a result exists.
 */
export interface ProbeEvidence {
  /** Which probe produced it, such as `drs-discovery`. */
  readonly probe: string;
  readonly [detail: string]: unknown;
}

/** Everything known about one device. Events and probes may be empty; the capture may be absent. */
export interface DeviceEvidence {
  capture: CaptureEvidence | null;
  events: readonly EventRecord[];
  probes: readonly ProbeEvidence[];
}

/** What a rule declares about one finding it may emit. */
export interface FindingDecl {
  title: string;
  severity?: Severity;
  references?: readonly Reference[];
}

/** The body of one reported finding; id and checks come from the rule, the rest may override. */
export interface ReportInput {
  explanation: string;
  title?: string;
  severity?: Severity;
  /** The checklist IDs this particular finding speaks to; the rule's own when not given. */
  checks?: readonly string[];
  codes?: readonly string[];
  evidence?: readonly Evidence[];
  causes?: readonly string[];
  steps?: readonly string[];
  references?: readonly Reference[];
}

/**
 * A finding prepared by a helper of a rule, reported with `report(r.id, r)`: the id stays typed,
 * so a helper can only prepare findings its rule declares.
 */
export type Reported<F extends string = string> = ReportInput & { id: F };

/**
 * A finding of the device so far, with the event record it was built from (the last of its group
 * of like events); `event` is null for a finding of a capture or a probe.
 */
export interface EarlierFinding<R extends string = string> {
  readonly finding: Readonly<Finding> & { readonly id: R };
  readonly event: EventRecord | null;
}

/** What a refining rule may change in an earlier finding: everything but what it is (id, checks). */
export type Revision = Partial<
  Pick<
    Finding,
    'title' | 'severity' | 'explanation' | 'codes' | 'evidence' | 'causes' | 'steps' | 'references'
  >
>;

/**
 * What `run` receives; `capture` is non-null when the rule declared `'capture'` evidence;
 * `earlier` holds the findings of the ids the rule refines (empty for a rule that refines none).
 */
export interface RuleContext<
  F extends string = string,
  E extends EvidenceKind = EvidenceKind,
  R extends string = string,
> {
  capture: [E] extends [never]
    ? CaptureEvidence | null
    : 'capture' extends E
      ? CaptureEvidence
      : CaptureEvidence | null;
  events: readonly EventRecord[];
  probes: readonly ProbeEvidence[];
  report(id: F, input: ReportInput): void;
  /** The earlier findings of the ids in `refines`, in report order, as they were when the rule started. */
  earlier: readonly EarlierFinding<R>[];
  /** Changes an earlier finding; the changes of several calls on one finding add up in call order. */
  revise(target: EarlierFinding<R>, changes: Revision): void;
  /** Leaves an earlier finding out: another finding now tells its story and shows its evidence. */
  withdraw(target: EarlierFinding<R>): void;
}

/** The declaration `defineRule` takes. */
export interface RuleSpec<F extends Record<string, FindingDecl>, E extends EvidenceKind, R extends string> {
  id: string;
  checks: readonly string[];
  evidence: readonly E[];
  findings: F;
  /** The ids of earlier findings the rule reads and may revise or withdraw; see the module comment. */
  refines?: readonly R[];
  run(ctx: RuleContext<Extract<keyof F, string>, E, R>): void;
}

/** A defined rule, with its finding ids erased so that rules of any kind sit in one list. */
export interface Rule {
  readonly id: string;
  readonly checks: readonly string[];
  readonly evidence: readonly EvidenceKind[];
  /** The declared findings by id. */
  readonly findings: Readonly<Record<string, FindingDecl>>;
  /** The ids of earlier findings it refines; empty for a rule that only reports. */
  readonly refines: readonly string[];
  /**
   * Runs the rule when the device has the evidence it needs; its own findings, in report order
   * (a refining rule run this way has no earlier findings to refine).
   */
  evaluate(device: DeviceEvidence): Finding[];
  /**
   * Runs the rule after the findings so far: they come back in their order with its revisions
   * made and its withdrawals left out, followed by the findings it reports. Unchanged when the
   * device lacks the evidence the rule needs.
   */
  apply(device: DeviceEvidence, earlier: readonly EarlierFinding[]): EarlierFinding[];
}

/** Declares a rule; see the module comment for the shape. */
export function defineRule<
  const F extends Record<string, FindingDecl>,
  const E extends EvidenceKind,
  const R extends string = never,
>(spec: RuleSpec<F, E, R>): Rule {
  const refines: readonly string[] = spec.refines ?? [];
  const run = (device: DeviceEvidence, earlier: readonly EarlierFinding[]): EarlierFinding[] | null => {
    if (!hasEvidence(spec.evidence, device)) return null;
    const given = earlier.filter((e): e is EarlierFinding<R> => refines.includes(e.finding.id));
    const mine = new Set<EarlierFinding>(given);
    const revised = new Map<EarlierFinding, EarlierFinding>();
    const withdrawn = new Set<EarlierFinding>();
    const own = (target: EarlierFinding, what: string): void => {
      // Only reachable from untyped callers: a finding the rule was not given is a bug in the rule.
      if (!mine.has(target)) throw new Error(`rule ${spec.id} ${what} a finding it does not refine`);
    };
    const out = collect(spec, device, {
      earlier: given,
      revise(target, changes) {
        own(target, 'revised');
        const now = revised.get(target) ?? target;
        const finding = { ...now.finding };
        for (const [key, value] of Object.entries(changes))
          if (value !== undefined) Object.assign(finding, { [key]: value });
        revised.set(target, { finding, event: now.event });
      },
      withdraw(target) {
        own(target, 'withdrew');
        withdrawn.add(target);
      },
    });
    const kept = earlier.filter((e) => !withdrawn.has(e)).map((e) => revised.get(e) ?? e);
    return [...kept, ...out.map((finding) => ({ finding, event: null }))];
  };
  return {
    id: spec.id,
    checks: spec.checks,
    evidence: spec.evidence,
    findings: spec.findings,
    refines,
    evaluate(device) {
      if (!hasEvidence(spec.evidence, device)) return [];
      // A rule that refines nothing only reports: no bookkeeping of earlier findings.
      if (refines.length === 0) return collect(spec, device, NOTHING_TO_REFINE);
      return (run(device, []) ?? []).map((e) => e.finding as Finding);
    },
    apply(device, earlier) {
      return run(device, earlier) ?? [...earlier];
    },
  };
}

/** The part of a rule's context that reads and changes earlier findings. */
type Refining<R extends string> = Pick<
  RuleContext<string, EvidenceKind, R>,
  'earlier' | 'revise' | 'withdraw'
>;

/** The refining part of the context of a rule that refines nothing (its `R` is `never`). */
const NOTHING_TO_REFINE: Refining<never> = {
  earlier: [],
  revise() {
    throw new Error('a rule that refines nothing revised a finding');
  },
  withdraw() {
    throw new Error('a rule that refines nothing withdrew a finding');
  },
};

/** Runs a rule's `run` with the context the engine gives, and returns what it reported. */
function collect<F extends Record<string, FindingDecl>, E extends EvidenceKind, R extends string>(
  spec: RuleSpec<F, E, R>,
  device: DeviceEvidence,
  refining: Refining<R>,
): Finding[] {
  const out: Finding[] = [];
  const report = (id: Extract<keyof F, string>, input: ReportInput): void => {
    const decl = spec.findings[id] as FindingDecl | undefined;
    // Only reachable from untyped callers: an undeclared id is a bug in the rule, not input.
    if (!decl) throw new Error(`rule ${spec.id} reported undeclared finding ${String(id)}`);
    out.push(
      finding({
        id,
        severity: input.severity ?? decl.severity ?? 'info',
        checks: [...(input.checks ?? spec.checks)],
        title: input.title ?? decl.title,
        explanation: input.explanation,
        codes: [...(input.codes ?? [])],
        evidence: [...(input.evidence ?? [])],
        causes: [...(input.causes ?? [])],
        steps: [...(input.steps ?? [])],
        references: [...(input.references ?? decl.references ?? [])],
      }),
    );
  };
  spec.run({
    capture: device.capture as RuleContext<Extract<keyof F, string>, E, R>['capture'],
    events: device.events,
    probes: device.probes,
    report,
    ...refining,
  });
  return out;
}

function hasEvidence(needs: readonly EvidenceKind[], device: DeviceEvidence): boolean {
  for (const kind of needs) {
    if (kind === 'capture' && device.capture === null) return false;
    if (kind === 'events' && device.events.length === 0) return false;
    if (kind === 'probes' && device.probes.length === 0) return false;
  }
  return true;
}

/** Runs one rule; the same as `rule.evaluate(device)`, for callers that hold a list. */
export function evaluateRule(rule: Rule, device: DeviceEvidence): Finding[] {
  return rule.evaluate(device);
}

/**
 * Runs rules in their order over the findings so far (none by default): each rule sees the
 * findings as the rules before it left them. The findings, each with the event it came from.
 */
export function applyRules(
  rules: readonly Rule[],
  device: DeviceEvidence,
  earlier: readonly EarlierFinding[] = [],
): EarlierFinding[] {
  let now: EarlierFinding[] = [...earlier];
  for (const rule of rules) now = rule.apply(device, now);
  return now;
}
