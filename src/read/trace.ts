/**
 * `dsregcmd /join /debug` and `/status /debug` trace lines, and `/listaccounts` output:
 * recognising them and pulling out what they state.
 * @module
 */
import type { DebugTrace } from '../model/capture.ts';
import { isLetter } from './chars.ts';
import { normalizeHexCode } from './values.ts';

export const END_STATUS = 'DSREGCMD_END_STATUS';

const TRACE_STARTS = [
  'AdalLog:',
  'AdalErrorCode:',
  'AdalCorrelationId:',
  'AdalMessage:',
  'preCheckResult:',
  'PreJoinChecks',
  'Automatic device join',
  'LogFatalAuthError',
  'AutoEnrollAsComputer',
  'GetComputerTokenForADRS',
  'DsrDeviceAutoJoin',
  'Join request ID:',
  'Join response time:',
  'Join HTTP status:',
  'Join error code:',
  'Join message:',
];

/** The longest class or method name a trace line is taken to start with. */
const MAX_NAME = 80;

function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95;
}

/** The shortest class or method name taken for one: dsregcmd logs names like `Join`, `wmain`. */
const MIN_NAME = 3;

/**
 * Where the method name of a `Class::Method` token whose class starts at `from` ends, or -1. Both
 * names are identifiers (a letter, then letters, digits, `_`) of 3 to 80 characters, as the C++
 * names dsregcmd logs are (`dsregcmd::wmain`, `DsrCmdJoinHelper::Join`), and the method name ends
 * the text or is followed by ASCII punctuation or a space (`:`, `(`, `.`).
 */
function scopedNameEnd(t: string, from: number): number {
  if (!isLetter(t.charCodeAt(from))) return -1;
  let p = from + 1;
  const classStop = Math.min(t.length, from + MAX_NAME);
  while (p < classStop && isNameChar(t.charCodeAt(p))) p++;
  if (p - from < MIN_NAME || t.charCodeAt(p) !== 58 || t.charCodeAt(p + 1) !== 58) return -1;
  const method = p + 2;
  if (!isLetter(t.charCodeAt(method))) return -1;
  let q = method + 1;
  const methodStop = Math.min(t.length, method + MAX_NAME);
  while (q < methodStop && isNameChar(t.charCodeAt(q))) q++;
  if (q - method < MIN_NAME) return -1;
  if (q === t.length) return q;
  const next = t.charCodeAt(q);
  return next >= 32 && next < 127 && !isNameChar(next) ? q : -1;
}

/**
 * Mostly text: at most one character in 16 is a control character, a Latin-1 symbol
 * (`0x7f`–`0xbf`) or a replacement character. A trace line is plain text (letters of any script
 * pass); random bytes decoded as text are full of those.
 */
function isMostlyText(t: string): boolean {
  const allowed = t.length >> 4;
  let bad = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c < 32 && c !== 9) || (c >= 0x7f && c <= 0xbf) || c === 0xfffd) {
      bad++;
      if (bad > allowed) return false;
    }
  }
  return true;
}

/** True for a line only a debug trace prints (`Class::Method: ...`, `AdalLog: ...`). */
export function isTraceLine(t: string): boolean {
  if (t === END_STATUS) return true;
  const c = t.charCodeAt(0);
  // The native search settles most lines: no `::`, no `Class::Method`.
  if (isLetter(c) && t.indexOf('::') !== -1) {
    const end = scopedNameEnd(t, 0);
    if (end !== -1) return isMostlyText(t);
  }
  const starts = TRACE_BY_FIRST.get(c);
  if (starts) for (const s of starts) if (t.startsWith(s)) return true;
  return false;
}

/** Punctuation that ends a trace line: a `Class::Method:` token right after it starts a new one. */
function endsSentence(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 41 || c === 125;
}

/**
 * A trace line cut where a lost newline glued the next one to it: before each `Class::Method:`
 * token that follows sentence punctuation (`…Try synchronized join.DsrCmdJoinHelper::Join: …`).
 * Null when nothing was glued. Linear: each `::` looks back at most one name length.
 */
