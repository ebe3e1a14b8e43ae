/**
 * What the device-registration event logs mean: channels, and for each event ID its level, its
 * data fields in template order, the labels its rendered message uses, and the phase it speaks
 * for. Field names and levels follow the providers' manifests; the summaries are ours.
 * @module
 */
import type { Phase } from '../model/diagnosis.ts';
import type { EventLevel, EventRecord } from '../model/events.ts';

export type EventSource = 'udr' | 'aad' | 'wpj';

export interface ChannelInfo {
  /** The channel as Windows names it. */
  name: string;
  /** The provider that writes it, when it is one of ours. */
  source: EventSource | null;
  /** What an admin looks for in it, one sentence. */
  about: string;
}

const UDR = 'Microsoft-Windows-User Device Registration';
const AAD = 'Microsoft-Windows-AAD';
const WPJ = 'Microsoft-Windows-Workplace Join';

export const PROVIDERS: Record<EventSource, string> = { udr: UDR, aad: AAD, wpj: WPJ };

export const CHANNELS: readonly ChannelInfo[] = [
  {
    name: `${UDR}/Admin`,
    source: 'udr',
    about: 'hybrid join and registration attempts, their phase and error',
  },
  { name: `${UDR}/Debug`, source: 'udr', about: 'step-by-step registration trace (must be enabled first)' },
  {
    name: `${AAD}/Operational`,
    source: 'aad',
    about: 'CloudAP and token broker errors: PRT and token failures',
  },
  {
    name: `${AAD}/Analytic`,
    source: 'aad',
    about: 'CloudAP progress: PRT requests, endpoints and realm discovery',
  },
  { name: `${WPJ}/Admin`, source: 'wpj', about: 'Workplace Join on down-level and Windows 8.1 clients' },
  { name: `${WPJ}/Debug`, source: 'wpj', about: 'Workplace Join trace on down-level clients' },
  {
    name: 'Microsoft-Workplace Join/Admin',
    source: 'wpj',
    about: 'Workplace Join on Windows 7 and Server 2008 R2',
  },
  {
    name: 'Microsoft-Workplace Join/Debug',
    source: 'wpj',
    about: 'Workplace Join trace on Windows 7 and Server 2008 R2',
  },
  { name: 'Microsoft-Windows-AADRT/Admin', source: null, about: 'ADAL runtime used by the token broker' },
  {
    name: 'Microsoft-Windows-HelloForBusiness/Operational',
    source: null,
    about: 'Windows Hello for Business provisioning',
  },
  {
    name: 'Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin',
    source: null,
    about: 'MDM enrollment and policy (Intune)',
  },
  {
    name: 'Microsoft-Windows-Kerberos/Operational',
    source: null,
    about: 'Kerberos tickets, including cloud Kerberos',
  },
  {
    name: 'Microsoft-Windows-CAPI2/Operational',
    source: null,
    about: 'certificate chain building and revocation checks',
  },
  { name: 'Microsoft-Windows-Shell-Core/Operational', source: null, about: 'sign-in shell activity' },
  { name: 'Microsoft-Windows-CertPoleEng/Operational', source: null, about: 'certificate enrollment policy' },
  { name: 'Microsoft-Windows-WebAuthN/Operational', source: null, about: 'FIDO2 and WebAuthn sign-in' },
  { name: 'Microsoft-Windows-Crypto-DPAPI/Operational', source: null, about: 'DPAPI key protection' },
  { name: 'System', source: null, about: 'system log: TPM, time service and boot events' },
];

const CHANNEL_BY_KEY = new Map(CHANNELS.map((c) => [channelKey(c.name), c]));

function channelKey(name: string): string {
  // Event file names write the slash as `%4`; Windows 7 spells the log `Microsoft-WorkPlace Join`.
  return name.trim().toLowerCase().replace(/%4/g, '/').replace(/\s+/g, ' ');
}

/** The channel a name refers to, however it was spelled; null when it is not one we know. */
export function channelInfo(name: string | null | undefined): ChannelInfo | null {
  if (!name) return null;
  return CHANNEL_BY_KEY.get(channelKey(name)) ?? null;
}

