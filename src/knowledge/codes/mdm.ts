/**
 * MDM enrollment codes (`0x8018xxxx`, facility 24, the device enroller): what the enrollment
 * client reports when enrollment into Intune or another MDM fails after the device has joined.
 * DeviceManagement-Enterprise-Diagnostics-Provider events 52, 71 and 76 carry them, and the
 * out-of-box and Settings pages show them as `8018xxxx`. They are not registration phases: every
 * reading is in the `MDM enrollment` context. Values and names from the Win32 reference page and
 * the SDK headers; meanings and fixes in our words, from the Intune troubleshooting articles (D1).
 * @module
 */
import { define, reading } from './define.ts';
import {
  INTUNE_80180002B,
  INTUNE_WINDOWS_ENROLLMENT,
  MDM_REGISTRATION_ERRORS,
  SDK_MENROLL,
} from './sources.ts';
import type { CodeEntry, CodeSource } from './types.ts';

const CONTEXT = 'MDM enrollment';

const SCOPE_STEPS = [
  'In Entra ID, Mobility (MDM and MAM), Microsoft Intune: check the MDM user scope includes the user (All, or Some with the user in a chosen group).',
  'Check the user holds an Intune licence.',
];
const RETRY_STEPS = [
  'Retry the enrollment later; if it keeps failing, collect the DeviceManagement-Enterprise-Diagnostics-Provider Admin log and open a case with the MDM provider.',
];
const SERVER_CAUSE = 'A fault on the MDM service side, not on the device.';

interface Spec {
  code: string;
  name: string | null;
  aliases?: string[];
  summary: string;
  causes?: string[];
  steps?: string[];
  sources?: CodeSource[];
  notes?: string[];
  windows?: string;
}

function menroll(spec: Spec): CodeEntry {
  return define({
    code: spec.code,
    name: spec.name,
    aliases: spec.aliases ?? [],
    family: 'mdm',
    summary: spec.summary,
    readings: [reading(null, spec.summary, spec.causes ?? [], spec.steps ?? [], CONTEXT)],
    checks: ['D1'],
    sources: spec.sources ?? [MDM_REGISTRATION_ERRORS],
    ...(spec.notes ? { notes: spec.notes } : {}),
    ...(spec.windows ? { windows: spec.windows } : {}),
  });
}

