/**
 * What a rule is and what it sees. Rules are pure functions of the rule context; the registry
 * (`rules.ts`) runs them in order and the checklist lists them by the checks they implement.
 * @module
 */
import type { DsregCapture } from '../model/capture.ts';
import type { Finding } from '../model/diagnosis.ts';
import type { CaptureContext } from './context.ts';
import type { JoinReading } from './join-state.ts';
import type { PhaseReading } from './phase.ts';
import type { CaptureView } from './view.ts';

export interface RuleContext {
  capture: DsregCapture;
  view: CaptureView;
  context: CaptureContext;
  join: JoinReading;
  phase: PhaseReading;
}

export interface Rule {
  /** Stable, kebab-case; the finding ids it can emit are listed in `findings`. */
  id: string;
  /** Checklist IDs this rule implements. */
  checks: string[];
  findings: string[];
  run(ctx: RuleContext): Finding[];
}
