/**
 * The Workstation service's domain join messages (System log, source NetJoin): whether the
 * computer joined the Active Directory domain, which hybrid join needs first. The error is a
 * Win32 number in the message (`The error code was 1355`), read as its HRESULT. Openings are the
 * template's first words; the summary and finding are ours (B4).
 * @module
 */

import { REFS } from '../references.ts';
import type { EventSpec, ProviderSpec } from './types.ts';

export const NETJOIN_EVENTS = {
  4097: {
    level: 'error',
    fields: [],
    summary: 'The computer could not join the Active Directory domain.',
    phase: null,
    outcome: 'failure',
    openings: [/^The machine .{1,300}? attempted to join the domain .{1,300}? but failed/i],
    facts: { codeInText: /\berror code was:?\s+(-?\d+|0x[0-9a-f]+)/i, win32: true },
    finding: {
      id: 'event-domain-join-failed',
      checks: ['B4'],
      title: 'Joining the Active Directory domain failed (NetJoin event 4097)',
      causes: [
        'No domain controller could be found for the domain (DNS), or it could not be reached.',
        'The account used has no right to join computers, or its password is wrong.',
        'A computer account with that name already exists and cannot be reused.',
      ],
      steps: [
        'Look up the error code.',
        'Read %windir%\\debug\\NetSetup.log on the device for the step that failed.',
        'Hybrid join starts only after the device is domain joined: fix the domain join first.',
      ],
    },
  },
} satisfies Record<number, EventSpec>;

export const NETJOIN: ProviderSpec = {
  key: 'netjoin',
  name: 'NetJoin',
  label: 'NetJoin',
  names: [/^(?:microsoft-windows-)?netjoin$/],
  registration: false,
  reference: REFS.domainJoin,
  events: NETJOIN_EVENTS,
};