/** Which of our providers wrote a record, from its provider or channel name. */
export function sourceOf(record: Pick<EventRecord, 'provider' | 'channel'>): EventSource | null {
  const names = [record.provider, record.channel].filter((n): n is string => !!n).map((n) => n.toLowerCase());
  for (const n of names) {
    if (n.includes('user device registration')) return 'udr';
    // Event Viewer's Source column drops the `Microsoft-Windows-` prefix.
    if (/^(microsoft-windows-)?aad(\/|$)/.test(n)) return 'aad';
    if (n.includes('workplace join')) return 'wpj';
  }
  return null;
}

export type Outcome = 'failure' | 'success' | 'info';

export interface EventDefinition {
  source: EventSource;
  id: number;
  level: EventLevel;
  /** Data fields in template order: positional values (JSON `Properties`) map through this. */
  fields: readonly string[];
  /** What the event says, in our words. */
  summary: string;
  /** The registration phase a failure event speaks for. */
  phase: Phase | null;
  outcome: Outcome;
  /**
   * `[label in the rendered message, field]`, in message order. A label is followed by a colon,
   * unless it starts with `~` (`AAD Cloud AP plugin call X returned error: Y`).
   */
  labels: readonly (readonly [string, string])[];
  /** Fields whose rendered value spans sentences or lines (server text, debug output). */
  long?: readonly string[];
}

type Def = Omit<EventDefinition, 'source' | 'labels'> & { labels?: EventDefinition['labels'] };

const EXIT: readonly [string, string] = ['exit code', 'ExitCode'];

const WHFB_LABELS: readonly (readonly [string, string])[] = [
  ['device is aad joined ( aadj or dj++ )', 'DeviceIsJoined'],
  ['user has logged on with aad credentials', 'AADPrt'],
  ['windows hello for business policy is enabled', 'NgcPolicyEnabled'],
  ['windows hello for business post-logon provisioning is enabled', 'NgcPostLogonProvisioningEnabled'],
  ['local computer meets windows hello for business hardware requirements', 'NgcHardwarePolicyMet'],
  ['user is not connected to the machine via remote desktop', 'UserIsRemote'],
  ['user certificate for on premise auth policy is enabled', 'LogonCertRequired'],
  ['mdm certificate enrollment is ready', 'MDMCertEnrollmentReady'],
  ['enterprise user logon certificate enrollment endpoint is ready', 'ADFSRaReady'],
  ['enterprise user logon certificate template is', 'RATemplateReady'],
  ['user has successfully authenticated to the enterprise sts', 'ADFSPrtPresent'],
  ['machine is governed by', 'MachinePolicySource'],
];

