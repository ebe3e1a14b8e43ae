/**
 * NTSTATUS codes as PRT attempts report them ("Attempt Status" in dsregcmd, AAD event 1007
 * Status): 0xC000xxxx from the system, 0xC0048xxx from the AAD CloudAP plug-in, 0xC00Cxxxx from the
 * XML parser. CloudAP reuses generic system codes with its own meaning, so the PRT reading comes
 * first and the header text is not the diagnosis.
 * @module
 */
import { define, reading } from './define.ts';
import {
  HRESULT_VALUES,
  HYBRID_JOIN_CURRENT,
  NTSTATUS_VALUES,
  PRT_ARTICLE,
  SEED_PRT_SAMPLE,
} from './sources.ts';
import type { CodeEntry } from './types.ts';

const PRT = 'PRT attempt';
const PRT_WINDOWS =
  'dsregcmd shows the PRT attempt ("Attempt Status") from Windows 10 21H1; on earlier builds read AAD event 1007.';
const SERVER_ERROR_STEPS = [
  'Read "Server Error Code" and "Server Error Description" in the PRT diagnostics, or AAD Operational events 1081 (Entra ID error) and 1088 (federation WS-Trust error).',
  'Look the AADSTS or MSIS code up for the cause.',
];
const NETWORK_STEPS = [
  'Find the failing URL in AAD event 1022 just before the error, and the network error in event 1084 (or "HTTP Error" in the PRT diagnostics).',
  'If the HTTP status is 4xx, read events 1081/1088 for the server error instead.',
  'Check the proxy configuration in the user and SYSTEM contexts.',
];

function prt(
  code: string,
  name: string,
  summary: string,
  meaning: string,
  causes: string[],
  steps: string[],
  message?: string,
): CodeEntry {
  return define({
    code,
    name,
    family: 'ntstatus',
    summary,
    readings: [reading(null, meaning, causes, steps, PRT)],
    messages: message ? [message] : [],
    checks: ['F3'],
    sources: [PRT_ARTICLE, HYBRID_JOIN_CURRENT],
    windows: PRT_WINDOWS,
  });
}

function sdk(code: string, name: string, summary: string): CodeEntry {
  return define({ code, name, family: 'ntstatus', summary, sources: [NTSTATUS_VALUES] });
}

