/**
 * The field catalog: every `dsregcmd /status` field name, the single home of those names.
 * The reader canonicalises labels through it; the diagnosis looks fields up by the names here.
 * @module
 */
import type { SectionId } from '../model/capture.ts';

/** How a field's value is read. `url` and `text` both become `text` values. */
export type FieldType =
  | 'bool'
  | 'text'
  | 'url'
  | 'guid'
  | 'time'
  | 'range'
  | 'code'
  | 'test'
  | 'status'
  | 'number'
  | 'list'
  | 'base64-json';

/**
 * A block inside a section where names repeat. Fields of a block are scoped by the reader:
 * `prt-diagnostics` under `AzureAdPrt`/`EnterprisePrt` and `AcquirePrtDiagnostics`/
 * `RefreshPrtDiagnostics`; `registration` under `Previous Registration`; `virtual-desktop`.
 */
export type FieldBlock = 'prt-diagnostics' | 'registration' | 'virtual-desktop';

/**
 * What a field's value is to the rest of the product:
 * - `device`, `user`, `tenant`: it identifies a device, a user or a tenant (redaction replaces it);
 * - `key`: worth a glance in a report's capture view;
 * - `error-chain`: it explains a failure beside its code (phase, codes, server answer, request ids);
 * - `prt-diagnostics`: it belongs to a PRT attempt's diagnostics block.
 */
export type FieldRole = 'device' | 'user' | 'tenant' | 'key' | 'error-chain' | 'prt-diagnostics';

/**
 * How an `error-chain` field shows as a link of a failure's error chain when it is printed in the
 * same block as the failing code: the link's label, and how its value is read (`code`: looked up
 * in the code catalog; `text`: shown as printed; `server-message`: matched against the messages
 * known for the server's error code, and any AADSTS code it quotes explained). Fields of the role
 * without it (the client code, the phase) are told by the verdict, not as a link.
 */
export interface ErrorChainLinkSpec {
  readonly label: string;
  readonly value: 'code' | 'text' | 'server-message';
}

export interface FieldDef<N extends string = string> {
  /** The spelling current Windows prints. */
  readonly name: N;
  /** Other spellings seen across Windows versions and documentation. */
  readonly variants: readonly string[];
  /** Where current Windows prints it; fields of a headerless fragment are placed here. */
  readonly section: SectionId;
  readonly type: FieldType;
  /** The repeating block this field belongs to, if any. */
  readonly block?: FieldBlock;
  /** This field opens a block: later block fields are scoped to it. */
  readonly opens?: FieldBlock | 'prt-owner';
  /**
   * A name too generic to split a collapsed line on (`Type`, `Provider`): only recognised
   * where it starts a line.
   */
  readonly generic?: boolean;
  /** What the value is to the report, the redaction and the diagnosis; see `FieldRole`. */
  readonly roles?: readonly FieldRole[];
  /** Its link in the error chain, for an `error-chain` field told beside the failing code. */
  readonly chain?: ErrorChainLinkSpec;
  /** A placeholder word (`NOT SET`, `none`) is a state of this field, not an absent value. */
  readonly placeholderIsValue?: boolean;
  /** Where a `key` field is worth a glance, when not (only) in its own section. */
  readonly keyIn?: readonly SectionId[];
  readonly note: string;
}

function f<const N extends string>(
  name: N,
  section: SectionId,
  type: FieldType,
  note: string,
  extra: Partial<Omit<FieldDef, 'name' | 'section' | 'type' | 'note'>> = {},
): FieldDef<N> {
  return { name, variants: extra.variants ?? [], section, type, note, ...extra };
}

const PRT = { block: 'prt-diagnostics' } as const;
const REG = { block: 'registration' } as const;
const VDI = { block: 'virtual-desktop', generic: true } as const;

