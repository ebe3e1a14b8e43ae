/**
 * ADAL codes (0xCAAx_xxxx) that the registration task and the token broker report: auth-phase
 * failures of a federated hybrid join (events 305, 304 with errorPhase auth) and AAD events
 * 1097/1098. The upper word names the group; 0xCAA8 carries a WinHTTP code in the low word and
 * 0xCAA3 an HTTP status.
 * @module
 */
import { define, reading } from './define.ts';
import { ADAL_CODES, KB3196528, QA_591928, SEED_AUTH, WHFB_PROVISIONING_TRACE } from './sources.ts';
import type { CodeEntry, CodeReading } from './types.ts';

const FEDERATION_CHECK =
  'Check the federation service (AD FS) configuration and look for the server error code in event 305 or the AAD Operational log.';

function auth(meaning: string, causes: string[], steps: string[]): CodeReading[] {
  return [reading(['auth'], meaning, causes, steps)];
}

/** 0xCAA8xxxx: a WinHTTP failure while talking to Entra ID or the federation service. */
function internet(
  low: number,
  name: string,
  summary: string,
  causes: string[],
  steps: string[],
  seed: boolean,
): CodeEntry {
  return define({
    code: `0xcaa8${low.toString(16).padStart(4, '0')}`,
    name,
    family: 'adal',
    summary,
    readings: auth(
      `${summary} (WinHTTP error ${low}) while getting a token for the registration service from Entra ID or the federation service.`,
      causes,
      steps,
    ),
    checks: seed ? ['J1', 'G7'] : ['G7'],
    sources: seed ? [SEED_AUTH, ADAL_CODES] : [ADAL_CODES],
  });
}

const REACH_LOGIN =
  'Make sure https://login.microsoftonline.com and the federation service answer from the SYSTEM context.';
const PROXY_CAUSE = 'An outbound proxy the computer account cannot discover or authenticate to.';

