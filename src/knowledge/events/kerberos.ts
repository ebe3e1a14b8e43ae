/**
 * Microsoft-Windows-Security-Kerberos (System log): the Kerberos client's errors, which admins
 * paste with cloud Kerberos trust and KDC proxy problems. The Kerberos error numbers in these
 * messages (`0x25 KRB_AP_ERR_SKEW`) are protocol numbers, not Windows error codes, so they are
 * told by name and never looked up as codes. Summaries and findings are ours (F4).
 * @module
 */

import { REFS } from '../references.ts';
import type { EventSpec, ProviderSpec } from './types.ts';

export const KERBEROS_EVENTS = {
  3: {
    level: 'error',
    fields: [],
    summary: 'The Kerberos client received an error message from a KDC or a server.',
    phase: null,
    outcome: 'failure',
    openings: ['A Kerberos error message was received'],
    facts: { kerberos: true },
    finding: {
      id: 'event-kerberos-error',
      checks: ['F4'],
      title: 'A Kerberos error was received (Kerberos event 3)',
      causes: [
        'KRB_AP_ERR_SKEW: the device clock differs from the domain controller by more than five minutes.',
        'KDC_ERR_S_PRINCIPAL_UNKNOWN: no account holds the service principal name asked for.',
        'KDC_ERR_PREAUTH_FAILED: wrong password or stale credentials.',
      ],
      steps: [
        'Read the error name and the target in the event.',
        'For cloud Kerberos trust, check `OnPremTgt` and `CloudTgt` in `dsregcmd /status` and that the Entra Kerberos server object exists in the domain.',
      ],
      atMost: 'warning',
    },
  },
  4: {
    level: 'error',
    fields: [],
    summary:
      'The Kerberos client received KRB_AP_ERR_MODIFIED: the ticket could not be decrypted by the server (duplicate service principal name or a stale computer password).',
    phase: null,
    outcome: 'failure',
    openings: ['The Kerberos client received a KRB_AP_ERR_MODIFIED error'],
    facts: { kerberos: true },
    finding: { sameAs: 3 },
  },
} satisfies Record<number, EventSpec>;

export const KERBEROS: ProviderSpec = {
  key: 'kerberos',
  name: 'Microsoft-Windows-Security-Kerberos',
  label: 'Kerberos',
  names: [/^(?:microsoft-windows-)?security-kerberos$/, /^kerberos$/],
  registration: false,
  reference: REFS.cloudKerberos,
  events: KERBEROS_EVENTS,
};
