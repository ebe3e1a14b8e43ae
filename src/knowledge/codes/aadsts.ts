/**
 * Entra ID (AADSTS) error numbers that bear on device authentication, PRT acquisition and Windows
 * Hello. They appear as "Server Error Description" in the PRT diagnostics, in AAD events 1081 and
 * 1098, and inside registration server messages (AADSTS90002).
 * @module
 */

import type { Phase } from '../../model/diagnosis.ts';
import { define, reading } from './define.ts';
import {
  AADSTS_REFERENCE,
  AADSTS700003_ARTICLE,
  PRT_ARTICLE,
  SEED_PRT_SAMPLE,
  SEED_SYNC_SERVER,
} from './sources.ts';
import type { CodeEntry, CodeSource } from './types.ts';

interface AadSpec {
  n: number;
  /** The short name Entra ID gives the error, when it has one. */
  name?: string;
  summary: string;
  causes?: string[];
  steps?: string[];
  phases?: Phase[] | null;
  context?: string | null;
  checks?: string[];
  sources?: CodeSource[];
}

function aad(spec: AadSpec): CodeEntry {
  return define({
    code: `AADSTS${spec.n}`,
    name: spec.name ?? null,
    family: 'aadsts',
    summary: spec.summary,
    readings: [
      reading(
        spec.phases ?? null,
        spec.summary,
        spec.causes ?? [],
        spec.steps ?? [],
        spec.context === undefined ? 'PRT attempt' : spec.context,
      ),
    ],
    checks: spec.checks ?? ['F3'],
    sources: [...(spec.sources ?? []), AADSTS_REFERENCE],
  });
}

const SIGN_IN_AGAIN = 'Have the user sign in again interactively (lock and unlock, or sign out and in).';
const REREGISTER_HYBRID =
  'Hybrid joined: run `dsregcmd /leave` as SYSTEM (or elevated), restart, and sign in with a domain account on the corporate network so the device joins again.';
const RECOVER_ENTRA =
  'Entra joined: run `dsregcmd /forcerecovery` and sign in with an administrator of the tenant, or rejoin the device.';
const CA = 'Interactive only';