/** Every field, grouped by the section current Windows prints it in. */
export const FIELDS = [
  // Device State
  f('AzureAdJoined', 'device-state', 'bool', 'Joined to Entra ID (Entra joined or hybrid joined).', {
    roles: ['key'],
  }),
  f('EnterpriseJoined', 'device-state', 'bool', 'Joined to an on-premises DRS (AD FS).', { roles: ['key'] }),
  f('DomainJoined', 'device-state', 'bool', 'Joined to an Active Directory domain.', { roles: ['key'] }),
  f('DomainName', 'device-state', 'text', 'NetBIOS name of the AD domain.', { roles: ['tenant', 'key'] }),
  f('Virtual Desktop', 'device-state', 'text', 'NOT SET, YES or INVALID; VDI metadata (added after 2019).', {
    opens: 'virtual-desktop',
    roles: ['key'],
    placeholderIsValue: true,
  }),
  f('Provider', 'device-state', 'text', 'Virtual Desktop: VDI vendor name.', VDI),
  f('Type', 'device-state', 'text', 'Virtual Desktop: persistent or non-persistent.', VDI),
  f('User mode', 'device-state', 'text', 'Virtual Desktop: single or multi-user.', VDI),
  f(
    'Extensions',
    'device-state',
    'number',
    'Virtual Desktop: count of vendor key/value pairs that follow.',
    VDI,
  ),
  f('Device Name', 'device-state', 'text', 'Computer name (Windows 11).', { roles: ['device', 'key'] }),

  // Device Details (before 1803: printed under Device State)
  f('DeviceId', 'device-details', 'guid', 'Device object ID in Entra ID.', { roles: ['device', 'key'] }),
  f('Thumbprint', 'device-details', 'text', 'Device certificate thumbprint.', { roles: ['device', 'key'] }),
  f('DeviceCertificateValidity', 'device-details', 'range', 'Device certificate validity `[ from -- to ]`.', {
    roles: ['key'],
  }),
  f('KeyContainerId', 'device-details', 'guid', 'Container of the device private key.', {
    roles: ['device'],
  }),
  f('KeyProvider', 'device-details', 'text', 'Key storage provider (software or platform crypto/TPM).', {
    roles: ['key'],
  }),
  f('TpmProtected', 'device-details', 'bool', 'Device key held in a TPM.', { roles: ['key'] }),
  f('DeviceAuthStatus', 'device-details', 'status', 'Device health in Entra ID; Windows 10 21H1 and later.', {
    roles: ['key'],
  }),

  // Tenant Details (before 1803: printed under Device State)
  f('TenantName', 'tenant-details', 'text', 'Tenant display name.', { roles: ['tenant', 'key'] }),
  f('TenantId', 'tenant-details', 'guid', 'Tenant ID.', { roles: ['tenant', 'key'] }),
  f('Idp', 'tenant-details', 'text', 'Identity provider host.', { roles: ['key'] }),
  f('AuthCodeUrl', 'tenant-details', 'url', 'OAuth authorize endpoint.'),
  f('AccessTokenUrl', 'tenant-details', 'url', 'OAuth token endpoint.'),
  f(
    'MdmUrl',
    'tenant-details',
    'url',
    'MDM enrollment URL; empty when MDM is not configured or out of scope.',
    { roles: ['key'] },
  ),
  f('MdmTouUrl', 'tenant-details', 'url', 'MDM terms of use URL.'),
  f(
    'MdmComplianceUrl',
    'tenant-details',
    'url',
    'MDM compliance URL; older builds print `dmComplianceUrl`.',
    {
      variants: ['dmComplianceUrl'],
    },
  ),
  f('SettingsUrl', 'tenant-details', 'base64-json', 'Base64 of a JSON document listing settings URIs.'),
  f('JoinSrvVersion', 'tenant-details', 'number', 'DRS join service version.'),
  f('JoinSrvUrl', 'tenant-details', 'url', 'DRS join service URL.'),
  f('JoinSrvId', 'tenant-details', 'text', 'DRS join service ID.'),
  f('KeySrvVersion', 'tenant-details', 'number', 'DRS key service version.'),
  f('KeySrvUrl', 'tenant-details', 'url', 'DRS key service URL.'),
  f('KeySrvId', 'tenant-details', 'text', 'DRS key service ID.'),
  f('WebAuthNSrvVersion', 'tenant-details', 'number', 'WebAuthN service version.'),
  f('WebAuthNSrvUrl', 'tenant-details', 'url', 'WebAuthN service URL.'),
  f('WebAuthNSrvId', 'tenant-details', 'text', 'WebAuthN service ID.'),
  f(
    'DeviceManagementSrvVer',
    'tenant-details',
    'number',
    'Device management service version; Windows 10 1803 (RS4) printed `DeviceManagementSrvVersion` in the flat layout under Device State.',
    { variants: ['DeviceManagementSrvVersion'] },
  ),
  f('DeviceManagementSrvUrl', 'tenant-details', 'url', 'Device management service URL.'),
  f('DeviceManagementSrvId', 'tenant-details', 'text', 'Device management service ID.'),

  // User State
  f('NgcSet', 'user-state', 'bool', 'A Windows Hello key is set for the user.', { roles: ['key'] }),
  f('NgcKeyId', 'user-state', 'guid', 'ID of the Windows Hello key.', { roles: ['user'] }),
  f(
    'CanReset',
    'user-state',
    'text',
    'DestructiveOnly, NonDestructiveOnly, DestructiveAndNonDestructive or Unknown.',
  ),
  f('WorkplaceJoined', 'user-state', 'bool', 'Entra registered accounts exist in this user context.', {
    roles: ['key'],
  }),
  f(
    'WorkplaceIdp',
    'user-state',
    'text',
    'Identity provider host of the Entra registration (`login.windows.net`); only the flat pre-1803 layout prints it, under User State.',
  ),
  f('WorkAccountCount', 'user-state', 'number', 'Number of Work Account sections that follow (Windows 11).'),
  f(
    'WamDefaultSet',
    'user-state',
    'bool',
    'A WAM default account exists; can show ERROR when run elevated.',
    { roles: ['key'] },
  ),
  f('WamDefaultAuthority', 'user-state', 'text', '`organizations` for Entra ID.'),
  f('WamDefaultId', 'user-state', 'url', 'WAM default account provider URL.'),
  f('WamDefaultGUID', 'user-state', 'guid', 'WAM provider GUID with the provider name in parentheses.'),

  // Work Account N (Windows 11); printed under User State on earlier builds
  f('WorkplaceDeviceId', 'work-account', 'guid', 'Entra registered device ID.', { roles: ['device'] }),
  f('WorkplaceThumbprint', 'work-account', 'text', 'Entra registered device certificate thumbprint.', {
    roles: ['device'],
  }),
  f('WorkplaceTenantId', 'work-account', 'guid', 'Tenant of the Entra registration.', { roles: ['tenant'] }),
  f('WorkplaceTenantName', 'work-account', 'text', 'Tenant name of the Entra registration.', {
    roles: ['tenant', 'key'],
    // Before Windows 11 it is printed under User State; in a Work Account it repeats per registration.
    keyIn: ['user-state'],
  }),
  f('WorkplaceMdmUrl', 'work-account', 'url', 'MDM URL of the Entra registration tenant.'),
  f('WorkplaceSettingsUrl', 'work-account', 'base64-json', 'Settings URL of the Entra registration tenant.'),

  // SSO State (before 1803: AzureAdPrt printed under User State)
  f('AzureAdPrt', 'sso-state', 'bool', 'An Entra PRT is present for the user.', {
    variants: ['AzureADPrt'],
    opens: 'prt-owner',
    roles: ['key'],
  }),
  f('AzureAdPrtUpdateTime', 'sso-state', 'time', 'Last Entra PRT update (UTC).', { roles: ['key'] }),
  f('AzureAdPrtExpiryTime', 'sso-state', 'time', 'Entra PRT expiry (UTC).', { roles: ['key'] }),
  f('AzureAdPrtAuthority', 'sso-state', 'url', 'Entra authority URL.'),
  f('EnterprisePrt', 'sso-state', 'bool', 'An AD FS (enterprise) PRT is present.', {
    opens: 'prt-owner',
    roles: ['key'],
  }),
  f('EnterprisePrtUpdateTime', 'sso-state', 'time', 'Last enterprise PRT update (UTC).'),
  f('EnterprisePrtExpiryTime', 'sso-state', 'time', 'Enterprise PRT expiry (UTC).'),
  f('EnterprisePrtAuthority', 'sso-state', 'url', 'AD FS authority URL.'),
  f(
    'AcquirePrtDiagnostics',
    'sso-state',
    'text',
    '`PRESENT` opens PRT acquisition diagnostics; 21H1 and later.',
    {
      opens: 'prt-diagnostics',
    },
  ),
  f(
    'RefreshPrtDiagnostics',
    'sso-state',
    'text',
    '`PRESENT` opens PRT refresh diagnostics; 21H1 and later.',
    {
      opens: 'prt-diagnostics',
    },
  ),
  f('Previous Prt Attempt', 'sso-state', 'time', 'Time of the failed PRT attempt (UTC).', {
    ...PRT,
    roles: ['prt-diagnostics'],
  }),
  f('Attempt Status', 'sso-state', 'code', 'Client error code (HRESULT or NTSTATUS) of the PRT attempt.', {
    ...PRT,
    roles: ['key', 'error-chain', 'prt-diagnostics'],
    keyIn: ['diagnostic-data'],
  }),
  f('User Identity', 'sso-state', 'text', 'UPN of the PRT attempt.', {
    ...PRT,
    roles: ['user', 'prt-diagnostics'],
  }),
  f('Credential Type', 'sso-state', 'text', 'Password, NGC, ...', { ...PRT, roles: ['prt-diagnostics'] }),
  f('Correlation ID', 'sso-state', 'guid', 'Correlation ID of the failed PRT request.', {
    ...PRT,
    roles: ['error-chain', 'prt-diagnostics'],
    chain: { label: 'Correlation ID', value: 'text' },
  }),
  f('Endpoint URI', 'sso-state', 'url', 'Last endpoint reached before the failure.', {
    ...PRT,
    roles: ['error-chain', 'prt-diagnostics'],
    chain: { label: 'Endpoint', value: 'text' },
  }),
  f('HTTP Method', 'sso-state', 'text', 'HTTP method used.', { ...PRT, roles: ['prt-diagnostics'] }),
  f('HTTP Error', 'sso-state', 'code', 'WinHTTP transport error code.', {
    ...PRT,
    roles: ['error-chain', 'prt-diagnostics'],
    chain: { label: 'HTTP error', value: 'code' },
  }),
  f('HTTP status', 'sso-state', 'number', 'HTTP status of the PRT request; sibling of `Https Status`.', {
    ...PRT,
    variants: ['HTTP Status', 'Https Status'],
    roles: ['error-chain', 'prt-diagnostics'],
    chain: { label: 'HTTP status', value: 'code' },
  }),
  f('Server Error Code', 'sso-state', 'text', 'OAuth error from the server (e.g. invalid_grant).', {
    ...PRT,
    roles: ['key', 'error-chain', 'prt-diagnostics'],
    chain: { label: 'Server error', value: 'code' },
    keyIn: ['diagnostic-data'],
  }),
  f('Server Error Description', 'sso-state', 'text', 'Server error text, often an AADSTS message.', {
    ...PRT,
    roles: ['key', 'error-chain', 'prt-diagnostics'],
    chain: { label: 'Server message', value: 'server-message' },
    keyIn: ['diagnostic-data'],
  }),
  f('OnPremTgt', 'sso-state', 'bool', 'Cloud Kerberos ticket for on-premises resources (Windows 11 21H2).', {
    variants: ['OnPremTGT'],
    roles: ['key'],
  }),
  f(
    'CloudTgt',
    'sso-state',
    'bool',
    'Cloud Kerberos ticket for cloud resources; in Ngc Prerequisite Check before 23H2 it meant OnPremTgt.',
    {
      variants: ['CloudTGT'],
      roles: ['key'],
    },
  ),
  f('KerbTopLevelNames', 'sso-state', 'list', 'Comma-separated Cloud Kerberos top level realm names.', {
    roles: ['tenant'],
  }),

  // Diagnostic Data: pre-join tests
  f('Diagnostics Reference', 'diagnostic-data', 'url', 'Link to the error reference.'),
  f('User Context', 'diagnostic-data', 'text', 'SYSTEM, UN-ELEVATED User or ELEVATED User.', {
    roles: ['key'],
  }),
  f('Client Time', 'diagnostic-data', 'time', 'System time at capture (UTC).', { roles: ['key'] }),
  f('AD Connectivity Test', 'diagnostic-data', 'test', 'Domain controller reachability.', { roles: ['key'] }),
  f('AD Configuration Test', 'diagnostic-data', 'test', 'SCP object read and check.', { roles: ['key'] }),
  f('DRS Discovery Test', 'diagnostic-data', 'test', 'DRS discovery and user realm.', { roles: ['key'] }),
  f('DRS Connectivity Test', 'diagnostic-data', 'test', 'Basic DRS connectivity.', { roles: ['key'] }),
  f('Token acquisition Test', 'diagnostic-data', 'test', 'Federated token acquisition.', {
    variants: ['Token Acquisition Test'],
    roles: ['key'],
  }),
  f(
    'Kerberos Ticket Test',
    'diagnostic-data',
    'test',
    'Pre-join Kerberos ticket test (PASS, FAIL or SKIPPED), between DRS Connectivity and Token acquisition; recent builds (a 2026 Windows Server capture).',
  ),
  f(
    'Fallback to Sync-Join',
    'diagnostic-data',
    'text',
    'ENABLED or DISABLED, kept as text; 1803 and later.',
    { roles: ['key'] },
  ),
  f(
    'Fallback to Fed-Join',
    'diagnostic-data',
    'text',
    'ENABLED or DISABLED, kept as text; printed after `Fallback to Sync-Join` by recent builds.',
  ),
  // Diagnostic Data: previous registration
  f('Previous Registration', 'diagnostic-data', 'time', 'Time of the last failed join attempt.', {
    opens: 'registration',
  }),
  f('Registration Type', 'diagnostic-data', 'text', 'sync or fed.', {
    ...REG,
    roles: ['key', 'error-chain'],
  }),
  f('Error Phase', 'diagnostic-data', 'text', 'pre-check, discover, auth or join.', {
    ...REG,
    roles: ['key', 'error-chain'],
  }),
  f('Client ErrorCode', 'diagnostic-data', 'code', 'HRESULT of the join attempt.', {
    ...REG,
    variants: ['Client Error Code'],
    roles: ['key', 'error-chain'],
  }),
  f('Server ErrorCode', 'diagnostic-data', 'text', 'DRS error code (e.g. DirectoryError).', {
    ...REG,
    roles: ['key', 'error-chain'],
    chain: { label: 'Server error', value: 'code' },
  }),
  f('Server ErrorSubCode', 'diagnostic-data', 'text', 'DRS error sub-code; newer builds.', {
    ...REG,
    roles: ['error-chain'],
    chain: { label: 'Server sub-code', value: 'code' },
  }),
  f('Server Operation', 'diagnostic-data', 'text', 'DRS operation; newer builds.', {
    ...REG,
    roles: ['error-chain'],
  }),
  f('Server Message', 'diagnostic-data', 'text', 'DRS error message.', {
    ...REG,
    roles: ['key', 'error-chain'],
    chain: { label: 'Server message', value: 'server-message' },
  }),
  f(
    'Https Status',
    'diagnostic-data',
    'number',
    'HTTP status of the join request; sibling of `HTTP status`.',
    {
      ...REG,
      variants: ['HTTP status', 'HTTPS Status'],
      roles: ['error-chain'],
      chain: { label: 'HTTP status', value: 'code' },
    },
  ),
  f('Request Id', 'diagnostic-data', 'guid', 'Client request ID sent to DRS.', {
    ...REG,
    variants: ['Request ID'],
    roles: ['error-chain'],
    chain: { label: 'Request Id', value: 'text' },
  }),
  // Diagnostic Data: post-join
  f('AadRecoveryEnabled', 'diagnostic-data', 'bool', 'Device keys unusable; recovery on next sign-in.'),
  f(
    'Executing Account Name',
    'diagnostic-data',
    'text',
    'Account the capture ran as (`DOMAIN\\user, upn`).',
    { roles: ['user'] },
  ),
  f(
    'KeySignTest',
    'diagnostic-data',
    'test',
    'Device key health; needs elevation. Before 1803 under Device State.',
  ),
  f('DisplayNameUpdated', 'diagnostic-data', 'bool', 'Device display name updated in Entra ID.'),
  f('OsVersionUpdated', 'diagnostic-data', 'bool', 'OS version updated in Entra ID.'),
  f('HostNameUpdated', 'diagnostic-data', 'bool', 'Host name updated in Entra ID.'),
  f('Last HostName Update', 'diagnostic-data', 'time', 'Time of the last host name update, or NONE.'),

  // Ngc Prerequisite Check
  f(
    'NgcPreReq',
    'ngc-prerequisite-check',
    'text',
    'Overall result of the prerequisite check, printed first when it failed (`ERROR (0xd0020017)`); the checks after it then read `UNKNOWN`.',
  ),
  f('IsDeviceJoined', 'ngc-prerequisite-check', 'bool', 'Device joined to Entra ID.', { roles: ['key'] }),
  f('IsUserAzureAD', 'ngc-prerequisite-check', 'bool', 'Signed-in user is an Entra ID user.', {
    roles: ['key'],
  }),
  f('PolicyEnabled', 'ngc-prerequisite-check', 'bool', 'Windows Hello for Business policy enabled.', {
    roles: ['key'],
  }),
  f(
    'PostLogonEnabled',
    'ngc-prerequisite-check',
    'bool',
    'Provisioning launched by the platform after sign-in.',
  ),
  f('DeviceEligible', 'ngc-prerequisite-check', 'bool', 'Hardware meets the requirements.', {
    roles: ['key'],
  }),
  f('SessionIsNotRemote', 'ngc-prerequisite-check', 'bool', 'User signed in locally, not remotely.'),
  f(
    'CertEnrollment',
    'ngc-prerequisite-check',
    'text',
    'enrollment authority, mobile device management or none.',
    { placeholderIsValue: true },
  ),
  f('AdfsRefreshToken', 'ngc-prerequisite-check', 'bool', 'Certificate trust: enterprise PRT present.'),
  f(
    'AdfsRaIsReady',
    'ngc-prerequisite-check',
    'bool',
    'Certificate trust: AD FS registration authority ready.',
  ),
  f(
    'LogonCertTemplateReady',
    'ngc-prerequisite-check',
    'bool',
    'Certificate trust: logon template valid, `YES ( StateReady )`.',
  ),
  f('PreReqResult', 'ngc-prerequisite-check', 'text', 'WillProvision or WillNotProvision.', {
    roles: ['key'],
  }),
  f('X509CertRequired', 'ngc-prerequisite-check', 'bool', 'Older builds: certificate trust required.'),
  f('ScepReady', 'ngc-prerequisite-check', 'bool', 'Older builds: MDM SCEP certificate enrollment ready.'),
  f('AadRecoveryNeeded', 'ngc-prerequisite-check', 'bool', 'Older builds: device marked for recovery.'),

  // Proxy sections
  f('Auto Detect Settings', 'ie-proxy-config', 'bool', 'IE/WinINet automatic proxy detection.'),
  f('Auto-Configuration URL', 'ie-proxy-config', 'url', 'PAC file URL.'),
  f('Proxy Server List', 'ie-proxy-config', 'text', 'Manual proxy servers.'),
  f('Proxy Bypass List', 'ie-proxy-config', 'text', 'Proxy bypass list.'),
  f('Access Type', 'winhttp-proxy-config', 'text', 'DIRECT or a named proxy.'),
  f('Auto Detect PAC Status', 'url-proxy-config', 'text', 'WPAD/PAC detection result, may carry a code.'),
] as const satisfies readonly FieldDef[];

