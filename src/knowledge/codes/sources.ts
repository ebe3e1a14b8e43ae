/**
 * Where the catalog's facts come from: the seed articles by section, and public reference pages.
 * @module
 */
import { REFS } from '../references.ts';
import type { CodeSource } from './types.ts';

/** The public article the 2019 hybrid-join troubleshooting sections belong to (now its 2024 revision). */
const HYBRID_JOIN_TITLE = REFS.hybridJoin.title;
const HYBRID_JOIN_URL = REFS.hybridJoin.url;

/** One section of the hybrid-join troubleshooting article, by its public title and address. */
export function seed001(section: string): CodeSource {
  return { title: `${HYBRID_JOIN_TITLE}, ${section}`, url: HYBRID_JOIN_URL };
}

export const SEED_DISCOVER = seed001('Step 4, Discover phase, common error codes');
export const SEED_DISCOVER_SUB = seed001('Step 4, Discover phase, common suberror codes');
export const SEED_AUTH = seed001('Step 4, Authentication phase');
export const SEED_JOIN_HTTP = seed001('Step 4, Join phase, HTTP errors returned from DRS server');
export const SEED_JOIN_TPM = seed001('Step 4, Join phase, TPM errors');
export const SEED_JOIN_NET = seed001('Step 4, Join phase, network errors');
export const SEED_FEDERATED_SERVER = seed001('Step 4, Federated join server errors');
export const SEED_SYNC_SERVER = seed001('Step 4, Sync join server errors');
export const SEED_PRT_SAMPLE: CodeSource = {
  title: 'Troubleshoot devices by using the dsregcmd command, SSO state, PRT diagnostics',
  url: REFS.dsregcmd.url,
};

export const HYBRID_JOIN_CURRENT: CodeSource = {
  title: 'Troubleshoot Microsoft Entra hybrid joined devices (2024 revision)',
  url: REFS.hybridJoin.url,
};
export const PRT_ARTICLE: CodeSource = {
  title: 'Troubleshoot primary refresh token issues on Windows devices',
  url: REFS.prt.url,
};
export const DSREGCMD_ARTICLE: CodeSource = {
  title: 'Troubleshoot devices by using the dsregcmd command',
  url: REFS.dsregcmd.url,
};
export const DEVICE_FAQ: CodeSource = REFS.faq;
export const MDM_ERRORS: CodeSource = {
  title: 'Microsoft Entra integration with MDM, error table (DSREG_E codes)',
  url: 'https://learn.microsoft.com/windows/client-management/azure-active-directory-integration-with-mdm',
};
export const AUTOPILOT_ISSUES: CodeSource = {
  title: 'Windows Autopilot known issues',
  url: 'https://learn.microsoft.com/autopilot/known-issues',
};
export const QA_0X801C0515: CodeSource = {
  title: 'Microsoft Q&A question 687273 (event 305 and dsregcmd /join /debug output)',
  url: 'https://learn.microsoft.com/answers/questions/687273',
};
export const ADAL_CODES: CodeSource = {
  title: 'WebProviderError.ErrorCode: the ADAL error codes',
  url: 'https://learn.microsoft.com/uwp/api/windows.security.authentication.web.core.webprovidererror.errorcode',
};
export const HRESULT_VALUES: CodeSource = {
  title: '[MS-ERREF] HRESULT values (winerror.h)',
  url: 'https://learn.microsoft.com/openspecs/windows_protocols/ms-erref/705fb797-2175-4a90-b5a3-3918024b10b8',
};
export const NTSTATUS_VALUES: CodeSource = {
  title: '[MS-ERREF] NTSTATUS values (ntstatus.h)',
  url: 'https://learn.microsoft.com/openspecs/windows_protocols/ms-erref/596a1078-e883-4972-9bbc-49e60bebca55',
};
export const WIN32_VALUES: CodeSource = {
  title: '[MS-ERREF] Win32 error codes',
  url: 'https://learn.microsoft.com/openspecs/windows_protocols/ms-erref/18d8fbe8-a967-4f1c-ae50-99ca8e491d2d',
};
export const WINHTTP_ERRORS: CodeSource = {
  title: 'WinHTTP error messages (winhttp.h)',
  url: 'https://learn.microsoft.com/windows/win32/winhttp/error-messages',
};
export const WININET_ERRORS: CodeSource = {
  title: 'WinINet error codes (wininet.h)',
  url: 'https://learn.microsoft.com/windows/win32/wininet/wininet-errors',
};
export const TPM_FUNDAMENTALS: CodeSource = {
  title: 'TPM fundamentals, anti-hammering',
  url: 'https://learn.microsoft.com/windows/security/hardware-security/tpm/tpm-fundamentals',
};
export const AADSTS_REFERENCE: CodeSource = {
  title: 'Microsoft Entra authentication and authorization error codes',
  url: REFS.aadsts.url,
};
export const AADSTS700003_ARTICLE: CodeSource = {
  title: 'Error AADSTS700003: device object was not found in the tenant directory',
  url: 'https://learn.microsoft.com/troubleshoot/entra/entra-id/app-integration/error-code-aadsts700003-device-object-not-found',
};
export const RFC9110: CodeSource = {
  title: 'RFC 9110, HTTP Semantics, status codes',
  url: 'https://www.rfc-editor.org/rfc/rfc9110#section-15',
};
export const RFC6585: CodeSource = {
  title: 'RFC 6585, Additional HTTP Status Codes (429)',
  url: 'https://www.rfc-editor.org/rfc/rfc6585#section-4',
};
export const OAUTH_ERRORS: CodeSource = {
  title: 'RFC 6749, OAuth 2.0, error response (section 5.2)',
  url: 'https://www.rfc-editor.org/rfc/rfc6749#section-5.2',
};
export const ADFS_TROUBLESHOOTING: CodeSource = {
  title: 'AD FS troubleshooting (AD FS Admin event log, event 364 and the MSIS exception text)',
  url: 'https://learn.microsoft.com/windows-server/identity/ad-fs/troubleshooting/ad-fs-tshoot-overview',
};
/**
 * SSPI codes: names and meanings as this page lists them; values and message texts as the
 * Windows SDK's winerror.h defines them (checked against the 10.0.16299.0 and 10.0.22621.0 headers).
 */
