/**
 * The diagnosis: one capture in, a verdict and ordered findings out. Pure and total: every rule
 * runs on whatever the reader produced, and a rule that cannot judge says nothing.
 * @module
 */

import { codePhases, isHexCode } from '../knowledge/codes/index.ts';
import type { DsregCapture } from '../model/capture.ts';
import type { Confidence, Diagnosis, Finding, Health, JoinState, Verdict } from '../model/diagnosis.ts';
import { type InternalFailureHandler, messageOf, strictFromEnv } from '../model/internal.ts';
import { JOIN_STATE_NAMES } from '../model/labels.ts';
import { assessConfidence, confidenceLevel, unjudgedParts } from './confidence.ts';
import { readContext } from './context.ts';
import { sortFindings } from './finding.ts';
import { supportFinding } from './guidance.ts';
import { type JoinReading, readJoinState } from './join-state.ts';
import { type PhaseReading, readPhase } from './phase.ts';
import type { DeviceEvidence } from './rule.ts';
import { RULES } from './rules.ts';
import { CaptureView } from './view.ts';

export interface DiagnoseOptions {
  /** ISO time used as "now" when the capture has no Client Time. */
  now?: string;
  /** A throwing rule throws instead of being skipped (tests, fuzzing); default from `DSREG_DOCTOR_STRICT`. */
  strict?: boolean;
  /** Told about each rule that threw and was skipped, so the caller can say so in the report. */
  onInternalFailure?: InternalFailureHandler;
}

const JOINED: readonly JoinState[] = ['entra-joined', 'hybrid-joined', 'drs-joined', 'entra-registered'];

/** The state's name in the summary sentence: one home, `src/model/labels.ts`. */
const STATE_LABEL = JOIN_STATE_NAMES;

export function diagnose(capture: DsregCapture, options: DiagnoseOptions = {}): Diagnosis {
  const view = new CaptureView(capture);
  const context = readContext(view, options);
  const join = readJoinState(view);
  const phase = readPhase(view, codePhases);
  const device: DeviceEvidence = {
    capture: { capture, view, context, join, phase },
    events: [],
    probes: [],
  };
  const raw: Finding[] = [];
  const skipped: string[] = [];
  for (const rule of RULES) {
    try {
      raw.push(...rule.evaluate(device));
    } catch (error) {
      // A rule that trips over an unexpected value must not take the whole diagnosis down; it is
      // reported (a notice in the report), and in strict mode it fails loudly.
      if (options.strict ?? strictFromEnv()) throw error;
      options.onInternalFailure?.({ stage: 'diagnose', what: rule.id, message: messageOf(error) });
      skipped.push(rule.id);
    }
  }
  const support = supportFinding(raw);
  const findings = sortFindings(support ? [...raw, support] : raw);
  const unjudged = unjudgedParts(view, join);
  const health = healthOf(findings, join, unjudged);
  const top = findings.find((f) => f.severity === 'error') ?? findings.find((f) => f.severity === 'warning');
  // Without a join error, the first code of the most severe findings (a PRT attempt, a key test).
  const errorCode = phase.errorCode ?? firstHexCode(findings.filter((f) => f.severity === top?.severity));
  const verdict: Verdict = {
    joinState: join.joinState,
    workplaceJoined: join.workplaceJoined,
    health,
    failedPhase: phase.phase,
    errorCode,
    subErrorCode: phase.errorCode ? phase.subErrorCode : null,
    summary: summaryOf(join, health, top, phase, unjudged),
    confidence: withSkippedRules(assessConfidence(view, context, join), skipped),
  };
  return { verdict, findings };
}

function withSkippedRules(confidence: Confidence, skipped: readonly string[]): Confidence {
  if (skipped.length === 0) return confidence;
  const score = Math.max(0, Math.round((confidence.score - 0.1) * 100) / 100);
  return {
    level: confidenceLevel(score),
    score,
    reasons: [...confidence.reasons, `checks that could not judge this capture: ${skipped.join(', ')}`],
  };
}

/**
 * Healthy only when the capture shows what health means for the state: a joined device whose
 * capture has no SSO State says nothing about the user's PRT, so its health is unknown (the summary
 * says what was judged and what was not) rather than a "healthy" the capture cannot back.
 */
function healthOf(findings: readonly Finding[], join: JoinReading, unjudged: readonly string[]): Health {
  if (findings.some((f) => f.severity === 'error')) return 'failing';
  // A state Windows never prints says nothing about the device's health.
  if (join.joinState === 'inconsistent') return 'unknown';
  if (findings.some((f) => f.severity === 'warning')) return 'attention';
  if (JOINED.includes(join.joinState)) return unjudged.includes('SSO State') ? 'unknown' : 'healthy';
  return 'unknown';
}

function firstHexCode(findings: readonly Finding[]): string | null {
  for (const f of findings) {
    const code = f.codes.find(isHexCode);
    if (code) return code;
  }
  return null;
}

/** The state as the summary names it, saying what the capture cannot tell. */
function stateLabelOf(join: JoinReading): string {
  if (join.joinState === 'unknown' && join.azureAdJoined === true) {
    return 'Joined to Microsoft Entra ID (Entra joined or hybrid joined: the capture has no DomainJoined line)';
  }
  return STATE_LABEL[join.joinState];
}

function summaryOf(
  join: JoinReading,
  health: Health,
  top: Finding | undefined,
  phase: PhaseReading,
  unjudged: readonly string[],
): string {
  const state = stateLabelOf(join);
  if (top) return `${state}: ${lowerFirst(top.title)}.`;
  if (health === 'healthy') return `${state}; no problems found.`;
  if (unjudged.includes('SSO State') && !phase.phase) {
    return `${state}; no problems in what the capture shows, but it has no ${unjudged.join(' or ')}, so single sign-on (the user's PRT) could not be judged.`;
  }
  if (phase.phase) return `${state}: the last attempt failed in the ${phase.phase} phase.`;
  if (join.joinState === 'unknown' && join.azureAdJoined === true) {
    return 'Joined to Microsoft Entra ID (AzureAdJoined YES), but without DomainJoined the capture does not tell Entra joined from hybrid joined; nothing else to judge.';
  }
  const lastAttempt = phase.traceAttempts[phase.traceAttempts.length - 1];
  const traceSucceeded = lastAttempt?.outcome === 'succeeded' || phase.acceptedAnswer !== null;
  if (join.joinState === 'unknown' && traceSucceeded) {
    return 'The join traced here succeeded; the capture does not show the join state after it.';
  }
  return join.joinState === 'unknown'
    ? 'The capture does not show the join state; nothing to judge.'
    : `${state}; nothing in the capture to judge its health.`;
}

/**
 * The summary when a finding not from the capture (an event log's) decides the health: the state,
 * then that finding, said to come from the log.
 */
export function summaryFromEvidence(joinState: JoinState, finding: Finding, source: string): string {
  return `${STATE_LABEL[joinState]}; the ${source} shows: ${lowerFirst(finding.title)}.`;
}

/** Titles that start with an ordinary word read on after the state; names and codes keep their case. */
const ORDINARY_START =
  /^(The|Last|Hybrid|Sync|No|Registration|Tenant|Pre-join|Fallback|Not|Domain|Down-level|Non-persistent|User|A)\b/;

function lowerFirst(text: string): string {
  return ORDINARY_START.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