const UDR_EVENTS: Def[] = [
  {
    id: 101,
    level: 'information',
    fields: ['ServerMessage'],
    summary: 'Discovery succeeded; the server answered.',
    phase: null,
    outcome: 'info',
    labels: [['server response was', 'ServerMessage']],
    long: ['ServerMessage'],
  },
  {
    id: 200,
    level: 'error',
    fields: ['ExitCode', 'Domain'],
    summary: 'The discovery request could not be sent.',
    phase: 'discover',
    outcome: 'failure',
    labels: [EXIT, ['domain', 'Domain']],
  },
  {
    id: 201,
    level: 'error',
    fields: ['ExitCode', 'HttpStatus', 'ServerMessage'],
    summary: 'Discovery of the registration service failed.',
    phase: 'discover',
    outcome: 'failure',
    labels: [EXIT, ['http status', 'HttpStatus'], ['server response was', 'ServerMessage']],
    long: ['ServerMessage'],
  },
  {
    id: 202,
    level: 'error',
    fields: ['ExitCode', 'JoinRequestType', 'JoinRequestTypeSymbolicName', 'Domain'],
    // "The initialization of the join request failed": on the device, before anything is sent.
    summary:
      'The device could not prepare (initialize) the join request, so nothing was sent to the registration service.',
    phase: 'join',
    outcome: 'failure',
    labels: [EXIT, ['joinrequest', 'JoinRequestType'], ['domain', 'Domain']],
  },
  {
    id: 203,
    level: 'error',
    fields: ['ExitCode', 'ActivityId'],
    summary: 'The device could not send the join request to the registration service.',
    phase: 'join',
    outcome: 'failure',
    labels: [EXIT],
  },
  {
    id: 204,
    level: 'error',
    fields: ['ExitCode', 'ActivityId', 'HttpStatus', 'ServerResponse'],
    summary: 'The registration service rejected the join request.',
    phase: 'join',
    outcome: 'failure',
    labels: [
      EXIT,
      ['activity id', 'ActivityId'],
      ['http status', 'HttpStatus'],
      ['server response was', 'ServerResponse'],
    ],
    long: ['ServerResponse'],
  },
  {
    id: 205,
    level: 'error',
    fields: ['ExitCode'],
    summary: 'The join response could not be completed on the device.',
    phase: 'join',
    outcome: 'failure',
    labels: [EXIT],
  },
  {
    id: 206,
    level: 'error',
    fields: ['ExitCode'],
    summary: 'Post-join tasks for the Entra authentication package failed.',
    phase: 'join',
    outcome: 'failure',
    labels: [EXIT],
  },
  {
    id: 220,
    level: 'information',
    fields: ['Format', 'ErrorCode'],
    summary: 'Windows could not read the computer name in a required format.',
    phase: null,
    outcome: 'info',
    labels: [
      ['~specified format', 'Format'],
      ['error', 'ErrorCode'],
    ],
  },
  {
    id: 221,
    level: 'information',
    fields: ['Server', 'Port', 'AuthMethod', 'ErrorCode'],
    summary: 'The device could not connect to a domain controller over LDAP.',
    phase: null,
    outcome: 'info',
    labels: [['error', 'ErrorCode']],
  },
  {
    id: 231,
    level: 'error',
    fields: ['ErrorCode', 'WinHttpStatus', 'WinHttpStatusFlag'],
    summary: 'The server certificate could not be validated (TLS).',
    phase: null,
    outcome: 'failure',
    labels: [
      ['error code', 'ErrorCode'],
      ['winhttp status', 'WinHttpStatus'],
    ],
  },
  {
    id: 300,
    level: 'information',
    fields: ['KeyId', 'UPN', 'Attestation', 'ClientRequestId', 'ServerRequestId', 'ServerResponse'],
    summary: 'The Windows Hello for Business key was registered.',
    phase: null,
    outcome: 'success',
    labels: [
      ['key id', 'KeyId'],
      ['upn', 'UPN'],
    ],
  },
  {
    id: 301,
    level: 'error',
    fields: [
      'ExitCode',
      'ClientRequestId',
      'ServerRequestId',
      'ErrorCode',
      'ServerErrorMessage',
      'RecommendedClientResponse',
      'ServerResponse',
    ],
    summary: 'Windows Hello for Business key registration failed.',
    phase: null,
    outcome: 'failure',
    labels: [
      EXIT,
      ['client request id', 'ClientRequestId'],
      ['server request id', 'ServerRequestId'],
      ['error code', 'ErrorCode'],
      ['server error message', 'ServerErrorMessage'],
      ['recommended client response', 'RecommendedClientResponse'],
      ['server response', 'ServerResponse'],
    ],
    long: ['ServerErrorMessage', 'ServerResponse'],
  },
  {
    id: 304,
    level: 'error',
    fields: ['ExitCode', 'ServerErrorMessage', 'TenantType', 'JoinType', 'DebugOutput'],
    summary: 'Automatic registration failed at the join phase.',
    phase: 'join',
    outcome: 'failure',
    labels: [
      EXIT,
      ['server error', 'ServerErrorMessage'],
      ['tenant type', 'TenantType'],
      ['registration type', 'JoinType'],
      ['debug output', 'DebugOutput'],
    ],
    long: ['ServerErrorMessage', 'DebugOutput'],
  },
  {
    id: 305,
    level: 'error',
    fields: ['ExitCode', 'ServerErrorMessage', 'TenantType', 'TenantName'],
    summary:
      'Automatic registration failed at the authentication phase: no access token for the registration service.',
    phase: 'auth',
    outcome: 'failure',
    labels: [
      EXIT,
      ['tenant name', 'TenantName'],
      ['tenant type', 'TenantType'],
      ['server error', 'ServerErrorMessage'],
    ],
    long: ['ServerErrorMessage'],
  },
  {
    id: 306,
    level: 'information',
    fields: [],
    summary: 'Automatic registration succeeded.',
    phase: null,
    outcome: 'success',
  },
  {
    id: 307,
    level: 'error',
    fields: ['ExitCode'],
    summary: 'Automatic registration could not read the registration service (SCP) from Active Directory.',
    phase: 'discover',
    outcome: 'failure',
    labels: [EXIT],
  },
  {
    id: 309,
    level: 'error',
    fields: ['ExitCode'],
    summary: 'The Entra registration service could not be discovered.',
    phase: 'discover',
    outcome: 'failure',
    labels: [EXIT],
  },
  // 323, 367, 368 and 325 trace the Web Account Manager token request that Windows Hello for
  // Business provisioning makes for the registration service (urn:ms-drs:…); informational.
  {
    id: 323,
    level: 'information',
    fields: ['AccountProvider', 'Scope', 'Client', 'Authority', 'Resource', 'CorrelationId'],
    summary: 'Preparing a token request to the Web Account Manager (token broker).',
    phase: null,
    outcome: 'info',
    labels: [
      ['account provider id', 'AccountProvider'],
      ['scope', 'Scope'],
      ['client id', 'Client'],
      ['authority', 'Authority'],
      ['resource', 'Resource'],
      ['correlationid', 'CorrelationId'],
    ],
  },
  {
    id: 325,
    level: 'information',
    fields: ['CorrelationId'],
    summary: 'The token broker returned a token for the signed-in user.',
    phase: null,
    outcome: 'success',
    labels: [['correlationid', 'CorrelationId']],
  },
  {
    id: 330,
    level: 'error',
    fields: ['AzureADTenantName', 'EnterpriseDrsName'],
    summary: 'Both Entra and on-premises registration services are configured; only one may be.',
    phase: 'discover',
    outcome: 'failure',
  },
  {
    id: 331,
    level: 'information',
    fields: ['DebugOutput'],
    summary: 'Pre-check tasks completed.',
    phase: null,
    outcome: 'info',
    labels: [['debug output', 'DebugOutput']],
    long: ['DebugOutput'],
  },
  {
    id: 333,
    level: 'warning',
    fields: [],
    summary: 'Registration must run as SYSTEM.',
    phase: 'pre-check',
    outcome: 'failure',
  },
  {
    id: 334,
    level: 'warning',
    fields: [],
    summary: 'No domain controller could be reached, so the device cannot join.',
    phase: 'pre-check',
    outcome: 'failure',
  },
  {
    id: 335,
    level: 'information',
    fields: [],
    summary: 'Pre-check: the device is already joined.',
    phase: null,
    outcome: 'info',
  },
  {
    id: 344,
    level: 'error',
    fields: ['ExitCode'],
    summary: 'The device key could not be used: the TPM may be locked out or in an unknown state.',
    phase: null,
    outcome: 'failure',
    labels: [EXIT, ['error', 'ExitCode']],
  },
  {
    id: 345,
    level: 'error',
    fields: ['ExitCode'],
    summary: 'The device key is missing: it has likely been removed.',
    phase: null,
    outcome: 'failure',
    labels: [EXIT, ['error', 'ExitCode']],
  },
  {
    id: 358,
    level: 'information',
    fields: [
      'Message',
      'DeviceIsJoined',
      'AADPrt',
      'NgcPolicyEnabled',
      'NgcPostLogonProvisioningEnabled',
      'NgcHardwarePolicyMet',
      'UserIsRemote',
      'LogonCertRequired',
      'MachinePolicySource',
    ],
    summary: 'Windows Hello for Business prerequisites met: provisioning will start.',
    phase: null,
    outcome: 'info',
    labels: WHFB_LABELS,
  },
  {
    id: 360,
    level: 'warning',
    fields: [
      'Message',
      'DeviceIsJoined',
      'AADPrt',
      'NgcPolicyEnabled',
      'NgcPostLogonProvisioningEnabled',
      'NgcHardwarePolicyMet',
      'UserIsRemote',
      'LogonCertRequired',
      'MachinePolicySource',
    ],
    summary: 'Windows Hello for Business provisioning will not start: a prerequisite is missing.',
    phase: null,
    outcome: 'failure',
    labels: WHFB_LABELS,
  },
  {
    id: 361,
    level: 'warning',
    fields: [
      'Message',
      'DeviceIsJoined',
      'AADPrt',
      'NgcPolicyEnabled',
      'NgcPostLogonProvisioningEnabled',
      'NgcHardwarePolicyMet',
      'UserIsRemote',
      'LogonCertRequired',
      'MDMCertEnrollmentReady',
      'MachinePolicySource',
    ],
    summary:
      'Windows Hello for Business provisioning will not start: a prerequisite (MDM certificate enrollment) is missing.',
    phase: null,
    outcome: 'failure',
    labels: WHFB_LABELS,
  },
  {
    id: 362,
    level: 'warning',
    fields: [
      'Message',
      'DeviceIsJoined',
      'AADPrt',
      'NgcPolicyEnabled',
      'NgcPostLogonProvisioningEnabled',
      'NgcHardwarePolicyMet',
      'UserIsRemote',
      'LogonCertRequired',
      'ADFSRaReady',
      'RATemplateReady',
      'ADFSPrtPresent',
      'MachinePolicySource',
    ],
    summary:
      'Windows Hello for Business provisioning will not start: a certificate-trust prerequisite (AD FS registration authority) is missing.',
    phase: null,
    outcome: 'failure',
    labels: WHFB_LABELS,
  },
  {
    id: 367,
    level: 'information',
    fields: ['Properties'],
    summary:
      'Properties added to the Web Account Manager token request (such as amr_values, resource, authority).',
    phase: null,
    outcome: 'info',
    labels: [['properties', 'Properties']],
    long: ['Properties'],
  },
  {
    id: 368,
    level: 'information',
    fields: ['Properties'],
    // The message spells it "recieved".
    summary: 'Token properties received from the Web Account Manager (UPN, tenant, amr claims).',
    phase: null,
    outcome: 'info',
    labels: [['properties', 'Properties']],
    long: ['Properties'],
  },
  {
    id: 370,
    level: 'error',
    fields: ['ExitCode', 'ServerErrorMessage', 'TenantType', 'JoinType', 'DebugOutput'],
    summary: 'The automatic task failed to unregister the device.',
    phase: null,
    outcome: 'failure',
    labels: [
      EXIT,
      ['server error', 'ServerErrorMessage'],
      ['tenant type', 'TenantType'],
      ['registration type', 'JoinType'],
      ['debug output', 'DebugOutput'],
    ],
    long: ['ServerErrorMessage', 'DebugOutput'],
  },
  {
    id: 371,
    level: 'information',
    fields: [],
    summary: 'The automatic task unregistered the device.',
    phase: null,
    outcome: 'info',
  },
  {
    id: 500,
    level: 'information',
    fields: ['Message'],
    summary: 'Registration message.',
    phase: null,
    outcome: 'info',
  },
  {
    id: 501,
    level: 'warning',
    fields: ['Message'],
    summary: 'Registration warning.',
    phase: null,
    outcome: 'info',
  },
  {
    id: 502,
    level: 'error',
    fields: ['Message'],
    summary: 'Registration error message.',
    phase: null,
    outcome: 'failure',
  },
  {
    id: 503,
    level: 'verbose',
    fields: ['Message'],
    summary: 'Registration trace message.',
    phase: null,
    outcome: 'info',
  },
  {
    id: 504,
    level: 'critical',
    fields: ['Message'],
    summary: 'Critical registration message.',
    phase: null,
    outcome: 'failure',
  },
  {
    id: 4096,
    level: 'information',
    fields: [],
    summary: 'The automatic device registration task will be triggered.',
    phase: null,
    outcome: 'info',
  },
];