/** Every catalogued field name, as a literal type: a misspelt name does not compile. */
export type FieldName = (typeof FIELDS)[number]['name'];

const ALL_FIELDS: readonly FieldDef<FieldName>[] = FIELDS;

/** The names of the fields with a role, in catalog order. */
export function fieldsWithRole(role: FieldRole): readonly FieldName[] {
  return BY_ROLE[role];
}

/** True when the catalogued field has the role; false for names the catalog does not know. */
export function hasRole(name: string, role: FieldRole): boolean {
  return ROLE_SETS.get(role)?.has(name) ?? false;
}

const ROLE_NAMES: readonly FieldRole[] = [
  'device',
  'user',
  'tenant',
  'key',
  'error-chain',
  'prt-diagnostics',
];

function byRole(role: FieldRole): readonly FieldName[] {
  return ALL_FIELDS.filter((d) => d.roles?.includes(role)).map((d) => d.name);
}

const BY_ROLE: Record<FieldRole, readonly FieldName[]> = {
  device: byRole('device'),
  user: byRole('user'),
  tenant: byRole('tenant'),
  key: byRole('key'),
  'error-chain': byRole('error-chain'),
  'prt-diagnostics': byRole('prt-diagnostics'),
};
const ROLE_SETS = new Map<FieldRole, ReadonlySet<string>>(
  ROLE_NAMES.map((role) => [role, new Set<string>(BY_ROLE[role])]),
);

