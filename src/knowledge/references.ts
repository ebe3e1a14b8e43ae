/**
 * The public pages the product points admins to, one home: findings, event records, probe rules
 * and the code catalog's sources all take their titles and addresses from here, so a page that
 * moves is changed once.
 * @module
 */
import type { Reference } from '../model/diagnosis.ts';

const LEARN = 'https://learn.microsoft.com';
const DEVICES = `${LEARN}/entra/identity/devices`;

export const REFS = {
  dsregcmd: {
    title: 'Troubleshoot devices by using the dsregcmd command',
    url: `${DEVICES}/troubleshoot-device-dsregcmd`,
  },
  hybridJoin: {
    title: 'Troubleshoot Microsoft Entra hybrid joined devices',
    url: `${DEVICES}/troubleshoot-hybrid-join-windows-current`,
  },
  downLevel: {
    title: 'Troubleshoot hybrid joined down-level devices',
    url: `${DEVICES}/troubleshoot-hybrid-join-windows-legacy`,
  },
  prt: {
    title: 'Troubleshoot primary refresh token issues on Windows devices',
    url: `${DEVICES}/troubleshoot-primary-refresh-token`,
  },
  faq: { title: 'Microsoft Entra device management FAQ', url: `${DEVICES}/faq` },
  hybridConfig: { title: 'Configure Microsoft Entra hybrid join', url: `${DEVICES}/how-to-hybrid-join` },
  scp: {
    title: 'Configure the service connection point for Microsoft Entra hybrid join',
    url: `${DEVICES}/how-to-hybrid-join`,
  },
  networkRequirements: {
    title: 'Plan your Microsoft Entra device deployment: network requirements',
    url: `${DEVICES}/plan-device-deployment`,
  },
  whfb: {
    title: 'Windows Hello for Business deployment guide',
    url: `${LEARN}/windows/security/identity-protection/hello-for-business/`,
  },
  whfbProvisioning: {
    title: 'Windows Hello for Business: how provisioning works',
    url: `${LEARN}/windows/security/identity-protection/hello-for-business/how-it-works-provisioning`,
  },
  aadsts: {
    title: 'Microsoft Entra authentication and authorization error codes',
    url: `${LEARN}/entra/identity-platform/reference-error-codes`,
  },
  adfsLogging: {
    title: 'AD FS troubleshooting: events and logging',
    url: `${LEARN}/windows-server/identity/ad-fs/troubleshooting/ad-fs-tshoot-logging`,
  },
  cloudKerberos: {
    title: 'Passwordless security key sign-in to on-premises resources (cloud Kerberos)',
    url: `${LEARN}/entra/identity/authentication/howto-authentication-passwordless-security-key-on-premises`,
  },
  kdcProxy: {
    title: '[MS-KKDCP] Kerberos Key Distribution Center (KDC) Proxy Protocol: overview',
    url: `${LEARN}/openspecs/windows_protocols/ms-kkdcp/d688ea3a-04b0-45ea-8226-82a74cb6289e`,
  },
  intuneEnrollment: {
    title: 'Troubleshoot Windows device enrollment problems in Microsoft Intune',
    url: `${LEARN}/troubleshoot/mem/intune/device-enrollment/troubleshoot-windows-enrollment-errors`,
  },
  intuneAutoEnroll80180002b: {
    title: 'Troubleshoot Windows 10 Intune auto-enrollment error 80180002b',
    url: `${LEARN}/troubleshoot/mem/intune/device-enrollment/windows10-enroll-error-80180002b`,
  },
  mdmRegistrationErrors: {
    title: 'MDM Registration Error Values (MDMRegistration.h)',
    url: `${LEARN}/windows/win32/mdmreg/mdm-registration-constants`,
  },
  domainJoin: {
    title: 'Troubleshoot errors when joining computers to a domain',
    url: `${LEARN}/troubleshoot/windows-server/active-directory/troubleshoot-errors-join-computer-to-domain`,
  },
  kb4480781: {
    title: 'Event ID 307 and event ID 304 are logged after you deploy Windows on a device (KB4480781)',
    url: `${LEARN}/troubleshoot/windows-server/deployment/event-307-and-304-logged-for-deploying`,
  },
} as const satisfies Record<string, Reference>;