export const NTSTATUS_ENTRIES: CodeEntry[] = [
  define({
    code: '0xc000006d',
    name: 'STATUS_LOGON_FAILURE',
    family: 'ntstatus',
    summary:
      'The PRT request failed: Entra ID or the federation service refused it (HTTP 400) or could not be reached.',
    messages: [
      'The attempted logon is invalid. This is either due to a bad username or authentication information',
    ],
    readings: [
      reading(
        null,
        'Getting a PRT failed. Either the device could not reach the Entra ID authentication service, or Entra ID or the federation service answered HTTP 400; the server error says which (invalid_grant with AADSTS50126 means a wrong password, or a new password not yet synced).',
        [
          'Wrong credentials, or a password changed on-premises and not yet synced by password hash sync (AADSTS50126).',
          'The user does not exist in the tenant (AADSTS50034).',
          'The device was deleted or disabled in Entra ID (AADSTS50155).',
          'No connectivity to Entra ID or the federation service.',
        ],
        SERVER_ERROR_STEPS,
        PRT,
      ),
    ],
    checks: ['F3'],
    sources: [PRT_ARTICLE, SEED_PRT_SAMPLE],
    windows: PRT_WINDOWS,
  }),
  prt(
    '0xc000006a',
    'STATUS_WRONG_PASSWORD',
    'The PRT request was refused for bad credentials (HTTP 400 from Entra ID or WS-Trust).',
    'Handled like STATUS_LOGON_FAILURE: Entra ID or the federation service refused the credentials.',
    ['A wrong or stale password, or a password not yet synced.'],
    SERVER_ERROR_STEPS,
  ),
  prt(
    '0xc00000d0',
    'STATUS_REQUEST_NOT_ACCEPTED',
    'The PRT request got HTTP 400 from Entra ID or the federation service.',
    'Entra ID or the WS-Trust endpoint answered HTTP 400. The system text of this code (about connection limits) does not apply here.',
    ['A server-side refusal whose reason is in the server error code.'],
    SERVER_ERROR_STEPS,
  ),
  prt(
    '0xc000023c',
    'STATUS_NETWORK_UNREACHABLE',
    'The PRT request got an HTTP 4xx or failed on the network.',
    'Either Entra ID or the WS-Trust endpoint answered with an HTTP 4xx status, or there was a connectivity problem.',
    ['No connectivity to the URL in event 1022.', 'A 4xx answer from the server.'],
    NETWORK_STEPS,
  ),
  prt(
    '0xc00000be',
    'STATUS_BAD_NETWORK_PATH',
    'The PRT request got an HTTP 4xx or failed on the network.',
    'Same group as STATUS_NETWORK_UNREACHABLE: a 4xx answer from the server, or a connectivity problem.',
    ['No connectivity to the URL in event 1022.', 'A 4xx answer from the server.'],
    NETWORK_STEPS,
  ),
  prt(
    '0xc00000c4',
    'STATUS_UNEXPECTED_NETWORK_ERROR',
    'The PRT request got an HTTP 4xx or failed on the network.',
    'Same group as STATUS_NETWORK_UNREACHABLE: a 4xx answer from the server, or a connectivity problem.',
    ['No connectivity to the URL in event 1022.', 'A 4xx answer from the server.'],
    NETWORK_STEPS,
  ),
  prt(
    '0xc000005f',
    'STATUS_NO_SUCH_LOGON_SESSION',
    'User realm discovery failed: Entra ID does not know the domain of the UPN.',
    "Entra ID could not find the domain of the user's UPN, so the PRT request could not start.",
    [
      'The UPN suffix is not a verified domain of the tenant (for example a .local suffix).',
      'Alternate login ID set up without the needed configuration.',
    ],
    [
      'Check the UPN used in AAD event 1144.',
      'Add and verify the domain in Entra ID, or change the UPN suffix to a verified domain.',
    ],
  ),
  prt(
    '0xc004844c',
    'AAD_CLOUDAP_E_OAUTH_USERNAME_IS_MALFORMED',
    "The user's UPN is not in the user@domain form.",
    'CloudAP got a UPN that is not an Internet-style name. In hybrid setups it comes from the domain controller: the on-premises UPN is missing or malformed.',
    [
      'The on-premises UPN is not set or is not user@domain.',
      'Alternate login ID without the matching configuration.',
    ],
    [
      'Check the UPN in AAD event 1144.',
      'Fix the on-premises UPN (and sync), or configure alternate login ID.',
    ],
  ),
  prt(
    '0xc0048442',
    'AAD_CLOUDAP_E_OAUTH_USER_SID_IS_EMPTY',
    'The ID token from Entra ID had no user SID.',
    'Entra ID answered with an ID token that carries no user SID; something between the device and Entra ID may have altered it.',
    ['A proxy modifying the answer.', 'The user object has no on-premises SID in Entra ID.'],
    [
      'Exclude Entra ID endpoints from TLS inspection.',
      'Check that the user is synced with its on-premises SID.',
    ],
  ),
  prt(
    '0xc004848b',
    'AAD_CLOUDAP_E_HTTP_PASSWORD_URI_IS_EMPTY',
    'The federation metadata (MEX) has no username/password WS-Trust endpoint.',
    'CloudAP found no username/password WS-Trust endpoint in the federation service metadata.',
    ['The usernamemixed WS-Trust endpoint is disabled on AD FS.'],
    ['Enable and publish /adfs/services/trust/13/usernamemixed on AD FS.'],
  ),
  prt(
    '0xc004848c',
    'AAD_CLOUDAP_E_HTTP_CERTIFICATE_URI_IS_EMPTY',
    'The federation metadata (MEX) has no certificate WS-Trust endpoint.',
    'CloudAP found no certificate WS-Trust endpoint in the federation service metadata.',
    ['The certificatemixed WS-Trust endpoint is disabled on AD FS.'],
    ['Enable and publish /adfs/services/trust/13/certificatemixed on AD FS.'],
  ),
  define({
    code: '0xc00484c1',
    name: 'AAD_CLOUDAP_E_WSTRUST_SAML_TOKENS_ARE_EMPTY',
    aliases: [],
    family: 'ntstatus',
    summary: 'The WS-Trust endpoint answered with an error instead of a SAML token.',
    readings: [
      reading(
        null,
        'The federation service returned no SAML token for the user; its error is in AAD event 1088.',
        ['A federation service error (bad credentials, claim rules, MFA required).'],
        [
          'Read AAD event 1088 for the WS-Trust error and its MSIS code.',
          'Look in the AD FS Admin log at the time of the attempt.',
        ],
        PRT,
      ),
    ],
    checks: ['F3'],
    sources: [PRT_ARTICLE, HYBRID_JOIN_CURRENT],
    notes: [
      'The articles also print it as 0x800484c1 and as "--1073445695"; the value is 0xc00484c1 (-1073445695).',
    ],
  }),
  define({
    code: '0x800484c1',
    family: 'ntstatus',
    summary: 'A misprint of 0xc00484c1 (AAD_CLOUDAP_E_WSTRUST_SAML_TOKENS_ARE_EMPTY) in the PRT article.',
    readings: [
      reading(
        null,
        'Read it as 0xc00484c1: the WS-Trust endpoint answered with an error instead of a SAML token.',
        [],
        ['Look up 0xc00484c1.'],
        PRT,
      ),
    ],
    checks: ['F3'],
    sources: [PRT_ARTICLE],
  }),
  define({
    code: '0xc00484b2',
    family: 'ntstatus',
    summary:
      'A CloudAP failure without an authoritative public description (possibly: device not cloud domain joined).',
    readings: [
      reading(
        null,
        'No public Microsoft source describes this code. It is associated elsewhere with CloudAP not finding a usable device registration, which AAD event 1089 ("Device is not cloud domain joined") would confirm.',
        ['The device registration or its certificate is not usable.'],
        ['Check AzureAdJoined and the device certificate in `dsregcmd /status`.', 'Look for AAD event 1089.'],
        PRT,
      ),
    ],
    checks: ['F3'],
    sources: [PRT_ARTICLE],
  }),
  define({
    code: '0xc00cee4f',
    name: 'WC_E_DTDPROHIBITED',
    family: 'hresult',
    summary: 'The WS-Trust XML answer contained a DTD, which the XML parser refuses.',
    readings: [
      reading(
        null,
        'The federation service (or something in front of it) answered with an XML document that has a DTD; the parser rejects it.',
        ['A proxy or a non-standard federation service returning a DTD-bearing page.'],
        [
          'Fetch the WS-Trust/MEX URL from the device and check the answer.',
          'Check the proxy for the federation service traffic.',
        ],
        PRT,
      ),
    ],
    checks: ['F3'],
    sources: [PRT_ARTICLE, HYBRID_JOIN_CURRENT],
  }),
  sdk('0xc0000072', 'STATUS_ACCOUNT_DISABLED', 'The account is disabled.'),
  sdk('0xc0000071', 'STATUS_PASSWORD_EXPIRED', 'The password has expired.'),
  sdk('0xc0000224', 'STATUS_PASSWORD_MUST_CHANGE', 'The password must be changed before signing in.'),
  sdk('0xc0000234', 'STATUS_ACCOUNT_LOCKED_OUT', 'The account is locked out.'),
  sdk('0xc000006e', 'STATUS_ACCOUNT_RESTRICTION', 'An account restriction prevents the sign-in.'),
  sdk('0xc0000193', 'STATUS_ACCOUNT_EXPIRED', 'The account has expired.'),
  sdk('0xc000006f', 'STATUS_INVALID_LOGON_HOURS', 'Sign-in is not allowed at this time.'),
  sdk('0xc0000070', 'STATUS_INVALID_WORKSTATION', 'Sign-in is not allowed from this workstation.'),
  sdk('0xc0000064', 'STATUS_NO_SUCH_USER', 'The user does not exist.'),
  sdk('0xc000005e', 'STATUS_NO_LOGON_SERVERS', 'No logon server (domain controller) is available.'),
  sdk(
    '0xc0000133',
    'STATUS_TIME_DIFFERENCE_AT_DC',
    'The clocks of the device and the domain controller differ too much.',
  ),
  sdk('0xc0000022', 'STATUS_ACCESS_DENIED', 'Access is denied.'),
  sdk('0xc0020017', 'RPC_NT_SERVER_UNAVAILABLE', 'The RPC server is unavailable.'),
  define({
    // The N bit (0x10000000) marks an NTSTATUS carried as an HRESULT (HRESULT_FROM_NT).
    code: '0xd0020017',
    name: 'HRESULT_FROM_NT(RPC_NT_SERVER_UNAVAILABLE)',
    family: 'ntstatus',
    summary: 'The RPC server is unavailable (RPC_NT_SERVER_UNAVAILABLE, 0xC0020017, carried as an HRESULT).',
    readings: [
      reading(
        null,
        'The RPC server is unavailable: dsregcmd could not query the service behind the value (the token broker for WamDefaultSet, the Windows Hello for Business prerequisite check for NgcPreReq), so the value was not read. On a device that is neither Microsoft Entra joined nor hybrid joined, and for a user without a work account, there is nothing for that service to answer and this error is expected.',
        [
          'The device is not Microsoft Entra joined or hybrid joined, and the user has no work or school account.',
          'The service that answers the query is not running for this session.',
        ],
        [
          'If the device should be joined, diagnose the join first; run `dsregcmd /status` again as the signed-in user once it is joined.',
        ],
        'User State and Ngc Prerequisite Check',
      ),
    ],
    sources: [HRESULT_VALUES, NTSTATUS_VALUES],
  }),
  sdk('0xc0000001', 'STATUS_UNSUCCESSFUL', 'The operation failed (generic).'),
  sdk('0xc000000d', 'STATUS_INVALID_PARAMETER', 'A parameter is not valid.'),
  sdk('0xc0000225', 'STATUS_NOT_FOUND', 'The object was not found.'),
  sdk('0xc00000e5', 'STATUS_INTERNAL_ERROR', 'An internal error occurred.'),
  sdk('0xc00000b5', 'STATUS_IO_TIMEOUT', 'The operation timed out.'),
  sdk('0xc0000120', 'STATUS_CANCELLED', 'The operation was cancelled.'),
  sdk('0xc00000bb', 'STATUS_NOT_SUPPORTED', 'The request is not supported.'),
  sdk('0xc000023d', 'STATUS_HOST_UNREACHABLE', 'The remote host cannot be reached.'),
  sdk('0xc0000236', 'STATUS_CONNECTION_REFUSED', 'The remote system refused the connection.'),
  sdk(
    '0xc0048550',
    'STATUS_AAD_CLOUDAP_E_APNONCE_INVALID',
    'CloudAP (remote sign-in): the server nonce has expired.',
  ),
  sdk(
    '0xc0048551',
    'STATUS_AAD_CLOUDAP_E_BAD_DEVICE_ACCESS_TOKEN_FORMAT',
    'CloudAP (remote sign-in): the device access token is malformed.',
  ),
  sdk(
    '0xc0048552',
    'STATUS_AAD_CLOUDAP_E_ASSERTION_MALFORMED',
    'CloudAP (remote sign-in): the assertion is malformed.',
  ),
  sdk(
    '0xc0048553',
    'STATUS_AAD_CLOUDAP_E_INVALID_TENANT',
    'CloudAP (remote sign-in): the tenant in the nonce or assertion is not valid.',
  ),
  sdk(
    '0xc0048554',
    'STATUS_AAD_CLOUDAP_E_INVALID_DEVICE',
    'CloudAP (remote sign-in): the target device in the nonce or assertion is not valid.',
  ),
  sdk(
    '0xc0048556',
    'STATUS_AAD_CLOUDAP_E_INVALID_ACCESS_TOKEN',
    'CloudAP (remote sign-in): the access token is not valid.',
  ),
  sdk(
    '0xc0048557',
    'STATUS_AAD_CLOUDAP_E_INVALID_BINDING_KEY_ID',
    'CloudAP (remote sign-in): the binding key does not match.',
  ),
  sdk(
    '0xc0048559',
    'STATUS_AAD_CLOUDAP_E_CANT_FIND_ROOT_CERT',
    'CloudAP (remote sign-in): the root certificate for the token signature was not found.',
  ),
  sdk(
    '0xc004855a',
    'STATUS_AAD_CLOUDAP_E_ASSERTION_INVALID',
    'CloudAP (remote sign-in): the assertion resource does not match the token audience.',
  ),
  sdk(
    '0xc004855b',
    'STATUS_AAD_CLOUDAP_E_CALLER_MISMATCH',
    'CloudAP (remote sign-in): the resource ID does not match the token audience.',
  ),
];