export const WINERROR_SEC: CodeSource = {
  title: 'SSPI Status Codes (defined in winerror.h)',
  url: 'https://learn.microsoft.com/windows/win32/secauthn/sspi-status-codes',
};
export const KERBEROS_POLICY: CodeSource = {
  title: '[MS-GPSB] 2.2.2 Kerberos Policy (MaxClockSkew)',
  url: 'https://learn.microsoft.com/openspecs/windows_protocols/ms-gpsb/0fce5b92-bcc1-4b96-9c2b-56397c3f144f',
};
export const KB3196528: CodeSource = {
  title:
    'Event 1098: Error: 0xCAA5001C Token broker operation failed in Windows 10 (KB3196528): missing permissions or ownership on the broker plug-in PSR registry key',
  url: 'https://learn.microsoft.com/troubleshoot/windows-client/user-profiles-and-logon/event-1098-error-0xcaa5001c',
};
/** Public Q&A thread whose AAD/Operational errors show 0xCAA5001C wrapping 0xCAA10009. */
export const QA_591928: CodeSource = {
  title:
    'Microsoft Q&A question 591928 (WHfB certificate trust: AAD/Operational errors 0xCAA5001C and 0xCAA10009)',
  url: 'https://learn.microsoft.com/answers/questions/591928',
};
/** Windows Hello for Business provisioning traces where AAD/Analytic 1099 renders 0x4AA90010 and 0x4AA90011. */
export const WHFB_PROVISIONING_TRACE: CodeSource = {
  title:
    'Windows Hello for Business hybrid key trust provisioning, event walk-through (AAD/Analytic 1099 "Code: 0x4AA90010 Sending web request", "Code: 0x4AA90011 UI flow started")',
  url: null,
};
export const TPM_NOTFIPS_JOIN: CodeSource = {
  title:
    'Microsoft troubleshooting article "Troubleshoot co-management: Auto-enroll existing Configuration Manager-managed devices into Intune", section "Automatic device registration fails with error 0x80280036" (event 202, TPM in FIPS mode)',
  url: null,
};
/** MENROLL_E_* values, names and one-line meanings as the Win32 reference lists them. */
export const MDM_REGISTRATION_ERRORS: CodeSource = REFS.mdmRegistrationErrors;
/**
 * The SDK headers' own spellings of the same values (winerror.h writes MENROLL_E_USER_LICENSE,
 * MENROLL_E_NOT_SUPPORTED, MENROLL_E_DEVICEAPREACHED; mdmregistration.h adds 0x8018002a,
 * 0x80180032 and 0x80180033), as the generated Windows metadata bindings carry them.
 */
export const SDK_MENROLL: CodeSource = {
  title: 'Windows SDK winerror.h and mdmregistration.h, MENROLL_E_* definitions (Windows metadata bindings)',
  url: null,
};
export const INTUNE_WINDOWS_ENROLLMENT: CodeSource = {
  title: `${REFS.intuneEnrollment.title} (errors 8018000a, 80180014, 80180022, 80180026, "Auto MDM Enroll: Failed" 0x8018002b)`,
  url: REFS.intuneEnrollment.url,
};
export const INTUNE_80180002B: CodeSource = REFS.intuneAutoEnroll80180002b;