/**
 * The `error-chain` fields that show as links of the chain, in catalog order, each with its link:
 * the error chain of a report reads them from here.
 */
export function errorChainLinks(): readonly (readonly [FieldName, ErrorChainLinkSpec])[] {
  return CHAIN_LINKS;
}

/** The link a field shows as in the error chain; null for a name without one or not catalogued. */
export function errorChainLinkOf(name: string): ErrorChainLinkSpec | null {
  return CHAIN_BY_NAME.get(name) ?? null;
}

const CHAIN_LINKS: readonly (readonly [FieldName, ErrorChainLinkSpec])[] = ALL_FIELDS.flatMap((d) =>
  d.chain && d.roles?.includes('error-chain') ? [[d.name, d.chain] as const] : [],
);
const CHAIN_BY_NAME = new Map<string, ErrorChainLinkSpec>(CHAIN_LINKS);

/**
 * True when a field is worth a glance where it was read: a `key` field in its own section, or in
 * the sections its entry names. A Work Account repeats device fields for one registration, and a
 * flat (pre-1803) capture prints details under Device State: neither makes them key fields there.
 */
export function isKeyField(name: string, section: SectionId): boolean {
  const def = BY_NAME.get(name);
  if (!def?.roles?.includes('key')) return false;
  return def.keyIn ? def.keyIn.includes(section) : def.section === section;
}