export const MDM_ENTRIES: CodeEntry[] = [
  menroll({
    code: '0x80180001',
    name: 'MENROLL_E_DEVICE_MESSAGE_FORMAT_ERROR',
    summary: 'The MDM enrollment server sent a message the device could not read (invalid schema or format).',
    causes: [SERVER_CAUSE, 'A proxy or TLS-inspecting device that rewrites the enrollment server answer.'],
    steps: RETRY_STEPS,
  }),
  menroll({
    code: '0x80180002',
    name: 'MENROLL_E_DEVICE_AUTHENTICATION_ERROR',
    summary: 'The MDM enrollment server could not authenticate the user.',
    causes: [
      'The token the device presented was refused: no Primary Refresh Token for the user, or a token for another tenant.',
    ],
    steps: [
      'Check `AzureAdPrt : YES` in `dsregcmd /status` for the signed-in user; sign out and in again to get one.',
      ...SCOPE_STEPS,
    ],
  }),
  menroll({
    code: '0x80180003',
    name: 'MENROLL_E_DEVICE_AUTHORIZATION_ERROR',
    summary: 'The user is not allowed to enroll devices in MDM.',
    causes: [
      'The user is outside the MDM user scope, has no MDM licence, or an enrollment restriction blocks the user.',
    ],
    steps: [...SCOPE_STEPS, 'Check the Intune enrollment restrictions that apply to the user.'],
  }),
  menroll({
    code: '0x80180004',
    name: 'MENROLL_E_DEVICE_CERTIFCATEREQUEST_ERROR',
    aliases: ['MENROLL_E_DEVICE_CERTIFICATEREQUEST_ERROR'],
    summary:
      'The enrollment certificate request failed: the user may not enroll for the certificate template, or the certificate authority cannot be reached.',
    causes: [
      'Permissions on the certificate template, or an unreachable certificate authority (on-premises MDM).',
    ],
    steps: RETRY_STEPS,
    sources: [MDM_REGISTRATION_ERRORS, SDK_MENROLL],
    notes: [
      'The reference page and mdmregistration.h spell the name CERTIFCATEREQUEST; winerror.h spells it CERTIFICATEREQUEST. Both are the same value.',
    ],
  }),
  menroll({
    code: '0x80180005',
    name: 'MENROLL_E_DEVICE_CONFIGMGRSERVER_ERROR',
    summary: 'The MDM management server failed (for example a database error on its side).',
    causes: [SERVER_CAUSE],
    steps: RETRY_STEPS,
  }),
  menroll({
    code: '0x80180006',
    name: 'MENROLL_E_DEVICE_INTERNALSERVICE_ERROR',
    summary: 'The MDM enrollment server hit an unhandled exception.',
    causes: [SERVER_CAUSE],
    steps: RETRY_STEPS,
  }),
  menroll({
    code: '0x80180007',
    name: 'MENROLL_E_DEVICE_INVALIDSECURITY_ERROR',
    summary:
      'The MDM enrollment server reported a security error in the request (the reference page describes it, like 0x80180006, as an unhandled exception on the server).',
    causes: [SERVER_CAUSE],
    steps: RETRY_STEPS,
  }),
  menroll({
    code: '0x80180008',
    name: 'MENROLL_E_DEVICE_UNKNOWN_ERROR',
    summary: 'The MDM enrollment server returned an error it did not describe.',
    causes: [SERVER_CAUSE],
    steps: RETRY_STEPS,
  }),
  menroll({
    code: '0x80180009',
    name: 'MENROLL_E_ENROLLMENT_IN_PROGRESS',
    summary: 'Another MDM enrollment is already running on the device.',
    causes: ['The enrollment task and a manual enrollment (or two scheduled runs) overlapped.'],
    steps: ['Wait for the running enrollment to finish, then check the result before retrying.'],
  }),
  menroll({
    code: '0x8018000a',
    name: 'MENROLL_E_DEVICE_ALREADY_ENROLLED',
    summary: 'The device is already enrolled in MDM.',
    causes: [
      'Another user on the device already connected a work or school account or enrolled the device.',
      'Enrollment state left over from an earlier enrollment (or from a cloned image) makes the device look enrolled.',
    ],
    steps: [
      'Sign in as the user who enrolled the device, remove the work or school account under Settings, Accounts, then enroll with the intended account.',
      'If no account is connected, remove the leftover enrollment state before enrolling again.',
    ],
    sources: [MDM_REGISTRATION_ERRORS, INTUNE_WINDOWS_ENROLLMENT],
  }),
  menroll({
    code: '0x8018000b',
    name: 'MENROLL_E_DEVICE_NOT_ENROLLED',
    summary: 'The device is not enrolled in MDM (an operation that needs an enrollment found none).',
    causes: ['An unenroll or re-enroll step ran on a device whose enrollment was already gone.'],
    steps: ['Check the device in the MDM console and enroll it again if needed.'],
  }),
  menroll({
    code: '0x8018000d',
    name: 'MENROLL_E_DISCOVERY_SEC_CERT_DATE_INVALID',
    summary: 'During MDM discovery the server certificate was outside its validity dates.',
    causes: ['The device clock is wrong, or the discovery server certificate has expired.'],
    steps: ['Check the device date, time and time zone.', 'Check the certificate of the discovery endpoint.'],
  }),
  menroll({
    code: '0x8018000e',
    name: 'MENROLL_E_PASSWORD_NEEDED',
    summary: 'MDM enrollment needed a password and none was given.',
  }),
  menroll({
    code: '0x8018000f',
    name: 'MENROLL_E_WAB_ERROR',
    summary: 'The web sign-in (web authentication broker) step of MDM enrollment failed.',
    causes: [
      'The sign-in page of the enrollment could not load or complete (network, proxy, or a cancelled sign-in).',
    ],
    steps: RETRY_STEPS,
  }),
  menroll({
    code: '0x80180010',
    name: 'MENROLL_E_CONNECTIVITY',
    summary: 'A network error (such as DNS or a timeout) stopped MDM enrollment.',
    causes: ['The device could not reach the MDM enrollment or discovery endpoints (DNS, proxy, firewall).'],
    steps: [
      'Check that the device resolves and reaches the MDM enrollment URLs shown under `MdmUrl` in `dsregcmd /status`.',
    ],
  }),
  menroll({
    code: '0x80180012',
    name: 'MENROLL_E_INVALIDSSLCERT',
    summary: 'The TLS certificate of the MDM server was not valid.',
    causes: ['A TLS-inspecting proxy replaces the certificate, or the device clock is wrong.'],
    steps: ['Exclude the MDM endpoints from TLS inspection and check the device time.'],
  }),
  menroll({
    code: '0x80180013',
    name: 'MENROLL_E_DEVICECAPREACHED',
    aliases: ['MENROLL_E_DEVICEAPREACHED'],
    summary: 'The user has already enrolled as many devices as allowed.',
    causes: ['The device limit of the MDM enrollment restrictions is reached for this user.'],
    steps: [
      'Delete or retire old devices of the user in the MDM console, or raise the device limit restriction.',
    ],
    sources: [MDM_REGISTRATION_ERRORS, SDK_MENROLL],
  }),
  menroll({
    code: '0x80180014',
    name: 'MENROLL_E_DEVICENOTSUPPORTED',
    summary: 'The MDM service does not accept this platform or Windows version.',
    causes: [
      'In Intune, a device platform restriction blocks Windows (MDM) enrollment for the user ("Your organization does not support this version of Windows").',
      'The Windows version is older than the MDM service accepts.',
    ],
    steps: [
      'In the Intune admin center, Devices, Enrollment restrictions: allow Windows (MDM) in the platform restriction that applies to the user.',
      'If no restriction blocks Windows, update Windows on the device.',
    ],
    sources: [MDM_REGISTRATION_ERRORS, INTUNE_WINDOWS_ENROLLMENT],
  }),
  menroll({
    code: '0x80180015',
    name: 'MENROLL_E_NOTSUPPORTED',
    aliases: ['MENROLL_E_NOT_SUPPORTED'],
    summary: 'MDM is not supported for this device at all.',
    sources: [MDM_REGISTRATION_ERRORS, SDK_MENROLL],
  }),
  menroll({
    code: '0x80180016',
    name: 'MENROLL_E_NOTELIGIBLETORENEW',
    aliases: ['MREGISTER_E_NOTELIGIBLETORENEW'],
    summary: 'The MDM server refused to renew the enrollment.',
    causes: ['The device clock is wrong, or the enrollment is too old to be renewed.'],
    steps: ['Check the device date and time.', 'Enroll the device again.'],
    sources: [MDM_REGISTRATION_ERRORS, SDK_MENROLL],
    notes: [
      'The reference page lists this value as MREGISTER_E_NOTELIGIBLETORENEW; winerror.h names it MENROLL_E_NOTELIGIBLETORENEW.',
    ],
  }),
  menroll({
    code: '0x80180017',
    name: 'MENROLL_E_INMAINTENANCE',
    summary: 'The MDM account is in maintenance; enrollment can be retried later.',
    causes: [SERVER_CAUSE],
    steps: RETRY_STEPS,
  }),
  menroll({
    code: '0x80180018',
    name: 'MENROLL_E_USERLICENSE',
    aliases: ['MENROLL_E_USER_LICENSE'],
    summary: "The user's licence is in a state that blocks MDM enrollment.",
    causes: ['The user has no MDM (Intune) licence, or the licence is disabled or expired.'],
    steps: ['Assign a valid Intune licence to the user, then enroll again.'],
    sources: [MDM_REGISTRATION_ERRORS, SDK_MENROLL],
  }),
  menroll({
    code: '0x80180019',
    name: 'MENROLL_E_ENROLLMENTDATAINVALID',
    summary: 'The MDM server rejected the enrollment data; the server may be misconfigured.',
    causes: [SERVER_CAUSE],
    steps: RETRY_STEPS,
  }),
  menroll({
    code: '0x8018001a',
    name: 'MENROLL_E_INSECUREREDIRECT',
    summary: 'The MDM server redirected the device to plain HTTP, which enrollment refuses.',
    causes: ['A proxy or the enrollment endpoint configuration redirects HTTPS to HTTP.'],
  }),
  menroll({
    code: '0x8018001b',
    name: 'MENROLL_E_PLATFORM_WRONG_STATE',
    summary:
      'The enrollment client was asked for something its state does not allow, such as enrolling a device twice or unenrolling an unknown one.',
  }),
  menroll({
    code: '0x8018001c',
    name: 'MENROLL_E_PLATFORM_LICENSE_ERROR',
    summary: 'The installed Windows edition does not support this type of MDM enrollment.',
    causes: ['The Windows edition (for example Home) cannot be enrolled this way.'],
    steps: ['Upgrade the device to Windows Pro, Enterprise or Education.'],
  }),
  menroll({
    code: '0x8018001d',
    name: 'MENROLL_E_PLATFORM_UNKNOWN_ERROR',
    summary: 'The MDM enrollment client failed on the device for a reason it did not describe.',
  }),
  menroll({
    code: '0x8018001e',
    name: 'MENROLL_E_PROV_CSP_CERTSTORE',
    summary: 'Provisioning after enrollment failed in the certificate store CSP.',
  }),
  menroll({
    code: '0x8018001f',
    name: 'MENROLL_E_PROV_CSP_W7',
    summary: 'Provisioning after enrollment failed in the W7/DMAcc configuration service provider.',
  }),
  menroll({
    code: '0x80180020',
    name: 'MENROLL_E_PROV_CSP_DMCLIENT',
    summary: 'Provisioning after enrollment failed in the DM client CSP.',
  }),
  menroll({
    code: '0x80180021',
    name: 'MENROLL_E_PROV_CSP_PFW',
    summary:
      'Provisioning after enrollment failed in the Passport for Work (Windows Hello for Business) CSP.',
  }),
  menroll({
    code: '0x80180022',
    name: 'MENROLL_E_PROV_CSP_MISC',
    summary:
      'Provisioning after enrollment failed in a configuration service provider not listed separately.',
    causes: ['In Windows Autopilot, the device runs Windows Home, which cannot be enrolled.'],
    steps: ['Upgrade the device to Windows Pro or a higher edition.'],
    sources: [MDM_REGISTRATION_ERRORS, INTUNE_WINDOWS_ENROLLMENT],
  }),
  menroll({
    code: '0x80180023',
    name: 'MENROLL_E_PROV_UNKNOWN',
    summary: 'Provisioning after enrollment failed, without naming the configuration service provider.',
  }),
  menroll({
    code: '0x80180024',
    name: 'MENROLL_E_PROV_SSLCERTNOTFOUND',
    summary:
      'Provisioning could not find the public certificate to bind to its private key (possibly looked for in the wrong store).',
  }),
  menroll({
    code: '0x80180025',
    name: 'MENROLL_E_PROV_CSP_APPMGMT',
    summary: 'Provisioning after enrollment failed in the EnterpriseAppManagement CSP.',
    windows: 'Windows 10 1709 and later.',
  }),
  menroll({
    code: '0x80180026',
    name: 'MENROLL_E_DEVICE_MANAGEMENT_BLOCKED',
    summary: 'MDM enrollment is blocked on this device.',
    causes: [
      'Group Policy or an application marked the device as managed externally, which blocks MDM.',
      'The device is joined to Entra ID with automatic MDM enrollment on while the legacy Intune PC agent is installed.',
    ],
    steps: [
      'Remove the legacy Intune PC agent, or set the MDM user scope to None if the device must keep it.',
      'Check the Group Policy that disables MDM enrollment on the device.',
    ],
    sources: [MDM_REGISTRATION_ERRORS, INTUNE_WINDOWS_ENROLLMENT],
    windows: 'Windows 10 1709 and later.',
  }),
  menroll({
    code: '0x80180027',
    name: 'MENROLL_E_CERTPOLICY_PRIVATEKEYCREATION_FAILED',
    summary: 'The private key for the enrollment certificate could not be created.',
    causes: ['The TPM or key storage provider failed while creating the key.'],
    steps: ['Check the TPM in tpm.msc.'],
    windows: 'Windows 10 1709 and later.',
  }),
  menroll({
    code: '0x80180028',
    name: 'MENROLL_E_CERTAUTH_FAILED_TO_FIND_CERT',
    summary: 'Certificate authentication was asked for, but no certificate to use was found.',
    windows: 'Windows 10 1709 and later.',
  }),
  menroll({
    code: '0x80180029',
    name: 'MENROLL_E_EMPTY_MESSAGE',
    summary: 'The MDM server answered HTTP 200 with an empty message.',
    causes: [SERVER_CAUSE, 'A proxy that returns an empty page instead of the enrollment answer.'],
    steps: RETRY_STEPS,
    windows: 'Windows 10 1709 and later.',
  }),
  menroll({
    code: '0x8018002a',
    name: 'MENROLL_E_USER_CANCELED',
    summary: 'The user cancelled the MDM enrollment.',
    sources: [SDK_MENROLL, MDM_REGISTRATION_ERRORS],
    notes: [
      'mdmregistration.h gives MENROLL_E_USER_CANCELED this value; winerror.h defines MENROLL_E_USER_CANCELLED as 0x80180030, and the reference page lists the single-L name with 0x80180030.',
    ],
  }),
  menroll({
    code: '0x8018002b',
    name: null,
    summary:
      'Automatic MDM enrollment could not be done for the signed-in user (a non-routable UPN suffix, no MDM user scope, or a stale registration with another tenant); the SDK headers give this value no name, and event 76 prints it as an unknown Win32 error code.',
    causes: [
      'The user principal name has an unverified or non-routable suffix (such as contoso.local), so Entra ID cannot match the user.',
      'The MDM user scope is None, so no MDM service is offered to the user.',
      'The device was joined to another tenant before and the old tenant information is still in the registry, so the user gets no Primary Refresh Token (`AzureAdPrt : NO`, wrong TenantId and AuthCodeUrl).',
    ],
    steps: [
      'Give the user a routable, verified UPN suffix (or use an alternate login ID) and let the change sync.',
      'Set the MDM user scope to All or Some (with the user in the group), and the MAM user scope to None.',
      'If `dsregcmd /status` shows the wrong tenant, leave (`dsregcmd /leave`), delete the device in Entra ID, rejoin, sign in again to get a PRT, then run `gpupdate /force`.',
    ],
    sources: [INTUNE_WINDOWS_ENROLLMENT, INTUNE_80180002B],
    notes: [
      'Microsoft\'s Intune troubleshooting articles print this code as "0x80180002b" (nine digits); the value is 0x8018002b.',
    ],
  }),
  menroll({
    code: '0x80180030',
    name: 'MENROLL_E_USER_CANCELLED',
    summary: 'The user cancelled the MDM enrollment.',
    sources: [MDM_REGISTRATION_ERRORS, SDK_MENROLL],
    windows: 'Windows 10 1709 and later.',
  }),
  menroll({
    code: '0x80180031',
    name: 'MENROLL_E_MDM_NOT_CONFIGURED',
    summary: 'MDM is not configured: no MDM service is set up for the user or tenant.',
    causes: ['No MDM application is scoped to the user in Entra ID, so `MdmUrl` is empty.'],
    steps: SCOPE_STEPS,
    windows: 'Windows 10 1709 and later.',
  }),
  menroll({
    code: '0x80180032',
    name: 'MENROLL_E_CUSTOMSERVERERROR',
    summary: 'The MDM server returned an error of its own (the SDK gives the name only).',
    causes: [SERVER_CAUSE],
    steps: RETRY_STEPS,
    sources: [SDK_MENROLL],
  }),
  menroll({
    code: '0x80180033',
    name: 'MENROLL_E_SERVER429',
    summary:
      'By its name, the MDM server answered HTTP 429 (too many requests); the SDK gives no description.',
    causes: ['The MDM service throttled the device.'],
    steps: ['Let the scheduled enrollment retry later.'],
    sources: [SDK_MENROLL],
  }),
];
