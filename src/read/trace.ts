/**
 * `dsregcmd /join /debug` and `/status /debug` trace lines, and `/listaccounts` output:
 * recognising them and pulling out what they state.
 * @module
 */
import type { DebugTrace } from '../model/capture.ts';
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

/** True for a line only a debug trace prints (`Class::Method: ...`, `AdalLog: ...`). */
export function isTraceLine(t: string): boolean {
  if (t === END_STATUS) return true;
  const dc = t.indexOf('::');
  if (dc > 0 && dc < 80 && t.charCodeAt(dc + 2) !== 32) {
    let ok = true;
    for (let i = 0; i < dc; i++) {
      const c = t.charCodeAt(i);
      if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95)) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  const starts = TRACE_BY_FIRST.get(t.charCodeAt(0));
  if (starts) for (const s of starts) if (t.startsWith(s)) return true;
  return false;
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
  };
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
  }
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
