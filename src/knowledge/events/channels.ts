/**
 * The event channels an admin collects around device registration, with what each is for. The
 * three registration providers' channels name their provider; the others are kept so that a
 * file of theirs is recognised and described.
 * @module
 */
import type { ProviderKey } from './types.ts';

/** The providers that write device registration itself. */
export type EventSource = Extract<ProviderKey, 'udr' | 'aad' | 'wpj'>;

export interface ChannelInfo {
  /** The channel as Windows names it. */
  name: string;
  /** The provider that writes it, when it is one of the registration providers. */
  source: EventSource | null;
  /** What an admin looks for in it, one sentence. */
  about: string;
}

const UDR = 'Microsoft-Windows-User Device Registration';
const AAD = 'Microsoft-Windows-AAD';
const WPJ = 'Microsoft-Windows-Workplace Join';

export const CHANNELS: readonly ChannelInfo[] = [
  {
    name: `${UDR}/Admin`,
    source: 'udr',
    about: 'hybrid join and registration attempts, their phase and error',
  },
  { name: `${UDR}/Debug`, source: 'udr', about: 'step-by-step registration trace (must be enabled first)' },
  {
    name: `${AAD}/Operational`,
    source: 'aad',
    about: 'CloudAP and token broker errors: PRT and token failures',
  },
  {
    name: `${AAD}/Analytic`,
    source: 'aad',
    about: 'CloudAP progress: PRT requests, endpoints and realm discovery',
  },
  { name: `${WPJ}/Admin`, source: 'wpj', about: 'Workplace Join on down-level and Windows 8.1 clients' },
  { name: `${WPJ}/Debug`, source: 'wpj', about: 'Workplace Join trace on down-level clients' },
  {
    name: 'Microsoft-Workplace Join/Admin',
    source: 'wpj',
    about: 'Workplace Join on Windows 7 and Server 2008 R2',
  },
  {
    name: 'Microsoft-Workplace Join/Debug',
    source: 'wpj',
    about: 'Workplace Join trace on Windows 7 and Server 2008 R2',
  },
  { name: 'Microsoft-Windows-AADRT/Admin', source: null, about: 'ADAL runtime used by the token broker' },
  {
    name: 'Microsoft-Windows-HelloForBusiness/Operational',
    source: null,
    about: 'Windows Hello for Business provisioning',
  },
  {
    name: 'Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin',
    source: null,
    about: 'MDM enrollment and policy (Intune)',
  },
  {
    name: 'Microsoft-Windows-Kerberos/Operational',
    source: null,
    about: 'Kerberos tickets, including cloud Kerberos',
  },
  {
    name: 'Microsoft-Windows-CAPI2/Operational',
    source: null,
    about: 'certificate chain building and revocation checks',
  },
  { name: 'Microsoft-Windows-Shell-Core/Operational', source: null, about: 'sign-in shell activity' },
  { name: 'Microsoft-Windows-CertPoleEng/Operational', source: null, about: 'certificate enrollment policy' },
  { name: 'Microsoft-Windows-WebAuthN/Operational', source: null, about: 'FIDO2 and WebAuthn sign-in' },
  { name: 'Microsoft-Windows-Crypto-DPAPI/Operational', source: null, about: 'DPAPI key protection' },
  {
    name: 'System',
    source: null,
    about: 'system log: domain join (NetJoin), Kerberos errors, TPM and time service',
  },
  {
    name: 'Microsoft-Windows-Kerberos-KdcProxy/Operational',
    source: null,
    about: 'the KDC proxy server: its start failures, URL reservation and domain controllers it cannot reach',
  },
  {
    name: 'AD FS/Admin',
    source: null,
    about: 'the federation server: WS-Trust and sign-in failures with MSIS codes, endpoints, certificates',
  },
  {
    name: 'DRS/Admin',
    source: null,
    about: 'the registration service of AD FS: Windows Hello key receipt certificate downloads',
  },
];
