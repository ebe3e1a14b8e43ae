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
 * - `run(ctx)` reports zero or more findings. It never sees another rule's findings.
 *
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

/** What `run` receives; `capture` is non-null when the rule declared `'capture'` evidence. */
export interface RuleContext<F extends string = string, E extends EvidenceKind = EvidenceKind> {
  capture: [E] extends [never]
    ? CaptureEvidence | null
    : 'capture' extends E
      ? CaptureEvidence
      : CaptureEvidence | null;
  events: readonly EventRecord[];
  probes: readonly ProbeEvidence[];
  report(id: F, input: ReportInput): void;
}

/** The declaration `defineRule` takes. */
export interface RuleSpec<F extends Record<string, FindingDecl>, E extends EvidenceKind> {
  id: string;
  checks: readonly string[];
  evidence: readonly E[];
  findings: F;
  run(ctx: RuleContext<Extract<keyof F, string>, E>): void;
}

/** A defined rule, with its finding ids erased so that rules of any kind sit in one list. */
export interface Rule {
  readonly id: string;
  readonly checks: readonly string[];
  readonly evidence: readonly EvidenceKind[];
  /** The declared findings by id. */
  readonly findings: Readonly<Record<string, FindingDecl>>;
  /** Runs the rule when the device has the evidence it needs; its findings, in report order. */
  evaluate(device: DeviceEvidence): Finding[];
}

/** Declares a rule; see the module comment for the shape. */
export function defineRule<const F extends Record<string, FindingDecl>, const E extends EvidenceKind>(
  spec: RuleSpec<F, E>,
): Rule {
  return {
    id: spec.id,
    checks: spec.checks,
    evidence: spec.evidence,
    findings: spec.findings,
    evaluate(device) {
      if (!hasEvidence(spec.evidence, device)) return [];
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
        capture: device.capture as RuleContext<Extract<keyof F, string>, E>['capture'],
        events: device.events,
        probes: device.probes,
        report,
      });
      return out;
    },
  };
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
