/**
 * Win32 codes seen in registration events (event 220 carries 1312/1317) and the generic HRESULTs
 * that wrap them (0x8007xxxx), plus the few COM HRESULTs registration reports.
 * @module
 */
import { define, hex32, reading } from './define.ts';
import { HRESULT_VALUES, HYBRID_JOIN_CURRENT, SEED_DISCOVER_SUB, WIN32_VALUES } from './sources.ts';
import type { CodeEntry, CodeReading, CodeSource } from './types.ts';

interface Win32Spec {
  code: number;
  name: string;
  summary: string;
  message?: string;
  readings?: CodeReading[];
  checks?: string[];
  sources?: CodeSource[];
  /** The HRESULT's own symbol when it has one (E_ACCESSDENIED). */
  hresultName?: string;
}

/** The bare Win32 code and its HRESULT_FROM_WIN32 form, which share their meaning. */
function win32(spec: Win32Spec): CodeEntry[] {
  const common = {
    summary: spec.summary,
    checks: spec.checks ?? [],
    sources: [...(spec.sources ?? []), WIN32_VALUES],
    ...(spec.readings ? { readings: spec.readings } : {}),
  };
  return [
    define({
      code: hex32(spec.code),
      name: spec.name,
      family: 'win32',
      ...common,
    }),
    define({
      code: hex32(0x80070000 | spec.code),
      name: spec.hresultName ?? `HRESULT_FROM_WIN32(${spec.name})`,
      aliases: spec.hresultName ? [`HRESULT_FROM_WIN32(${spec.name})`] : [],
      family: 'hresult',
      messages: spec.message ? [spec.message] : [],
      ...common,
    }),
  ];
}

const AD_REPLICATION: CodeReading[] = [
  reading(
    ['join'],
    'Logged in event 220 next to 0x801c001d during the join: Windows could not read the computer object in Active Directory. The usual reason is on-premises AD replication, and it is often transient.',
    [
      'The computer object has not replicated to the domain controller the device uses.',
      'A transient failure to reach the domain controller.',
    ],
    [
      'Check AD replication (`repadmin /replsummary`, `repadmin /showrepl`).',
      'Check that the computer object exists on the domain controller the device authenticates against.',
      'Let the device retry at the next sign-in.',
    ],
    'event 220',
  ),
];

export const WIN32_ENTRIES: CodeEntry[] = [
  ...win32({
    code: 1312,
    name: 'ERROR_NO_SUCH_LOGON_SESSION',
    summary: 'The logon session does not exist.',
    message: 'A specified logon session does not exist. It may already have been terminated',
    readings: AD_REPLICATION,
    checks: ['K1'],
    sources: [HYBRID_JOIN_CURRENT],
  }),
  ...win32({
    code: 1317,
    name: 'ERROR_NO_SUCH_USER',
    summary: 'The account does not exist.',
    message: 'The specified account does not exist',
    readings: AD_REPLICATION,
    checks: ['K1'],
    sources: [HYBRID_JOIN_CURRENT],
  }),
  ...win32({
    code: 1355,
    name: 'ERROR_NO_SUCH_DOMAIN',
    summary: 'The domain does not exist or no domain controller could be contacted.',
    message: 'The specified domain either does not exist or could not be contacted',
    readings: [
      reading(
        ['pre-check'],
        'The device could not reach a domain controller of its domain: it has no line of sight to Active Directory.',
        [
          'The device is off the corporate network and not on VPN.',
          'DNS does not resolve the domain controllers.',
        ],
        [
          'Connect the device to the internal network or VPN.',
          'Check `nltest /dsgetdc:<domain>` on the device.',
        ],
      ),
    ],
    checks: ['G3'],
  }),
  ...win32({
    code: 5,
    name: 'ERROR_ACCESS_DENIED',
    hresultName: 'E_ACCESSDENIED',
    summary: 'Access is denied.',
    message: 'Access is denied',
    readings: [
      reading(
        null,
        'The operation was refused for lack of rights: typically a registration run outside the SYSTEM context, or a key or registry location the caller may not use.',
        [
          '`dsregcmd /join` or the task run as a user instead of SYSTEM.',
          'Permissions on the device key or registration registry keys changed.',
        ],
        [
          'Run the join as SYSTEM (the Automatic-Device-Join task does).',
          'Check for security software blocking access to the keys.',
        ],
      ),
    ],
  }),
  ...win32({
    code: 13,
    name: 'ERROR_INVALID_DATA',
    // The article's name; the headers only have HRESULT_FROM_WIN32(ERROR_INVALID_DATA).
    hresultName: 'E_INVALIDDATA',
    summary: 'The data is invalid.',
    message: 'The data is invalid',
    readings: [
      reading(
        ['discover'],
        'The answer from the server could not be parsed as JSON. The usual reason is a proxy returning HTTP 200 with an HTML sign-in page.',
        [
          'An outbound proxy requiring authentication that the SYSTEM context cannot perform, answering with a page instead.',
        ],
        [
          'Make sure the SYSTEM context can discover and silently authenticate to the outbound proxy.',
          'Or exempt the registration endpoints from proxy authentication.',
        ],
        'discover sub-error',
      ),
    ],
    checks: ['J1', 'G5'],
    sources: [SEED_DISCOVER_SUB],
  }),
  ...win32({
    code: 1231,
    name: 'ERROR_NETWORK_UNREACHABLE',
    summary: 'The network location cannot be reached.',
  }),
  ...win32({
    code: 1722,
    name: 'RPC_S_SERVER_UNAVAILABLE',
    summary: 'The RPC server is unavailable (often: domain controller not reachable).',
  }),
  ...win32({ code: 1326, name: 'ERROR_LOGON_FAILURE', summary: 'Unknown user name or bad password.' }),
  ...win32({
    code: 1311,
    name: 'ERROR_NO_LOGON_SERVERS',
    summary: 'No logon server (domain controller) is available.',
    checks: ['G3'],
  }),
  ...win32({
    code: 1398,
    name: 'ERROR_TIME_SKEW',
    summary: 'The clocks of the device and the server differ too much.',
  }),
  ...win32({ code: 2, name: 'ERROR_FILE_NOT_FOUND', summary: 'The file or registry value was not found.' }),
  ...win32({ code: 1168, name: 'ERROR_NOT_FOUND', summary: 'Element not found.' }),
  ...win32({
    code: 87,
    name: 'ERROR_INVALID_PARAMETER',
    hresultName: 'E_INVALIDARG',
    summary: 'The parameter is incorrect.',
  }),
  ...win32({ code: 1460, name: 'ERROR_TIMEOUT', summary: 'The operation timed out.' }),
  define({
    code: '0x80004005',
    name: 'E_FAIL',
    family: 'hresult',
    summary: 'Unspecified failure; the event or log around it has the detail.',
    messages: ['Unspecified error'],
    sources: [HRESULT_VALUES],
  }),
  define({
    code: '0x8007000e',
    name: 'E_OUTOFMEMORY',
    family: 'hresult',
    summary: 'Not enough memory.',
    sources: [HRESULT_VALUES],
  }),
  define({
    code: '0x80004001',
    name: 'E_NOTIMPL',
    family: 'hresult',
    summary: 'Not implemented.',
    sources: [HRESULT_VALUES],
  }),
];
