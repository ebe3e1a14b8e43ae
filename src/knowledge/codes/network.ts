/**
 * Network codes: WinINet/WinHTTP errors (12xxx) as Win32 codes and as HRESULTs (0x80072xxx).
 * The articles name them WININET_E_*, but device registration and CloudAP use WinHTTP, and the two
 * libraries share numbers without always sharing meanings (12175 is "decoding failed" in WinINet
 * and "secure failure" in WinHTTP; 12030 is "connection aborted" and "connection error"). Where
 * they differ, the entry carries both readings.
 * @module
 */
import { define, hex32, reading } from './define.ts';
import { PRT_ARTICLE, SEED_DISCOVER_SUB, SEED_JOIN_NET, WINHTTP_ERRORS, WININET_ERRORS } from './sources.ts';
import type { CodeEntry, CodeReading, CodeSource } from './types.ts';

const DRS = 'https://enterpriseregistration.windows.net';
const LOGIN = 'https://login.microsoftonline.com';
const PROXY_CAUSE =
  'An outbound proxy that the computer account (SYSTEM context) cannot discover or authenticate to.';
const PRT_NET_STEPS = [
  'Find the failing URL in AAD event 1022 just before the error, and the network code in event 1084.',
  `Check that ${LOGIN} and device.login.microsoftonline.com answer in the user's and the SYSTEM context, through the proxy if one is used.`,
];

interface NetSpec {
  /** The WinINet/WinHTTP number (12002). */
  code: number;
  wininet: string | null;
  winhttp: string | null;
  summary: string;
  message?: string;
  readings: CodeReading[];
  checks?: string[];
  sources: CodeSource[];
  notes?: string[];
}

/** The HRESULT form (0x80072xxx) and the bare Win32 form (0x00002xxx) of one network error. */
function net(spec: NetSpec): CodeEntry[] {
  // The HRESULT keeps the article's WININET_E_ name; the Win32 names belong to the bare number.
  const hrName = spec.wininet
    ? spec.wininet.replace(/^ERROR_(?:INTERNET|HTTP)_/, 'WININET_E_')
    : `HRESULT_FROM_WIN32(${spec.winhttp})`;
  const shared = {
    summary: spec.summary,
    readings: spec.readings,
    messages: spec.message ? [spec.message] : [],
    checks: spec.checks ?? [],
    sources: spec.sources,
    ...(spec.notes ? { notes: spec.notes } : {}),
  };
  return [
    define({ code: hex32(0x80070000 | spec.code), name: hrName, family: 'wininet', ...shared }),
    define({
      code: hex32(spec.code),
      name: spec.winhttp ?? spec.wininet,
      aliases: [spec.winhttp ? spec.wininet : null].filter((n): n is string => n !== null),
      family: 'win32',
      ...shared,
      messages: [],
    }),
  ];
}

function generic(
  code: number,
  wininet: string | null,
  winhttp: string | null,
  summary: string,
  causes: string[],
  steps: string[],
): CodeEntry[] {
  return net({
    code,
    wininet,
    winhttp,
    summary,
    readings: [reading(null, summary, causes, steps)],
    sources: [winhttp ? WINHTTP_ERRORS : WININET_ERRORS],
  });
}

const TLS_STEPS = [
  'Check the device clock and time zone.',
  `Exclude ${DRS}, ${LOGIN} and device.login.microsoftonline.com from TLS inspection (device.login.microsoftonline.com uses client certificates).`,
  'Check that the computer trusts the certificate chain it is given.',
];

