/**
 * A generator of realistic fleets for demos and benchmarks: `dsregcmd /status` captures spread
 * over join states, failing phases, error codes, contexts, Windows builds and sizes as a real
 * fleet is, and the matching Entra portal export (with Pending, stale, disabled, deleted and
 * duplicate objects). Seeded and deterministic; placeholder identifiers only. Pure.
 * @module
 */

/** A small seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FLEET_TENANT = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';

export type Profile =
  | 'hybrid-healthy'
  | 'hybrid-no-prt'
  | 'scp-missing'
  | 'discover-timeout'
  | 'auth-timeout'
  | 'waiting-for-sync'
  | 'entra-healthy'
  | 'entra-no-prt'
  | 'registered'
  | 'not-joined';

/** Share of each profile in a generated fleet (sums to 1). */
export const PROFILE_WEIGHTS: Array<[Profile, number]> = [
  ['hybrid-healthy', 0.5],
  ['hybrid-no-prt', 0.07],
  ['scp-missing', 0.05],
  ['discover-timeout', 0.03],
  ['auth-timeout', 0.03],
  ['waiting-for-sync', 0.07],
  ['entra-healthy', 0.16],
  ['entra-no-prt', 0.03],
  ['registered', 0.04],
  ['not-joined', 0.02],
];

const BUILDS = [
  '10.0.19045.4529',
  '10.0.22621.3737',
  '10.0.22631.3880',
  '10.0.22631.4317',
  '10.0.26100.2033',
];

export interface GeneratedDevice {
  index: number;
  profile: Profile;
  computer: string;
  deviceId: string;
  context: 'system' | 'elevated' | 'user';
  clientTime: string;
  build: string;
  text: string;
}

