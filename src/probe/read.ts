/**
 * Reading what the network runner saw: each answer becomes a probe result with the fields that
 * matter read out (tenant ID, federation, endpoints), the proxy's challenge, the certificate chain
 * judged against the roots Microsoft's services chain to, and the clock offset from `Date`. Pure.
 * @module
 */
import type { HttpOutcome, HttpProbe, ProbeResult, ProbeStatus, TlsReading } from './types.ts';

/** Issuers of the chains Microsoft's Entra endpoints present (roots and issuing CAs). */
export const EXPECTED_ISSUERS: readonly RegExp[] = [
  /\bMicrosoft\b/i,
  /\bDigiCert\b/i,
  /\bBaltimore CyberTrust\b/i,
];

/** More than this many seconds between the server's clock and this one is a problem for tokens. */
export const SKEW_ERROR_SECONDS = 300;
export const SKEW_WARNING_SECONDS = 60;

export interface ReadOptions {
  expectedIssuers?: readonly RegExp[];
}

type Data = Record<string, string | boolean | null>;

export function readOutcome(probe: HttpProbe, outcome: HttpOutcome, options: ReadOptions = {}): ProbeResult {
  const base: ProbeResult = {
    probe: probe.kind,
    id: probe.id,
    title: probe.title,
    target: probe.url,
    status: 'ok',
    summary: '',
    via: outcome.via,
    httpStatus: outcome.status,
    proxyAuthenticate: outcome.proxyAuthenticate,
    tls: outcome.tls,
    clockSkewSeconds: skewOf(outcome),
    data: {},
    error: null,
  };
  const intercepted = outcome.tls
    ? interceptionOf(outcome.tls, options.expectedIssuers ?? EXPECTED_ISSUERS)
    : null;
  const data: Data = {};
  if (intercepted) data.tlsInterceptedBy = intercepted;
  if (outcome.status === 407) {
    return {
      ...base,
      status: 'failed',
      data,
      error: 'proxy authentication required',
      summary: `the proxy ${outcome.via} answered 407 Proxy Authentication Required (${schemesOf(outcome.proxyAuthenticate).join(', ') || 'no scheme offered'})`,
    };
  }
  if (outcome.error) {
    const why = intercepted
      ? `the TLS chain is issued by "${intercepted}", not by the CAs Microsoft's services use: TLS inspection`
      : describeError(outcome);
    return {
      ...base,
      status: probe.optional ? 'skipped' : 'failed',
      data,
      error: `${outcome.error.code}: ${outcome.error.message}`,
      summary: why,
    };
  }
  const json = parseJson(outcome.body);
  const read = readBody(probe, outcome, json, data);
  let status = read.status;
  let summary = read.summary;
  if (intercepted) {
    status = 'failed';
    summary = `answered through TLS inspection: the chain is issued by "${intercepted}"; ${summary}`;
  }
  return { ...base, status, summary, data };
}

function readBody(
  probe: HttpProbe,
  outcome: HttpOutcome,
  json: Record<string, unknown> | null,
  data: Data,
): { status: ProbeStatus; summary: string } {
  const status = outcome.status ?? 0;
  const serverError = errorOf(json, outcome.body);
  if (serverError.code) data.errorCode = serverError.code;
  if (serverError.message) data.errorMessage = serverError.message;
  switch (probe.kind) {
    case 'endpoint':
      return {
        status: status >= 500 ? 'warning' : 'ok',
        summary: `reachable: HTTP ${status}${serverError.code ? ` (${serverError.code})` : ''}`,
      };
    case 'openid':
      return readOpenId(json, status, serverError, data);
    case 'drs-discovery':
    case 'drs-contract':
      return readDiscovery(probe, json, status, serverError, data);
    case 'user-realm':
      return readRealm(probe, json, status, serverError, data);
    default:
      return { status: 'ok', summary: `HTTP ${status}` };
  }
}

