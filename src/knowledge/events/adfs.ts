/**
 * AD FS/Admin on the federation server: the server side of federated join and of PRT requests
 * for federated users (WS-Trust, endpoints, token validation). MSIS numbers in the messages are
 * read by the error catalog. Openings are the templates' first words; summaries and findings are
 * ours (G7, J4).
 * @module
 */

import { REFS } from '../references.ts';
import type { EventSpec, ProviderSpec } from './types.ts';

const FEDERATION_STEPS = [
  'Look up the MSIS code in the event, if there is one.',
  'Make sure the WS-Trust 1.3 endpoints (windowstransport, usernamemixed, certificatemixed) are enabled and published through the proxy.',
];

export const ADFS_EVENTS = {
  102: {
    level: 'error',
    fields: [],
    summary: 'The Federation Service could not enable its endpoints.',
    phase: null,
    outcome: 'failure',
    openings: ['There was an error in enabling endpoints of Federation Service'],
    finding: {
      id: 'event-adfs-endpoints-failed',
      checks: ['J4'],
      title: 'AD FS could not enable its endpoints (AD FS event 102)',
      causes: [
        'The service communication (SSL) certificate is missing, expired or not bound, or the service account cannot read its private key.',
      ],
      steps: [
        'Check the AD FS certificates (Get-AdfsCertificate) and the SSL binding (netsh http show sslcert).',
        ...FEDERATION_STEPS,
      ],
    },
  },
  111: {
    level: 'error',
    fields: [],
    summary:
      'The Federation Service failed while processing a WS-Trust request (federated join and PRT use it).',
    phase: null,
    outcome: 'failure',
    openings: ['The Federation Service encountered an error while processing the WS-Trust request'],
    finding: {
      id: 'event-adfs-wstrust-failed',
      checks: ['G7', 'J4'],
      title: 'AD FS failed a WS-Trust request (AD FS event 111)',
      causes: [
        'The claim rules of the Entra ID relying party trust do not issue the device claims, or a rule fails.',
        'The request reached a disabled or unpublished endpoint.',
      ],
      steps: FEDERATION_STEPS,
    },
  },
  342: {
    level: 'error',
    fields: [],
    summary: 'AD FS could not validate the token or credentials it was given.',
    phase: null,
    outcome: 'failure',
    openings: ['Token validation failed'],
    finding: { sameAs: 364 },
  },
  364: {
    level: 'error',
    fields: [],
    summary: 'AD FS failed a sign-in request.',
    phase: null,
    outcome: 'failure',
    openings: ['Encountered error during federation passive request'],
    finding: {
      id: 'event-adfs-request-failed',
      checks: ['J4'],
      title: 'AD FS failed a sign-in request (AD FS event 364)',
      causes: ['The MSIS code and the exception text in the event name the reason.'],
      steps: FEDERATION_STEPS,
    },
  },
} satisfies Record<number, EventSpec>;

export const ADFS: ProviderSpec = {
  key: 'adfs',
  name: 'AD FS',
  label: 'AD FS',
  names: [/^ad fs(?:\/|$)/, /^adfs(?:\/|$)/, /^ad fs auditing$/],
  registration: false,
  reference: REFS.adfsLogging,
  events: ADFS_EVENTS,
};
