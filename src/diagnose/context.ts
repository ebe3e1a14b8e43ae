/**
 * The context a capture was taken in (checklist E3, G1, G2): who ran `dsregcmd /status`, whether
 * elevated, whether remotely, and what "now" is. User and SSO fields describe the user who ran
 * the command: a SYSTEM capture has no user SSO state; a remote session is still the user's.
 * @module
 */
import type { CaptureView } from './view.ts';

export type UserContext = 'system' | 'elevated' | 'un-elevated';

export interface CaptureContext {
  /** From `User Context`; null when the capture does not say. */
  userContext: UserContext | null;
  /** The raw `User Context` text, for evidence. */
  userContextText: string | null;
  /** `Executing Account Name` as printed. */
  executingAccount: string | null;
  /** True when elevation is evident (SYSTEM, ELEVATED User, or KeySignTest actually ran). */
  elevated: boolean | null;
  /** True when `SessionIsNotRemote : NO`. */
  remoteSession: boolean | null;
  /** Reference time for age and validity checks, ISO; null when neither the capture nor the caller gave one. */
  now: string | null;
  nowSource: 'client-time' | 'option' | null;
  /**
   * User and SSO fields describe the user who ran the command: false only for a SYSTEM run. A
   * remote desktop session is still the user's own session (it matters for Windows Hello
   * provisioning, not for the PRT); an elevated prompt is the same user.
   */
  userFieldsTrusted: boolean;
}

export function readContext(view: CaptureView, options: { now?: string } = {}): CaptureContext {
  const userContextText = view.text('User Context');
  const userContext = parseUserContext(userContextText);
  const executingAccount = view.text('Executing Account Name');
  const sessionIsNotRemote = view.bool('SessionIsNotRemote');
  const remoteSession = sessionIsNotRemote === null ? null : !sessionIsNotRemote;
  const clientTime = view.time('Client Time');
  const optionNow = options.now && !Number.isNaN(Date.parse(options.now)) ? options.now : null;
  const now = clientTime ?? optionNow;
  // Who ran the command is the executing account when the capture names it: `User Context :
  // SYSTEM` alone is where the pre-join diagnostics ran (an elevated prompt runs them as SYSTEM),
  // and says the run was the SYSTEM account's only when no account is named.
  const system = executingAccount ? isSystemAccount(executingAccount) : userContext === 'system';
  const context = userContext ?? (system ? 'system' : null);
  return {
    userContext: context,
    userContextText,
    executingAccount,
    elevated: elevationOf(view, context),
    remoteSession,
    now,
    nowSource: clientTime ? 'client-time' : optionNow ? 'option' : null,
    userFieldsTrusted: !system,
  };
}

export function parseUserContext(text: string | null): UserContext | null {
  if (!text) return null;
  const t = text.trim().toUpperCase();
  if (t.startsWith('SYSTEM')) return 'system';
  // `UN-ELEVATED` contains `ELEVATED`: test it first.
  if (t.startsWith('UN-ELEVATED') || t.startsWith('UNELEVATED') || t.startsWith('NON-ELEVATED'))
    return 'un-elevated';
  if (t.startsWith('ELEVATED')) return 'elevated';
  return null;
}

/** `NT AUTHORITY\SYSTEM`, or a computer account (`CONTOSO\PC01$`). */
/**
 * The local system account as Windows names it in each language (`NT AUTHORITY\SYSTEM`,
 * `AUTORITE NT\Système`, `NT-AUTORITÄT\SYSTEM`, `AUTORIDADE NT\SISTEMA`, `NT AUTHORITY\СИСТЕМА`),
 * by its SID, or a computer account (`PC01$`).
 */
const SYSTEM_NAMES: ReadonlySet<string> = new Set(['SYSTEM', 'SYSTÈME', 'SISTEMA', 'СИСТЕМА', 'S-1-5-18']);

function isSystemAccount(account: string | null): boolean {
  if (!account) return false;
  const name = (account.split(',')[0] ?? '').trim().toUpperCase();
  const user = name.slice(name.lastIndexOf('\\') + 1);
  return SYSTEM_NAMES.has(user) || name.endsWith('$');
}

function elevationOf(view: CaptureView, userContext: UserContext | null): boolean | null {
  if (userContext === 'system' || userContext === 'elevated') return true;
  if (userContext === 'un-elevated') return false;
  // KeySignTest only runs elevated; otherwise it says it must run elevated.
  const keySign = view.get('KeySignTest', 'any');
  if (keySign?.value.kind === 'test') {
    if (keySign.value.outcome === 'pass' || keySign.value.outcome === 'fail') return true;
    if (/elevat/i.test(keySign.value.text)) return false;
  }
  return null;
}