function readOpenId(
  json: Record<string, unknown> | null,
  status: number,
  error: ServerError,
  data: Data,
): { status: ProbeStatus; summary: string } {
  const issuer = str(json?.issuer);
  if (status !== 200 || !issuer) {
    const notFound = /AADSTS90002|invalid_tenant/i.test(`${error.code} ${error.message}`);
    return {
      status: 'failed',
      summary: notFound
        ? `the tenant is not known to this cloud (${error.message ?? error.code}); it may live in another cloud`
        : `HTTP ${status}: no OpenID metadata${error.message ? ` (${error.message})` : ''}`,
    };
  }
  const tenantId = /^https?:\/\/[^/]+\/([0-9a-f-]{36})\b/i.exec(issuer)?.[1]?.toLowerCase() ?? null;
  data.issuer = issuer;
  data.tenantId = tenantId;
  data.tenantRegionScope = str(json?.tenant_region_scope);
  data.tenantRegionSubScope = str(json?.tenant_region_sub_scope);
  data.cloudInstanceName = str(json?.cloud_instance_name);
  data.tokenEndpoint = str(json?.token_endpoint);
  return {
    status: 'ok',
    summary: `tenant ${tenantId ?? '(no ID in the issuer)'}, region ${data.tenantRegionScope ?? 'not said'}, cloud instance ${data.cloudInstanceName ?? 'not said'}`,
  };
}

function readDiscovery(
  probe: HttpProbe,
  json: Record<string, unknown> | null,
  status: number,
  error: ServerError,
  data: Data,
): { status: ProbeStatus; summary: string } {
  const root = (obj(json?.DiscoverResponse) ?? obj(json?.Discovery) ?? json) as Record<
    string,
    unknown
  > | null;
  const registration = obj(root?.DeviceRegistrationService);
  if (status !== 200 || !registration) {
    const tenantUnknown = /AADSTS90002|invalid_tenant|DirectoryNotFound|TenantNotFound/i.test(
      `${error.code} ${error.message}`,
    );
    return {
      status: probe.optional ? 'skipped' : 'failed',
      summary: probe.optional
        ? `no on-premises registration service answered (HTTP ${status}); expected unless the domain has one`
        : tenantUnknown
          ? `the service does not know this tenant or domain (${error.code ?? ''}${error.message ? `: ${error.message}` : ''})`
          : `HTTP ${status}: no discovery document${error.code ? ` (${error.code})` : ''}`,
    };
  }
  const join = obj(root?.DeviceJoinService);
  const idp = obj(root?.IdentityProviderService);
  const tenantInfo = obj(root?.TenantInfo);
  const oauth = obj(obj(root?.AuthenticationService)?.OAuth2);
  data.registrationEndpoint = str(registration.RegistrationEndpoint);
  data.registrationResourceId = str(registration.RegistrationResourceId);
  data.joinEndpoint = str(join?.JoinEndpoint);
  data.authCodeEndpoint = str(oauth?.AuthCodeEndpoint);
  data.tokenEndpoint = str(oauth?.TokenEndpoint);
  data.federated = typeof idp?.Federated === 'boolean' ? idp.Federated : null;
  data.passiveAuthEndpoint = str(idp?.PassiveAuthEndpoint);
  data.tenantId = str(tenantInfo?.TenantId)?.toLowerCase() ?? null;
  data.tenantName = str(tenantInfo?.TenantName);
  const parts = [
    data.tenantId ? `tenant ${data.tenantId}` : null,
    data.federated === null ? null : data.federated ? 'federated' : 'managed',
    data.joinEndpoint
      ? `join endpoint ${data.joinEndpoint}`
      : `registration endpoint ${data.registrationEndpoint}`,
  ].filter(Boolean);
  return { status: 'ok', summary: parts.join(', ') };
}

