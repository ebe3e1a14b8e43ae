/**
 * Server error codes as services write them: the registration service's ErrorCode/ErrorSubCode
 * (Server ErrorCode in "Previous Registration", event 204/304 bodies) and the OAuth `error` values
 * Entra ID and AD FS return (Server Error Code in the PRT diagnostics, AAD event 1081). The message
 * that comes with a registration error is matched separately (server-messages.ts).
 * @module
 */
import { define, reading } from './define.ts';
import {
  AADSTS_REFERENCE,
  DSREGCMD_ARTICLE,
  OAUTH_ERRORS,
  PRT_ARTICLE,
  SEED_FEDERATED_SERVER,
  SEED_JOIN_HTTP,
  SEED_PRT_SAMPLE,
  SEED_SYNC_SERVER,
} from './sources.ts';
import type { CodeEntry } from './types.ts';

const READ_DESCRIPTION =
  'Read the Server Error Description (or AAD event 1081/1088): the AADSTS or MSIS code in it is the real reason.';

function oauth(
  code: string,
  summary: string,
  causes: string[],
  steps: string[] = [READ_DESCRIPTION],
): CodeEntry {
  return define({
    code,
    family: 'server',
    summary,
    readings: [reading(null, summary, causes, steps, 'PRT attempt')],
    checks: ['F3'],
    sources: [OAUTH_ERRORS, AADSTS_REFERENCE],
  });
}