function guid(rand: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

function pick<T>(rand: () => number, weights: Array<[T, number]>): T {
  let r = rand();
  for (const [value, w] of weights) {
    r -= w;
    if (r < 0) return value;
  }
  return (weights[weights.length - 1] as [T, number])[0];
}

const BAR = `+${'-'.repeat(70)}+`;
function header(title: string): string {
  return `${BAR}\n| ${title.padEnd(69)}|\n${BAR}\n`;
}
function line(name: string, value: string): string {
  return `${name.padStart(26)} : ${value}`;
}
function stamp(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}

/**
 * Device number `index` of a fleet generated with `seed`: the same index and seed always give the
 * same device and text. `base` is the latest capture time (ISO); captures spread over 120 days.
 */
export function generateDevice(seed: number, index: number, base = '2026-11-30T12:00:00Z'): GeneratedDevice {
  const rand = prng((seed * 2654435761) ^ (index * 40503) ^ 0x9e3779b9);
  const profile = pick(rand, PROFILE_WEIGHTS);
  const computer = `${profile === 'registered' || profile === 'not-joined' ? 'LT' : 'PC'}-${String(index).padStart(6, '0')}`;
  const deviceId = guid(rand);
  const contextRoll = rand();
  const context = contextRoll < 0.35 ? 'system' : contextRoll < 0.5 ? 'elevated' : 'user';
  const ageDays = rand() < 0.7 ? rand() * 7 : rand() * 120;
  const now = Date.parse(base) - Math.floor(ageDays * 86_400_000);
  const build = BUILDS[Math.floor(rand() * BUILDS.length)] ?? '10.0.22631.3880';
  const hybrid = profile.startsWith('hybrid');
  const entra = profile.startsWith('entra');
  const domainJoined = !entra && profile !== 'registered' && profile !== 'not-joined';
  const azureJoined = hybrid || entra;
  const registered = azureJoined || profile === 'registered';
  const prt = (profile === 'hybrid-healthy' || profile === 'entra-healthy') && context !== 'system';
  const thumb = Array.from({ length: 40 }, () => '0123456789ABCDEF'[Math.floor(rand() * 16)]).join('');
  const out: string[] = [];
  out.push(
    context === 'system' ? 'C:\\Windows\\system32>dsregcmd /status' : `Microsoft Windows [Version ${build}]`,
  );
  out.push('', header('Device State'));
  out.push(line('AzureAdJoined', azureJoined ? 'YES' : 'NO'));
  out.push(line('EnterpriseJoined', 'NO'));
  out.push(line('DomainJoined', domainJoined ? 'YES' : 'NO'));
  if (domainJoined) out.push(line('DomainName', 'CONTOSO'));
  out.push(line('Virtual Desktop', 'NOT SET'));
  out.push(line('Device Name', domainJoined ? `${computer}.contoso.com` : computer));
  out.push('');
  if (azureJoined) {
    const from = now - Math.floor(rand() * 700) * 86_400_000;
    out.push(header('Device Details'));
    out.push(line('DeviceId', deviceId));
    out.push(line('Thumbprint', thumb));
    out.push(line('DeviceCertificateValidity', `[ ${stamp(from)} -- ${stamp(from + 3650 * 86_400_000)} ]`));
    out.push(line('KeyContainerId', guid(rand)));
    out.push(line('KeyProvider', 'Microsoft Platform Crypto Provider'));
    out.push(line('TpmProtected', rand() < 0.92 ? 'YES' : 'NO'));
    out.push(line('DeviceAuthStatus', 'SUCCESS'));
    out.push('', header('Tenant Details'));
    out.push(line('TenantName', 'Contoso'));
    out.push(line('TenantId', FLEET_TENANT));
    out.push(line('Idp', 'login.windows.net'));
    out.push(line('AuthCodeUrl', `https://login.microsoftonline.com/${FLEET_TENANT}/oauth2/authorize`));
    out.push(line('AccessTokenUrl', `https://login.microsoftonline.com/${FLEET_TENANT}/oauth2/token`));
    out.push(line('MdmUrl', 'https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc'));
    out.push(line('JoinSrvVersion', '2.0'));
    out.push(line('JoinSrvUrl', 'https://enterpriseregistration.windows.net/EnrollmentServer/device/'));
    out.push(line('JoinSrvId', 'urn:ms-drs:enterpriseregistration.windows.net'));
    out.push(line('KeySrvVersion', '1.0'));
    out.push(line('KeySrvUrl', 'https://enterpriseregistration.windows.net/EnrollmentServer/key/'));
    out.push('');
  }
  out.push(header('User State'));
  const ngc = prt && rand() < 0.6;
  out.push(line('NgcSet', ngc ? 'YES' : 'NO'));
  out.push(line('WorkplaceJoined', profile === 'registered' ? 'YES' : 'NO'));
  out.push(line('WamDefaultSet', prt ? 'YES' : 'NO'));
  out.push('', header('SSO State'));
  out.push(line('AzureAdPrt', prt ? 'YES' : 'NO'));
  if (prt) {
    const update = now - Math.floor(rand() * 4 * 3_600_000);
    out.push(line('AzureAdPrtUpdateTime', stamp(update)));
    out.push(line('AzureAdPrtExpiryTime', stamp(update + 14 * 86_400_000)));
    out.push(line('AzureAdPrtAuthority', `https://login.microsoftonline.com/${FLEET_TENANT}`));
  }
  out.push(line('EnterprisePrt', 'NO'));
  out.push('', header('Diagnostic Data'));
  if (profile === 'hybrid-no-prt' || profile === 'entra-no-prt') {
    if (context !== 'system') {
      out.push(line('AcquirePrtDiagnostics', 'PRESENT'));
      out.push(line('Previous Prt Attempt', stamp(now - 3_600_000)));
      out.push(line('Attempt Status', '0xc000006d'));
      out.push(line('User Identity', 'user@contoso.com'));
      out.push(line('Credential Type', 'Password'));
      out.push(line('Correlation ID', guid(rand)));
      out.push(line('Endpoint URI', `https://login.microsoftonline.com/${FLEET_TENANT}/oauth2/token/`));
      out.push(line('HTTP Method', 'POST'));
      out.push(line('HTTP Error', '0x0'));
      out.push(line('HTTP status', '400'));
      out.push(line('Server Error Code', 'invalid_grant'));
      out.push(
        line(
          'Server Error Description',
          'AADSTS50126: Error validating credentials due to invalid username or password.',
        ),
      );
    }
  }
  out.push(line('Diagnostics Reference', 'www.microsoft.com/aadjerrors'));
  out.push(
    line(
      'User Context',
      context === 'system' ? 'SYSTEM' : context === 'elevated' ? 'ELEVATED User' : 'UN-ELEVATED User',
    ),
  );
  out.push(line('Client Time', stamp(now)));
  if (domainJoined && !azureJoined) {
    const failing = profile;
    out.push(line('AD Connectivity Test', 'PASS'));
    out.push(line('AD Configuration Test', failing === 'scp-missing' ? 'FAIL [0x80070002]' : 'PASS'));
    out.push(
      line(
        'DRS Discovery Test',
        failing === 'scp-missing'
          ? 'SKIPPED'
          : failing === 'discover-timeout'
            ? 'FAIL [0x80072ee2]'
            : 'PASS [200]',
      ),
    );
    out.push(
      line(
        'DRS Connectivity Test',
        failing === 'waiting-for-sync' || failing === 'auth-timeout' ? 'PASS' : 'SKIPPED',
      ),
    );
    out.push(
      line(
        'Token acquisition Test',
        failing === 'waiting-for-sync'
          ? 'PASS'
          : failing === 'auth-timeout'
            ? 'FAIL [0xcaa82ee2]'
            : 'SKIPPED',
      ),
    );
    out.push(line('Fallback to Sync-Join', 'ENABLED'));
    out.push('');
    out.push(line('Previous Registration', stamp(now - 3_600_000)));
    const phase = failing === 'waiting-for-sync' ? 'join' : failing === 'auth-timeout' ? 'auth' : 'discover';
    out.push(line('Error Phase', phase));
    const code =
      failing === 'scp-missing'
        ? '0x801c001d'
        : failing === 'discover-timeout'
          ? '0x80072ee2'
          : failing === 'auth-timeout'
            ? '0xcaa82ee2'
            : '0x801c03f2';
    out.push(line('Client ErrorCode', code));
    if (failing === 'waiting-for-sync') {
      out.push(line('Server ErrorCode', 'DirectoryError'));
      out.push(line('Server Message', `The device object by the given id (${deviceId}) is not found.`));
      out.push(line('Https Status', '400'));
      out.push(line('Request Id', guid(rand)));
    }
  }
  out.push('', header('IE Proxy Config for Current User'));
  out.push(line('Auto Detect Settings', 'YES'));
  out.push(line('Auto-Configuration URL', ''));
  out.push('', header('WinHttp Default Proxy Config'));
  out.push(line('Access Type', 'DIRECT'));
  out.push('', header('Ngc Prerequisite Check'));
  out.push(line('IsDeviceJoined', azureJoined ? 'YES' : 'NO'));
  out.push(line('IsUserAzureAD', prt ? 'YES' : 'NO'));
  out.push(line('PolicyEnabled', 'YES'));
  out.push(line('PostLogonEnabled', 'YES'));
  out.push(line('DeviceEligible', azureJoined ? 'YES' : 'NO'));
  out.push(line('SessionIsNotRemote', 'YES'));
  out.push(line('CertEnrollment', 'none'));
  out.push(line('PreReqResult', ngc ? 'WillProvision' : 'WillNotProvision'));
  out.push('', 'For more information, please visit https://www.microsoft.com/aadjerrors', '');
  void registered;
  return {
    index,
    profile,
    computer,
    deviceId,
    context,
    clientTime: new Date(now).toISOString(),
    build,
    text: out.join('\r\n'),
  };
}

/** The header of the portal's current "Download devices" CSV (17 columns). */
export const PORTAL_HEADER = [
  'displayName',
  'accountEnabled',
  'operatingSystem',
  'operatingSystemVersion',
  'joinType (trustType)',
  'registeredOwners',
  'userNames',
  'mdmDisplayName',
  'isCompliant',
  'registrationTime',
  'approximateLastSignInDateTime',
  'deviceId',
  'isManaged',
  'objectId',
  'profileType',
  'systemLabels',
  'model',
];

/**
 * The Entra portal export for a generated fleet of `count` devices: most objects match their
 * device; devices waiting for sync are Pending; a few are stale, disabled, deleted (absent),
 * duplicated by name, or exist only in Entra.
 */
export function generateEntraCsv(seed: number, count: number, base = '2026-11-30T12:00:00Z'): string {
  const rows: string[] = [PORTAL_HEADER.join(',')];
  const baseMs = Date.parse(base);
  const csvDate = (ms: number) => {
    const d = new Date(ms);
    return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  };
  for (let i = 0; i < count; i++) {
    const d = generateDevice(seed, i, base);
    const rand = prng(seed ^ (i * 7919) ^ 0x5bd1e995);
    if (d.profile === 'not-joined') continue;
    const roll = rand();
    if (roll < 0.01 && d.profile.startsWith('hybrid')) continue; // deleted in Entra only
    // A few Entra joined devices whose object says hybrid: a wrong join type to find.
    const wrongType = d.profile.startsWith('entra') && roll > 0.95 && roll < 0.97;
    const trust = wrongType
      ? 'Microsoft Entra hybrid joined'
      : d.profile === 'registered'
        ? 'Microsoft Entra registered'
        : d.profile.startsWith('entra')
          ? 'Microsoft Entra joined'
          : 'Microsoft Entra hybrid joined';
    const hybridNotDone = ['scp-missing', 'discover-timeout', 'auth-timeout'].includes(d.profile);
    if (hybridNotDone && rand() < 0.5) continue; // not synced yet (or not in scope)
    const pending = d.profile === 'waiting-for-sync' || hybridNotDone;
    const stale = roll > 0.97;
    const lastSignIn = stale
      ? baseMs - (100 + Math.floor(rand() * 200)) * 86_400_000
      : baseMs - Math.floor(rand() * 14) * 86_400_000;
    const enabled = roll > 0.015 && roll < 0.99 ? 'True' : 'False';
    const objectId = guid(rand);
    rows.push(
      [
        d.computer,
        enabled,
        'Windows',
        d.build,
        trust,
        '',
        '',
        'Microsoft Intune',
        'True',
        pending ? 'Pending' : csvDate(lastSignIn - 200 * 86_400_000),
        csvDate(lastSignIn),
        d.deviceId,
        'True',
        objectId,
        pending ? '' : 'RegisteredDevice',
        '',
        'Virtual Machine',
      ].join(','),
    );
    if (rand() < 0.02) {
      // An older object of the same name left behind by a reimage.
      rows.push(
        [
          d.computer,
          'True',
          'Windows',
          '10.0.19045.2006',
          trust,
          '',
          '',
          '',
          '',
          csvDate(baseMs - 600 * 86_400_000),
          csvDate(baseMs - 400 * 86_400_000),
          guid(rand),
          'False',
          guid(rand),
          'RegisteredDevice',
          '',
          '',
        ].join(','),
      );
    }
  }
  // Objects no device reported from: retired machines nobody cleaned up.
  for (let i = 0; i < Math.ceil(count / 100); i++) {
    const rand = prng(seed ^ (i * 104729) ^ 0x27d4eb2d);
    const name = `PC-9${String(i).padStart(5, '0')}`;
    const last = csvDate(baseMs - (30 + Math.floor(rand() * 400)) * 86_400_000);
    rows.push(
      [
        name,
        'True',
        'Windows',
        '10.0.19045.2006',
        'Microsoft Entra hybrid joined',
        '',
        '',
        '',
        '',
        last,
        last,
        guid(rand),
        'False',
        guid(rand),
        'RegisteredDevice',
        '',
        '',
      ].join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
