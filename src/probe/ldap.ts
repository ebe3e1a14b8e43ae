/**
 * The LDAP reader of the SCP (ldapts): the rootDSE for `configurationNamingContext`, then the SCP
 * object's `keywords`. Binds anonymously, or with a simple bind when credentials are given; a
 * simple bind is only sent over LDAPS or after StartTLS, never in clear text. ldapts offers no
 * Kerberos or NTLM bind. Never throws: every failure is part of the lookup.
 * @module
 */
import { Client } from 'ldapts';
import { type ScpLookup, scpDn } from './scp.ts';

export interface LdapOptions {
  /** `ldap://dc1.contoso.com`, `ldaps://dc1.contoso.com:636`. */
  url: string;
  startTls?: boolean;
  user?: string | null;
  password?: string | null;
  /** Extra trusted roots (PEM) for LDAPS/StartTLS. */
  ca?: readonly string[];
  timeoutMs?: number;
}

export async function lookupScp(options: LdapOptions): Promise<ScpLookup> {
  const secure = options.url.toLowerCase().startsWith('ldaps://');
  const transport: ScpLookup['transport'] = secure ? 'ldaps' : options.startTls ? 'starttls' : 'ldap';
  const bound: ScpLookup['bound'] = options.user ? 'simple' : 'anonymous';
  const server = options.url.replace(/^ldaps?:\/\//i, '').replace(/\/.*$/, '');
  const lookup: ScpLookup = { server, bound, transport, configurationNc: null, keywords: null, error: null };
  const tlsOptions = options.ca && options.ca.length > 0 ? { ca: [...options.ca] } : {};
  if (bound === 'simple' && transport === 'ldap') {
    return {
      ...lookup,
      error: {
        stage: 'bind',
        message:
          'a simple bind would send the password in clear text: use ldaps:// or --ldap-starttls (nothing was sent)',
      },
    };
  }
  const timeout = options.timeoutMs ?? 10_000;
  // ldapts opens TLS at connect whenever tlsOptions is given, so plain ldap:// (StartTLS) gets none.
  const client = new Client({
    url: options.url,
    timeout,
    connectTimeout: timeout,
    ...(secure ? { tlsOptions } : {}),
  });
  try {
    try {
      if (transport === 'starttls') await client.startTLS({ ...tlsOptions });
      if (bound === 'simple') await client.bind(options.user ?? '', options.password ?? '');
    } catch (error) {
      const stage = isConnectError(error) ? 'connect' : 'bind';
      return { ...lookup, error: { stage, message: messageOf(error) } };
    }
    try {
      const root = await client.search('', {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: ['configurationNamingContext'],
      });
      const nc = first(root.searchEntries[0]?.configurationNamingContext);
      if (!nc) {
        return {
          ...lookup,
          error: {
            stage: 'rootdse',
            message: 'the rootDSE has no configurationNamingContext: not an Active Directory server?',
          },
        };
      }
      lookup.configurationNc = nc;
    } catch (error) {
      return {
        ...lookup,
        error: { stage: isConnectError(error) ? 'connect' : 'rootdse', message: messageOf(error) },
      };
    }
    try {
      const scp = await client.search(scpDn(lookup.configurationNc), {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: ['keywords'],
      });
      const entry = scp.searchEntries[0];
      lookup.keywords = entry ? all(entry.keywords) : null;
    } catch (error) {
      if (isNoSuchObject(error)) return lookup;
      return { ...lookup, error: { stage: 'search', message: messageOf(error) } };
    }
    return lookup;
  } finally {
    await client.unbind().catch(() => {});
  }
}

function first(v: unknown): string | null {
  const list = all(v);
  return list[0] ?? null;
}

function all(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) =>
    typeof x === 'string' ? x : x instanceof Uint8Array ? new TextDecoder().decode(x) : String(x),
  );
}

function isNoSuchObject(error: unknown): boolean {
  const e = error as { code?: number; name?: string };
  return e?.code === 32 || e?.name === 'NoSuchObjectError';
}

function isConnectError(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    (typeof e?.code === 'string' &&
      /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET|EAI_AGAIN)$/.test(e.code)) ||
    /connect|timeout|ECONNREFUSED/i.test(e?.message ?? '')
  );
}

function messageOf(error: unknown): string {
  const e = error as { message?: string; code?: string | number; name?: string };
  const text = (e?.message ?? String(error)).split('\n')[0]?.trim() ?? '';
  const said = /^Code: 0x[0-9a-f]+$/i.test(text) ? '' : text;
  if (typeof e?.code === 'number' && e.name && e.name !== 'Error') {
    // ldapts names each LDAP result: InvalidCredentialsError → "invalid credentials (LDAP result 49)".
    const words = e.name
      .replace(/Error$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase();
    return `${words} (LDAP result ${e.code})${said ? `: ${said}` : ''}`;
  }
  return said || String(e?.code ?? 'error');
}
