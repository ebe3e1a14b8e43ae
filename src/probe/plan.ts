/**
 * What to probe for a user, a domain or a tenant in one cloud: the HTTP requests, with the
 * headers the device itself sends (`ocp-adrs-client-*` for discovery). Pure.
 * @module
 */
import type { CloudEndpoints } from './clouds.ts';
import type { HttpProbe } from './types.ts';

export interface ProbeTargets {
  upn: string | null;
  domain: string | null;
  /** A tenant ID (GUID) or a verified domain name. */
  tenant: string | null;
  /** Base of the on-premises DRS contract (default `https://enterpriseregistration.<domain>`). */
  onPremDrs?: string | null;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;

export function isGuid(text: string): boolean {
  return GUID.test(text);
}

export function isDomainName(text: string): boolean {
  return DOMAIN.test(text);
}

/** The domain of a UPN (`alex@contoso.com` → `contoso.com`); null when it has none. */
export function domainOfUpn(upn: string): string | null {
  const at = upn.lastIndexOf('@');
  const domain = at > 0 ? upn.slice(at + 1).toLowerCase() : '';
  return isDomainName(domain) ? domain : null;
}

/** The tenant or domain the tenant-scoped requests name: `--tenant`, else the domain. */
export function tenantKey(targets: ProbeTargets): string | null {
  return targets.tenant ?? targets.domain ?? (targets.upn ? domainOfUpn(targets.upn) : null);
}

const DISCOVERY_HEADERS = {
  accept: 'application/json',
  'ocp-adrs-client-name': 'dsreg',
  'ocp-adrs-client-version': '10',
} as const;
const JSON_ACCEPT = { accept: 'application/json' } as const;

/** Reachability of the three service hosts: any HTTP answer from the service counts. */
export function endpointProbes(cloud: CloudEndpoints): HttpProbe[] {
  return [
    {
      id: 'endpoint-login',
      kind: 'endpoint',
      title: `authority ${hostOf(cloud.login)}`,
      url: `${cloud.login}/common/oauth2/token`,
      headers: JSON_ACCEPT,
    },
    {
      id: 'endpoint-device-login',
      kind: 'endpoint',
      title: `device STS ${hostOf(cloud.deviceLogin)}`,
      url: `${cloud.deviceLogin}/common/oauth2/token`,
      headers: JSON_ACCEPT,
    },
    {
      id: 'endpoint-drs',
      kind: 'endpoint',
      title: `registration service ${hostOf(cloud.drs)}`,
      url: `${cloud.drs}/`,
      headers: JSON_ACCEPT,
    },
  ];
}

/** The OpenID metadata of the tenant: its ID, region scope and cloud instance. */
export function openIdProbe(cloud: CloudEndpoints, tenant: string): HttpProbe {
  return {
    id: 'openid',
    kind: 'openid',
    title: `OpenID metadata of ${tenant}`,
    url: `${cloud.login}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`,
    headers: JSON_ACCEPT,
  };
}

/** Discovery as the device does it, and the contract forms authority validation uses. */
export function discoveryProbes(cloud: CloudEndpoints, targets: ProbeTargets): HttpProbe[] {
  const key = tenantKey(targets);
  const domain = targets.domain ?? (targets.upn ? domainOfUpn(targets.upn) : null);
  const out: HttpProbe[] = [];
  if (key) {
    out.push({
      id: 'drs-discovery',
      kind: 'drs-discovery',
      title: `device registration discovery for ${key}`,
      url: `${cloud.drs}/${encodeURIComponent(key)}/discover?api-version=1.7`,
      headers: DISCOVERY_HEADERS,
    });
  }
  if (domain) {
    out.push({
      id: 'drs-contract',
      kind: 'drs-contract',
      title: `registration service contract for ${domain}`,
      url: `${cloud.drs}/${encodeURIComponent(domain)}/enrollmentserver/contract?api-version=1.0`,
      headers: JSON_ACCEPT,
    });
    const onPrem = (targets.onPremDrs ?? `https://enterpriseregistration.${domain}`).replace(/\/+$/, '');
    out.push({
      id: 'drs-contract-on-premises',
      kind: 'drs-contract',
      title: `on-premises registration service ${hostOf(onPrem)}`,
      url: `${onPrem}/enrollmentserver/contract?api-version=1.2`,
      headers: JSON_ACCEPT,
      optional: true,
    });
  }
  return out;
}

/** User realm in its three dialects: 1.0 (`account_type`), 2.1 (`NameSpaceType`), the legacy .srf. */
export function realmProbes(cloud: CloudEndpoints, targets: ProbeTargets): HttpProbe[] {
  const who = targets.upn ?? targets.domain;
  if (!who) return [];
  const user = encodeURIComponent(who);
  return [
    {
      id: 'user-realm-1.0',
      kind: 'user-realm',
      title: `user realm of ${who} (api-version 1.0)`,
      url: `${cloud.login}/common/UserRealm/?user=${user}&api-version=1.0`,
      headers: JSON_ACCEPT,
      realm: '1.0',
    },
    {
      id: 'user-realm-2.1',
      kind: 'user-realm',
      title: `user realm of ${who} (api-version 2.1)`,
      url: `${cloud.login}/common/userrealm/?user=${user}&api-version=2.1`,
      headers: JSON_ACCEPT,
      realm: '2.1',
    },
    {
      id: 'user-realm-srf',
      kind: 'user-realm',
      title: `user realm of ${who} (getuserrealm.srf)`,
      url: `${cloud.login}/getuserrealm.srf?login=${user}`,
      headers: JSON_ACCEPT,
      realm: 'srf',
    },
  ];
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
