/**
 * Realistic raw material for generated captures: every section dsregcmd prints, with its fields
 * in the order Windows prints them and value generators that produce what real devices show.
 * Identifiers are placeholders or random GUIDs; names are contoso.com.
 * @module
 */
import fc from 'fast-check';
import type { SectionId } from '../../src/model/capture.ts';

export type Value = fc.Arbitrary<string>;

const pick = (...values: string[]): Value => fc.constantFrom(...values);
const TENANT = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';

/** YES/NO as dsregcmd prints them. */
export const yesNo = pick('YES', 'NO');
/** Ngc Prerequisite Check prints UNKNOWN for its checks when `NgcPreReq` failed. */
const yesNoUnknown = pick('YES', 'NO', 'UNKNOWN');
const hex = (digits: number) =>
  fc
    .array(fc.constantFrom(...'0123456789abcdef'), { minLength: digits, maxLength: digits })
    .map((a) => a.join(''));
export const hresult = fc.oneof(
  pick('0x801c03f2', '0x801c0021', '0x801c001d', '0x80072ee2', '0xc000006d'),
  hex(8).map((h) => `0x${h}`),
);
export const guid = fc.uuid();
const upperGuid = fc.uuid().map((g) => `{${g.toUpperCase()}}`);
const thumbprint = hex(40).map((h) => h.toUpperCase());

