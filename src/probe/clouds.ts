/**
 * The Microsoft Entra clouds a device can register with, and their service endpoints: the
 * authority (`login.*`), the device STS (`device.login.*`, client-certificate authentication) and
 * the device registration service (`enterpriseregistration.*`). Every base URL can be overridden,
 * so the same probes run against a test server on loopback.
 * @module
 */

export type CloudId = 'commercial' | 'usgov' | 'china';

export const CLOUD_IDS: readonly CloudId[] = ['commercial', 'usgov', 'china'];

export interface CloudEndpoints {
  id: CloudId;
  label: string;
  /** The authority: user realm, OpenID metadata, tokens. */
  login: string;
  /** The device STS: client-certificate authentication, must not be TLS-inspected. */
  deviceLogin: string;
  /** The device registration service: discovery, join. */
  drs: string;
  /** Exempt from TLS inspection like the device STS (certificate authentication). */
  certAuth: string;
  /** Tenants whose OpenID metadata says this: `tenant_region_scope` or `cloud_instance_name`. */
  regionScopes: readonly string[];
  cloudInstances: readonly string[];
}

export const CLOUDS: Readonly<Record<CloudId, CloudEndpoints>> = {
  commercial: {
    id: 'commercial',
    label: 'commercial (and GCC)',
    login: 'https://login.microsoftonline.com',
    deviceLogin: 'https://device.login.microsoftonline.com',
    drs: 'https://enterpriseregistration.windows.net',
    certAuth: 'https://certauth.enterpriseregistration.windows.net',
    regionScopes: ['NA', 'EU', 'AS', 'OC', 'AF', 'SA', 'WW'],
    cloudInstances: ['microsoftonline.com'],
  },
  usgov: {
    id: 'usgov',
    label: 'US Government (GCC High, DoD)',
    login: 'https://login.microsoftonline.us',
    deviceLogin: 'https://device.login.microsoftonline.us',
    drs: 'https://enterpriseregistration.microsoftonline.us',
    certAuth: 'https://certauth.enterpriseregistration.microsoftonline.us',
    regionScopes: ['USG', 'USGov'],
    cloudInstances: ['microsoftonline.us'],
  },
  china: {
    id: 'china',
    label: 'China (operated by 21Vianet)',
    login: 'https://login.partner.microsoftonline.cn',
    deviceLogin: 'https://device.login.partner.microsoftonline.cn',
    drs: 'https://enterpriseregistration.partner.microsoftonline.cn',
    certAuth: 'https://certauth.enterpriseregistration.partner.microsoftonline.cn',
    regionScopes: [],
    cloudInstances: ['partner.microsoftonline.cn', 'chinacloudapi.cn'],
  },
};

/** Reads `--cloud`: the id or a common name for it; null when not a cloud. */
export function parseCloud(text: string): CloudId | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  if (['commercial', 'global', 'public', 'worldwide', 'gcc', 'azurecloud'].includes(t)) return 'commercial';
  if (['usgov', 'usgovernment', 'gcchigh', 'dod', 'azureusgovernment', 'us'].includes(t)) return 'usgov';
  if (['china', 'cn', '21vianet', 'mooncake', 'azurechinacloud'].includes(t)) return 'china';
  return null;
}

/** The cloud OpenID metadata points to; null when it says nothing recognisable. */
export function cloudOfMetadata(regionScope: string | null, cloudInstance: string | null): CloudId | null {
  const scope = regionScope?.toUpperCase() ?? '';
  if (scope === 'USG' || scope === 'USGOV') return 'usgov';
  const instance = cloudInstance?.toLowerCase() ?? '';
  if (instance.endsWith('microsoftonline.us')) return 'usgov';
  if (instance.endsWith('chinacloudapi.cn') || instance.endsWith('microsoftonline.cn')) return 'china';
  if (instance === 'microsoftonline.com' || (scope !== '' && CLOUDS.commercial.regionScopes.includes(scope)))
    return 'commercial';
  return null;
}

/** The cloud a host name belongs to; null for a host of no known cloud (an on-premises DRS). */
export function cloudOfHost(host: string): CloudId | null {
  const h = host.toLowerCase();
  if (h.endsWith('.microsoftonline.us') || h === 'microsoftonline.us') return 'usgov';
  if (h.endsWith('.microsoftonline.cn') || h.endsWith('.chinacloudapi.cn')) return 'china';
  if (h.endsWith('.microsoftonline.com') || h.endsWith('.windows.net')) return 'commercial';
  return null;
}

/** Base URLs with overrides applied (tests, a private mirror): `{ login: 'http://127.0.0.1:8080' }`. */
export type EndpointOverrides = Partial<Pick<CloudEndpoints, 'login' | 'deviceLogin' | 'drs' | 'certAuth'>>;

export function endpointsFor(cloud: CloudId, overrides: EndpointOverrides = {}): CloudEndpoints {
  const base = CLOUDS[cloud];
  const clean = (url: string | undefined, fallback: string) => (url ? url.replace(/\/+$/, '') : fallback);
  return {
    ...base,
    login: clean(overrides.login, base.login),
    deviceLogin: clean(overrides.deviceLogin, base.deviceLogin),
    drs: clean(overrides.drs, base.drs),
    certAuth: clean(overrides.certAuth, base.certAuth),
  };
}