const AAD_EVENTS: Def[] = [
  {
    id: 1006,
    level: 'information',
    fields: [],
    summary: 'CloudAP started acquiring a Primary Refresh Token.',
    phase: null,
    outcome: 'info',
  },
  {
    id: 1007,
    level: 'information',
    fields: ['Status'],
    summary: 'CloudAP finished acquiring a Primary Refresh Token.',
    phase: null,
    outcome: 'info',
    labels: [['status', 'Status']],
  },
  {
    id: 1022,
    level: 'information',
    fields: ['value'],
    summary: 'CloudAP is calling an endpoint.',
    phase: null,
    outcome: 'info',
    labels: [['endpoint uri', 'value']],
  },
  {
    id: 1025,
    level: 'error',
    fields: ['value', 'Method', 'EndpointUri', 'CorrelationID'],
    summary: 'An HTTP request from CloudAP failed with an HTTP status.',
    phase: null,
    outcome: 'failure',
    labels: [
      ['http request status', 'value'],
      ['method', 'Method'],
      ['endpoint uri', 'EndpointUri'],
      ['correlation id', 'CorrelationID'],
    ],
  },
  {
    id: 1081,
    level: 'error',
    fields: ['Error', 'ErrorDescription', 'CorrelationID'],
    summary: 'Entra ID answered the token request with an OAuth error.',
    phase: null,
    outcome: 'failure',
    labels: [
      ['oauth response error', 'Error'],
      ['error description', 'ErrorDescription'],
      ['correlationid', 'CorrelationID'],
    ],
    long: ['ErrorDescription'],
  },
  {
    id: 1084,
    level: 'error',
    fields: ['Result', 'Target'],
    summary: 'CloudAP could not reach an endpoint (HTTP transport error).',
    phase: null,
    outcome: 'failure',
    labels: [
      ['status', 'Result'],
      ['correlation id', 'Target'],
    ],
  },
  {
    id: 1085,
    level: 'error',
    fields: ['Status', 'CorrelationID'],
    summary: 'CloudAP sign-in failed.',
    phase: null,
    outcome: 'failure',
    labels: [
      ['status', 'Status'],
      ['correlation id', 'CorrelationID'],
    ],
  },
  {
    id: 1088,
    level: 'error',
    fields: ['Error', 'ErrorDescription'],
    summary: 'The federation server answered the WS-Trust request with an error.',
    phase: null,
    outcome: 'failure',
    labels: [
      ['wstrust response error', 'Error'],
      ['error description', 'ErrorDescription'],
    ],
    long: ['ErrorDescription'],
  },
  {
    id: 1089,
    level: 'error',
    fields: ['Status'],
    summary: 'CloudAP found the device not Entra joined.',
    phase: null,
    outcome: 'failure',
    labels: [['device is not cloud domain joined', 'Status']],
  },
  {
    id: 1097,
    level: 'warning',
    fields: ['Error', 'ErrorMessage', 'AdditionalInformation'],
    summary: 'The token broker reported a warning.',
    phase: null,
    outcome: 'failure',
    labels: [],
    long: ['ErrorMessage', 'AdditionalInformation'],
  },
  {
    id: 1098,
    level: 'error',
    fields: ['Error', 'ErrorMessage', 'AdditionalInformation'],
    summary: 'The token broker failed to get a token.',
    phase: null,
    outcome: 'failure',
    labels: [],
    long: ['ErrorMessage', 'AdditionalInformation'],
  },
  {
    id: 1099,
    level: 'information',
    fields: ['OperationCode', 'OperationMessage', 'AdditionalInformation'],
    summary: 'The token broker logged a progress step (an informational code, not an error).',
    phase: null,
    outcome: 'info',
    labels: [['code', 'OperationCode']],
    long: ['OperationMessage', 'AdditionalInformation'],
  },
  {
    id: 1108,
    level: 'error',
    // The Analytic twin of 1098: same template, written to AAD/Analytic.
    fields: ['Error', 'ErrorMessage', 'AdditionalInformation'],
    summary: 'The token broker could not get a token this way (AAD/Analytic).',
    phase: null,
    outcome: 'failure',
    labels: [],
    long: ['ErrorMessage', 'AdditionalInformation'],
  },
  {
    id: 1104,
    level: 'error',
    fields: ['API', 'Result'],
    summary: 'A CloudAP plug-in call returned an error.',
    phase: null,
    outcome: 'failure',
    labels: [
      ['~plugin call', 'API'],
      ['returned error', 'Result'],
    ],
  },
  {
    id: 1105,
    level: 'error',
    fields: ['API', 'Result'],
    summary: 'A device registration API call returned an error.',
    phase: null,
    outcome: 'failure',
    labels: [
      ['~api call', 'API'],
      ['returned error', 'Result'],
    ],
  },
  {
    id: 1144,
    level: 'information',
    // The manifest's names are generic; the message shows the 2nd value is the user's UPN.
    fields: ['value1', 'value2', 'value3'],
    summary: 'Realm discovery for the signing-in user.',
    phase: null,
    outcome: 'info',
    labels: [
      ['realm discovery for', 'value2'],
      ['authority', 'value3'],
      ['fallback domain hint', 'FallbackDomainHint'],
      ['useupn', 'value1'],
    ],
  },
];