/** The catalog entry of a canonical name. */
export function fieldDef(name: FieldName): FieldDef<FieldName> {
  return BY_NAME.get(name) as FieldDef<FieldName>;
}

const BY_NAME = new Map<string, FieldDef<FieldName>>(ALL_FIELDS.map((d) => [d.name, d]));

/** Section headers as current Windows prints them. `Work Account N` is matched by prefix. */
export const SECTION_TITLES: ReadonlyArray<readonly [string, SectionId]> = [
  ['Device State', 'device-state'],
  ['Device Details', 'device-details'],
  ['Tenant Details', 'tenant-details'],
  ['User State', 'user-state'],
  ['SSO State', 'sso-state'],
  ['Diagnostic Data', 'diagnostic-data'],
  ['Ngc Prerequisite Check', 'ngc-prerequisite-check'],
  ['IE Proxy Config for Current User', 'ie-proxy-config'],
  // Printed beside the user's when the command runs elevated on recent builds: the settings of SYSTEM.
  ['IE Proxy Config for System Account', 'ie-proxy-config'],
  ['WinHttp Default Proxy Config', 'winhttp-proxy-config'],
  ['URL Specific Proxy Config', 'url-proxy-config'],
  ['Work Account', 'work-account'],
];

/** The lookup key: lower case, without spaces (also non-breaking), tabs or underscores. */
export function fieldKey(label: string): string {
  let out = '';
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    if (c === 32 || c === 9 || c === 95 || c === 160) continue;
    out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : label[i];
  }
  return out;
}

