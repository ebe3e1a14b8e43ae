/**
 * Device registration (dsreg) HRESULTs, 0x801Cxxxx. None of them is in the public SDK headers:
 * the names and values come from the hybrid-join article (seed 001 and its 2024 revision) and the
 * MDM error table. In dsregcmd output and User Device Registration events, 0x801Cxxxx is always
 * read as a dsreg HRESULT, never as the NTSTATUS of the same value.
 * @module
 */
import { define, reading } from './define.ts';
import {
  AUTOPILOT_ISSUES,
  DSREGCMD_ARTICLE,
  HYBRID_JOIN_CURRENT,
  MDM_ERRORS,
  QA_0X801C0515,
  SEED_DISCOVER,
  SEED_DISCOVER_SUB,
  SEED_JOIN_HTTP,
  SEED_SYNC_SERVER,
} from './sources.ts';
import type { CodeEntry } from './types.ts';

const SCP_STEPS = [
  'Run `dsregcmd /status` as SYSTEM or elevated and check "AD Configuration Test" in Diagnostic Data.',
  'Check the service connection point in the forest configuration partition (CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services): its keywords must hold azureADId:<tenant ID> and azureADName:<verified domain>.',
  'Create or correct the SCP with Entra Connect (Configure device options), or use the targeted-deployment registry values under HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD.',
  'Make sure the computer can reach a domain controller and read the configuration partition.',
];

const SYSTEM_PROXY_CAUSE =
  'An outbound proxy that the computer account (SYSTEM context) cannot discover or authenticate to.';

