/**
 * The phase engine (checklist G3–G11): where a hybrid join failed and with which code.
 * `Error Phase` wins; else the first failing pre-join test, in the order Windows runs them;
 * else, in a `/join /debug` trace, the join step that failed (`GetComputerTokenForADRS failed
 * with error 0x801c0515` → auth); else the phase(s) the catalog gives for the code. The sub-error
 * comes from the failing test (`FAIL [0x801c0021/0x80072ee2]`) or the trace's failure chain.
 * @module
 */

import { parsePhase, parseRegistrationType, type RegistrationType } from '../knowledge/codes/index.ts';
import type { FieldName } from '../knowledge/fields.ts';
import type { CaptureField, DebugTrace } from '../model/capture.ts';
import type { Phase } from '../model/diagnosis.ts';
import { type TraceAttempt, traceAttempts } from '../read/index.ts';
import { PRE_JOIN_TESTS } from './join-state.ts';

export { parsePhase, parseRegistrationType };

import type { CaptureView } from './view.ts';

export const REGISTRATION_SCOPE = 'Previous Registration';

/** The phase a failure of each pre-join test leads to (seed 004, pre-join diagnostics). */
const TEST_PHASE: Record<(typeof PRE_JOIN_TESTS)[number], Phase> = {
  'AD Connectivity Test': 'pre-check',
  'AD Configuration Test': 'discover',
  'DRS Discovery Test': 'discover',
  'DRS Connectivity Test': 'discover',
  'Token acquisition Test': 'auth',
};

export interface PhaseReading {
  phase: Phase | null;
  /** How the phase was found. */
  source: 'error-phase' | 'pre-join-test' | 'trace-step' | 'code-family' | null;
  errorCode: string | null;
  subErrorCode: string | null;
  registrationType: RegistrationType | null;
  /** Pre-join tests that failed, in run order. */
  failingTests: CaptureField[];
  /** The join attempts of a `/join /debug` trace, failed or not, in order; the last decides the verdict. */
  traceAttempts: TraceAttempt[];
  /**
   * A 2xx answer of the registration service printed after every failed attempt of the trace
   * (`Join HTTP status: 200` after `Try synchronized join.`): the join request that followed was
   * accepted, even when the trace ends before saying so. Null otherwise.
   */
  acceptedAnswer: NonNullable<DebugTrace['answer']> | null;
  /** Fields of the Previous Registration block that exist. */
  registration: {
    time: CaptureField | null;
    type: CaptureField | null;
    errorPhase: CaptureField | null;
    clientErrorCode: CaptureField | null;
    serverErrorCode: CaptureField | null;
    serverErrorSubCode: CaptureField | null;
    serverOperation: CaptureField | null;
    serverMessage: CaptureField | null;
    httpsStatus: CaptureField | null;
    requestId: CaptureField | null;
  };
}

/** Phases the catalog gives for a code; injected so the engine does not own code knowledge. */
export type PhasesOfCode = (code: string) => readonly Phase[];