const WPJ_EVENTS: Def[] = [
  {
    id: 100,
    level: 'information',
    fields: ['ActivityId', 'JWT'],
    summary: 'Workplace Join started.',
    phase: null,
    outcome: 'info',
    labels: [['activity id', 'ActivityId']],
  },
  {
    id: 101,
    level: 'information',
    fields: ['ServiceUri'],
    summary: 'Workplace Join discovery reached the service.',
    phase: null,
    outcome: 'info',
  },
  {
    id: 102,
    level: 'error',
    fields: ['ExitCode', 'ErrorMessage', 'ServiceUri'],
    summary: 'Workplace Join discovery failed: the service could not be reached.',
    phase: 'discover',
    outcome: 'failure',
    labels: [EXIT, ['error message', 'ErrorMessage'], ['~could not connect to', 'ServiceUri']],
  },
  {
    id: 103,
    level: 'error',
    fields: ['HttpStatus', 'ServiceUri', 'TraceId'],
    summary: 'Workplace Join discovery failed: the service answered with an HTTP error.',
    phase: 'discover',
    outcome: 'failure',
    labels: [
      ['http status', 'HttpStatus'],
      ['uri', 'ServiceUri'],
      ['trace id', 'TraceId'],
    ],
  },
  {
    id: 104,
    level: 'warning',
    fields: ['ExitCode', 'ZoneUriIsAddedTo', 'ZoneUriExistsIn', 'Uri'],
    summary: 'A sign-in URL could not be added to an Internet Explorer security zone.',
    phase: null,
    outcome: 'info',
    labels: [EXIT, ['~adding uri', 'Uri']],
  },
  {
    id: 200,
    level: 'error',
    fields: ['ExitCode', 'ActivityId', 'SoapResponse', 'ErrorMessage', 'RegistrationServiceUri'],
    summary: 'Workplace Join failed.',
    phase: 'join',
    outcome: 'failure',
    labels: [
      EXIT,
      ['activity id', 'ActivityId'],
      ['server response', 'SoapResponse'],
      ['error message', 'ErrorMessage'],
      ['registration service', 'RegistrationServiceUri'],
    ],
    long: ['SoapResponse', 'ErrorMessage'],
  },
  {
    id: 201,
    level: 'information',
    fields: ['ActivityId', 'SoapResponse', 'RegistrationServiceUri'],
    summary: 'Workplace Join succeeded.',
    phase: null,
    outcome: 'success',
    labels: [
      ['activity id', 'ActivityId'],
      ['server response', 'SoapResponse'],
      ['registration service', 'RegistrationServiceUri'],
    ],
  },
  {
    id: 300,
    level: 'error',
    fields: ['ExitCode', 'ErrorMessage'],
    summary: 'Leaving Workplace Join failed.',
    phase: null,
    outcome: 'failure',
    labels: [EXIT, ['error message', 'ErrorMessage']],
  },
  {
    id: 301,
    level: 'information',
    fields: [],
    summary: 'The device left Workplace Join.',
    phase: null,
    outcome: 'info',
  },
  {
    id: 400,
    level: 'error',
    fields: ['ExitCode', 'ErrorCodeText', 'ErrorMessage', 'ErrorData'],
    summary: 'Automatic Workplace Join (autoworkplace) failed.',
    phase: null,
    outcome: 'failure',
    labels: [
      EXIT,
      ['error code', 'ErrorCodeText'],
      ['error message', 'ErrorMessage'],
      ['error data', 'ErrorData'],
    ],
    long: ['ErrorMessage', 'ErrorData'],
  },
  {
    id: 401,
    level: 'information',
    fields: ['Message', 'Data'],
    summary: 'Automatic Workplace Join progress.',
    phase: null,
    outcome: 'info',
  },
];