export const DSREG_ENTRIES: CodeEntry[] = [
  define({
    code: '0x801c001d',
    name: 'DSREG_AUTOJOIN_ADCONFIG_READ_FAILED',
    family: 'dsreg',
    summary: 'The device could not read the service connection point (SCP) to learn its Entra tenant.',
    readings: [
      reading(
        ['discover'],
        'The device could not read the SCP object from Active Directory (or the client-side registry values), so it does not know which Entra tenant to join.',
        [
          'No SCP in the forest, or its keywords are missing or wrong.',
          'The device cannot reach a domain controller or read the configuration partition.',
          'Hybrid join is not meant for this device: the SCP was never configured (event 307 is then expected).',
        ],
        SCP_STEPS,
      ),
      reading(
        ['join'],
        'Windows could not read the computer object in Active Directory during the join (event 220 is logged next to it). When event 220 carries Win32 1312 or 1317, on-premises AD replication is the likely reason; it is often transient.',
        [
          'The computer object has not replicated to the domain controller the device talks to (new computer, recent rename or move).',
          'A transient problem reaching the domain controller.',
        ],
        [
          'Look at event 220 in User Device Registration/Admin for the Win32 code (1312 ERROR_NO_SUCH_LOGON_SESSION, 1317 ERROR_NO_SUCH_USER).',
          'Check AD replication health (`repadmin /replsummary`) and that the computer object exists on every DC.',
          'Let the device retry at the next sign-in; the error usually clears once replication completes.',
        ],
        'event 220',
      ),
    ],
    checks: ['J1', 'J3', 'G4', 'K1'],
    sources: [SEED_DISCOVER, HYBRID_JOIN_CURRENT],
    windows:
      'Windows 10 1803 and later show it in Diagnostic Data (AD Configuration Test); earlier builds only log it (event 307, and event 220 in the join phase).',
  }),
  define({
    code: '0x801c001f',
    name: 'DSREG_AUTOJOIN_DISC_WAIT_TIMEOUT',
    family: 'dsreg',
    summary: 'Discovery of the registration service timed out.',
    readings: [
      reading(
        ['discover'],
        'The device gave up waiting for the discovery answer from the device registration service.',
        [
          'The SYSTEM context cannot reach https://enterpriseregistration.windows.net in time (firewall, routing).',
          SYSTEM_PROXY_CAUSE,
        ],
        [
          'Test, as SYSTEM (for example `psexec -s`), that https://enterpriseregistration.windows.net answers.',
          'Configure a proxy that the computer account can use without interaction (WPAD, or the WinHTTP proxy by Group Policy from 1709).',
        ],
      ),
    ],
    checks: ['J1', 'G5'],
    sources: [SEED_DISCOVER],
  }),
  define({
    code: '0x801c0021',
    name: 'DSREG_AUTOJOIN_DISC_FAILED',
    family: 'dsreg',
    summary: 'Discovery of the registration service failed; the sub-error says why.',
    readings: [
      reading(
        ['discover'],
        'A generic discovery failure: the device did not get the discovery metadata from the registration service. The reason is the sub-error, the second code in "DRS Discovery Test : FAIL [0x801c0021/<sub-error>]" or the code of event 201.',
        [
          'A network failure reaching https://enterpriseregistration.windows.net from the SYSTEM context (see the sub-error).',
          SYSTEM_PROXY_CAUSE,
          'The tenant named by the SCP is wrong (sub-error 0x801c003a).',
        ],
        [
          'Decode the sub-error: it is the part after the slash in "DRS Discovery Test", or event 201 on builds before 1803.',
          'Follow the steps for that sub-error.',
        ],
      ),
    ],
    checks: ['J1', 'J5', 'G5', 'K1'],
    sources: [SEED_DISCOVER, DSREGCMD_ARTICLE],
    windows:
      'Windows 10 1803 and later show the sub-error in "DRS Discovery Test"; earlier builds log it in event 201.',
    notes: [
      'The 2019 article also printed this hex value for DSREG_AUTOJOIN_USERREALM_DISCOVERY_FAILED by mistake; that code is 0x801c003d.',
    ],
  }),
  define({
    code: '0x801c003d',
    name: 'DSREG_AUTOJOIN_USERREALM_DISCOVERY_FAILED',
    family: 'dsreg',
    summary: 'Realm discovery (is the domain managed or federated?) failed; the sub-error says why.',
    readings: [
      reading(
        ['discover'],
        'The device could not ask https://login.microsoftonline.com whether its domain is managed or federated. The reason is the sub-error.',
        ['The SYSTEM context cannot reach https://login.microsoftonline.com.', SYSTEM_PROXY_CAUSE],
        [
          'Decode the sub-error next to it.',
          'Test, as SYSTEM, that https://login.microsoftonline.com answers, and that the proxy (if any) works for the computer account.',
        ],
      ),
    ],
    checks: ['J1', 'J5', 'G5'],
    sources: [SEED_DISCOVER, HYBRID_JOIN_CURRENT],
    windows: 'Windows 10 1809 and later (realm discovery was added in 1809).',
    notes: [
      'The 2019 article prints this code as "0x801c0021/-2145648611": both values belong to other codes (0x801c0021 and 0x801c001d) and do not match each other. The correct value, printed in the current article, is 0x801c003d (-2145648579).',
    ],
  }),
  define({
    code: '0x801c003a',
    name: 'DSREG_DISCOVERY_TENANT_NOT_FOUND',
    family: 'dsreg',
    summary: 'The tenant named by the SCP was not found, or has no active subscription.',
    readings: [
      reading(
        ['discover'],
        'The registration service does not know the tenant the device asked for (a discovery sub-error, the HTTP reading of AADSTS90002).',
        ['The SCP holds a wrong tenant ID or domain.', 'The tenant has no active subscription.'],
        [
          'Compare the SCP keywords azureADId/azureADName with the tenant ID and verified domains in the Entra admin center.',
          'Correct the SCP (Entra Connect device options, or the CDJ\\AAD registry values), then let the device retry.',
        ],
        'discover sub-error',
      ),
    ],
    checks: ['J1', 'G5'],
    sources: [SEED_DISCOVER_SUB],
  }),
  define({
    code: '0x801c0025',
    name: 'DSREG_SERVER_BUSY',
    family: 'dsreg',
    summary: 'The registration service answered HTTP 503 (temporarily unavailable).',
    readings: [
      reading(
        ['discover'],
        'The registration service was temporarily unavailable (HTTP 503). A later attempt normally succeeds.',
        ['A service-side outage or maintenance.', "A proxy answering 503 on the service's behalf."],
        [
          'Check the Microsoft 365 / Entra service health.',
          'Let the device retry later (next sign-in or the hourly task).',
          'If it persists, check whether a proxy produces the 503.',
        ],
        'discover sub-error',
      ),
    ],
    checks: ['J1', 'G5'],
    sources: [SEED_DISCOVER_SUB],
  }),
  define({
    code: '0x801c03f2',
    name: 'DSREG_E_DIRECTORY_FAILURE',
    family: 'dsreg',
    summary:
      'The registration service answered with ErrorCode "DirectoryError"; the server message says why.',
    readings: [
      reading(
        ['join'],
        'The registration service refused the join with a DirectoryError. The server message tells the case: in a sync join, "device object ... not found" is expected until Entra Connect has synced the computer; "throttled" means wait; "AADSTS90002" means the SCP names the wrong tenant.',
        [
          'Sync join: the computer object has not been synced by Entra Connect yet (every 30 minutes by default).',
          'The computer is outside the Entra Connect sync scope.',
          'Throttling after too many attempts in a short time.',
          'A wrong tenant ID in the SCP (AADSTS90002).',
        ],
        [
          'Read the Server ErrorCode and Server Message in "Previous Registration" (or event 204/304).',
          'For "device object ... not found": wait for the next Entra Connect sync cycle, then let the device retry at sign-in or the hourly task.',
          'Check that the computer OU is in the sync scope and that the object has a userCertificate.',
        ],
      ),
    ],
    checks: ['J1', 'J4', 'G11', 'G12'],
    sources: [SEED_JOIN_HTTP, SEED_SYNC_SERVER],
    windows:
      'Windows 10 1803 and later show the server error in "Previous Registration"; earlier builds log it in events 204 and 304.',
  }),
  define({
    code: '0x801c0002',
    name: 'DSREG_E_DEVICE_AUTHENTICATION_ERROR',
    family: 'dsreg',
    summary: 'The registration service answered "AuthenticationError" (sub-code other than DeviceNotFound).',
    readings: [
      reading(
        ['join'],
        'The registration service could not authenticate the computer. In a sync join the usual message is the SID verification failure, which means Entra Connect has not finished syncing the computer.',
        [
          'Sync join: the computer object or its current userCertificate is not synced yet.',
          'The computer certificate was regenerated and the new one is not synced.',
        ],
        [
          'Read the Server ErrorCode and Server Message.',
          'Wait for the next Entra Connect sync cycle and let the device retry.',
        ],
      ),
      reading(
        null,
        'The device could not be authenticated to the registration service (MDM enrollment or registration).',
        ['The device or computer credential was rejected by the service.'],
        ['Read the server error code and message that come with it.'],
        'MDM enrollment',
      ),
    ],
    checks: ['J1', 'J4', 'G11'],
    sources: [SEED_JOIN_HTTP, MDM_ERRORS],
  }),
  define({
    code: '0x801c0006',
    name: 'DSREG_E_DEVICE_INTERNALSERVICE_ERROR',
    family: 'dsreg',
    summary: 'The registration service reported an internal error.',
    readings: [
      reading(
        ['join'],
        'The registration service answered with an error response (the seed lists it with ErrorCode "DirectoryError"); the server code and message say what went wrong.',
        [
          'A service-side failure, often transient.',
          'A directory problem with the device or tenant reported by the server message.',
        ],
        [
          'Read the Server ErrorCode and Server Message.',
          'Retry later; if it persists, open a support case with the Request Id.',
        ],
      ),
    ],
    checks: ['J1', 'G11'],
    sources: [SEED_JOIN_HTTP, MDM_ERRORS],
  }),
  define({
    code: '0x801c0001',
    name: 'DSREG_E_DEVICE_MESSAGE_FORMAT_ERROR',
    aliases: ['STATUS_FLT_BUFFER_TOO_SMALL'],
    family: 'dsreg',
    summary: 'The registration service rejected the request as malformed.',
    readings: [
      reading(
        null,
        'The service could not read the registration request the device sent.',
        ['A proxy or TLS inspection altered the request.', 'An outdated client.'],
        [
          'Exclude the registration endpoints from TLS inspection.',
          'Install current Windows updates and retry.',
        ],
      ),
    ],
    checks: ['J1'],
    sources: [MDM_ERRORS],
    notes: [
      'The same value is the NTSTATUS STATUS_FLT_BUFFER_TOO_SMALL; in dsregcmd output and registration events it is always this dsreg code.',
    ],
  }),
  define({
    code: '0x801c0003',
    name: 'DSREG_E_DEVICE_AUTHORIZATION_ERROR',
    family: 'dsreg',
    summary: 'The user or device is not allowed to register or join a device.',
    readings: [
      reading(
        ['join'],
        'Entra ID refused the registration because the caller is not authorised to register or join devices.',
        [
          'The device settings "Users may join devices to Microsoft Entra" or "may register their devices" exclude this user.',
          'The user reached the maximum number of devices.',
        ],
        [
          'Check Entra admin center > Devices > Device settings for the user.',
          "Check the user's device count against the limit.",
        ],
      ),
    ],
    checks: ['J1'],
    sources: [MDM_ERRORS],
  }),
  define({
    code: '0x801c000b',
    name: 'DSREG_E_DISCOVERY_REDIRECTION_NOT_TRUSTED',
    family: 'dsreg',
    summary: 'Discovery was redirected to a server the device does not trust.',
    readings: [
      reading(
        ['discover'],
        'During discovery the device was sent to an endpoint it does not trust.',
        [
          'A proxy or DNS entry redirecting the discovery request.',
          'An enterprise DRS name configured wrongly.',
        ],
        [
          'Check what https://enterpriseregistration.windows.net resolves to from the device.',
          'Check proxy rules for the registration endpoints.',
        ],
      ),
    ],
    checks: ['J1'],
    sources: [MDM_ERRORS],
  }),
  define({
    code: '0x801c000c',
    name: 'DSREG_E_DISCOVERY_FAILED',
    family: 'dsreg',
    summary: 'Discovery of the registration service failed.',
    readings: [
      reading(
        ['discover'],
        'The device could not complete discovery of the registration service; as a sub-error of 0x801c0021 it is the generic discovery failure.',
        ['No connectivity to the registration service from the SYSTEM context.', SYSTEM_PROXY_CAUSE],
        ['Test the registration endpoints as SYSTEM.', 'Check proxy configuration for the computer account.'],
        'discover sub-error',
      ),
    ],
    checks: ['J1', 'G5'],
    sources: [MDM_ERRORS],
  }),
  define({
    code: '0x801c000e',
    name: 'DSREG_E_DEVICE_REGISTRATION_QUOTA_EXCCEEDED',
    aliases: ['DSREG_E_DEVICE_REGISTRATION_QUOTA_EXCEEDED'],
    family: 'dsreg',
    summary: 'The user has reached the maximum number of devices.',
    readings: [
      reading(
        ['join'],
        'Entra ID refused the registration because the user already has the maximum number of devices allowed.',
        [
          'The per-user device limit in Device settings is reached.',
          'Stale devices still count toward the limit.',
        ],
        ['Remove stale devices of the user.', 'Raise "Maximum number of devices per user" if appropriate.'],
      ),
    ],
    checks: ['J1', 'L2'],
    sources: [MDM_ERRORS],
  }),
  define({
    code: '0x801c000f',
    name: 'DSREG_E_DEVICE_REQUIRES_REBOOT',
    family: 'dsreg',
    summary: 'A restart is needed before registration can complete.',
    readings: [
      reading(
        null,
        'Registration cannot go on until the device restarts.',
        ['A pending restart.'],
        ['Restart the device and check again.'],
      ),
    ],
    checks: ['J1'],
    sources: [MDM_ERRORS],
  }),
  define({
    code: '0x801c0010',
    name: 'DSREG_E_DEVICE_AIK_VALIDATION_ERROR',
    family: 'dsreg',
    summary: "The TPM's attestation identity key (AIK) certificate failed validation.",
    readings: [
      reading(
        ['join'],
        'The service could not validate the attestation identity key certificate from the TPM.',
        [
          'TPM firmware or its endorsement certificate not trusted.',
          'No access to the TPM manufacturer certificate endpoints.',
        ],
        ['Update the TPM firmware.', 'Check access to the TPM attestation endpoints.'],
      ),
    ],
    checks: ['J1'],
    sources: [MDM_ERRORS],
  }),
  define({
    code: '0x801c0011',
    name: 'DSREG_E_DEVICE_ATTESTATION_ERROR',
    family: 'dsreg',
    summary: 'TPM attestation of the device failed.',
    readings: [
      reading(
        ['join'],
        'The device could not prove its TPM to the service.',
        ['TPM firmware issue.', 'Attestation endpoints blocked.'],
        ['Update the TPM firmware.', 'Check that the TPM is ready (`tpm.msc`).'],
      ),
    ],
    checks: ['J1'],
    sources: [MDM_ERRORS],
  }),
  define({
    code: '0x801c0012',
    name: 'DSREG_E_DISCOVERY_BAD_MESSAGE_ERROR',
    family: 'dsreg',
    summary: 'The discovery answer could not be understood.',
    readings: [
      reading(
        ['discover'],
        'The device received a discovery answer it could not parse.',
        ['A proxy returning its own page instead of the service answer.'],
        ['Check the proxy for the computer account; exclude the registration endpoints from inspection.'],
      ),
    ],
    checks: ['J1'],
    sources: [MDM_ERRORS],
  }),
  define({
    code: '0x801c0013',
    name: 'DSREG_E_TENANTID_NOT_FOUND',
    family: 'dsreg',
    summary: 'The tenant identifier could not be found.',
    readings: [
      reading(
        null,
        'The tenant identifier needed for registration could not be determined.',
        ['SCP or registry values missing or wrong.'],
        ['Check the SCP keywords or CDJ\\AAD values.'],
      ),
    ],
    checks: ['J1'],
    sources: [MDM_ERRORS],
  }),
  define({
    code: '0x801c0014',
    name: 'DSREG_E_USERSID_NOT_FOUND',
    family: 'dsreg',
    summary: "The user's SID could not be found during registration.",
    readings: [
      reading(
        null,
        "Registration could not find the user's security identifier.",
        ['The user is not synced or the on-premises SID is missing.'],
        ['Check that the user is synced by Entra Connect with its on-premises SID.'],
      ),
    ],
    checks: ['J1'],
    sources: [MDM_ERRORS],
  }),
  define({
    code: '0x801c03ea',
    family: 'dsreg',
    summary: 'TPM attestation failed, so the device-token join to Entra failed (no public symbolic name).',
    readings: [
      reading(
        ['join'],
        'Seen in Autopilot self-deploying and pre-provisioning: the TPM attestation step failed and the device could not join with a device token.',
        ['TPM firmware not supported for attestation.', 'Attestation endpoints blocked.'],
        [
          'Update the TPM firmware and retry.',
          'Check that the device meets the TPM 2.0 attestation requirements.',
        ],
        'Autopilot',
      ),
    ],
    checks: ['J1'],
    sources: [AUTOPILOT_ISSUES],
  }),
  define({
    code: '0x801c03f3',
    family: 'dsreg',
    summary: 'Entra ID could not find the device object (deleted); no public symbolic name.',
    readings: [
      reading(
        ['join'],
        'The registration service could not find this device: its object was deleted in Entra ID.',
        ['The device was deleted in Entra ID, Intune or Autopilot.'],
        [
          'Remove the device records from Entra ID, Intune and Autopilot, re-import it if needed, and register it again.',
        ],
      ),
    ],
    checks: ['J1'],
    sources: [AUTOPILOT_ISSUES],
  }),
  define({
    code: '0x801c0515',
    family: 'dsreg',
    summary:
      'The computer token for an on-premises (AD FS) registration service was not obtained; no public symbolic name.',
    readings: [
      reading(
        ['auth'],
        'The device could not get a computer token from the enterprise (AD FS) registration service; seen in event 305 and `dsregcmd /join /debug`.',
        [
          'The SCP or CDJ\\EnterpriseDrsName points to an on-premises DRS that does not answer or refuses the computer.',
        ],
        [
          'Check the enterpriseDrsName keyword of the SCP.',
          'Check that AD FS device registration is enabled and reachable from the device.',
        ],
        'event 305',
      ),
    ],
    checks: ['J1', 'K1'],
    sources: [QA_0X801C0515],
  }),
];