const byKey = new Map<string, FieldDef[]>();
for (const def of FIELDS) {
  for (const label of [def.name, ...def.variants]) {
    const key = fieldKey(label);
    const list = byKey.get(key);
    if (!list) byKey.set(key, [def]);
    else if (!list.includes(def)) list.push(def);
  }
}

/**
 * Every catalog entry a label can name. Usually one; two where blocks share a spelling
 * (`Server ErrorCode` / `Server Error Code`, `Https Status` / `HTTP status`).
 * The entry whose canonical name is spelled as the label comes first.
 */
export function lookupFieldCandidates(label: string): readonly FieldDef[] {
  return bySpelling.get(label) ?? cachedCandidates(label);
}

function cachedCandidates(label: string): readonly FieldDef[] {
  const cached = labelCache.get(label);
  if (cached) return cached;
  const found = candidatesOf(label);
  // Labels repeat across captures; the cache is bounded so memory does not grow with input.
  if (labelCache.size >= LABEL_CACHE_LIMIT) labelCache.clear();
  labelCache.set(label, found);
  return found;
}

const LABEL_CACHE_LIMIT = 4096;
const labelCache = new Map<string, readonly FieldDef[]>();
const NONE: readonly FieldDef[] = [];

function candidatesOf(label: string): readonly FieldDef[] {
  const key = fieldKey(label);
  const list = byKey.get(key);
  if (!list) return NONE;
  if (list.length === 1) return list;
  const lower = label.trim().toLowerCase();
  const rank = (d: FieldDef) => (d.name.toLowerCase() === lower ? 0 : fieldKey(d.name) === key ? 1 : 2);
  return [...list].sort((a, b) => rank(a) - rank(b));
}

