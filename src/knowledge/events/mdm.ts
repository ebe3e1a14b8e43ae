/**
 * Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin: MDM enrollment
 * (Intune and others) after the device joins: automatic enrollment by Group Policy, the token it
 * gets from Entra ID, and the enrollment server's answer. The codes it writes (`0x8018xxxx`
 * enrollment errors, WinHTTP errors) are read by the error catalog. Openings are the templates'
 * first words; summaries and findings are ours (D1).
 * @module
 */

import { REFS } from '../references.ts';
import type { EventSpec, ProviderSpec } from './types.ts';

const ENROLL_STEPS = [
  'Look up the code in the event.',
  'Check `MdmUrl` in `dsregcmd /status`: empty means no MDM application is scoped to the user in Entra ID.',
  'Make sure the user is licensed for the MDM service and inside its user scope.',
];

export const MDM_EVENTS = {
  52: {
    level: 'error',
    fields: [],
    summary: 'The MDM enrollment server answered the enrollment request with a fault.',
    phase: null,
    outcome: 'failure',
    openings: [/^MDM Enroll: Server Returned Fault/i],
    finding: {
      id: 'event-mdm-enrollment-server-fault',
      checks: ['D1'],
      title: 'The MDM enrollment server refused the enrollment (DeviceManagement event 52)',
      causes: [
        'The enrollment service rejected the device or user: not licensed, outside the MDM user scope, device limit reached, or platform blocked by an enrollment restriction.',
      ],
      steps: ['Read the fault code, subcode and reason in the event.', ...ENROLL_STEPS],
    },
  },
  71: {
    level: 'error',
    fields: [],
    summary: 'MDM enrollment failed.',
    phase: null,
    outcome: 'failure',
    openings: [/^MDM Enroll: Fail(?:ed|ure)\b/i],
    finding: { sameAs: 76 },
  },
  72: {
    level: 'information',
    fields: [],
    summary: 'MDM enrollment succeeded.',
    phase: null,
    outcome: 'success',
    openings: [/^MDM Enroll: Succeeded\b/i],
  },
  75: {
    level: 'information',
    fields: [],
    summary: 'Automatic MDM enrollment (Group Policy, with the Entra device or user token) succeeded.',
    phase: null,
    outcome: 'success',
    openings: [/^Auto MDM Enroll: Succeeded\b/i],
  },
  76: {
    level: 'error',
    fields: [],
    summary: 'Automatic MDM enrollment (Group Policy, with the Entra device or user token) failed.',
    phase: null,
    outcome: 'failure',
    openings: [/^Auto MDM Enroll: Fail(?:ed|ure)\b/i],
    finding: {
      id: 'event-mdm-enrollment-failed',
      checks: ['D1'],
      title: 'Automatic MDM enrollment failed (DeviceManagement event 76)',
      causes: [
        'No MDM application is scoped to the user, or the user has no MDM licence.',
        'The device is already enrolled in another MDM, or the enrollment was blocked by a restriction.',
        'No token for the enrollment: the device is not (yet) joined or the user has no Primary Refresh Token (see event 90).',
      ],
      steps: ENROLL_STEPS,
      clearedBySuccess: true,
    },
  },
  90: {
    level: 'information',
    fields: [],
    summary: 'Automatic MDM enrollment asked Entra ID for a token; the status it got is in the event.',
    phase: null,
    outcome: 'info',
    openings: [/^Auto MDM Enroll Get AAD Token\b/i],
  },
} satisfies Record<number, EventSpec>;

export const MDM: ProviderSpec = {
  key: 'mdm',
  name: 'Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider',
  label: 'DeviceManagement',
  names: [/devicemanagement-enterprise-diagnostics-provider/],
  registration: false,
  reference: REFS.intuneEnrollment,
  events: MDM_EVENTS,
};
