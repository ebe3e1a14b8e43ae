/**
 * Microsoft-Windows-HelloForBusiness/Operational: Windows Hello for Business provisioning on the
 * device (prerequisites check, container, key creation and registration, sign-in certificate).
 * Admins paste it beside User Device Registration 358/360 when provisioning does not start.
 * Openings are the templates' first words; summaries and findings are ours (E1, I1-I3).
 * @module
 */

import { REFS } from '../references.ts';
import type { EventSpec, ProviderSpec } from './types.ts';

export const HELLO_EVENTS = {
  3054: {
    level: 'information',
    fields: [],
    summary: 'Windows Hello for Business started checking its prerequisites.',
    phase: null,
    outcome: 'info',
    openings: ['Windows Hello for Business prerequisites check started'],
  },
  3055: {
    level: 'information',
    fields: [],
    summary: 'Windows Hello container provisioning started.',
    phase: null,
    outcome: 'info',
    openings: ['Windows Hello container provisioning started'],
  },
  3066: {
    level: 'information',
    fields: [],
    summary: 'Windows Hello sign-in certificate enrollment started (certificate trust).',
    phase: null,
    outcome: 'info',
    openings: ['Windows Hello sign-in certificate enrollment started'],
  },
  3225: {
    level: 'information',
    fields: [],
    summary: 'Windows Hello key creation started.',
    phase: null,
    outcome: 'info',
    openings: ['Windows Hello key creation started'],
  },
  3510: {
    level: 'information',
    fields: [],
    summary: 'Windows Hello key registration with the registration service started.',
    phase: null,
    outcome: 'info',
    openings: ['Windows Hello key registration started'],
  },
  7054: {
    level: 'error',
    fields: ['Error'],
    summary: 'The Windows Hello for Business prerequisites check failed, so provisioning did not start.',
    phase: null,
    outcome: 'failure',
    openings: [/^Windows Hello for Business prerequisites? check failed/i],
    facts: { code: 'Error' },
    finding: {
      id: 'event-whfb-prerequisites-check-failed',
      checks: ['I1'],
      title: 'The Windows Hello for Business prerequisites check failed (HelloForBusiness event 7054)',
      causes: [
        'The device is not joined or registered, or the signed-in user has no Primary Refresh Token.',
        'A hardware requirement of the policy is not met (no usable TPM when a hardware key is required).',
      ],
      steps: [
        'Look up the code in the event.',
        'Read User Device Registration event 358 or 360 of the same sign-in: its Yes/No lines name the prerequisite that is missing.',
      ],
    },
  },
} satisfies Record<number, EventSpec>;

export const HELLO: ProviderSpec = {
  key: 'hello',
  name: 'Microsoft-Windows-HelloForBusiness',
  label: 'HelloForBusiness',
  names: [/^(?:microsoft-windows-)?helloforbusiness(?:\/|$)/],
  registration: false,
  reference: REFS.whfbProvisioning,
  events: HELLO_EVENTS,
};
