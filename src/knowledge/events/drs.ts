/**
 * Device Registration Service (DRS/Admin log of an AD FS server): the registration service AD FS
 * hosts. In hybrid Windows Hello for Business certificate trust, AD FS downloads the public
 * certificates that sign Microsoft Entra key receipts, so that it can issue the sign-in
 * certificate as soon as a key is registered; when the download fails it falls back to looking
 * the key up in Active Directory, which fails until the key is synchronised back. The message is
 * followed by the URL and the exception that says why. Summaries and findings are ours (I2).
 * @module
 */

import { REFS } from '../references.ts';
import type { EventSpec, ProviderSpec } from './types.ts';

export const DRS_EVENTS = {
  3036: {
    level: 'error',
    fields: [],
    summary:
      'AD FS could not download the certificates that sign Windows Hello key receipts, so it cannot issue a sign-in certificate for a newly registered key until that key is synchronised to Active Directory.',
    phase: null,
    outcome: 'failure',
    openings: ['Failed to download Windows Hello key receipt public issuer certificates'],
    finding: {
      id: 'event-drs-key-receipt-download-failed',
      checks: ['I2'],
      title:
        'AD FS could not download the Windows Hello key receipt certificates (Device Registration Service event 3036)',
      causes: [
        'The service connection point for device registration (CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services in the configuration partition) is missing or holds no tenant (the exception says "Invalid or missing tenant information").',
        'The AD FS server cannot reach enterpriseregistration.windows.net: its WinHTTP proxy, a firewall, or TLS (.NET on Windows Server 2016 not set to use strong cryptography).',
      ],
      steps: [
        'Read the exception in the event.',
        'Check the service connection point and its keywords azureADName and azureADId.',
        'Test https://enterpriseregistration.windows.net from the AD FS server as the service reaches it (netsh winhttp show proxy), not only in a browser.',
        'On Windows Server 2016, set SchUseStrongCrypto = 1 (DWORD) under HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319 and its Wow6432Node twin, then restart the server.',
      ],
    },
  },
} satisfies Record<number, EventSpec>;

export const DRS: ProviderSpec = {
  key: 'drs',
  name: 'Device Registration Service',
  label: 'Device Registration Service',
  names: [/^device registration service$/, /^drs\/admin$/],
  registration: false,
  channel: { name: 'DRS/Admin', below: 10000 },
  reference: REFS.whfbProvisioning,
  events: DRS_EVENTS,
};