export const NETWORK_ENTRIES: CodeEntry[] = [
  ...net({
    code: 12002,
    wininet: 'ERROR_INTERNET_TIMEOUT',
    winhttp: 'ERROR_WINHTTP_TIMEOUT',
    summary: 'A network request timed out.',
    message: 'The operation timed out',
    readings: [
      reading(
        ['discover'],
        `Discovery timed out: the device did not get an answer from ${DRS} (or, for realm discovery, ${LOGIN}) in the SYSTEM context.`,
        ['The registration endpoints are blocked or not routed from the device.', PROXY_CAUSE],
        [
          `Test ${DRS} and ${LOGIN} as SYSTEM (for example with \`psexec -s\` and Invoke-WebRequest, or the Test Device Registration Connectivity script).`,
          'Configure a proxy the computer account can use without interaction (WPAD, or WinHTTP proxy by Group Policy).',
        ],
        'discover sub-error',
      ),
      reading(
        ['join'],
        `The join request to the registration service (${DRS}) timed out after discovery had worked.`,
        [
          'An unstable or slow connection to the registration service.',
          'A proxy that lets discovery through but stalls the join request.',
        ],
        [`Check network connectivity to ${DRS}.`, 'Retry from a stable network.'],
      ),
      reading(
        null,
        'A PRT request to Entra ID timed out (HTTP Error in the PRT diagnostics, or AAD event 1084).',
        ['No or slow connectivity to Entra ID.', 'Proxy problems in the user or SYSTEM context.'],
        PRT_NET_STEPS,
        'PRT attempt',
      ),
    ],
    checks: ['J1', 'J3', 'G5', 'F3'],
    sources: [SEED_DISCOVER_SUB, SEED_JOIN_NET, PRT_ARTICLE, WINHTTP_ERRORS],
  }),
  ...net({
    code: 12007,
    wininet: 'ERROR_INTERNET_NAME_NOT_RESOLVED',
    winhttp: 'ERROR_WINHTTP_NAME_NOT_RESOLVED',
    summary: 'A server name could not be resolved.',
    message: 'The server name or address could not be resolved',
    readings: [
      reading(
        ['join'],
        `The device could not resolve the name of the registration service (${DRS}).`,
        [
          'DNS on the device or network does not resolve the Microsoft names.',
          'A split-DNS or proxy-only network where direct resolution is blocked.',
        ],
        [
          `Check DNS resolution of enterpriseregistration.windows.net on the device.`,
          `Check network connectivity to ${DRS}.`,
        ],
      ),
      reading(
        ['discover'],
        'The device could not resolve the name of the discovery endpoint.',
        ['DNS does not resolve enterpriseregistration.windows.net or login.microsoftonline.com.'],
        ['Check DNS resolution of the Microsoft endpoints on the device.'],
        'discover sub-error',
      ),
      reading(
        null,
        'A PRT request failed because a name (Entra ID or the federation service) could not be resolved.',
        ['DNS failure for the URL in event 1022.'],
        PRT_NET_STEPS,
        'PRT attempt',
      ),
    ],
    checks: ['J1', 'J3', 'F3'],
    sources: [SEED_JOIN_NET, PRT_ARTICLE, WINHTTP_ERRORS],
  }),
  ...net({
    code: 12029,
    wininet: 'ERROR_INTERNET_CANNOT_CONNECT',
    winhttp: 'ERROR_WINHTTP_CANNOT_CONNECT',
    summary: 'A connection to the server could not be made.',
    message: 'A connection with the server could not be established',
    readings: [
      reading(
        ['discover'],
        `The device could not connect to ${DRS} (or ${LOGIN}) to discover the registration service.`,
        ['A firewall blocks outbound HTTPS from the device.', PROXY_CAUSE],
        [
          `Check network connectivity to ${DRS} and ${LOGIN} from the SYSTEM context.`,
          'Check the proxy configuration for the computer account.',
        ],
        'discover sub-error',
      ),
      reading(
        ['join'],
        `The device could not connect to ${DRS} to register.`,
        ['A firewall or proxy blocks the registration service.'],
        [`Check network connectivity to ${DRS}.`],
      ),
      reading(
        null,
        'A PRT request could not connect to Entra ID or the federation service.',
        ['Blocked connectivity to the URL in event 1022.'],
        PRT_NET_STEPS,
        'PRT attempt',
      ),
    ],
    checks: ['J1', 'J3', 'G5', 'F3'],
    sources: [SEED_DISCOVER_SUB, PRT_ARTICLE, WINHTTP_ERRORS],
  }),
  ...net({
    code: 12030,
    wininet: 'ERROR_INTERNET_CONNECTION_ABORTED',
    winhttp: 'ERROR_WINHTTP_CONNECTION_ERROR',
    summary: 'The connection was ended abnormally (WinINet: aborted; WinHTTP: connection error).',
    message: 'The connection with the server was terminated abnormally',
    readings: [
      reading(
        ['join'],
        'The connection to the registration service was cut before the join completed.',
        ['An unstable network.', 'A proxy or firewall resetting the connection.'],
        ['Retry after a while or from another stable network.', 'Check proxy and firewall logs.'],
      ),
      reading(
        ['discover'],
        'The connection to the discovery endpoint was cut.',
        ['A proxy or firewall resetting the connection.'],
        ['Check proxy and firewall logs for the device.'],
        'discover sub-error',
      ),
      reading(
        null,
        'WinHTTP lost the connection during a PRT request (ERROR_WINHTTP_CONNECTION_ERROR).',
        ['TLS inspection or a proxy resetting the connection.', 'An unstable network.'],
        PRT_NET_STEPS,
        'PRT attempt',
      ),
    ],
    checks: ['J1', 'J3', 'F3'],
    sources: [SEED_JOIN_NET, PRT_ARTICLE, WINHTTP_ERRORS, WININET_ERRORS],
    notes: [
      'WinINet names 12030 ERROR_INTERNET_CONNECTION_ABORTED; WinHTTP, which device registration uses, names it ERROR_WINHTTP_CONNECTION_ERROR.',
    ],
  }),
  ...net({
    code: 12175,
    wininet: 'ERROR_INTERNET_DECODING_FAILED',
    winhttp: 'ERROR_WINHTTP_SECURE_FAILURE',
    summary: 'WinINet: the response could not be decoded; WinHTTP: one or more TLS certificate errors.',
    readings: [
      reading(
        ['discover'],
        'The seed article reads it as "the network stack could not decode the server response" (the WinINet meaning). Device registration uses WinHTTP, where 12175 is a TLS certificate failure; both point at something between the device and the service, most often a TLS-inspecting proxy.',
        [
          'A TLS-inspecting proxy presenting its own certificate or altering the response.',
          'A wrong device clock.',
          'Certificate revocation lists not reachable.',
        ],
        [
          'Make sure no proxy interferes with or modifies the traffic to the registration endpoints.',
          ...TLS_STEPS,
        ],
        'discover sub-error',
      ),
      reading(
        null,
        'WinHTTP could not validate the TLS certificate of the server (ERROR_WINHTTP_SECURE_FAILURE).',
        ['A TLS-inspecting proxy.', 'A wrong device clock.', 'An untrusted or revoked certificate chain.'],
        TLS_STEPS,
        'WinHTTP (PRT attempt, events)',
      ),
    ],
    checks: ['J1', 'G5'],
    sources: [SEED_DISCOVER_SUB, WINHTTP_ERRORS, WININET_ERRORS],
    notes: [
      '12175 means different things in WinINet (decoding failed) and WinHTTP (secure failure); the ADAL twin 0xcaa82f8f is the TLS reading.',
    ],
  }),
  ...generic(
    12006,
    'ERROR_INTERNET_UNRECOGNIZED_SCHEME',
    'ERROR_WINHTTP_UNRECOGNIZED_SCHEME',
    'The URL scheme is not supported.',
    ['A malformed federation or proxy URL (seen as AdalErrorCode 0x2ee6 in event 305).'],
    ['Check the federation service URLs in the MEX answer and any proxy PAC entries.'],
  ),
  ...generic(
    12015,
    'ERROR_INTERNET_LOGIN_FAILURE',
    'ERROR_WINHTTP_LOGIN_FAILURE',
    'Signing in to the server or proxy failed.',
    ['The proxy refuses the computer account.'],
    ['Allow the computer account through the proxy, or exempt the Microsoft endpoints.'],
  ),
  ...generic(
    12017,
    'ERROR_INTERNET_OPERATION_CANCELLED',
    'ERROR_WINHTTP_OPERATION_CANCELLED',
    'The network operation was cancelled.',
    ['A shutdown or timeout higher up cancelled the request.'],
    ['Retry; look for an earlier error.'],
  ),
  ...generic(
    12031,
    'ERROR_INTERNET_CONNECTION_RESET',
    null,
    'The connection was reset by the server or a device in between.',
    ['A proxy or firewall resetting the connection.'],
    ['Check proxy and firewall logs.'],
  ),
  ...generic(
    12037,
    'ERROR_INTERNET_SEC_CERT_DATE_INVALID',
    'ERROR_WINHTTP_SECURE_CERT_DATE_INVALID',
    'The server certificate is expired or not yet valid.',
    ['A wrong device clock.', 'A proxy with an expired certificate.'],
    TLS_STEPS,
  ),
  ...generic(
    12038,
    'ERROR_INTERNET_SEC_CERT_CN_INVALID',
    'ERROR_WINHTTP_SECURE_CERT_CN_INVALID',
    'The server certificate name does not match the host.',
    ['A proxy presenting a certificate for another name.'],
    TLS_STEPS,
  ),
  ...generic(
    12044,
    'ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED',
    'ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED',
    'The server asked for a client certificate.',
    ['device.login.microsoftonline.com asks for the device certificate; TLS inspection breaks this.'],
    TLS_STEPS,
  ),
  ...generic(
    12045,
    'ERROR_INTERNET_INVALID_CA',
    'ERROR_WINHTTP_SECURE_INVALID_CA',
    'The server certificate chains to an untrusted root.',
    ['A TLS-inspecting proxy whose root the computer does not trust.'],
    TLS_STEPS,
  ),
  ...generic(
    12057,
    'ERROR_INTERNET_SEC_CERT_REV_FAILED',
    'ERROR_WINHTTP_SECURE_CERT_REV_FAILED',
    'The revocation check of the server certificate could not complete.',
    ['Revocation lists (CRL/OCSP) not reachable from the device.'],
    ['Allow the device to reach the CRL and OCSP endpoints of the certificate chain.'],
  ),
  ...generic(
    12152,
    'ERROR_HTTP_INVALID_SERVER_RESPONSE',
    'ERROR_WINHTTP_INVALID_SERVER_RESPONSE',
    'The server answer could not be parsed at the HTTP level.',
    ['A proxy or middlebox corrupting the answer.'],
    ['Check the proxy for the device.'],
  ),
  ...generic(
    12157,
    'ERROR_INTERNET_SECURITY_CHANNEL_ERROR',
    'ERROR_WINHTTP_SECURE_CHANNEL_ERROR',
    'The TLS channel failed.',
    ['TLS 1.2 disabled, or cipher suites not shared with a proxy.'],
    ['Check that TLS 1.2 is enabled for SCHANNEL and WinHTTP.'],
  ),
  ...generic(
    12166,
    'ERROR_INTERNET_BAD_AUTO_PROXY_SCRIPT',
    'ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT',
    'The proxy auto-configuration script failed.',
    ['An error in the PAC file.'],
    ['Fix the PAC file, or configure a WinHTTP proxy.'],
  ),
  ...generic(
    12167,
    'ERROR_INTERNET_UNABLE_TO_DOWNLOAD_SCRIPT',
    'ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT',
    'The proxy auto-configuration script could not be downloaded.',
    ['The PAC URL is not reachable for the computer account.'],
    ['Make the PAC URL reachable from the SYSTEM context.'],
  ),
  ...generic(
    12169,
    'ERROR_INTERNET_SEC_INVALID_CERT',
    'ERROR_WINHTTP_SECURE_INVALID_CERT',
    'The server certificate is not valid.',
    ['A proxy certificate or a broken chain.'],
    TLS_STEPS,
  ),
  ...generic(
    12170,
    'ERROR_INTERNET_SEC_CERT_REVOKED',
    'ERROR_WINHTTP_SECURE_CERT_REVOKED',
    'The server certificate has been revoked.',
    ['A proxy with a revoked certificate.'],
    TLS_STEPS,
  ),
  ...generic(
    12178,
    null,
    'ERROR_WINHTTP_AUTO_PROXY_SERVICE_ERROR',
    'The WinHTTP auto-proxy service could not find a proxy for the URL.',
    ['WPAD or PAC configured but unusable for the computer.'],
    ['Check the WPAD/PAC configuration, or set a WinHTTP proxy by Group Policy.'],
  ),
  ...generic(
    12180,
    null,
    'ERROR_WINHTTP_AUTODETECTION_FAILED',
    'Proxy auto-detection (WPAD) found no configuration.',
    ['No WPAD record while a proxy is required.'],
    ['Publish WPAD, or configure the WinHTTP proxy by Group Policy.'],
  ),
  ...generic(
    12185,
    null,
    'ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY',
    'The client certificate has no private key.',
    ['The device certificate lost its key (TPM cleared).'],
    ['Check KeySignTest elevated; re-register the device if its key is gone.'],
  ),
  ...generic(
    12186,
    null,
    'ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY',
    'The private key of the client certificate cannot be used.',
    ['The caller has no access to the device key, or the TPM is locked out.'],
    ['Check the TPM state and KeySignTest.'],
  ),
  ...generic(
    12187,
    null,
    'ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED_PROXY',
    'The proxy asked for a client certificate.',
    ['A proxy that requires client certificates.'],
    ['Exempt the Microsoft endpoints from the proxy.'],
  ),
  ...generic(
    12188,
    null,
    'ERROR_WINHTTP_SECURE_FAILURE_PROXY',
    'A TLS certificate error on the connection to the proxy.',
    ['The proxy certificate is not trusted by the computer.'],
    TLS_STEPS,
  ),
];
