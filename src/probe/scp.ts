/**
 * The service connection point (SCP) of device registration in Active Directory: where it is,
 * what its `keywords` say, and what an anonymous or an authenticated reader can see. Pure; the
 * LDAP reader is a shell.
 * @module
 */
import type { ProbeResult, ProbeStatus } from './types.ts';

export const SCP_CN = '62a0ff2e-97b9-4513-943f-0d221bd30080';

/** The SCP's DN under a configuration naming context. */
export function scpDn(configurationNc: string): string {
  return `CN=${SCP_CN},CN=Device Registration Configuration,CN=Services,${configurationNc}`;
}

export interface ScpKeywords {
  azureADId: string | null;
  azureADName: string | null;
  enterpriseDrsName: string | null;
}

/** `azureADId:<guid>`, `azureADName:<domain>`, `enterpriseDrsName:<fqdn>`; names case-insensitive. */
export function readKeywords(values: readonly string[]): ScpKeywords {
  const out: ScpKeywords = { azureADId: null, azureADName: null, enterpriseDrsName: null };
  for (const v of values) {
    const m = /^\s*([A-Za-z]+)\s*:\s*(.+?)\s*$/.exec(v);
    if (!m?.[1] || !m[2]) continue;
    const name = m[1].toLowerCase();
    if (name === 'azureadid') out.azureADId = m[2].toLowerCase();
    else if (name === 'azureadname') out.azureADName = m[2].toLowerCase();
    else if (name === 'enterprisedrsname') out.enterpriseDrsName = m[2].toLowerCase();
  }
  return out;
}

export const ANONYMOUS_NOTE =
  'an anonymous LDAP session can read the rootDSE (the naming contexts) but Active Directory refuses anonymous searches of the configuration partition by default, so the SCP itself needs a bind as any domain user (--ldap-user with --ldap-password, over LDAPS or StartTLS)';

/** What the LDAP reader saw, as data. */
export interface ScpLookup {
  server: string;
  bound: 'anonymous' | 'simple';
  transport: 'ldap' | 'ldaps' | 'starttls';
  configurationNc: string | null;
  /** null when the SCP object was not found; the keywords when it was. */
  keywords: string[] | null;
  /** What went wrong: `unreachable`, `bind refused`, `search refused`, with the server's words. */
  error: { stage: 'connect' | 'bind' | 'rootdse' | 'search'; message: string } | null;
}

/** The probe result of one SCP lookup, with the keywords read and the tenant compared. */
export function scpResult(lookup: ScpLookup, expectedTenantId: string | null): ProbeResult {
  const target = lookup.configurationNc ? scpDn(lookup.configurationNc) : `${lookup.server} (rootDSE)`;
  const base = {
    probe: 'scp-ldap' as const,
    id: 'scp-ldap',
    title: `service connection point in Active Directory (${lookup.server}, ${lookup.bound} bind over ${lookup.transport})`,
    target,
    via: null,
    httpStatus: null,
    proxyAuthenticate: [],
    tls: null,
    clockSkewSeconds: null,
  };
  if (lookup.error) {
    const anonymousRefusal = lookup.bound === 'anonymous' && lookup.error.stage === 'search';
    return {
      ...base,
      status: 'failed',
      summary:
        lookup.error.stage === 'connect'
          ? `the directory ${lookup.server} could not be reached: ${lookup.error.message}`
          : anonymousRefusal
            ? `the anonymous search was refused (${lookup.error.message}): ${ANONYMOUS_NOTE}`
            : `the ${lookup.error.stage} step failed: ${lookup.error.message}`,
      data: { stage: lookup.error.stage, configurationNc: lookup.configurationNc },
      error: lookup.error.message,
    };
  }
  if (lookup.keywords === null) {
    return {
      ...base,
      status: 'failed',
      summary: `no SCP object at ${target}${lookup.bound === 'anonymous' ? ` (or it is hidden from anonymous readers: ${ANONYMOUS_NOTE})` : ''}`,
      data: { scpFound: false, configurationNc: lookup.configurationNc },
      error: null,
    };
  }
  const k = readKeywords(lookup.keywords);
  let status: ProbeStatus = 'ok';
  const notes: string[] = [];
  if (!k.azureADId && !k.enterpriseDrsName) {
    status = 'failed';
    notes.push('it has no azureADId keyword');
  }
  if (k.azureADId && expectedTenantId && k.azureADId !== expectedTenantId.toLowerCase()) {
    status = 'failed';
    notes.push(`azureADId ${k.azureADId} is not the tenant ${expectedTenantId.toLowerCase()}`);
  }
  return {
    ...base,
    status,
    summary: `SCP found: azureADName ${k.azureADName ?? '(none)'}, azureADId ${k.azureADId ?? '(none)'}${k.enterpriseDrsName ? `, enterpriseDrsName ${k.enterpriseDrsName}` : ''}${notes.length ? `; ${notes.join('; ')}` : ''}`,
    data: {
      scpFound: true,
      configurationNc: lookup.configurationNc,
      azureADId: k.azureADId,
      azureADName: k.azureADName,
      enterpriseDrsName: k.enterpriseDrsName,
      expectedTenantId: expectedTenantId?.toLowerCase() ?? null,
    },
    error: null,
  };
}