export function readPhase(view: CaptureView, phasesOf: PhasesOfCode): PhaseReading {
  const reg = (name: FieldName) => statedField(view.get(name, REGISTRATION_SCOPE) ?? view.get(name, 'any'));
  const registration = {
    time: statedField(view.get('Previous Registration', 'any')),
    type: reg('Registration Type'),
    errorPhase: reg('Error Phase'),
    clientErrorCode: reg('Client ErrorCode'),
    serverErrorCode: reg('Server ErrorCode'),
    serverErrorSubCode: reg('Server ErrorSubCode'),
    serverOperation: reg('Server Operation'),
    serverMessage: reg('Server Message'),
    httpsStatus: reg('Https Status'),
    requestId: reg('Request Id'),
  };
  const failingTests = PRE_JOIN_TESTS.map((name) => view.get(name, 'any')).filter(
    (f): f is CaptureField => f?.value.kind === 'test' && f.value.outcome === 'fail',
  );
  const registrationType = parseRegistrationType(registration.type ? textOf(registration.type) : null);
  const clientCode = registration.clientErrorCode ? codeValue(registration.clientErrorCode) : null;
  const attempts = view.capture.trace ? traceAttempts(view.capture.trace) : [];
  const acceptedAnswer = acceptedAfterFailures(view.capture.trace, attempts);
  const base = { registrationType, failingTests, registration, traceAttempts: attempts, acceptedAnswer };

  const stated = registration.errorPhase ? parsePhase(textOf(registration.errorPhase)) : null;
  if (stated) {
    const test = failingTests.find((t) => testCode(t) === clientCode && clientCode !== null);
    const fallback = clientCode === null ? failingTests[0] : undefined;
    return {
      ...base,
      phase: stated,
      source: 'error-phase',
      errorCode: clientCode ?? (fallback ? testCode(fallback) : null),
      subErrorCode: test
        ? testSubCode(test)
        : fallback
          ? testSubCode(fallback)
          : underlyingTestCode(failingTests, stated, clientCode),
    };
  }
  const first = failingTests[0];
  if (first) {
    return {
      ...base,
      phase: TEST_PHASE[first.name as keyof typeof TEST_PHASE] ?? null,
      source: 'pre-join-test',
      errorCode: testCode(first) ?? clientCode,
      subErrorCode: testSubCode(first),
    };
  }
  // A trace whose last attempt states success, or whose status block shows the device joined,
  // ended in success: its failed attempts are history (still listed in `traceAttempts`), the
  // verdict comes from the last, successful one.
  const joinedAfter = view.bool('AzureAdJoined') === true;
  const last = attempts[attempts.length - 1];
  const succeeded =
    clientCode === null &&
    view.capture.trace !== null &&
    (last?.outcome === 'succeeded' || (joinedAfter && last !== undefined) || acceptedAnswer !== null);
  if (succeeded) return { ...base, phase: null, source: null, errorCode: null, subErrorCode: null };
  const traced = clientCode === null ? (last?.failure ?? null) : null;
  if (traced?.step) {
    return {
      ...base,
      phase: traced.step,
      source: 'trace-step',
      errorCode: traced.code,
      subErrorCode: traced.subCode,
    };
  }
  const code = clientCode ?? traced?.code ?? traceFailureCode(view);
  if (code) {
    const phases = phasesOf(code);
    const only = phases.length === 1 ? (phases[0] ?? null) : null;
    return {
      ...base,
      phase: only,
      source: only ? 'code-family' : null,
      errorCode: code,
      subErrorCode: traced?.subCode ?? null,
    };
  }
  return { ...base, phase: null, source: null, errorCode: null, subErrorCode: null };
}

/** See `PhaseReading.acceptedAnswer`. */
function acceptedAfterFailures(
  trace: DebugTrace | null,
  attempts: readonly TraceAttempt[],
): NonNullable<DebugTrace['answer']> | null {
  const answer = trace?.answer ?? null;
  if (!answer || answer.httpStatus === null || answer.httpStatus < 200 || answer.httpStatus > 299)
    return null;
  const lines = attempts.flatMap((a) => (a.failure ? [a.failure.line] : []));
  return lines.length > 0 && answer.line > Math.max(...lines) ? answer : null;
}

/**
 * A field that states something, else null: a blank value, a placeholder (`-`, `n/a`, `NOT SET`,
 * read as empty) or the zero code (`Client ErrorCode : 0x0`) says no attempt failed.
 */
function statedField(field: CaptureField | null | undefined): CaptureField | null {
  if (!field) return null;
  const v = field.value;
  if (v.kind === 'empty' || (v.kind === 'code' && v.code === '0x00000000')) return null;
  return field;
}

function textOf(field: CaptureField): string {
  return field.value.kind === 'text' ? field.value.text : field.raw.trim();
}

function codeValue(field: CaptureField): string | null {
  const v = field.value;
  if (v.kind === 'code') return v.code;
  if (v.kind === 'error' || v.kind === 'test' || v.kind === 'status') return v.code;
  return null;
}

function testCode(field: CaptureField): string | null {
  return field.value.kind === 'test' ? field.value.code : null;
}

/**
 * A test of the failed phase that printed another code than the client error tells what lay
 * under it: `AD Configuration Test : FAIL [0x80070002]` beside `Client ErrorCode : 0x801c001d`
 * is the SCP that could not be read. Its own sub-error, when it has one, is the deeper of the two.
 */
function underlyingTestCode(tests: CaptureField[], phase: Phase, clientCode: string | null): string | null {
  const test = tests.find((t) => TEST_PHASE[t.name as keyof typeof TEST_PHASE] === phase);
  const code = test ? testCode(test) : null;
  if (!test || code === null || code === NO_CODE || code === clientCode) return null;
  return testSubCode(test) ?? code;
}

/** `FAIL [0xA/0x00000000]`: a zero sub-error means none. */
function testSubCode(field: CaptureField): string | null {
  const sub = field.value.kind === 'test' ? field.value.subCode : null;
  return sub === NO_CODE ? null : sub;
}

const NO_CODE = '0x00000000';

/**
 * A trace without a join step failure (an ADAL log alone): the code printed on the first line that
 * states a failure.
 */
function traceFailureCode(view: CaptureView): string | null {
  const trace = view.capture.trace;
  if (!trace || trace.failures.length === 0) return null;
  const failureLines = new Set(trace.failures.map((f) => f.line));
  const onFailure = trace.codes.find((c) => failureLines.has(c.line) && c.code !== '0x00000000');
  return onFailure?.code ?? null;
}