export const ADAL_ENTRIES: CodeEntry[] = [
  define({
    code: '0xcaa90017',
    name: 'ERROR_ADAL_PROTOCOL_NOT_SUPPORTED',
    family: 'adal',
    summary: 'The federation service does not offer WS-Trust, the protocol the join needs.',
    readings: auth(
      'The on-premises identity provider did not answer with the WS-Trust protocol, which a federated hybrid join uses to get its token silently.',
      [
        'The federation service is not AD FS or has WS-Trust disabled.',
        'The domain is federated with a provider that only offers passive (browser) protocols.',
      ],
      [
        'Enable the WS-Trust endpoints (windowstransport, usernamemixed) on the identity provider.',
        'Or convert the domain to managed authentication so sync join is used.',
      ],
    ),
    checks: ['J1', 'G7'],
    sources: [SEED_AUTH, ADAL_CODES],
  }),
  define({
    code: '0xcaa9002c',
    name: 'ERROR_ADAL_FAILED_TO_PARSE_XML',
    family: 'adal',
    summary: 'The federation service answered with something that is not XML.',
    readings: auth(
      'The metadata exchange (MEX) or WS-Trust answer from the federation service was not valid XML.',
      [
        'A proxy returned an HTML page (login or block page) instead of the service answer.',
        'The MEX endpoint is broken.',
      ],
      [
        'Fetch the MEX URL from the device as SYSTEM and check that it returns XML.',
        'Exempt the federation service from the proxy or fix proxy authentication for the computer.',
      ],
    ),
    checks: ['J1', 'G7'],
    sources: [SEED_AUTH, ADAL_CODES],
  }),
  define({
    code: '0xcaa90023',
    name: 'ERROR_ADAL_COULDNOT_DISCOVER_USERNAME_PASSWORD_ENDPOINT',
    family: 'adal',
    summary: 'No username/password WS-Trust endpoint in the federation metadata.',
    readings: auth(
      'The metadata exchange document of the federation service lists no WS-Trust endpoint the device can use.',
      [
        'The WS-Trust endpoints are disabled on AD FS.',
        'The MEX answer lists wrong or unreachable endpoints.',
      ],
      [
        'Enable the WS-Trust 1.3 endpoints on AD FS (windowstransport, usernamemixed) and publish them.',
        'Check the MEX answer for correct endpoint URLs.',
      ],
    ),
    checks: ['J1', 'G7'],
    sources: [SEED_AUTH, ADAL_CODES],
  }),
  define({
    code: '0xcaa90022',
    name: 'ERROR_ADAL_COULDNOT_DISCOVER_INTEGRATED_AUTH_ENDPOINT',
    family: 'adal',
    summary: 'No Windows-integrated WS-Trust endpoint (windowstransport) in the federation metadata.',
    readings: auth(
      'The device found no integrated-authentication WS-Trust endpoint to get its token with Kerberos.',
      ['The windowstransport endpoint is disabled on AD FS.'],
      [
        'Enable /adfs/services/trust/2005/windowstransport and /adfs/services/trust/13/windowstransport on AD FS (intranet only).',
      ],
    ),
    checks: ['G7'],
    sources: [ADAL_CODES],
  }),
  internet(
    0x2ee2,
    'ERROR_ADAL_INTERNET_TIMEOUT',
    'A network timeout',
    ['Entra ID or the federation service not reachable in time from the SYSTEM context.', PROXY_CAUSE],
    [REACH_LOGIN, 'Fix the proxy configuration for the computer account.'],
    true,
  ),
  internet(
    0x2efe,
    'ERROR_ADAL_INTERNET_CONNECTION_ABORTED',
    'The connection to the authentication endpoint was aborted',
    ['An unstable network.', 'A proxy or firewall resetting the connection.'],
    ['Retry after a while, or from a stable network.', 'Check proxy and firewall logs for the connection.'],
    true,
  ),
  internet(
    0x2f8f,
    'ERROR_ADAL_INTERNET_SECURE_FAILURE',
    "The server's TLS certificate could not be validated",
    [
      'A TLS-inspecting proxy presenting its own certificate.',
      'A wrong device clock.',
      'Revocation lists not reachable.',
    ],
    [
      'Check the device clock.',
      'Exclude Entra ID endpoints from TLS inspection.',
      'Retry from another network.',
    ],
    true,
  ),
  internet(
    0x2efd,
    'ERROR_ADAL_INTERNET_CANNOT_CONNECT',
    'The connection to the authentication endpoint could not be made',
    ['https://login.microsoftonline.com blocked or not routed from the device.', PROXY_CAUSE],
    ['Check network access to https://login.microsoftonline.com from the SYSTEM context.'],
    true,
  ),
  internet(
    0x2ee7,
    'ERROR_ADAL_INTERNET_NAME_NOT_RESOLVED',
    'The name of the authentication endpoint could not be resolved',
    ['DNS does not resolve the Entra ID or federation service name.'],
    ['Check DNS resolution of login.microsoftonline.com and of the federation service name on the device.'],
    false,
  ),
  internet(
    0x2f0d,
    'ERROR_ADAL_INTERNET_INVALID_CA',
    "The authentication endpoint's certificate comes from an untrusted authority",
    ['A TLS-inspecting proxy whose root is not trusted by the computer.'],
    ['Exclude Entra ID endpoints from TLS inspection, or trust the proxy root in the machine store.'],
    false,
  ),
  internet(
    0x2f7d,
    'ERROR_ADAL_INTERNET_SECURE_CHANNEL_ERROR',
    'The TLS channel to the authentication endpoint failed',
    ['TLS 1.2 disabled on the device, or cipher mismatch with a proxy.'],
    ['Check that TLS 1.2 is enabled for the system (SCHANNEL and WinHTTP).'],
    false,
  ),
  internet(
    0x2f86,
    'ERROR_ADAL_INTERNET_BAD_AUTO_PROXY_SCRIPT',
    'The proxy auto-configuration script failed',
    ['An error in the PAC file.'],
    ['Fix the PAC script, or set a WinHTTP proxy for the computer.'],
    false,
  ),
  internet(
    0x2f87,
    'ERROR_ADAL_INTERNET_UNABLE_TO_DOWNLOAD_SCRIPT',
    'The proxy auto-configuration script could not be downloaded',
    ['The PAC URL is not reachable from the SYSTEM context.'],
    ['Make the PAC file reachable for the computer account.'],
    false,
  ),
  internet(
    0x2f94,
    'ERROR_ADAL_INTERNET_AUTODETECTION_FAILED',
    'Proxy auto-detection (WPAD) found no configuration',
    ['No WPAD record on the network while a proxy is required.'],
    ['Publish WPAD, or configure the WinHTTP proxy by Group Policy.'],
    false,
  ),
  define({
    code: '0xcaa20003',
    name: 'ERROR_ADAL_SERVER_ERROR_INVALID_GRANT',
    family: 'adal',
    summary: 'Entra ID did not accept the token from the on-premises identity provider (invalid_grant).',
    readings: auth(
      'Entra ID rejected the SAML token the federation service issued for the computer.',
      [
        'The claim rules for domain-joined computers (accounttype DJ, onpremobjectguid, primarysid) are missing or wrong.',
        'The issuer ID does not match the verified domain.',
        'The token-signing certificate is out of date in Entra ID.',
      ],
      [
        'Read the AADSTS code in the server error of event 305 or AAD events.',
        'Check the AD FS issuance rules for computers.',
        FEDERATION_CHECK,
      ],
    ),
    checks: ['J1', 'G7'],
    sources: [SEED_AUTH, ADAL_CODES],
  }),
  define({
    code: '0xcaa90014',
    name: 'ERROR_ADAL_WSTRUST_REQUEST_SECURITYTOKEN_FAILED',
    family: 'adal',
    summary: 'The WS-Trust answer was a fault; no token assertion came back.',
    readings: auth(
      'The federation service answered the WS-Trust request with a fault instead of a token.',
      [
        'The federation service refused the computer (authentication or claim rule failure).',
        'AD FS errors (see the AD FS Admin log).',
      ],
      [FEDERATION_CHECK, 'Look in the AD FS Admin log at the time of the attempt.'],
    ),
    checks: ['J1', 'G7'],
    sources: [SEED_AUTH, ADAL_CODES],
  }),
  define({
    code: '0xcaa90006',
    name: 'ERROR_ADAL_WSTRUST_TOKEN_REQUEST_FAIL',
    family: 'adal',
    summary: 'The token request to the token endpoint failed.',
    readings: auth(
      'The device got an error when it asked the token endpoint for an access token.',
      ['An error from the token endpoint, visible in the ADAL log.'],
      ['Read the underlying error in the ADAL log lines of event 305 (AdalLog) or AAD events.'],
    ),
    checks: ['J1', 'G7'],
    sources: [SEED_AUTH, ADAL_CODES],
  }),
  define({
    code: '0xcaa1002d',
    name: 'ERROR_OPERATION_PENDING',
    aliases: ['ERROR_ADAL_OPERATION_PENDING'],
    family: 'adal',
    summary: 'A generic ADAL failure; the sub-error or server error says more.',
    readings: auth(
      'ADAL reported a general failure during token acquisition.',
      ['An underlying network or server error.'],
      ['Look for the sub-error and the server error code in event 305 or the AAD logs.'],
    ),
    checks: ['J1', 'G7'],
    sources: [SEED_AUTH, ADAL_CODES],
    notes: [
      'The seed article calls it ERROR_ADAL_OPERATION_PENDING; the ADAL table names it ERROR_OPERATION_PENDING.',
    ],
  }),
  define({
    code: '0xcaa1000e',
    name: 'ERROR_ADAL_HANDLE',
    family: 'adal',
    summary: 'An invalid ADAL handle.',
    readings: auth(
      'ADAL was given an invalid handle; observed as the exit code of a federated join failing in the auth phase.',
      ['An internal client error, often after an earlier failure.'],
      ['Look at the earlier ADAL log lines in event 304/305 for the first failure.'],
    ),
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa10001',
    name: 'ERROR_ADAL_NEED_CREDENTIAL',
    family: 'adal',
    summary: 'A user credential or interaction is needed to continue.',
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa90013',
    name: 'ERROR_ADAL_FAILED_TO_PARSE_WSTRUST_RESPONSE',
    family: 'adal',
    summary: 'The WS-Trust answer could not be parsed.',
    readings: auth(
      'The WS-Trust answer from the federation service could not be parsed.',
      ['A proxy page instead of the service answer.', 'A non-standard WS-Trust implementation.'],
      [FEDERATION_CHECK],
    ),
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa9002b',
    name: 'ERROR_ADAL_WS_TRUST_MEX_REQUEST',
    family: 'adal',
    summary: 'The metadata exchange (MEX) request to the federation service failed.',
    readings: auth(
      'The device could not fetch the metadata exchange document of the federation service.',
      ['The federation service is not reachable from the device.', 'The MEX endpoint is disabled.'],
      ['Fetch https://<federation service>/adfs/services/trust/mex from the device as SYSTEM.'],
    ),
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa90002',
    name: 'ERROR_ADAL_SERVER_ERROR_SAML_ASSERTION_NOT_FOUND',
    family: 'adal',
    summary: 'The WS-Trust answer held no SAML assertion.',
    readings: auth(
      'The federation service answered without a SAML token.',
      ['A claim or authorization rule on AD FS refused the computer.'],
      [FEDERATION_CHECK],
    ),
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa90004',
    name: 'ERROR_ADAL_RENEW_BY_REFRESH_TOKEN',
    family: 'adal',
    summary: 'Getting a token with the refresh token failed.',
    messages: ['Getting token by refresh token failed'],
    readings: [
      reading(
        null,
        'The token broker could not renew a token with its refresh token (AAD event 1097).',
        ['The refresh token was revoked or expired.', 'Network failure.'],
        ['Read the AADSTS code in the additional information of the event.'],
        'AAD event 1097',
      ),
    ],
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa90005',
    name: 'ERROR_ADAL_RESOURCE_OWNER_PASSWORD_CREDENTIAL_GRANT_FAIL',
    family: 'adal',
    summary: 'The username/password grant failed.',
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa90015',
    name: 'ERROR_ADAL_OAUTH_RESPONSE_INVALID',
    family: 'adal',
    summary: 'The OAuth answer from the server was not valid.',
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa90018',
    name: 'ERROR_ADAL_COULDNOT_DISCOVER_USERREALM',
    family: 'adal',
    summary: 'User realm discovery failed.',
    readings: auth(
      'The device could not learn from Entra ID whether the domain is managed or federated.',
      ['https://login.microsoftonline.com not reachable from the SYSTEM context.'],
      [REACH_LOGIN],
    ),
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa90019',
    name: 'ERROR_ADAL_UNEXPECTED_RESPONSE',
    family: 'adal',
    summary: 'The server answer was not what ADAL expected.',
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa9001e',
    name: 'ERROR_ADAL_USERREALM_RESPONSE_PARSE_FAILED',
    family: 'adal',
    summary: 'The user realm answer could not be parsed.',
    readings: auth(
      'The realm discovery answer could not be read.',
      ['A proxy page instead of the service answer.'],
      ['Check the proxy for the computer account.'],
    ),
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa20001',
    name: 'ERROR_ADAL_SERVER_ERROR_UNAUTHORIZED_CLIENT',
    family: 'adal',
    summary: 'The server answered unauthorized_client.',
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa20002',
    name: 'ERROR_ADAL_SERVER_ERROR_INVALID_REQUEST',
    family: 'adal',
    summary: 'The server answered invalid_request.',
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa20004',
    name: 'ERROR_ADAL_SERVER_ERROR_ACCESS_DENIED',
    family: 'adal',
    summary: 'The server answered access_denied.',
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa20005',
    name: 'ERROR_ADAL_SERVER_ERROR_TEMPORARILY_UNAVAILABLE',
    family: 'adal',
    summary: 'The server answered temporarily_unavailable; retry later.',
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa20009',
    name: 'ERROR_ADAL_SERVER_ERROR_INVALID_CLIENT',
    family: 'adal',
    summary: 'The server answered invalid_client.',
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa2000b',
    name: 'ERROR_ADAL_SERVER_ERROR_INVALID_RESOURCE',
    family: 'adal',
    summary: 'The server answered invalid_resource.',
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa2000c',
    name: 'ERROR_ADAL_SERVER_ERROR_INTERACTION_REQUIRED',
    family: 'adal',
    summary:
      'The server answered interaction_required: the user must sign in interactively (MFA, Conditional Access).',
    messages: ['The request requires user interaction'],
    readings: [
      reading(
        null,
        'Entra ID wants the user to sign in interactively, typically for MFA or a Conditional Access requirement (AAD event 1098).',
        ['MFA or Conditional Access requires interaction (AADSTS50076, AADSTS50079).'],
        ['Read the AADSTS code in the event description.', 'Have the user sign in interactively once.'],
        'AAD event 1098',
      ),
    ],
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa20064',
    name: 'ERROR_ADAL_SERVER_ERROR_CODE_UNKNOWN',
    family: 'adal',
    summary: 'The server returned an OAuth error code ADAL does not know.',
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa50002',
    name: 'ERROR_ADAL_SYSTEM_ERROR_OCCURRED',
    family: 'adal',
    summary: 'An underlying system error occurred.',
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa5001c',
    name: null,
    family: 'adal',
    summary:
      'Token broker operation failed: the Web Account Manager plug-in for Entra ID could not complete a token request.',
    messages: ['Token broker operation failed'],
    readings: [
      reading(
        null,
        'The Entra ID token broker (Microsoft.AAD.BrokerPlugin) reports that a token operation failed. It is a summary code: the same event usually names the failing operation and an inner error (for example `Operation name: GetTokenSilently, Error: … (0xcaa10009)`); that inner code says why.',
        [
          "The user's broker plug-in registry key (…\\AppModel\\SystemAppData\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\PSR) lost its owner or permissions; AAD/Operational then often also shows event 1104 with 0xC000005F.",
          'An inner token error, named in the same event, that the broker passed on.',
        ],
        [
          'Read the inner error code and operation name in the event text and look that code up first.',
          "If there is none, or AAD event 1104 shows 0xC000005F: give SYSTEM ownership of the PSR key under the user's hive (HKCU, or HKEY_USERS\\<the SID in event 1098>) and re-enable permission inheritance on it.",
          'If the failure remains, trace the sign-in with Process Monitor and look for ACCESS DENIED on other registry or file paths of the broker.',
        ],
        'AAD event 1098',
      ),
    ],
    sources: [KB3196528, QA_591928],
    notes: [
      'Not in the public ADAL code table (WebProviderError.ErrorCode); the meaning comes from the KB article and from events that print it.',
    ],
  }),
  define({
    code: '0xcaa10009',
    name: 'ERROR_ADAL_CLIENTID_EMPTY',
    family: 'adal',
    summary: "The token request carried no client ID: the value specified for 'clientId' must be non-empty.",
    messages: ["The value specified for 'clientId' must be non-empty"],
    readings: [
      reading(
        null,
        'A token request reached the broker without the client (application) ID of the app asking for the token, so ADAL refused it before contacting Entra ID. It is a caller or configuration problem on the device, not an answer from the server.',
        [
          'The component asking for the token (for example certificate enrollment through an enterprise STS in Windows Hello for Business certificate trust) was given no client ID.',
        ],
        [
          'Find the operation named next to the code (such as GetTokenSilently) and the component that called it at that time.',
          'Check the configuration that supplies that client ID (policy, enrollment or federation settings) before looking at the network or the tenant.',
        ],
        'AAD event 1098',
      ),
    ],
    sources: [ADAL_CODES, QA_591928],
  }),
  define({
    code: '0x4aa90010',
    name: 'INFO_ADAL_REQUEST_SENDING',
    family: 'adal',
    summary: 'Informational, not an error: ADAL is sending a web request (to the token endpoint).',
    messages: ['Sending web request'],
    readings: [
      reading(
        null,
        'A progress code, not a failure: the token library logs it each time it sends a request, for example to the /oauth2/token endpoint. It appears in `AdalLog:` lines of events 304, 305 and 500 and in AAD/Analytic event 1099; look for the error code logged after it instead.',
        [],
        [],
      ),
    ],
    sources: [ADAL_CODES, WHFB_PROVISIONING_TRACE],
  }),
  define({
    code: '0x4aa90011',
    name: 'INFO_ADAL_HEADERS',
    family: 'adal',
    summary:
      'Informational, not an error: the token broker started its sign-in UI flow (logged with the request headers).',
    messages: ['UI flow started', 'Information about request headers'],
    readings: [
      reading(
        null,
        'A progress code, not a failure: the token broker opened its web sign-in flow and logged the start URL and request headers (AAD/Analytic event 1099). It follows an interaction_required answer (0xCAA2000C) when the user must sign in interactively, for example for MFA while Windows Hello for Business is provisioned.',
        [],
        [],
      ),
    ],
    sources: [ADAL_CODES, WHFB_PROVISIONING_TRACE],
    notes: [
      'The public ADAL code table names 0x4AA90011 INFO_ADAL_HEADERS ("Information about request headers"); AAD/Analytic event 1099 renders it as "UI flow started" followed by the start URL and the headers.',
    ],
  }),
  define({
    code: '0xcaa70003',
    name: 'ERROR_INET_CANNOT_CONNECT',
    family: 'adal',
    summary: 'The connection to the server could not be made.',
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa70004',
    name: 'ERROR_INET_RESOURCE_NOT_FOUND',
    family: 'adal',
    summary: 'The server or proxy was not found.',
    sources: [ADAL_CODES],
  }),
  define({
    code: '0xcaa7000a',
    name: 'ERROR_INET_CONNECTION_TIMEOUT',
    family: 'adal',
    summary: 'The Internet connection timed out.',
    messages: ['The Internet connection has timed out'],
    readings: [
      reading(
        null,
        'The token broker timed out reaching Entra ID (AAD events 1097/1098 show it as 3399942154).',
        ['No or slow connectivity to login.microsoftonline.com.', 'Proxy problems.'],
        ['Check connectivity and proxy settings for the user and the device.'],
        'AAD event 1098',
      ),
    ],
    sources: [ADAL_CODES],
  }),
  ...[
    [0x190, 'ERROR_HTTP_STATUS_BAD_REQUEST', 400],
    [0x191, 'ERROR_HTTP_STATUS_DENIED', 401],
    [0x193, 'ERROR_HTTP_STATUS_FORBIDDEN', 403],
    [0x194, 'ERROR_HTTP_STATUS_NOT_FOUND', 404],
    [0x197, 'ERROR_HTTP_STATUS_PROXY_AUTH_REQ', 407],
    [0x1f4, 'ERROR_HTTP_STATUS_SERVER_ERROR', 500],
    [0x1f7, 'ERROR_HTTP_STATUS_SERVICE_UNAVAIL', 503],
  ].map(([low, name, status]) =>
    define({
      code: `0xcaa3${(low as number).toString(16).padStart(4, '0')}`,
      name: name as string,
      family: 'adal',
      summary: `The server answered HTTP ${status}, passed on by ADAL (status in the low word).`,
      readings: [
        reading(
          null,
          `An HTTP ${status} answer from the server during token acquisition; see "HTTP ${status}" for what it means.`,
          [],
          [`Look up HTTP ${status}, and read the server error text in the same event.`],
        ),
      ],
      sources: [ADAL_CODES],
    }),
  ),
];