function readRealm(
  probe: HttpProbe,
  json: Record<string, unknown> | null,
  status: number,
  error: ServerError,
  data: Data,
): { status: ProbeStatus; summary: string } {
  if (status !== 200 || !json) {
    return {
      status: 'failed',
      summary: `HTTP ${status}: no realm answer${error.message ? ` (${error.message})` : ''}`,
    };
  }
  // 1.0 says `account_type`; 2.x and the .srf form say `NameSpaceType`: branch on what was asked.
  const type = probe.realm === '1.0' ? str(json.account_type) : str(json.NameSpaceType);
  data.accountType = type;
  data.domainName = str(json.domain_name) ?? str(json.DomainName);
  data.cloudInstanceName = str(json.cloud_instance_name) ?? str(json.CloudInstanceName);
  data.federationProtocol = str(json.federation_protocol);
  data.federationMetadataUrl = str(json.federation_metadata_url);
  data.federationAuthUrl = str(json.federation_active_auth_url) ?? str(json.AuthURL);
  if (typeof json.IsViral === 'boolean') data.viral = json.IsViral;
  if (!type) return { status: 'failed', summary: 'the answer has no realm type' };
  const federation =
    type === 'Federated' ? `, federation ${data.federationAuthUrl ?? 'endpoint not said'}` : '';
  return {
    status: type === 'Unknown' ? 'warning' : 'ok',
    summary: `${type}${data.domainName ? ` (${data.domainName})` : ''}${federation}${data.viral === true ? ', an unmanaged (viral) tenant' : ''}`,
  };
}

interface ServerError {
  code: string | null;
  message: string | null;
}

/** The error of an Entra or DRS answer, in the shapes they use. */
export function errorOf(json: Record<string, unknown> | null, body: string): ServerError {
  const code =
    str(json?.error) ?? str(json?.ErrorCode) ?? str(json?.code) ?? str(obj(json?.error)?.code) ?? null;
  const message =
    str(json?.error_description) ??
    str(json?.Message) ??
    str(json?.message) ??
    str(obj(json?.error)?.message) ??
    null;
  const aadsts = /AADSTS\d{5,6}/.exec(message ?? body)?.[0];
  return {
    code: aadsts && code && !code.includes('AADSTS') ? `${code} ${aadsts}` : (code ?? aadsts ?? null),
    message: message?.split(/\r?\n/)[0] ?? null,
  };
}

/** The issuer that reveals TLS inspection, or null when the chain is one Microsoft's services use. */
export function interceptionOf(tls: TlsReading, expected: readonly RegExp[]): string | null {
  const issuers = [tls.topIssuer, tls.leafIssuer].filter((n): n is string => n !== null);
  if (issuers.length === 0) return null;
  if (issuers.some((n) => expected.some((re) => re.test(n)))) return null;
  return issuers[0] ?? null;
}

/** The authentication schemes a proxy offers (`Negotiate`, `NTLM`, `Basic`). */
export function schemesOf(challenges: readonly string[]): string[] {
  const out: string[] = [];
  for (const challenge of challenges) {
    for (const part of challenge.split(',')) {
      const token = part.trim().split(/\s+/)[0] ?? '';
      if (/^[A-Za-z][A-Za-z0-9-]*$/.test(token) && !out.includes(token)) out.push(token);
    }
  }
  return out;
}

function skewOf(outcome: HttpOutcome): number | null {
  const date = outcome.headers.date;
  if (!date) return null;
  const server = Date.parse(date);
  const local = Date.parse(outcome.receivedAt);
  if (Number.isNaN(server) || Number.isNaN(local)) return null;
  return Math.round((server - local) / 1000);
}

function describeError(outcome: HttpOutcome): string {
  const { code, message } = outcome.error ?? { code: '', message: '' };
  const via = outcome.via === 'DIRECT' ? 'directly' : `through ${outcome.via}`;
  if (code === 'PROXY_CONNECT') return `the proxy ${outcome.via} refused the tunnel: ${message}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the name does not resolve (${code}) ${via}`;
  if (code === 'ECONNREFUSED') return `connection refused ${via}`;
  if (/TIMEOUT/i.test(code)) return `no answer in time ${via} (${code})`;
  if (/CERT|SELF_SIGNED|UNABLE_TO/i.test(code)) return `the TLS certificate is not trusted (${code}) ${via}`;
  return `${code || 'error'}: ${message} (${via})`;
}

function parseJson(body: string): Record<string, unknown> | null {
  const t = body.trim();
  if (!t.startsWith('{')) return null;
  try {
    const v: unknown = JSON.parse(t);
    return obj(v);
  } catch {
    return null;
  }
}

function obj(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}