function build(source: EventSource, defs: Def[]): Map<number, EventDefinition> {
  return new Map(defs.map((d) => [d.id, { ...d, source, labels: d.labels ?? [] }]));
}

const DEFINITIONS: Record<EventSource, Map<number, EventDefinition>> = {
  udr: build('udr', UDR_EVENTS),
  aad: build('aad', AAD_EVENTS),
  wpj: build('wpj', WPJ_EVENTS),
};

export function definition(source: EventSource, id: number): EventDefinition | null {
  return DEFINITIONS[source].get(id) ?? null;
}

/** Every event this module knows, for listings and tests. */
export function allDefinitions(): EventDefinition[] {
  return Object.values(DEFINITIONS).flatMap((m) => [...m.values()]);
}

/** The definition for a record, from its provider or channel; null for other providers. */
export function definitionFor(
  record: Pick<EventRecord, 'provider' | 'channel' | 'eventId'>,
): EventDefinition | null {
  const source = sourceOf(record);
  return source ? definition(source, record.eventId) : null;
}

/** Names positional values (PowerShell `Properties`) through the event's template. */
export function fieldsByPosition(
  def: EventDefinition | null,
  values: readonly string[],
): Record<string, string> {
  const data: Record<string, string> = {};
  values.forEach((value, i) => {
    data[def?.fields[i] ?? `#${i + 1}`] = value;
  });
  return data;
}