export const AADSTS_ENTRIES: CodeEntry[] = [
  aad({
    n: 50126,
    name: 'InvalidUserNameOrPassword',
    summary: 'The user name or password is wrong.',
    causes: [
      'The user typed a wrong password.',
      'The password was changed on-premises and password hash sync has not yet synced it (managed, PHS).',
    ],
    steps: [
      'Let the user sign in with the current password.',
      'If the password was just changed, wait for password hash sync (about 2 minutes) and lock/unlock.',
    ],
    sources: [PRT_ARTICLE, SEED_PRT_SAMPLE],
  }),
  aad({
    n: 50155,
    name: 'DeviceAuthenticationFailed',
    summary:
      'Device authentication failed: the device was deleted or disabled in Entra ID, or its certificate was not accepted.',
    causes: [
      'The device object was deleted or disabled in Entra ID.',
      'The device certificate does not match the one Entra ID holds.',
    ],
    steps: [
      'Check the device in the Entra admin center (enabled, present).',
      REREGISTER_HYBRID,
      RECOVER_ENTRA,
    ],
    sources: [PRT_ARTICLE],
  }),
  aad({
    n: 50097,
    name: 'DeviceAuthenticationRequired',
    summary: 'Device authentication is required, but the request carried no usable device identity.',
    causes: ['The device is not registered, or its registration is broken.'],
    steps: ['Check AzureAdJoined / WorkplaceJoined and the device certificate in `dsregcmd /status`.'],
  }),
  aad({
    n: 50187,
    name: 'DeviceInformationNotProvided',
    summary: 'The service could not authenticate the device: device information is missing.',
    causes: ['The device did not present its identity (no registration, or the browser lacks SSO support).'],
    steps: ['Check that the device is registered and that the browser supports Windows SSO.'],
  }),
  aad({
    n: 50129,
    name: 'DeviceIsNotWorkplaceJoined',
    summary: 'The device must be workplace joined (registered) for this request.',
    causes: ['The device is not registered with Entra ID.'],
    steps: ['Register or join the device.'],
    context: null,
  }),
  aad({
    n: 50034,
    name: 'UserAccountNotFound',
    summary: 'The user account does not exist in the tenant.',
    causes: [
      'A typo in the user name.',
      'The user is not synced to Entra ID.',
      'The user belongs to another tenant.',
    ],
    steps: ['Check the UPN used (AAD event 1144).', 'Check that the user is synced and in the right tenant.'],
    sources: [PRT_ARTICLE],
  }),
  aad({
    n: 50053,
    name: 'IdsLocked',
    summary: 'The account is locked after too many failed sign-ins, or the sign-in came from a blocked IP.',
    causes: ['Repeated wrong passwords (Smart Lockout).', 'Sign-in from an IP address flagged as malicious.'],
    steps: ['Wait for the lockout to expire, or unlock the account.'],
  }),
  aad({
    n: 50057,
    name: 'UserDisabled',
    summary: 'The user account is disabled.',
    causes: ['The account is disabled in Entra ID or on-premises.'],
    steps: ['Enable the account if it should sign in.'],
  }),
  aad({
    n: 50055,
    name: 'InvalidPasswordExpiredPassword',
    summary: 'The password has expired.',
    causes: ['The password is past its lifetime.'],
    steps: ['Have the user change the password.'],
  }),
  aad({
    n: 50144,
    name: 'InvalidPasswordExpiredOnPremPassword',
    summary: 'The on-premises Active Directory password has expired.',
    causes: ['The on-premises password is past its lifetime.'],
    steps: ['Have the user change the password on the corporate network.'],
  }),
  aad({
    n: 50056,
    name: 'InvalidOrNullPassword',
    summary: 'The directory holds no password for the user.',
    causes: ['Password hash sync has not synced a password for this user.'],
    steps: ['Check password hash sync for the user.'],
  }),
  aad({
    n: 50064,
    name: 'CredentialAuthenticationError',
    summary: 'The credentials could not be validated.',
    causes: ['Wrong user name or password.'],
    steps: [SIGN_IN_AGAIN],
  }),
  aad({
    n: 50072,
    name: 'UserStrongAuthEnrollmentRequiredInterrupt',
    summary: 'The user must enroll for multifactor authentication (interactive).',
    causes: ['MFA registration pending.'],
    steps: ['Have the user register for MFA.'],
    context: CA,
  }),
  aad({
    n: 50074,
    name: 'UserStrongAuthClientAuthNRequiredInterrupt',
    summary: 'Strong authentication is required and the MFA challenge was not passed.',
    causes: ['An MFA requirement the silent request cannot meet.'],
    steps: [SIGN_IN_AGAIN],
    context: CA,
  }),
  aad({
    n: 50076,
    name: 'UserStrongAuthClientAuthNRequired',
    summary: 'Multifactor authentication is required by policy; the request must be repeated interactively.',
    causes: ['A Conditional Access policy or location rule requires MFA.'],
    steps: [
      SIGN_IN_AGAIN,
      'Consider a Conditional Access exclusion for the device registration service if this blocks registration.',
    ],
    context: CA,
  }),
  aad({
    n: 50079,
    name: 'UserStrongAuthEnrollmentRequired',
    summary: 'The user must register security information for multifactor authentication.',
    causes: ['MFA registration required by policy.'],
    steps: ['Have the user register security information.'],
    context: CA,
  }),
  aad({
    n: 50158,
    name: 'ExternalSecurityChallenge',
    summary: 'An external security challenge (terms of use, third-party MFA) is not yet satisfied.',
    causes: ['A pending external challenge.'],
    steps: [SIGN_IN_AGAIN],
    context: CA,
  }),
  aad({
    n: 50173,
    name: 'FreshTokenNeeded',
    summary: 'The grant was revoked (password change or reset); a fresh sign-in is needed.',
    causes: ['A password change or reset revoked the refresh token.'],
    steps: [SIGN_IN_AGAIN],
  }),
  aad({
    n: 50132,
    name: 'SsoArtifactInvalidOrExpired',
    summary: 'The session is no longer valid because the password expired or changed.',
    causes: ['A recent password change or expiry.'],
    steps: [SIGN_IN_AGAIN],
  }),
  aad({
    n: 50133,
    name: 'SsoArtifactRevoked',
    summary: 'The session was revoked because the password expired or changed.',
    causes: ['A recent password change or expiry.'],
    steps: [SIGN_IN_AGAIN],
  }),
  aad({
    n: 50168,
    name: 'ChromeBrowserSsoInterruptRequired',
    summary: 'The client could do Windows single sign-on but sent no valid SSO token.',
    causes: ['The Windows accounts browser extension is missing or off.'],
    steps: ['Install or enable the Microsoft single sign-on extension for the browser.'],
    context: 'browser SSO',
  }),
  aad({
    n: 50180,
    name: 'WindowsIntegratedAuthMissing',
    summary: 'Integrated Windows authentication is needed; Seamless SSO is not enabled.',
    causes: ['Seamless SSO not enabled for the domain.'],
    steps: ['Enable Seamless SSO, or use a joined device with a PRT.'],
    context: 'browser SSO',
  }),
  aad({
    n: 51006,
    name: 'ForceReauthDueToInsufficientAuth',
    summary: 'The session lacks the integrated Windows authentication claim; the user must sign in again.',
    causes: ['The session was obtained without Windows integrated authentication.'],
    steps: [SIGN_IN_AGAIN],
    context: CA,
  }),
  aad({
    n: 53000,
    name: 'DeviceNotCompliant',
    summary:
      'Conditional Access requires a compliant device and this device is not (or is not known to be) compliant.',
    causes: [
      'The device is not enrolled in Intune or not compliant.',
      'The device is not registered, so compliance cannot be evaluated.',
    ],
    steps: ['Check device registration and Intune compliance.'],
    context: 'Conditional Access',
  }),
  aad({
    n: 53001,
    name: 'DeviceNotDomainJoined',
    summary: 'Conditional Access requires a hybrid joined device and this device is not seen as one.',
    causes: ['The device is not hybrid joined, or has no PRT in the browser session.'],
    steps: ['Complete hybrid join; check AzureAdJoined and AzureAdPrt.'],
    context: 'Conditional Access',
  }),
  aad({
    n: 53003,
    name: 'BlockedByConditionalAccess',
    summary: 'A Conditional Access policy blocked the sign-in.',
    causes: ['A block policy applies to the user, app, location or device.'],
    steps: ['Read the sign-in log in Entra ID for the policy that applied.'],
    context: 'Conditional Access',
  }),
  aad({
    n: 90002,
    name: 'InvalidTenantName',
    summary:
      'The tenant was not found: a wrong tenant ID or name, or a tenant without an active subscription.',
    causes: [
      'The SCP (or CDJ\\AAD registry values) names the wrong tenant.',
      'The tenant has no active subscription.',
    ],
    steps: ['Correct the tenant ID and domain in the SCP.', 'Check the tenant subscriptions.'],
    phases: ['join'],
    context: 'registration server message',
    checks: ['J4', 'G12'],
    sources: [SEED_SYNC_SERVER],
  }),
  aad({
    n: 90019,
    name: 'MissingTenantRealm',
    summary: 'The tenant could not be determined from the request.',
    causes: ['The request names no tenant and the user name gives none.'],
    steps: ['Check the UPN and the authority used.'],
    context: null,
  }),
  aad({
    n: 90072,
    name: 'PassThroughUserMfaError',
    summary: 'The account is not in the tenant it signs in to (external account, or ImmutableID mismatch).',
    causes: [
      'A federated user whose ImmutableID does not match.',
      'A guest account signing in to the wrong tenant.',
    ],
    steps: ['Check the user and its source anchor.'],
    context: null,
  }),
  aad({
    n: 700003,
    summary: 'The device object was not found in the tenant: it was deleted.',
    causes: [
      'The device was deleted in Entra ID (by an admin, a cleanup script, or removal from the sync scope).',
    ],
    steps: [RECOVER_ENTRA, REREGISTER_HYBRID],
    sources: [AADSTS700003_ARTICLE],
  }),
  aad({
    n: 70043,
    name: 'BadTokenDueToSignInFrequency',
    summary: 'The refresh token expired because of the Conditional Access sign-in frequency.',
    causes: ['A sign-in frequency policy.'],
    steps: [SIGN_IN_AGAIN],
  }),
  aad({
    n: 700082,
    name: 'ExpiredOrRevokedGrantInactiveToken',
    summary: 'The refresh token expired after a period of inactivity.',
    causes: ['The device or user was inactive longer than the token lifetime.'],
    steps: [SIGN_IN_AGAIN],
  }),
  aad({
    n: 9002341,
    summary: 'The user must allow Windows single sign-on for this application.',
    causes: ['SSO consent not yet given.'],
    steps: ['Have the user accept the SSO prompt.'],
    context: null,
  }),
  aad({
    n: 130004,
    name: 'NgcKeyNotFound',
    summary: 'The Windows Hello (NGC) key of the user is not configured in Entra ID.',
    causes: ['The Windows Hello key was deleted or never registered.'],
    steps: [
      'Re-provision Windows Hello for Business (`certutil -deletehellocontainer`, then sign in again).',
    ],
    checks: ['F3', 'I3'],
  }),
  aad({
    n: 130005,
    name: 'NgcInvalidSignature',
    summary: 'The signature made with the Windows Hello key could not be verified.',
    causes: ['The key on the device and in Entra ID no longer match.'],
    steps: ['Re-provision Windows Hello for Business.'],
    checks: ['F3', 'I3'],
  }),
  aad({
    n: 130006,
    name: 'NgcTransportKeyNotFound',
    summary: 'The Windows Hello transport key is not configured on the device.',
    causes: ['The device registration is broken or was recreated.'],
    steps: ['Re-register the device, then re-provision Windows Hello.'],
    checks: ['F3', 'I3'],
  }),
  aad({
    n: 130007,
    name: 'NgcDeviceIsDisabled',
    summary: 'The device tied to the Windows Hello key is disabled.',
    causes: ['The device is disabled in Entra ID.'],
    steps: ['Enable the device, or re-register it.'],
    checks: ['F3', 'I3'],
  }),
  aad({
    n: 130008,
    name: 'NgcDeviceIsNotFound',
    summary: 'The device tied to the Windows Hello key was not found.',
    causes: ['The device was deleted in Entra ID.'],
    steps: [REREGISTER_HYBRID, RECOVER_ENTRA],
    checks: ['F3', 'I3'],
  }),
  aad({
    n: 135010,
    name: 'KeyNotFound',
    summary: 'The key used to authenticate was not found.',
    causes: ['The device or Windows Hello key is unknown to Entra ID.'],
    steps: ['Re-register the device or re-provision Windows Hello.'],
  }),
  aad({
    n: 135011,
    summary: 'The device used for authentication is disabled in Entra ID.',
    causes: ['The device was disabled by an administrator or a cleanup process.'],
    steps: ['Enable the device in Entra ID if it is legitimate.'],
  }),
  aad({
    n: 140000,
    name: 'InvalidRequestNonce',
    summary: 'The request nonce was not provided.',
    causes: ['A client fault or a proxy stripping the request.'],
    steps: ['Retry; check for a proxy altering requests.'],
  }),
  aad({
    n: 140001,
    name: 'InvalidSessionKey',
    summary: 'The session key is not valid.',
    causes: ['The PRT session key no longer matches (key lost or device re-registered).'],
    steps: [SIGN_IN_AGAIN, 'If it persists, re-register the device.'],
  }),
  aad({
    n: 221000,
    name: 'DeviceOnlyTokensNotSupportedByResource',
    summary: 'The resource does not accept device-only tokens.',
    causes: ['An application asked for a device-only token for a resource that does not allow it.'],
    steps: ['Configure the resource to accept device-only tokens, or use a user token.'],
    context: null,
  }),
  aad({
    n: 240001,
    summary: 'The user is not authorized to register devices (bulk enrollment token).',
    causes: ['The account behind the provisioning package may not join devices.'],
    steps: ['Create a new provisioning package with an account allowed to join devices.'],
    phases: ['join'],
    context: 'bulk enrollment',
  }),
  aad({
    n: 80001,
    name: 'OnPremiseStoreIsNotAvailable',
    summary: 'The pass-through authentication agent cannot reach Active Directory.',
    causes: ['The PTA agent host cannot reach a domain controller.'],
    steps: ['Check the PTA agents and their connectivity to AD.'],
  }),
  aad({
    n: 80002,
    name: 'OnPremisePasswordValidatorRequestTimedout',
    summary: 'Password validation by the pass-through authentication agent timed out.',
    causes: ['PTA agents overloaded or unreachable.'],
    steps: ['Check the PTA agents.'],
  }),
  aad({
    n: 80007,
    name: 'OnPremisePasswordValidatorUnableToValidatePassword',
    summary: 'The pass-through authentication agent could not validate the password.',
    causes: ['A PTA agent problem.'],
    steps: ['Check the PTA agents and their event logs.'],
  }),
  aad({
    n: 81010,
    name: 'DesktopSsoAuthTokenInvalid',
    summary: 'Seamless SSO failed: the Kerberos ticket expired or is not valid.',
    causes: ['An expired Kerberos ticket, or the AZUREADSSOACC account key rolled over.'],
    steps: ['Sign out and in; roll over the Seamless SSO key if needed.'],
    context: 'browser SSO',
  }),
  aad({
    n: 81012,
    name: 'DesktopSsoMismatchBetweenTokenUserAndSelectedUser',
    summary: 'Seamless SSO: the Windows user differs from the user signing in to Entra ID.',
    causes: ['Another account selected in the browser.'],
    steps: ['Sign in with the account signed in to Windows.'],
    context: 'browser SSO',
  }),
];
