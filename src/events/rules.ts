/**
 * Which finding each failure event becomes: id, checklist IDs, title, likely causes and steps.
 * The wording is ours, from the troubleshooting guidance the checklist indexes (K1, L1–L4, F3).
 * @module
 */
import type { EventSource } from './knowledge.ts';

export interface EventRule {
  id: string;
  checks: string[];
  title: string;
  causes: string[];
  steps: string[];
}

const JOIN_STEPS = [
  'Look up the exit code and the server error below; they name the failing part.',
  'Run `dsregcmd /status` on the device (Windows 10 1803 or later shows the same failure under Previous Registration).',
];

const RULES: Record<string, EventRule> = {
  'udr:304': {
    id: 'event-join-failed',
    checks: ['K1'],
    title: 'Hybrid join failed (User Device Registration event 304)',
    causes: [
      'The registration service rejected the device (device object deleted or disabled, or the computer account not synced to Entra ID).',
      'The device could not reach the registration service in the SYSTEM context (proxy, firewall).',
    ],
    steps: JOIN_STEPS,
  },
  'udr:305': {
    id: 'event-auth-failed',
    checks: ['K1'],
    title: 'Hybrid join failed at authentication (User Device Registration event 305)',
    causes: [
      'The federation service did not issue a token for the registration service (WS-Trust endpoints disabled, MEX not answering with XML, protocol not WS-Trust).',
      'The federation service or login.microsoftonline.com was not reachable in the SYSTEM context (timeout, proxy).',
    ],
    steps: [
      'Check the ADAL code and server error message of the event against the federation configuration.',
      'Make sure the WS-Trust endpoints are enabled and reachable from the device as SYSTEM.',
    ],
  },
  'udr:307': {
    id: 'event-scp-lookup-failed',
    checks: ['K1'],
    title:
      'The registration service could not be read from Active Directory (User Device Registration event 307)',
    causes: [
      'No service connection point (SCP) is configured in the forest, or the device could not read it.',
      'No domain controller was reachable when the task ran (off network, VPN not connected).',
      'The device is not meant to be hybrid joined: then this event is expected and harmless.',
    ],
    steps: [
      'Check the SCP in the configuration partition (or the client-side registry SCP) names the right tenant.',
      'Make sure the device has line of sight to a domain controller when the join task runs.',
    ],
  },
  'udr:201': {
    id: 'event-discover-failed',
    checks: ['K1'],
    title: 'Discovery of the registration service failed (User Device Registration event 201)',
    causes: [
      'The device could not reach enterpriseregistration.windows.net in the SYSTEM context (proxy, firewall, TLS inspection).',
      'The SCP names a tenant or domain that does not exist or is not verified.',
    ],
    steps: [
      'Test the discovery endpoint as SYSTEM, through the machine proxy if there is one.',
      ...JOIN_STEPS,
    ],
  },
  'udr:204': {
    id: 'event-join-response-failed',
    checks: ['K1'],
    title: 'The registration service rejected the join request (User Device Registration event 204)',
    causes: [
      'The registration service answered with an error: see the HTTP status and the server response.',
      'The computer object was not synced, or its device object was deleted or disabled in Entra ID.',
    ],
    steps: JOIN_STEPS,
  },
  'udr:202': {
    id: 'event-join-init-failed',
    checks: ['K1'],
    title: 'The device could not prepare the join request (User Device Registration event 202)',
    causes: [
      'Creating the device key or the request failed on the device, before anything was sent: most often the TPM (for example a TPM 1.2 in FIPS mode, 0x80280036, or a TPM Windows does not own).',
    ],
    steps: [
      'Look up the exit code; in the User Device Registration Debug log, event 502 at the same time names the failing call and its code.',
      'Check the TPM in tpm.msc (version, ownership, FIPS mode); Windows 10 1809 and later complete the join with a software key when the TPM fails.',
    ],
  },
  'udr:203': {
    id: 'event-join-send-failed',
    checks: ['K1'],
    title: 'The device could not send the join request (User Device Registration event 203)',
    causes: [
      'The registration service could not be reached in the SYSTEM context (proxy, firewall, TLS inspection).',
    ],
    steps: JOIN_STEPS,
  },
  'udr:334': {
    id: 'event-no-domain-controller',
    checks: ['K1'],
    title:
      'No domain controller could be reached, so the join did not start (User Device Registration event 334)',
    causes: [
      'The device is off the internal network or the VPN does not give line of sight to a domain controller.',
    ],
    steps: [
      'Connect the device to the internal network or VPN, then sign in again or run the Automatic-Device-Join task.',
    ],
  },
  'udr:344': {
    id: 'event-device-key-failed',
    checks: ['K1'],
    title: 'The device key could not be used (User Device Registration event 344)',
    causes: ['The TPM is locked out after too many failed attempts, or in an unknown state.'],
    steps: ['Check the TPM state (tpm.msc); clear a lockout, then let the device re-register.'],
  },
  'udr:345': {
    id: 'event-device-key-missing',
    checks: ['K1'],
    title: 'The device key is missing (User Device Registration event 345)',
    causes: ['The device key was removed (TPM cleared or reset) while the registration remained.'],
    steps: [
      'Re-register the device: leave (`dsregcmd /leave`), restart, and let the join task register it again.',
    ],
  },
  'udr:360': {
    id: 'event-whfb-prerequisite-missing',
    checks: ['K1'],
    title: 'Windows Hello for Business provisioning will not start (User Device Registration event 360)',
    causes: [
      'One of the prerequisites listed in the event is "No": the device is not joined, the user has no PRT, or the policy is off.',
    ],
    steps: ['Read the prerequisite lines of the event; fix the first one that is "No".'],
  },
  'udr:301': {
    id: 'event-whfb-key-registration-failed',
    checks: ['K1'],
    title: 'Windows Hello for Business key registration failed (User Device Registration event 301)',
    causes: ['The registration service refused the key; see its error code and message.'],
    steps: ['Check the server error message and the recommended client response in the event.'],
  },
  'udr:231': {
    id: 'event-tls-failure',
    checks: ['K1'],
    title: 'The server certificate could not be validated (User Device Registration event 231)',
    causes: ['A TLS-inspecting proxy replaces the certificate, or the device clock is wrong.'],
    steps: ['Exclude the registration endpoints from TLS inspection and check the device time.'],
  },
  'udr:502': {
    id: 'event-registration-error',
    checks: ['K1'],
    title: 'Device registration logged an error message (User Device Registration event 502)',
    causes: [],
    steps: ['Read the message text of the event.'],
  },
  'aad:1081': {
    id: 'event-prt-server-error',
    checks: ['F3'],
    title: 'Entra ID refused the token request (AAD event 1081)',
    causes: [
      'The AADSTS code in the error description names the reason (credentials, MFA, device state, Conditional Access).',
    ],
    steps: ['Look up the AADSTS code and search the Entra sign-in logs for the correlation ID.'],
  },
  'aad:1088': {
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
  'aad:1084': {
    id: 'event-prt-network-error',
    checks: ['F3'],
    title: 'CloudAP could not reach an endpoint (AAD event 1084)',
    causes: ['No network, a proxy the SYSTEM context cannot use, or a blocked endpoint.'],
    steps: ['Check connectivity to login.microsoftonline.com and the federation server as SYSTEM.'],
  },
  'aad:1025': {
    id: 'event-prt-http-error',
    checks: ['F3'],
    title: 'A CloudAP HTTP request failed (AAD event 1025)',
    causes: ['The endpoint answered with an HTTP error status.'],
    steps: [
      'Read the endpoint and status in the event; a 400 from the token endpoint comes with an AAD event 1081.',
    ],
  },
  'aad:1098': {
    id: 'event-token-broker-error',
    checks: ['F3'],
    title: 'The token broker failed to get a token (AAD event 1098)',
    causes: ['The ADAL code and the server description in the event name the reason.'],
    steps: ['Look up the error code; if the description carries an AADSTS code, follow it.'],
  },
  'aad:1104': {
    id: 'event-cloudap-error',
    checks: ['F3'],
    title: 'A CloudAP plug-in call failed (AAD event 1104)',
    causes: [],
    steps: ['Look up the returned error code.'],
  },
  'aad:1007': {
    id: 'event-prt-failed',
    checks: ['F3'],
    title: 'Primary Refresh Token acquisition ended with an error (AAD event 1007)',
    causes: ['See the AAD Operational events logged just before it (1081, 1084, 1088, 1025).'],
    steps: ['Look up the status code and the errors logged in the same attempt.'],
  },
  'wpj:102': {
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
  'wpj:103': {
    id: 'event-wpj-discover-failed',
    checks: ['L1', 'L2', 'L3'],
    title:
      'The registration service answered Workplace Join discovery with an HTTP error (Workplace Join event 103)',
    causes: ['AD FS or Entra ID is misconfigured.', 'The service is not responding.'],
    steps: ['Run `autoworkplace.exe /i` on the device for the status.'],
  },
  'wpj:200': {
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
  'wpj:400': {
    id: 'event-wpj-autoworkplace-failed',
    checks: ['L1', 'L2'],
    title: 'Automatic Workplace Join failed (Workplace Join event 400)',
    causes: ['See the error text of the event.'],
    steps: ['Run `autoworkplace.exe /i` for the status.'],
  },
  'wpj:300': {
    id: 'event-wpj-leave-failed',
    checks: ['L1'],
    title: 'Leaving Workplace Join failed (Workplace Join event 300)',
    causes: [],
    steps: ['Look up the exit code.'],
  },
};

// Events that share a rule with a sibling.
const ALIASES: Record<string, string> = {
  'udr:200': 'udr:201',
  'udr:309': 'udr:201',
  'udr:205': 'udr:204',
  'udr:206': 'udr:204',
  'udr:361': 'udr:360',
  'udr:362': 'udr:360',
  'udr:504': 'udr:502',
  'aad:1097': 'aad:1098',
  'aad:1108': 'aad:1098',
  'aad:1105': 'aad:1104',
  'aad:1085': 'aad:1104',
  'aad:1089': 'aad:1104',
};

export function ruleFor(source: EventSource, id: number): EventRule | null {
  const key = `${source}:${id}`;
  const rule = RULES[ALIASES[key] ?? key];
  if (!rule) return null;
  return ALIASES[key] ? { ...rule, title: rule.title.replace(/event \d+\)$/, `event ${id})`) } : rule;
}
