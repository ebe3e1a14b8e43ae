import { describe, expect, it } from 'vitest';
import { cloudOfMetadata, parseCloud } from './clouds.ts';
import { interceptionOf, readOutcome, schemesOf } from './read.ts';
import type { HttpOutcome, HttpProbe } from './types.ts';

const outcome = (status: number, body: unknown, extra: Partial<HttpOutcome> = {}): HttpOutcome => ({
  url: 'https://login.microsoftonline.com/x',
  via: 'DIRECT',
  routeSource: 'direct',
  status,
  headers: { date: 'Mon, 02 Mar 2026 10:00:00 GMT' },
  proxyAuthenticate: [],
  body: typeof body === 'string' ? body : JSON.stringify(body),
  tls: null,
  error: null,
  receivedAt: '2026-03-02T10:00:30.000Z',
  ...extra,
});
const realm = (v: '1.0' | '2.1' | 'srf'): HttpProbe => ({
  id: `r${v}`,
  kind: 'user-realm',
  title: 'r',
  url: 'u',
  headers: {},
  realm: v,
});

describe('reading answers', () => {
  it('branches on the realm dialect asked: account_type for 1.0, NameSpaceType for 2.1', () => {
    const federated10 = readOutcome(
      realm('1.0'),
      outcome(200, {
        ver: '1.0',
        account_type: 'Federated',
        domain_name: 'contoso.com',
        federation_protocol: 'WSTrust',
        federation_active_auth_url: 'https://sts.contoso.com/adfs/services/trust/2005/usernamemixed',
        NameSpaceType: 'Managed',
      }),
    );
    expect(federated10.summary).toBe(
      'Federated (contoso.com), federation https://sts.contoso.com/adfs/services/trust/2005/usernamemixed',
    );
    const v21 = readOutcome(
      realm('2.1'),
      outcome(200, { NameSpaceType: 'Unknown', account_type: 'Managed', IsViral: true }),
    );
    expect([v21.status, v21.data.accountType, v21.data.viral]).toEqual(['warning', 'Unknown', true]);
  });

  it('clock offset from Date: the server 30 s behind', () => {
    expect(readOutcome(realm('srf'), outcome(200, { NameSpaceType: 'Managed' })).clockSkewSeconds).toBe(-30);
  });

  it('a realm answer that is not JSON is a failure that says so', () => {
    expect(readOutcome(realm('1.0'), outcome(502, '<html>Bad gateway</html>')).summary).toBe(
      'HTTP 502: no realm answer',
    );
  });

  it('reads Proxy-Authenticate schemes, with parameters and several per header', () => {
    expect(schemesOf(['Negotiate', 'NTLM'])).toEqual(['Negotiate', 'NTLM']);
    expect(schemesOf(['Basic realm="corp proxy", charset="UTF-8"', 'Negotiate, NTLM'])).toEqual([
      'Basic',
      'Negotiate',
      'NTLM',
    ]);
    expect(schemesOf([])).toEqual([]);
  });

  it('judges a chain by its issuers', () => {
    const chain = (leafIssuer: string, topIssuer: string) => ({
      chain: ['login.microsoftonline.com'],
      leafIssuer,
      topIssuer,
      trusted: true,
      reason: null,
      protocol: 'TLSv1.3',
    });
    const expected = [/\bMicrosoft\b/i, /\bDigiCert\b/i];
    expect(
      interceptionOf(chain('Microsoft Azure RSA TLS Issuing CA 04', 'DigiCert Global Root G2'), expected),
    ).toBeNull();
    expect(interceptionOf(chain('Fabrikam Web Gateway CA', 'Fabrikam Root CA'), expected)).toBe(
      'Fabrikam Root CA',
    );
  });
});

describe('clouds', () => {
  it('reads --cloud names and the cloud from OpenID metadata', () => {
    expect(['commercial', 'GCC', 'gcc-high', 'DoD', 'China', '21Vianet', 'mars'].map(parseCloud)).toEqual([
      'commercial',
      'commercial',
      'usgov',
      'usgov',
      'china',
      'china',
      null,
    ]);
    expect(cloudOfMetadata('USG', 'microsoftonline.us')).toBe('usgov');
    expect(cloudOfMetadata(null, 'chinacloudapi.cn')).toBe('china');
    expect(cloudOfMetadata('EU', 'microsoftonline.com')).toBe('commercial');
    expect(cloudOfMetadata(null, null)).toBeNull();
  });
});