export function splitGluedTraceLine(t: string): string[] | null {
  let parts: string[] | null = null;
  let start = 0;
  let at = t.indexOf('::');
  while (at !== -1) {
    let from = at;
    const floor = Math.max(start, at - MAX_NAME);
    while (from > floor && isNameChar(t.charCodeAt(from - 1))) from--;
    if (from > start && endsSentence(t.charCodeAt(from - 1))) {
      const end = scopedNameEnd(t, from);
      if (end !== -1 && t.charCodeAt(end) === 58) {
        const before = t.slice(start, from).trim();
        if (before !== '') {
          if (parts === null) parts = [];
          parts.push(before);
          start = from;
        }
      }
    }
    at = t.indexOf('::', at + 2);
  }
  if (parts === null) return null;
  parts.push(t.slice(start).trim());
  return parts;
}

/** The trace line starts grouped by first character, so ordinary lines test few or none. */
const TRACE_BY_FIRST = new Map<number, string[]>();
for (const s of TRACE_STARTS) {
  const list = TRACE_BY_FIRST.get(s.charCodeAt(0));
  if (list) list.push(s);
  else TRACE_BY_FIRST.set(s.charCodeAt(0), [s]);
}

export function emptyTrace(command: string | null): DebugTrace {
  return {
    command,
    preCheckResult: null,
    tenantType: null,
    tenantName: null,
    tenantId: null,
    codes: [],
    failures: [],
    successes: [],
    answer: null,
  };
}

/** The lines a join trace prints for the registration service's answer, and what each sets. */
const ANSWER_LINES: ReadonlyArray<readonly [string, 'requestId' | 'httpStatus' | 'errorCode' | 'message']> = [
  ['Join request ID:', 'requestId'],
  ['Join HTTP status:', 'httpStatus'],
  ['Join error code:', 'errorCode'],
  ['Join message:', 'message'],
];

/**
 * Records a line of the service's answer. A request ID, or a line the current answer already
 * holds, starts the answer to another request (the sync join after a federated one).
 */
function readAnswerLine(t: string, line: number, trace: DebugTrace): void {
  for (const [label, key] of ANSWER_LINES) {
    if (!t.startsWith(label)) continue;
    const value = t.slice(label.length).trim();
    if (value === '') return;
    let answer = trace.answer ?? null;
    const held = answer !== null && answer[key] !== null;
    if (answer === null || key === 'requestId' || held) {
      answer = { requestId: null, httpStatus: null, errorCode: null, message: null, line };
      trace.answer = answer;
    }
    if (key === 'httpStatus') {
      const status = Number.parseInt(value, 10);
      answer.httpStatus = Number.isInteger(status) && status >= 100 && status <= 599 ? status : null;
    } else answer[key] = value.length > MAX_CONTEXT ? `${value.slice(0, MAX_CONTEXT)}…` : value;
    return;
  }
}