/**
 * Every name and variant exactly as the catalog spells it, with its answer worked out once:
 * most labels in real output hit this before any normalising or caching is needed.
 */
const bySpelling = new Map<string, readonly FieldDef[]>();
for (const def of FIELDS) {
  for (const label of [def.name, ...def.variants]) {
    if (!bySpelling.has(label)) bySpelling.set(label, candidatesOf(label));
  }
}

/** The catalog entry for a label, ignoring case and spaces; undefined when unknown. */
export function lookupField(label: string): FieldDef | undefined {
  return lookupFieldCandidates(label)[0];
}

/** True when some field's name or variant has this lookup key (used to guide line splitting). */
export function isFieldKey(key: string): boolean {
  return byKey.has(key);
}

/** True when the label names a catalog field (cached: called for every candidate key). */
export function isKnownLabel(label: string): boolean {
  return lookupFieldCandidates(label).length > 0;
}

/** The section a header title names, with its ordinal for `Work Account N`; null when unknown. */
export function lookupSection(title: string): { id: SectionId; ordinal: number | null } | null {
  return sectionBySpelling.get(title) ?? cachedSection(title);
}

function cachedSection(title: string): { id: SectionId; ordinal: number | null } | null {
  const cached = sectionCache.get(title);
  if (cached !== undefined) return cached;
  const found = sectionOf(title);
  if (sectionCache.size >= LABEL_CACHE_LIMIT) sectionCache.clear();
  sectionCache.set(title, found);
  return found;
}

const sectionCache = new Map<string, { id: SectionId; ordinal: number | null } | null>();

function sectionOf(title: string): { id: SectionId; ordinal: number | null } | null {
  const key = fieldKey(title);
  for (const [t, id] of SECTION_TITLES) {
    const k = fieldKey(t);
    if (id === 'work-account') {
      if (key.startsWith(k)) {
        const rest = key.slice(k.length);
        if (rest === '') return { id, ordinal: null };
        if (/^\d{1,4}$/.test(rest)) return { id, ordinal: Number(rest) };
      }
    } else if (key === k) return { id, ordinal: null };
  }
  return null;
}

/** The titles exactly as printed, answered without normalising (as `bySpelling` for fields). */
const sectionBySpelling = new Map<string, { id: SectionId; ordinal: number | null }>();
for (const [title] of SECTION_TITLES) {
  const found = sectionOf(title);
  if (found) sectionBySpelling.set(title, found);
}
