/**
 * Microsoft-Windows-Workplace Join (deviceregistration.dll, and `Microsoft-Workplace Join` on
 * Windows 7): Workplace Join of down-level clients. Field names follow the manifest; findings are
 * ours, from the down-level troubleshooting guidance (L1-L4).
 * @module
 */

import { REFS } from '../references.ts';
import type { EventSpec, ProviderSpec } from './types.ts';

export const WPJ_EVENTS = {
  100: {
    level: 'information',
    fields: ['ActivityId', 'JWT'],
    labels: [['activity id', 'ActivityId']],
    openings: ['Workplace Join started'],
    summary: 'Workplace Join started.',
    phase: null,
    outcome: 'info',
  },
  101: {
    level: 'information',
    fields: ['ServiceUri'],
    summary: 'Workplace Join discovery reached the service.',
    phase: null,
    outcome: 'info',
  },
  102: {
    level: 'error',
    fields: ['ExitCode', 'ErrorMessage', 'ServiceUri'],
    labels: [
      ['exit code', 'ExitCode'],
      ['error message', 'ErrorMessage'],
      ['~could not connect to', 'ServiceUri'],
    ],
    summary: 'Workplace Join discovery failed: the service could not be reached.',
    phase: 'discover',
    outcome: 'failure',
    registration: 'failure',
    openings: ['Workplace Join discovery failed'],
    finding: {
      id: 'event-wpj-discover-failed',
      checks: ['L1', 'L2', 'L3'],
      title: 'Workplace Join could not reach the registration service (Workplace Join event 102)',
      causes: [
        'The computer is off the internal network or on a VPN without a connection to a domain controller.',
        'No SCP points to a verified domain of the tenant.',
        'The service is not responding.',
      ],
      steps: [
        'Run `autoworkplace.exe /i` on the device for the status.',
        'Check network access to the registration service.',
      ],
    },
  },
  103: {
    level: 'error',
    fields: ['HttpStatus', 'ServiceUri', 'TraceId'],
    labels: [
      ['http status', 'HttpStatus'],
      ['uri', 'ServiceUri'],
      ['trace id', 'TraceId'],
    ],
    openings: [/^Workplace Join discovery failed\.?\s*Server returned http status/i],
    summary: 'Workplace Join discovery failed: the service answered with an HTTP error.',
    phase: 'discover',
    outcome: 'failure',
    registration: 'failure',
    finding: {
      id: 'event-wpj-discover-failed',
      checks: ['L1', 'L2', 'L3'],
      title:
        'The registration service answered Workplace Join discovery with an HTTP error (Workplace Join event 103)',
      causes: ['AD FS or Entra ID is misconfigured.', 'The service is not responding.'],
      steps: ['Run `autoworkplace.exe /i` on the device for the status.'],
    },
  },
  104: {
    level: 'warning',
    fields: ['ExitCode', 'ZoneUriIsAddedTo', 'ZoneUriExistsIn', 'Uri'],
    labels: [
      ['exit code', 'ExitCode'],
      ['~adding uri', 'Uri'],
    ],
    summary: 'A sign-in URL could not be added to an Internet Explorer security zone.',
    phase: null,
    outcome: 'info',
    openings: [/^(?:Exit code: \S+\.\s*)?Adding URI .* zone in Internet Explorer failed/i],
  },
  200: {
    level: 'error',
    fields: ['ExitCode', 'ActivityId', 'SoapResponse', 'ErrorMessage', 'RegistrationServiceUri'],
    labels: [
      ['exit code', 'ExitCode'],
      ['activity id', 'ActivityId'],
      ['server response', 'SoapResponse'],
      ['error message', 'ErrorMessage'],
      ['registration service', 'RegistrationServiceUri'],
    ],
    long: ['SoapResponse', 'ErrorMessage'],
    summary: 'Workplace Join failed.',
    phase: 'join',
    outcome: 'failure',
    registration: 'failure',
    openings: ['Workplace Join operation failed'],
    finding: {
      id: 'event-wpj-join-failed',
      checks: ['L1', 'L2', 'L3'],
      title: 'Workplace Join failed (Workplace Join event 200)',
      causes: [
        'The user signed in with a local account instead of a domain account.',
        'The federation server is configured for WIAORMULTIAUTHN.',
        'The user reached the limit of devices.',
      ],
      steps: [
        'Run `autoworkplace.exe /i` for the status.',
        'Sign in with a domain account on the internal network.',
      ],
    },
  },
  201: {
    level: 'information',
    fields: ['ActivityId', 'SoapResponse', 'RegistrationServiceUri'],
    labels: [
      ['activity id', 'ActivityId'],
      ['server response', 'SoapResponse'],
      ['registration service', 'RegistrationServiceUri'],
    ],
    openings: ['Workplace Join operation succeeded'],
    summary: 'Workplace Join succeeded.',
    phase: null,
    outcome: 'success',
    registration: 'success',
  },
  300: {
    level: 'error',
    fields: ['ExitCode', 'ErrorMessage'],
    labels: [
      ['exit code', 'ExitCode'],
      ['error message', 'ErrorMessage'],
    ],
    openings: ['Workplace Leave operation failed'],
    summary: 'Leaving Workplace Join failed.',
    phase: null,
    outcome: 'failure',
    finding: {
      id: 'event-wpj-leave-failed',
      checks: ['L1'],
      title: 'Leaving Workplace Join failed (Workplace Join event 300)',
      causes: [],
      steps: ['Look up the exit code.'],
      clearedBySuccess: true,
    },
  },
  301: {
    level: 'information',
    fields: [],
    openings: ['Workplace Leave operation succeeded'],
    summary: 'The device left Workplace Join.',
    phase: null,
    outcome: 'info',
  },
  400: {
    level: 'error',
    fields: ['ExitCode', 'ErrorCodeText', 'ErrorMessage', 'ErrorData'],
    labels: [
      ['exit code', 'ExitCode'],
      ['error code', 'ErrorCodeText'],
      ['error message', 'ErrorMessage'],
      ['error data', 'ErrorData'],
    ],
    long: ['ErrorMessage', 'ErrorData'],
    summary: 'Automatic Workplace Join (autoworkplace) failed.',
    phase: null,
    outcome: 'failure',
    registration: 'failure',
    openings: ['Auto workplace error'],
    finding: {
      id: 'event-wpj-autoworkplace-failed',
      checks: ['L1', 'L2'],
      title: 'Automatic Workplace Join failed (Workplace Join event 400)',
      causes: ['See the error text of the event.'],
      steps: ['Run `autoworkplace.exe /i` for the status.'],
    },
  },
  401: {
    level: 'information',
    fields: ['Message', 'Data'],
    summary: 'Automatic Workplace Join progress.',
    phase: null,
    outcome: 'info',
  },
} satisfies Record<number, EventSpec>;

export const WPJ: ProviderSpec = {
  key: 'wpj',
  name: 'Microsoft-Windows-Workplace Join',
  label: 'Workplace Join',
  names: [/workplace join/],
  registration: true,
  reference: REFS.downLevel,
  events: WPJ_EVENTS,
};
