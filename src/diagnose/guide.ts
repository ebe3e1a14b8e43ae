/**
 * Guidance that does not depend on one capture (checklist M1–M4, L1–L4): which article applies to
 * which Windows version, what to collect for support, the known two-accounts display issue, and
 * the facts about down-level clients. Data the CLI can print and rules can attach as findings.
 * @module
 */
import type { Reference } from '../model/diagnosis.ts';
import { REFS } from './finding.ts';

export interface GuideTopic {
  id: string;
  checks: string[];
  title: string;
  /** Sentences, in reading order. */
  body: string[];
  steps: string[];
  references: Reference[];
}

/** Windows 10 and 11 builds that change what a capture can show (major build number). */
export const WINDOWS_BUILDS = {
  /** November 2015 Update: the first Windows 10 that can hybrid join. */
  v1511: 10586,
  /** Anniversary Update: an Entra registration on a hybrid joined device is ignored. */
  v1607: 14393,
  /** Diagnostic Data and Fallback to Sync-Join in `dsregcmd /status`. */
  v1803: 17134,
  /** Realm discovery as SYSTEM and automatic fallback from a failing TPM. */
  v1809: 17763,
  /** DeviceAuthStatus and PRT diagnostics. */
  v21H1: 19043,
  /** Windows 11: Cloud Kerberos fields. */
  win11: 22000,
} as const;

export const GUIDE: readonly GuideTopic[] = [
  {
    id: 'applicability',
    checks: ['M1'],
    title: 'Which Windows versions this applies to',
    body: [
      'Hybrid join of Windows 10 and Windows Server 2016 or later needs Windows 10 1511 (November 2015 Update) at least; current guidance names 1607 as the oldest supported release.',
      'The Diagnostic Data section (pre-join tests and the previous registration) appears from Windows 10 1803; before that, the phase and error are read from the User Device Registration event log (events 304, 305, 307; 201 for the discovery sub-error; 204 for join-phase errors).',
      'From Windows 10 1809 the device performs realm discovery in the SYSTEM context and completes hybrid join without the TPM when the TPM fails.',
      'DeviceAuthStatus and the PRT diagnostics appear from Windows 10 21H1; the Cloud Kerberos fields from Windows 11 21H2.',
      'Windows 7, 8.1, Server 2008 R2, 2012 and 2012 R2 are down-level clients: they have no dsregcmd and are diagnosed as described under down-level clients.',
    ],
    steps: [],
    references: [REFS.hybridJoin, REFS.dsregcmd],
  },
  {
    id: 'collect-for-support',
    checks: ['M2'],
    title: 'What to collect before contacting support',
    body: [
      'Support needs an authentication trace that covers one reproduction of the problem by the affected user, taken while an administrator session records it.',
    ],
    steps: [
      'Download the authentication scripts (aka.ms/authscripts) and extract them on the device.',
      'From an elevated prompt in an administrator session, start the trace (`start-auth.ps1 -vAuth -accepteula`; older kits use `start-auth.cmd`).',
      'Switch user to the affected account and reproduce the problem (sign in, lock and unlock, or wait for the join attempt).',
      'Switch back to the administrator session and stop the trace (`stop-auth.ps1`, or `stop-auth.cmd`).',
      'Zip the folder the scripts wrote (`authlogs`) and send it, with the output of `dsregcmd /status`, the time of the reproduction and any Request Id or Correlation ID shown.',
    ],
    references: [REFS.hybridJoin],
  },
  {
    id: 'two-accounts-ui',
    checks: ['M3'],
    title: 'Known issue: two accounts under Access work or school',
    body: [
      'On hybrid joined devices connected to a mobile hotspot or an external Wi-Fi network, Settings > Accounts > Access work or school can show two accounts, one for Microsoft Entra ID and one for the on-premises domain.',
      'It is a display issue only: sign-in and single sign-on are not affected and nothing needs fixing.',
    ],
    steps: [],
    references: [REFS.hybridJoin],
  },
  {
    id: 'explain-codes',
    checks: ['M4'],
    title: 'Looking up a code',
    body: [
      'Every code a finding names can be looked up in any of its forms (hex with or without 0x, signed or unsigned decimal, symbolic name, AADSTS or MSIS number).',
    ],
    steps: ['Run `dsreg-doctor explain <code>` for what the code means in each phase, its causes and fixes.'],
    references: [],
  },
  {
    id: 'down-level-status',
    checks: ['L1'],
    title: 'Down-level clients: where the status is',
    body: [
      'Windows 7, 8.1, Server 2008 R2, 2012 and 2012 R2 register through the Workplace Join package, not dsregcmd.',
      'Run `"%ProgramFiles%\\Microsoft Workplace Join\\autoworkplace.exe" /i` from an elevated prompt: it opens a dialog with the registration status.',
      'The events are in Applications and Services Logs > Microsoft-Workplace Join.',
    ],
    steps: [],
    references: [REFS.downLevel],
  },
  {
    id: 'down-level-issues',
    checks: ['L2', 'L3'],
    title: 'Down-level clients: common problems and causes',
    body: [
      'Common problems: AD FS or Microsoft Entra ID misconfigured; the user is not signed in with a domain account; the device quota is reached; the service is not responding.',
    ],
    steps: [
      'Make sure the computer is on the internal network, or on a VPN with line of sight to a domain controller.',
      'Sign in with a domain account, not a local account.',
      'For federated domains, configure AD FS to support WIAORMULTIAUTHN; for managed domains, use Seamless SSO.',
      'Create a service connection point that names a verified domain in the forest of the computer.',
      'Check whether the user has reached the maximum number of devices.',
    ],
    references: [REFS.downLevel],
  },
  {
    id: 'down-level-facts',
    checks: ['L4'],
    title: 'Down-level clients: how registration behaves',
    body: [
      'Registration is per user and device: each user who signs in gets a separate device registration.',
      'It runs at sign-in or lock and unlock through a scheduled task, which can start up to 5 minutes late.',
      'Reinstalling the operating system, or unregistering and registering again, creates another entry for the user in Microsoft Entra ID.',
    ],
    steps: [],
    references: [REFS.downLevel],
  },
];

export function guideTopic(id: string): GuideTopic | undefined {
  return GUIDE.find((t) => t.id === id);
}

/** The major build of a Windows version string (`10.0.19045.3803`, `[Version 10.0.17763.1]`); null when not Windows 10+. */
export function windowsBuild(version: string | null): { major: number; minor: number; build: number } | null {
  if (!version) return null;
  const m = /(\d+)\.(\d+)\.(\d{4,5})/.exec(version);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), build: Number(m[3]) };
}