export const SERVER_ENTRIES: CodeEntry[] = [
  define({
    code: 'DirectoryError',
    family: 'server',
    summary:
      'The registration service hit a directory problem with this device; the server message names it.',
    readings: [
      reading(
        ['join'],
        'The registration service refused the join for a directory reason. Its message tells which: device object not found (sync join: expected until Entra Connect has synced the computer), tenant not found (AADSTS90002: wrong tenant in the SCP), or throttling (wait for the cooldown).',
        [
          'Sync join: the computer object is not synced to Entra ID yet.',
          'A wrong tenant ID in the SCP.',
          'Too many registration attempts in a short time.',
        ],
        ['Match the Server Message to its case and follow its steps.'],
        'registration server',
      ),
    ],
    checks: ['J4', 'G12'],
    sources: [SEED_JOIN_HTTP, SEED_FEDERATED_SERVER, SEED_SYNC_SERVER],
  }),
  define({
    code: 'AuthenticationError',
    family: 'server',
    summary: 'The registration service could not authenticate the computer.',
    readings: [
      reading(
        ['join'],
        'The registration service could not authenticate the computer. In a sync join, the SID verification message means Entra Connect has not finished syncing the computer; the client reports 0x801c0002 unless the sub-code is DeviceNotFound.',
        ['Sync join: the computer object or its certificate is not synced yet.'],
        ['Wait for the next Entra Connect sync cycle and let the device retry.'],
        'registration server',
      ),
    ],
    checks: ['J4', 'G12'],
    sources: [SEED_JOIN_HTTP, SEED_SYNC_SERVER],
  }),
  define({
    code: 'DeviceNotFound',
    family: 'server',
    summary: 'Registration service sub-code: the device was not found in Entra ID.',
    readings: [
      reading(
        null,
        'The registration service has no device object for this device: it was never synced, or it was deleted.',
        ['The device object was deleted in Entra ID.', 'Sync join: the computer object is not synced yet.'],
        [
          'Check the device in Entra ID.',
          'Hybrid joined: `dsregcmd /leave` as SYSTEM, restart and sign in on the corporate network to join again.',
        ],
        'registration server sub-code',
      ),
    ],
    checks: ['J4'],
    sources: [SEED_JOIN_HTTP],
  }),
  define({
    code: 'invalid_grant',
    family: 'server',
    summary: 'Entra ID or AD FS refused the credential or grant presented; the AADSTS/MSIS code says why.',
    readings: [
      reading(
        null,
        'The token service refused what the device presented (password, Windows Hello key, refresh token, device certificate). The AADSTS or MSIS code in the description names the reason, for example AADSTS50126 for a wrong or not yet synced password.',
        [
          'Wrong or stale password (AADSTS50126).',
          'Device deleted or disabled (AADSTS50155, AADSTS700003).',
          'Revoked or expired refresh token (AADSTS50173, AADSTS700082).',
        ],
        [READ_DESCRIPTION],
        'PRT attempt',
      ),
    ],
    checks: ['F3'],
    sources: [OAUTH_ERRORS, PRT_ARTICLE, SEED_PRT_SAMPLE],
  }),
  oauth(
    'interaction_required',
    'The request needs the user to sign in interactively (MFA, consent or a Conditional Access requirement).',
    ['Multifactor authentication or another interactive step required by policy.'],
    [READ_DESCRIPTION, 'Have the user sign in interactively once.'],
  ),
  oauth('invalid_request', 'The request was malformed or missed a parameter.', [
    'A client fault, or a proxy altering the request.',
  ]),
  oauth('unauthorized_client', 'The client is not allowed to use this grant.', [
    'Application or tenant configuration.',
  ]),
  oauth('invalid_client', 'The client could not be authenticated.', ['Application configuration.']),
  oauth('unsupported_grant_type', 'The server does not support the grant type requested.', [
    'An AD FS version or configuration that does not support the grant (enterprise PRT).',
  ]),
  oauth('invalid_resource', 'The requested resource does not exist in the tenant or is not valid.', [
    'A resource not configured in the tenant.',
  ]),
  oauth('invalid_scope', 'The requested scope is not valid.', ['Application configuration.']),
  oauth('access_denied', 'The resource owner or server denied the request.', ['Policy or consent refused.']),
  oauth(
    'temporarily_unavailable',
    'The token service is temporarily unavailable.',
    ['A service-side outage.'],
    ['Retry later.'],
  ),
  define({
    code: 'error_missing_device',
    family: 'server',
    summary: 'The token request needed a device identity and none was found.',
    readings: [
      reading(
        null,
        'The service expected the request to come from a registered device and could not find one; device-bound tokens (PRT, device-based Conditional Access) cannot be issued.',
        [
          'The device is not registered or joined, or its registration was removed.',
          'The device object was deleted in Entra ID.',
        ],
        [
          'Check AzureAdJoined / WorkplaceJoined and DeviceAuthStatus in `dsregcmd /status`: a device object that is gone shows DeviceAuthStatus FAILED.',
          'Leave and join again: hybrid joined `dsregcmd /leave` as administrator, restart and sign in on the corporate network; Microsoft Entra joined, disconnect and rejoin from Settings > Accounts > Access work or school.',
        ],
        'PRT attempt',
      ),
    ],
    checks: ['F3', 'C3'],
    sources: [DSREGCMD_ARTICLE],
  }),
  subError(
    'device_authentication_failed',
    'Sub-error: the device could not prove its identity to Entra ID.',
    'Device authentication failed: the device certificate or key was rejected, or the device object is disabled or deleted; device-bound tokens are refused.',
    [
      'The device object was disabled or deleted in Entra ID.',
      'The device key or certificate is unusable (TPM cleared, expired certificate).',
    ],
    [
      'Check DeviceAuthStatus and KeySignTest (elevated) in `dsregcmd /status`.',
      'If the device object is gone or disabled: enable it, or leave and join again.',
    ],
  ),
  subError(
    'bad_token',
    'Sub-error: the token presented was not valid.',
    'The refresh token or PRT the client presented was rejected as invalid (revoked, or issued to another device).',
    [
      'The token was revoked (password change, admin sign-out, device removed).',
      'A token of another device or user was presented.',
    ],
    ['Sign out and in again to get a new PRT; if it recurs, check the device object in Entra ID.'],
  ),
  subError(
    'token_expired',
    'Sub-error: the token presented has expired.',
    'The token presented is past its lifetime; the client must get a new one with the user.',
    ['The device was offline longer than the token lifetime.', 'The device clock is wrong.'],
    ['Check Client Time, then lock and unlock or sign out and in while connected.'],
  ),
  subError(
    'user_password_expired',
    'Sub-error: the user must change the password.',
    "The user's password has expired: a token is issued only after the password is changed.",
    ['The password reached its maximum age.'],
    ['Have the user change the password, then sign in again.'],
  ),
  subError(
    'client_mismatch',
    'Sub-error: the token was issued to another client.',
    'The token presented belongs to another application or broker than the one presenting it.',
    ['A token cache shared between apps, or a broker problem.'],
    ['Sign out and in again; clear the token broker state if it persists.'],
  ),
  subError(
    'basic_action',
    'Sub-error: the user can resolve this with a simple interactive step.',
    'Entra ID needs the user to do something simple, such as sign in again interactively.',
    ['An interactive sign-in is required.'],
    ['Have the user sign in interactively (lock and unlock, or sign out and in).'],
  ),
  subError(
    'additional_action',
    'Sub-error: the user must complete an extra step outside the sign-in.',
    'Entra ID needs an action beyond signing in, such as accepting terms of use or registering for MFA.',
    ['Terms of use, MFA registration or another policy requirement is pending.'],
    ['Have the user complete the pending action in a browser, then sign in again.'],
  ),
  subError(
    'message_only',
    'Sub-error: Entra ID only explains the failure; no user action resolves it.',
    'Entra ID rejected the request and the user cannot fix it: the description says why.',
    ['A policy blocks the request.'],
    [READ_DESCRIPTION],
  ),
];

/** An OAuth sub-error (`suberror`) as Entra ID returns it beside the error code. */
function subError(
  code: string,
  summary: string,
  meaning: string,
  causes: string[],
  steps: string[],
): CodeEntry {
  return define({
    code,
    family: 'server',
    summary,
    readings: [reading(null, meaning, causes, steps, 'server sub-code')],
    checks: ['F3'],
    sources: [AADSTS_REFERENCE],
  });
}