const MAX_CONTEXT = 240;

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isWordChar(c: number): boolean {
  return isHexDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** `Join Info { TenantType = Federated; AutoJoinEnabled = 1; TenandID = ...; TenantName = ... }`. */
function readJoinInfo(t: string, trace: DebugTrace): void {
  const open = t.indexOf('{');
  const close = t.lastIndexOf('}');
  if (open === -1 || close < open) return;
  for (const part of t.slice(open + 1, close).split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (value === '') continue;
    if (key === 'tenanttype') trace.tenantType = value;
    else if (key === 'tenantname') trace.tenantName = value;
    // dsregcmd itself misspells this key as `TenandID`.
    else if (key === 'tenandid' || key === 'tenantid') trace.tenantId = value;
  }
}

/** Records what one trace line states. */
export function readTraceLine(t: string, line: number, trace: DebugTrace): void {
  const context = t.length > MAX_CONTEXT ? `${t.slice(0, MAX_CONTEXT)}…` : t;
  if (t.charCodeAt(0) === 74) readAnswerLine(t, line, trace);
  if (t.startsWith('preCheckResult:')) trace.preCheckResult = t.slice(15).trim() || null;
  else if (t.includes('Join Info {')) readJoinInfo(t, trace);
  let at = t.indexOf('0x');
  while (at !== -1) {
    if (at === 0 || !isWordChar(t.charCodeAt(at - 1))) {
      let end = at + 2;
      while (end < t.length && isHexDigit(t.charCodeAt(end)) && end - at < 11) end++;
      if (!isWordChar(t.charCodeAt(end))) {
        const code = normalizeHexCode(t.slice(at, end));
        if (code) trace.codes.push({ code, line, context });
      }
    }
    at = t.indexOf('0x', at + 2);
  }
  const lower = t.toLowerCase();
  if (lower.includes('fail') || (lower.includes('error') && !lower.endsWith('hresult: 0x0'))) {
    trace.failures.push({ text: context, line });
  } else if (statesSuccess(lower)) {
    trace.successes.push({ text: context, line });
  }
}

/**
 * A line that states a join attempt succeeded, in the wordings dsregcmd prints:
 * `DsrCmdJoinHelper::Join: DsrCmdDeviceEnroller::AutoEnroll(<join type>) completed successfully.`
 * (the success branch beside `… AutoEnroll(<join type>) failed with error code 0x…`), and
 * `Successfully joined machine to AAD.` after `Join HTTP status: 200` in an Azure VM join trace.
 */
function statesSuccess(lower: string): boolean {
  if (lower.startsWith('successfully joined machine to')) return true;
  const at = lower.indexOf('dsrcmdjoinhelper::join:');
  return at !== -1 && lower.includes('autoenroll', at) && lower.includes('completed successfully', at);
}

/** Lines `/listaccounts` and `/cleanupaccounts` print. */
export type AccountsLine = 'start' | 'account' | 'other' | null;

export function classifyAccountsLine(t: string): AccountsLine {
  const c = t.charCodeAt(0);
  // Call, Account, Default, Removing, User, Application, Accounts, Remove.
  if (c !== 67 && c !== 65 && c !== 68 && c !== 82 && c !== 85) return null;
  if (t.startsWith('Call ListAccounts') || t.startsWith('Call CleanupAccounts')) return 'start';
  if (t.startsWith('Account:') || t.startsWith('Default account:') || t.startsWith('Removing account:'))
    return 'account';
  if (
    t === 'User accounts:' ||
    t === 'Application accounts:' ||
    t.startsWith('Accounts found:') ||
    t.startsWith('Remove account result:')
  ) {
    return 'other';
  }
  return null;
}

/** The join steps a `/join /debug` trace names in its failure lines, as the phases Windows reports. */
export type TraceStep = 'pre-check' | 'discover' | 'auth' | 'join';

/** The join-level failure a trace states: the failed step, its code and the code under it. */
export interface TraceJoinFailure {
  /** The step that failed; null when the trace only states that an attempt failed. */
  step: TraceStep | null;
  /** The join error: a DSREG `0x801c....` code of the failure chain when there is one. */
  code: string;
  /** Another code of the same chain (ADAL, WinHTTP, Win32) that lay under the join error. */
  subCode: string | null;
  /** Line of the step (or attempt) failure that printed the code. */
  line: number;
  text: string;
}

/** One join attempt of a trace: a failed one, or one whose line states it succeeded. */
export interface TraceAttempt {
  /** Which join the attempt was, when its lines say: federated first, then the sync fallback. */
  kind: 'federated' | 'sync' | null;
  outcome: 'failed' | 'succeeded';
  /** What a failed attempt failed with; null for one that succeeded. */
  failure: TraceJoinFailure | null;
  /** The line that states a successful attempt ended well; null for a failed one. */
  success: { line: number; text: string } | null;
}

/** One trace line that printed a code, with its codes in order. */
interface CodeLine {
  line: number;
  text: string;
  lower: string;
  codes: string[];
}

type LineRole = { kind: 'step'; step: TraceStep | null } | { kind: 'other' };

const NO_CODE = '0x00000000';

/**
 * `X failed with error 0x...`, `X failed 0x...`, `X failed with error code: 0x...`: a code printed
 * after the last `failed` of the line.
 */
function failedWithCode(lower: string): boolean {
  const failed = lower.lastIndexOf('failed');
  return failed !== -1 && lower.indexOf('0x', failed) !== -1;
}

/**
 * What a failure line of `DsrCmdJoinHelper::Join` and its callers names, mapped as Windows maps it
 * (the error phase it records): `TenantInfo::Discover failed` → discover; `GetComputerTokenForADRS
 * failed`, `GetCloudKerbTicket failed` → auth; `DsrCmdDeviceEnroller::AutoEnroll… failed`,
 * `DsrDeviceAutoJoin failed` → join; `Federated ADRS join failed` states the attempt, not a step.
 */
function roleOf(lower: string): LineRole {
  if (!failedWithCode(lower)) return { kind: 'other' };
  if (lower.includes('prejoinchecks') || lower.includes('pre-join check'))
    return { kind: 'step', step: 'pre-check' };
  if (lower.includes('tenantinfo::discover') || lower.includes('discovery'))
    return { kind: 'step', step: 'discover' };
  if (
    lower.includes('getcomputertokenforadrs') ||
    lower.includes('getcloudkerbticket') ||
    lower.includes('access token') ||
    lower.includes('kerberos ticket')
  ) {
    return { kind: 'step', step: 'auth' };
  }
  if (
    lower.includes('autoenroll') ||
    lower.includes('dsrdeviceautojoin') ||
    lower.includes('dsrbegindeviceautojoin') ||
    lower.includes('join request')
  ) {
    return { kind: 'step', step: 'join' };
  }
  // `DsrCmdJoinHelper::Join: Federated enterprise DRS join failed with error 0xcaa1000e.`
  if (lower.includes(' join failed')) return { kind: 'step', step: null };
  return { kind: 'other' };
}

/** `DsrCmdJoinHelper::Join: ...` reports what one join attempt ended with. */
function endsAttempt(lower: string, role: LineRole): boolean {
  return role.kind === 'step' && (lower.includes('dsrcmdjoinhelper::join:') || role.step === null);
}

/** An error rather than a status: severity bit set (`0x8...`–`0xf...`). */
function isFailingCode(code: string): boolean {
  const c = code.charCodeAt(2) | 32;
  return (c >= 56 && c <= 57) || (c >= 97 && c <= 102);
}

function groupCodeLines(trace: DebugTrace): CodeLine[] {
  const lines: CodeLine[] = [];
  for (const c of trace.codes) {
    const last = lines[lines.length - 1];
    // Two lines a lost newline glued share a line number but not their text.
    if (last && last.line === c.line && last.text === c.context) last.codes.push(c.code);
    else lines.push({ line: c.line, text: c.context, lower: c.context.toLowerCase(), codes: [c.code] });
  }
  return lines;
}

/**
 * The join-level failure of a `/join /debug` trace: the failure of its last join attempt (a
 * federated join that fails and falls back to a sync join is diagnosed by the sync attempt, the
 * one that decided the outcome; `traceAttempts` gives every attempt). Null when the last attempt
 * succeeded: the failures before it were retried. Within an attempt, the error
 * code is the DSREG (`0x801c....`) code its failure lines print, else the code of the innermost
 * failed step; the sub-error is another code of those lines, else the last error code (ADAL,
 * WinHTTP, Win32) printed between the start of the attempt and its first failure line. A trace that
 * stopped in the pre-join checks (`preCheckResult: DoNotJoin` and an error code) is a pre-check
 * failure. Null when the trace states none of these.
 */
export function traceJoinFailure(trace: DebugTrace): TraceJoinFailure | null {
  const attempts = traceAttempts(trace);
  return attempts[attempts.length - 1]?.failure ?? null;
}

/**
 * Every join attempt of a trace, in order: `DsrCmdJoinHelper::Join: …` ends an attempt, so a
 * federated failure and the sync join after it are two attempts; a line stating success ends a
 * successful one (failure lines before it that ended no attempt form a failed attempt of their
 * own). A trace with no step failure and no success but a DoNotJoin pre-check yields that one
 * failure.
 */
export function traceAttempts(trace: DebugTrace): TraceAttempt[] {
  const lines = groupCodeLines(trace);
  const successes = trace.successes ?? [];
  const attempts: TraceAttempt[] = [];
  let chain: ChainLine[] = [];
  // Where the current attempt's lines start: the line after the previous attempt ended.
  let from = 0;
  let next = 0;
  /** A success line ends the attempt under way (failed steps before it included) and one of its own. */
  const succeed = (success: { line: number; text: string }, at: number) => {
    if (chain.length > 0) attempts.push(attemptOf(lines, chain, from));
    chain = [];
    from = at;
    attempts.push({
      kind: attemptKind(success.text.toLowerCase()),
      outcome: 'succeeded',
      failure: null,
      success: { line: success.line, text: success.text },
    });
  };
  for (let i = 0; i < lines.length; i++) {
    const entry = lines[i] as CodeLine;
    while (next < successes.length && (successes[next] as { line: number }).line <= entry.line) {
      succeed(successes[next] as { line: number; text: string }, i);
      next++;
    }
    if (entry.codes.every((c) => c === NO_CODE)) continue;
    const role = roleOf(entry.lower);
    if (role.kind !== 'step') continue;
    chain.push({ index: i, step: role.step });
    if (endsAttempt(entry.lower, role)) {
      attempts.push(attemptOf(lines, chain, from));
      chain = [];
      from = i + 1;
    }
  }
  while (next < successes.length) {
    succeed(successes[next] as { line: number; text: string }, lines.length);
    next++;
  }
  if (chain.length > 0) attempts.push(attemptOf(lines, chain, from));
  if (attempts.length > 0) return attempts;
  const pre = preCheckFailure(trace, lines);
  return pre ? [{ kind: null, outcome: 'failed', failure: pre, success: null }] : [];
}

function attemptOf(lines: CodeLine[], chain: ChainLine[], from: number): TraceAttempt {
  const last = lines[(chain[chain.length - 1] as ChainLine).index] as CodeLine;
  return {
    kind: attemptKind(last.lower),
    outcome: 'failed',
    failure: failureOf(lines, chain, from),
    success: null,
  };
}

/** Which join an attempt's lines name: `Federated ADRS join`, `AutoEnrollSync`, `synchronized join`. */
function attemptKind(lower: string): 'federated' | 'sync' | null {
  const federated = lower.indexOf('federated');
  const sync = Math.max(
    lower.indexOf('autoenrollsync'),
    lower.indexOf('sync join'),
    lower.indexOf('managed join'),
  );
  if (federated !== -1 && (sync === -1 || federated < sync)) return 'federated';
  return sync !== -1 ? 'sync' : null;
}

interface ChainLine {
  index: number;
  step: TraceStep | null;
}

function failureOf(lines: CodeLine[], chain: ChainLine[], from: number): TraceJoinFailure {
  const printed: { code: string; index: number }[] = [];
  for (const { index } of chain) {
    for (const code of (lines[index] as CodeLine).codes) if (code !== NO_CODE) printed.push({ code, index });
  }
  const first = chain[0] as ChainLine;
  // Every chain line printed a non-zero code, so `printed` is never empty.
  const main =
    printed.find((p) => p.code.startsWith('0x801c')) ?? (printed[0] as { code: string; index: number });
  // The innermost step names the phase; an attempt line alone (`Federated ADRS join failed`) does not.
  const step = chain.find((c) => c.step !== null)?.step ?? null;
  let subCode = printed.find((p) => p.code !== main.code)?.code ?? null;
  if (subCode === null) {
    // The error the failed step reported (`AdalErrorCode: 0x2ee6`, `... disabled 0x8007003a`).
    // Only this attempt's own lines: an earlier attempt's codes are not under this failure.
    for (let i = first.index - 1; i >= from; i--) {
      const entry = lines[i] as CodeLine;
      const adalError = entry.lower.startsWith('adalerrorcode');
      const found = [...entry.codes]
        .reverse()
        .find((c) => c !== main.code && c !== NO_CODE && (adalError || isFailingCode(c)));
      if (found) {
        subCode = found;
        break;
      }
    }
  }
  const at = lines[main.index] as CodeLine;
  return { step, code: main.code, subCode, line: at.line, text: at.text };
}

function preCheckFailure(trace: DebugTrace, lines: CodeLine[]): TraceJoinFailure | null {
  if (trace.preCheckResult?.toLowerCase() !== 'donotjoin') return null;
  for (const entry of lines) {
    const code = entry.codes.find((c) => c !== NO_CODE && isFailingCode(c));
    if (code) return { step: 'pre-check', code, subCode: null, line: entry.line, text: entry.text };
  }
  return null;
}
