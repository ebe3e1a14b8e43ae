/**
 * The diagnosis: one capture in, a verdict and ordered findings out. Pure and total: every rule
 * runs on whatever the reader produced, and a rule that cannot judge says nothing.
 * @module
 */
import type { DsregCapture } from '../model/capture.ts';
import type { Diagnosis, Finding, Health, JoinState, Verdict } from '../model/diagnosis.ts';
import { phasesOf } from './catalog.ts';
import { assessConfidence } from './confidence.ts';
import { readContext } from './context.ts';
import { sortFindings } from './finding.ts';
import { supportFinding } from './guidance.ts';
import { type JoinReading, readJoinState } from './join-state.ts';
import { type PhaseReading, readPhase } from './phase.ts';
import type { RuleContext } from './rule.ts';
import { RULES } from './rules.ts';
import { CaptureView } from './view.ts';

export interface DiagnoseOptions {
  /** ISO time used as "now" when the capture has no Client Time. */
  now?: string;
}

const JOINED: readonly JoinState[] = ['entra-joined', 'hybrid-joined', 'drs-joined', 'entra-registered'];

const STATE_LABEL: Record<JoinState, string> = {
  'entra-joined': 'Microsoft Entra joined',
  'hybrid-joined': 'Microsoft Entra hybrid joined',
  'domain-joined': 'Domain joined, not hybrid joined',
  'drs-joined': 'Joined to an on-premises DRS',
  'entra-registered': 'Microsoft Entra registered',
  'not-joined': 'Not joined or registered',
  inconsistent: 'Inconsistent join state',
  unknown: 'Join state not shown',
};

export function diagnose(capture: DsregCapture, options: DiagnoseOptions = {}): Diagnosis {
  const view = new CaptureView(capture);
  const context = readContext(view, options);
  const join = readJoinState(view);
  const phase = readPhase(view, phasesOf);
  const ctx: RuleContext = { capture, view, context, join, phase };
  const raw: Finding[] = [];
  for (const rule of RULES) {
    try {
      raw.push(...rule.run(ctx));
    } catch {
      // A rule that trips over an unexpected value must not take the whole diagnosis down.
    }
  }
  const support = supportFinding(raw);
  const findings = sortFindings(support ? [...raw, support] : raw);
  const health = healthOf(findings, join);
  const top = findings.find((f) => f.severity === 'error') ?? findings.find((f) => f.severity === 'warning');
  const errorCode = phase.errorCode ?? firstHexCode(top);
  const verdict: Verdict = {
    joinState: join.joinState,
    workplaceJoined: join.workplaceJoined,
    health,
    failedPhase: phase.phase,
    errorCode,
    subErrorCode: phase.errorCode ? phase.subErrorCode : null,
    summary: summaryOf(join, health, top, phase),
    confidence: assessConfidence(view, context, join),
  };
  return { verdict, findings };
}

function healthOf(findings: readonly Finding[], join: JoinReading): Health {
  if (findings.some((f) => f.severity === 'error')) return 'failing';
  if (findings.some((f) => f.severity === 'warning')) return 'attention';
  if (JOINED.includes(join.joinState)) return 'healthy';
  return 'unknown';
}

function firstHexCode(finding: Finding | undefined): string | null {
  return finding?.codes.find((c) => /^0x[0-9a-f]{8}$/.test(c)) ?? null;
}

function summaryOf(join: JoinReading, health: Health, top: Finding | undefined, phase: PhaseReading): string {
  const state = STATE_LABEL[join.joinState];
  if (top) return `${state}: ${lowerFirst(top.title)}.`;
  if (health === 'healthy') return `${state}; no problems found.`;
  if (phase.phase) return `${state}: the last attempt failed in the ${phase.phase} phase.`;
  return join.joinState === 'unknown'
    ? 'The capture does not show the join state; nothing to judge.'
    : `${state}; nothing in the capture to judge its health.`;
}

/** Titles that start with an ordinary word read on after the state; names and codes keep their case. */
const ORDINARY_START =
  /^(The|Last|Hybrid|Sync|No|Registration|Tenant|Pre-join|Fallback|Not|Domain|Down-level|Non-persistent|User|Virtual)\b/;

function lowerFirst(text: string): string {
  return ORDINARY_START.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
