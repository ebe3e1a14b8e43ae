/**
 * Microsoft-Windows-AAD (aadcloudap.dll): the CloudAP plug-in and the token broker, Operational
 * (errors, warnings) and Analytic (progress) channels: PRT acquisition, token requests, realm
 * discovery. Field names follow the manifest; openings are the message templates' first words;
 * summaries and findings are ours (F3).
 * @module
 */

import { REFS } from '../references.ts';
import type { EventSpec, ProviderSpec } from './types.ts';

export const AAD_EVENTS = {
  1006: {
    level: 'information',
    fields: [],
    summary: 'CloudAP started acquiring a Primary Refresh Token.',
    phase: null,
    outcome: 'info',
    openings: [/^AadCloudAPPlugin GetToken Start\b/i],
  },
  1007: {
    level: 'information',
    fields: ['Status'],
    labels: [['status', 'Status']],
    summary: 'CloudAP finished acquiring a Primary Refresh Token.',
    phase: null,
    facts: { code: 'Status' },
    outcome: 'info',
    openings: [/^AadCloudAPPlugin GetToken Stop\b/i],
    finding: {
      id: 'event-prt-failed',
      checks: ['F3'],
      title: 'Primary Refresh Token acquisition ended with an error (AAD event 1007)',
      causes: ['See the AAD Operational events logged just before it (1081, 1084, 1088, 1025).'],
      steps: ['Look up the status code and the errors logged in the same attempt.'],
      needsCode: true,
    },
  },
  1022: {
    level: 'information',
    fields: ['value'],
    labels: [['endpoint uri', 'value']],
    summary: 'CloudAP is calling an endpoint.',
    phase: null,
    facts: { endpoint: 'value' },
    outcome: 'info',
    openings: ['Endpoint Uri:'],
  },
  1025: {
    level: 'error',
    fields: ['value', 'Method', 'EndpointUri', 'CorrelationID'],
    labels: [
      ['http request status', 'value'],
      ['method', 'Method'],
      ['endpoint uri', 'EndpointUri'],
      ['correlation id', 'CorrelationID'],
    ],
    summary: 'An HTTP request from CloudAP failed with an HTTP status.',
    phase: null,
    facts: { http: 'value', endpoint: 'EndpointUri' },
    outcome: 'failure',
    openings: ['Http request status:'],
    finding: {
      id: 'event-prt-http-error',
      checks: ['F3'],
      title: 'A CloudAP HTTP request failed (AAD event 1025)',
      causes: ['The endpoint answered with an HTTP error status.'],
      steps: [
        'Read the endpoint and status in the event; a 400 from the token endpoint comes with an AAD event 1081.',
      ],
    },
  },
  1081: {
    level: 'error',
    fields: ['Error', 'ErrorDescription', 'CorrelationID'],
    labels: [
      ['oauth response error', 'Error'],
      ['error description', 'ErrorDescription'],
      ['correlationid', 'CorrelationID'],
    ],
    long: ['ErrorDescription'],
    summary: 'Entra ID answered the token request with an OAuth error.',
    phase: null,
    facts: { serverCode: 'Error', serverMessage: 'ErrorDescription' },
    outcome: 'failure',
    openings: ['OAuth response error:'],
    finding: {
      id: 'event-prt-server-error',
      checks: ['F3'],
      title: 'Entra ID refused the token request (AAD event 1081)',
      causes: [
        'The AADSTS code in the error description names the reason (credentials, MFA, device state, Conditional Access).',
      ],
      steps: ['Look up the AADSTS code and search the Entra sign-in logs for the correlation ID.'],
    },
  },
  1084: {
    level: 'error',
    fields: ['Result', 'Target'],
    labels: [
      ['status', 'Result'],
      ['correlation id', 'Target'],
    ],
    summary: 'CloudAP could not reach an endpoint (HTTP transport error).',
    phase: null,
    facts: { code: 'Result', network: true, endpoint: 'Target' },
    outcome: 'failure',
    openings: ['Http transport error'],
    finding: {
      id: 'event-prt-network-error',
      checks: ['F3'],
      title: 'CloudAP could not reach an endpoint (AAD event 1084)',
      causes: ['No network, a proxy the SYSTEM context cannot use, or a blocked endpoint.'],
      steps: ['Check connectivity to login.microsoftonline.com and the federation server as SYSTEM.'],
    },
  },
  1085: {
    level: 'error',
    fields: ['Status', 'CorrelationID'],
    labels: [
      ['status', 'Status'],
      ['correlation id', 'CorrelationID'],
    ],
    summary: 'CloudAP sign-in failed.',
    phase: null,
    facts: { code: 'Status' },
    outcome: 'failure',
    openings: [/^Logon failure\.\s*Status:/i],
    // 1160 to 1165 print the same words: a paste without its ID cannot tell them apart.
    sameWording: [1160],
    finding: { sameAs: 1104 },
  },
  1088: {
    level: 'error',
    fields: ['Error', 'ErrorDescription'],
    labels: [
      ['wstrust response error', 'Error'],
      ['error description', 'ErrorDescription'],
    ],
    long: ['ErrorDescription'],
    summary: 'The federation server answered the WS-Trust request with an error.',
    phase: null,
    facts: { serverCode: 'Error', serverMessage: 'ErrorDescription' },
    outcome: 'failure',
    openings: ['WSTrust response error:'],
    finding: {
      id: 'event-prt-wstrust-error',
      checks: ['F3'],
      title: 'The federation server refused the WS-Trust request (AAD event 1088)',
      causes: [
        'The federation server rejected the user or device authentication (claims rules, disabled endpoint, wrong password).',
      ],
      steps: [
        'Check the federation server logs for the same time; make sure the WS-Trust 1.3 endpoints are enabled.',
      ],
    },
  },
  1089: {
    level: 'error',
    fields: ['Status'],
    labels: [['device is not cloud domain joined', 'Status']],
    summary: 'CloudAP found the device not Entra joined.',
    phase: null,
    facts: { code: 'Status' },
    outcome: 'failure',
    openings: ['Device is not cloud domain joined'],
    finding: { sameAs: 1104 },
  },
  1097: {
    level: 'warning',
    fields: ['Error', 'ErrorMessage', 'AdditionalInformation'],
    long: ['ErrorMessage', 'AdditionalInformation'],
    summary: 'The token broker reported a warning.',
    phase: null,
    // 1097 and 1098 share one template. A code whose ADAL severity bits say "informational"
    // (0x4aa…: `0x4AA50081 An application specific account is loading in cloud joined session`)
    // is a warning the broker logs, not a failed token request: such a message is read as 1097.
    openings: [/^Error:\s*0x4aa[0-9a-f]{5}\b/i],
    facts: { tokenBroker: true },
    outcome: 'failure',
    finding: { sameAs: 1098 },
  },
  1098: {
    level: 'error',
    fields: ['Error', 'ErrorMessage', 'AdditionalInformation'],
    long: ['ErrorMessage', 'AdditionalInformation'],
    summary: 'The token broker failed to get a token.',
    phase: null,
    facts: { tokenBroker: true },
    outcome: 'failure',
    openings: [/^Error:\s*(?:0x[0-9a-f]{8}|-?\d{6,10})\b/i],
    finding: {
      id: 'event-token-broker-error',
      checks: ['F3'],
      title: 'The token broker failed to get a token (AAD event 1098)',
      causes: ['The ADAL code and the server description in the event name the reason.'],
      steps: ['Look up the error code; if the description carries an AADSTS code, follow it.'],
    },
  },
  1099: {
    level: 'information',
    fields: ['OperationCode', 'OperationMessage', 'AdditionalInformation'],
    labels: [['code', 'OperationCode']],
    long: ['OperationMessage', 'AdditionalInformation'],
    summary: 'The token broker logged a progress step (an informational code, not an error).',
    // AAD/Analytic 1102 and 1113 share the template; a bare `Code: 0x…` line is read as 1099.
    openings: [/^Code:\s*(?:0x[0-9a-f]{8}|-?\d{6,10})\b/i],
    phase: null,
    facts: { progressCode: 'OperationCode' },
    outcome: 'info',
    roles: ['sign-in-ui'],
  },
  1108: {
    level: 'error',
    fields: ['Error', 'ErrorMessage', 'AdditionalInformation'],
    long: ['ErrorMessage', 'AdditionalInformation'],
    summary: 'The token broker could not get a token this way (AAD/Analytic).',
    phase: null,
    facts: { tokenBroker: true },
    outcome: 'failure',
    finding: { sameAs: 1098 },
    roles: ['interactive-token-step'],
  },
  1104: {
    level: 'error',
    fields: ['API', 'Result'],
    labels: [
      ['~plugin call', 'API'],
      ['returned error', 'Result'],
    ],
    summary: 'A CloudAP plug-in call returned an error.',
    phase: null,
    facts: { code: 'Result' },
    outcome: 'failure',
    openings: ['AAD Cloud AP plugin call'],
    finding: {
      id: 'event-cloudap-error',
      checks: ['F3'],
      title: 'A CloudAP plug-in call failed (AAD event 1104)',
      causes: [],
      steps: ['Look up the returned error code.'],
    },
  },
  1105: {
    level: 'error',
    fields: ['API', 'Result'],
    labels: [
      ['~api call', 'API'],
      ['returned error', 'Result'],
    ],
    summary: 'A device registration API call returned an error.',
    phase: null,
    facts: { code: 'Result' },
    outcome: 'failure',
    openings: ['Device registration API call'],
    finding: { sameAs: 1104 },
  },
  1144: {
    level: 'information',
    fields: ['value1', 'value2', 'value3'],
    labels: [
      ['realm discovery for', 'value2'],
      ['authority', 'value3'],
      ['fallback domain hint', 'FallbackDomainHint'],
      ['useupn', 'value1'],
    ],
    summary: 'Realm discovery for the signing-in user.',
    phase: null,
    facts: { upn: ['value2', 1] },
    outcome: 'info',
    openings: ['Realm discovery for:'],
  },
  1160: {
    level: 'error',
    fields: ['Status', 'CorrelationID'],
    labels: [
      ['status', 'Status'],
      ['correlation id', 'CorrelationID'],
    ],
    summary: 'CloudAP sign-in failed (a logon failure variant of event 1085).',
    phase: null,
    facts: { code: 'Status' },
    outcome: 'failure',
    finding: { sameAs: 1104 },
  },
} satisfies Record<number, EventSpec>;

export const AAD: ProviderSpec = {
  key: 'aad',
  name: 'Microsoft-Windows-AAD',
  label: 'AAD',
  // Event Viewer's Source column drops the `Microsoft-Windows-` prefix.
  names: [/^(?:microsoft-windows-)?aad(?:\/|$)/],
  registration: false,
  reference: REFS.dsregcmd,
  events: AAD_EVENTS,
};