/** `2024-03-01 07:58:12.000 UTC`, the timestamp form of every dsregcmd version since 1803. */
export const timestamp = fc
  .record({
    y: fc.integer({ min: 2018, max: 2026 }),
    mo: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    ms: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ y, mo, d, h, mi, s, ms }) => {
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${y}-${p(mo)}-${p(d)} ${p(h)}:${p(mi)}:${p(s)}.${p(ms, 3)} UTC`;
  });
const validity = fc.tuple(timestamp, timestamp).map(([a, b]) => `[ ${a} -- ${b} ]`);
const testResult = fc.oneof(
  pick('PASS', 'SKIPPED'),
  fc.tuple(hresult, hresult).map(([a, b]) => `FAIL [${a}/${b}]`),
  hresult.map((a) => `FAIL [${a}]`),
);
const url = (path: string) => pick(`https://login.microsoftonline.com/${TENANT}/${path}`);
const drs = (path: string) => pick(`https://enterpriseregistration.windows.net/${path}`);
const drsId = pick('urn:ms-drs:enterpriseregistration.windows.net');
const version = pick('1.0', '2.0');
const settingsUrl = pick(
  'eyJVcmlzIjpbImh0dHBzOi8va2FpbGFuaS5vbmUubWljcm9zb2Z0LmNvbS8iLCJodHRwczovL2thaWxhbmkxLm9uZS5taWNyb3NvZnQuY29tLyJdfQ==',
  'eyJVcmlzIjpbImh0dHBzOi8vc2V0dGluZ3MuY29udG9zby5jb20vIl19',
);
const kerb = pick(
  '.windows.net,.windows.net:1433,.windows.net:3342,.azure.net,.azure.net:1433,.azure.net:3342',
  '',
);

/** How the reader must type a value, for the generators whose output has one typed form. */
export type TypedAs = 'bool' | 'time' | 'guid' | 'code' | 'test';

export interface FieldMaterial {
  key: string;
  value: Value;
  typed?: TypedAs;
}

export interface SectionMaterial {
  id: SectionId;
  title: string;
  /** Fields that may appear in any subset and order. */
  fields: FieldMaterial[];
  /** Blocks whose fields must stay together and in order (their first field opens a scope). */
  blocks: FieldMaterial[][];
}

const field = (key: string, value: Value, typed?: TypedAs): FieldMaterial =>
  typed ? { key, value, typed } : { key, value };

const prtBlock = (opener: string): FieldMaterial[] => [
  field(opener, pick('PRESENT')),
  field('Previous Prt Attempt', timestamp, 'time'),
  field('Attempt Status', hresult, 'code'),
  field('User Identity', pick('user@contoso.com', 'admin@contoso.com')),
  field('Credential Type', pick('Password', 'NGC', 'Smartcard')),
  field('Correlation ID', guid, 'guid'),
  field('Endpoint URI', url('oauth2/token/')),
  field('HTTP Method', pick('POST', 'GET')),
  field('HTTP Error', pick('0x0', '0x80072ee2', '0x80072efd')),
  field('HTTP status', pick('400', '401', '0', '200')),
  field('Server Error Code', pick('invalid_grant', 'invalid_request', '')),
  field(
    'Server Error Description',
    pick(
      'AADSTS50126: Error validating credentials due to invalid username or password.',
      'AADSTS50155: Device authentication failed.',
      '',
    ),
  ),
];

export const SECTIONS: readonly SectionMaterial[] = [
  {
    id: 'device-state',
    title: 'Device State',
    fields: [
      field('AzureAdJoined', yesNo, 'bool'),
      field('EnterpriseJoined', pick('NO')),
      field('DomainJoined', yesNo, 'bool'),
      field('DomainName', pick('CONTOSO', 'CORP')),
      field('Device Name', pick('PC-0001.contoso.com', 'LT-0318', 'WS-FIN-0042.corp.contoso.com')),
    ],
    blocks: [],
  },
  {
    id: 'device-details',
    title: 'Device Details',
    fields: [
      field('DeviceId', guid, 'guid'),
      field('Thumbprint', thumbprint),
      field('DeviceCertificateValidity', validity),
      field('KeyContainerId', guid, 'guid'),
      field(
        'KeyProvider',
        pick('Microsoft Platform Crypto Provider', 'Microsoft Software Key Storage Provider'),
      ),
      field('TpmProtected', yesNo, 'bool'),
      field('DeviceAuthStatus', pick('SUCCESS', 'FAILED. Device is either disabled or deleted.')),
    ],
    blocks: [],
  },
  {
    id: 'tenant-details',
    title: 'Tenant Details',
    fields: [
      field('TenantName', pick('Contoso', 'Contoso Ltd')),
      field('TenantId', pick(TENANT)),
      field('Idp', pick('login.windows.net')),
      field('AuthCodeUrl', url('oauth2/authorize')),
      field('AccessTokenUrl', url('oauth2/token')),
      field('MdmUrl', pick('https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc', '')),
      field('MdmTouUrl', pick('https://portal.manage.microsoft.com/TermsofUse.aspx', '')),
      field('MdmComplianceUrl', pick('https://portal.manage.microsoft.com/?portalAction=Compliance', '')),
      field('SettingsUrl', settingsUrl),
      field('JoinSrvVersion', version),
      field('JoinSrvUrl', drs('EnrollmentServer/device/')),
      field('JoinSrvId', drsId),
      field('KeySrvVersion', version),
      field('KeySrvUrl', drs('EnrollmentServer/key/')),
      field('KeySrvId', drsId),
      field('WebAuthNSrvVersion', version),
      field('WebAuthNSrvUrl', drs(`webauthn/${TENANT}/`)),
      field('WebAuthNSrvId', drsId),
      field('DeviceManagementSrvVer', version),
      field('DeviceManagementSrvUrl', drs(`manage/${TENANT}/`)),
      field('DeviceManagementSrvId', drsId),
    ],
    blocks: [],
  },
  {
    id: 'user-state',
    title: 'User State',
    fields: [
      field('NgcSet', yesNo, 'bool'),
      field('NgcKeyId', upperGuid, 'guid'),
      field('CanReset', pick('DestructiveAndNonDestructive', 'DestructiveOnly', 'Unknown')),
      field('WorkplaceJoined', yesNo, 'bool'),
      field('WamDefaultSet', fc.oneof(yesNo, pick('ERROR (0x80070520)'))),
      field('WamDefaultAuthority', pick('organizations')),
      field('WamDefaultId', pick('https://login.microsoft.com')),
      field('WamDefaultGUID', pick('{B16898C6-A148-4967-9171-64D755DA8520} (AzureAd)')),
    ],
    blocks: [],
  },
  {
    id: 'sso-state',
    title: 'SSO State',
    fields: [
      field('AzureAdPrt', yesNo, 'bool'),
      field('AzureAdPrtUpdateTime', timestamp, 'time'),
      field('AzureAdPrtExpiryTime', timestamp, 'time'),
      field(
        'AzureAdPrtAuthority',
        url('').map((u) => u.slice(0, -1)),
      ),
      field('OnPremTgt', yesNo, 'bool'),
      field('CloudTgt', yesNo, 'bool'),
      field('KerbTopLevelNames', kerb),
    ],
    blocks: [prtBlock('AcquirePrtDiagnostics'), prtBlock('RefreshPrtDiagnostics')],
  },
  {
    id: 'diagnostic-data',
    title: 'Diagnostic Data',
    fields: [
      field('Diagnostics Reference', pick('www.microsoft.com/aadjerrors')),
      field('User Context', pick('SYSTEM', 'UN-ELEVATED User', 'ELEVATED User')),
      field('Client Time', timestamp, 'time'),
      field('AD Connectivity Test', testResult, 'test'),
      field('AD Configuration Test', testResult, 'test'),
      field('DRS Discovery Test', testResult, 'test'),
      field('DRS Connectivity Test', testResult, 'test'),
      field('Kerberos Ticket Test', testResult, 'test'),
      field('Token acquisition Test', testResult, 'test'),
      field('Fallback to Sync-Join', pick('ENABLED', 'DISABLED')),
      field('Fallback to Fed-Join', pick('ENABLED', 'DISABLED')),
      field('AadRecoveryEnabled', yesNo, 'bool'),
      field(
        'Executing Account Name',
        pick('CONTOSO\\user, user@contoso.com', 'AzureAD\\user, user@contoso.com'),
      ),
      field('KeySignTest', pick('PASSED', 'FAILED')),
    ],
    blocks: [
      [
        field('Previous Registration', timestamp, 'time'),
        field('Registration Type', pick('sync', 'fed')),
        field('Error Phase', pick('pre-check', 'discover', 'auth', 'join')),
        field('Client ErrorCode', hresult, 'code'),
        field('Server ErrorCode', pick('DirectoryError', 'invalid_request')),
        field(
          'Server Message',
          guid.map((g) => `The device object by the given id (${g}) is not found.`),
        ),
        field('Https Status', pick('400', '401')),
        field('Request Id', guid, 'guid'),
      ],
    ],
  },
  {
    id: 'ie-proxy-config',
    title: 'IE Proxy Config for Current User',
    fields: [
      field('Auto Detect Settings', yesNo, 'bool'),
      field('Auto-Configuration URL', pick('', 'http://wpad.contoso.com/wpad.dat')),
      field('Proxy Server List', pick('', 'proxy.contoso.com:8080')),
      field('Proxy Bypass List', pick('', '*.contoso.com;<local>')),
    ],
    blocks: [],
  },
  {
    id: 'winhttp-proxy-config',
    title: 'WinHttp Default Proxy Config',
    fields: [field('Access Type', pick('DIRECT'))],
    blocks: [],
  },
  {
    id: 'ngc-prerequisite-check',
    title: 'Ngc Prerequisite Check',
    fields: [
      field('NgcPreReq', pick('ERROR (0xd0020017)')),
      field('IsDeviceJoined', yesNoUnknown, 'bool'),
      field('IsUserAzureAD', yesNoUnknown, 'bool'),
      field('PolicyEnabled', yesNoUnknown, 'bool'),
      field('PostLogonEnabled', yesNoUnknown, 'bool'),
      field('DeviceEligible', yesNoUnknown, 'bool'),
      field('SessionIsNotRemote', yesNo, 'bool'),
      field('CertEnrollment', pick('none', 'enrollment authority', 'mobile device management')),
      field('PreReqResult', pick('WillProvision', 'WillNotProvision')),
    ],
    blocks: [],
  },
];

/** The flat layout of Windows 10 1607 and 1703: two boxes, device and tenant fields in the first. */
export const FLAT_SECTIONS: readonly SectionMaterial[] = [
  {
    id: 'device-state',
    title: 'Device State',
    fields: [
      field('AzureAdJoined', yesNo, 'bool'),
      field('EnterpriseJoined', pick('NO')),
      field('DeviceId', guid, 'guid'),
      field('Thumbprint', thumbprint),
      field('KeyContainerId', guid, 'guid'),
      field(
        'KeyProvider',
        pick('Microsoft Platform Crypto Provider', 'Microsoft Software Key Storage Provider'),
      ),
      field('TpmProtected', yesNo, 'bool'),
      field('Idp', pick('login.windows.net')),
      field('TenantId', pick(TENANT)),
      field('TenantName', pick('Contoso')),
      field('AuthCodeUrl', url('oauth2/authorize')),
      field('AccessTokenUrl', url('oauth2/token')),
      field('MdmUrl', pick('')),
      field('dmComplianceUrl', pick('')),
      field('JoinSrvVersion', version),
      field('JoinSrvUrl', drs('EnrollmentServer/device/')),
      field('KeySrvUrl', drs('EnrollmentServer/key/')),
      field('DeviceManagementSrvVersion', version),
      field('DomainJoined', yesNo, 'bool'),
      field('DomainName', pick('CONTOSO')),
    ],
    blocks: [],
  },
  {
    id: 'user-state',
    title: 'User State',
    fields: [
      field('NgcSet', yesNo, 'bool'),
      field('WorkplaceJoined', yesNo, 'bool'),
      field('WorkplaceIdp', pick('login.windows.net')),
      field('WamDefaultSet', yesNo, 'bool'),
      field('AzureAdPrt', yesNo, 'bool'),
      field('AzureAdPrtAuthority', pick('NO')),
      field('EnterprisePrtAuthority', pick('NO')),
    ],
    blocks: [],
  },
];

/** Fields no catalog knows yet: the reader must keep them all the same. */
export const UNKNOWN_FIELDS: readonly FieldMaterial[] = [
  field('FutureFlagXyz', yesNo, 'bool'),
  field('PreviewChannelState', pick('Enabled', 'Disabled')),
];
