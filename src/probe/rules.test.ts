import { describe, expect, it } from 'vitest';
import { readCaptures } from '../read/index.ts';
import { probeFindings } from './diagnose.ts';
import type { ProbeResult } from './types.ts';

const TENANT = '5f8c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const OTHER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

function capture(diagnostic: string[], tenant = TENANT) {
  const text = [
    '+----------------------------------------------------------------------+',
    '| Device State                                                         |',
    '+----------------------------------------------------------------------+',
    '',
    '             AzureAdJoined : NO',
    '          EnterpriseJoined : NO',
    '              DomainJoined : YES',
    '                DomainName : CONTOSO',
    '               Device Name : PC042.contoso.com',
    '',
    '+----------------------------------------------------------------------+',
    '| Tenant Details                                                       |',
    '+----------------------------------------------------------------------+',
    '',
    '                TenantName : Contoso',
    `                  TenantId : ${tenant}`,
    '',
    '+----------------------------------------------------------------------+',
    '| Diagnostic Data                                                      |',
    '+----------------------------------------------------------------------+',
    '',
    '              User Context : SYSTEM',
    '               Client Time : 2026-03-02 09:25:31.000 UTC',
    ...diagnostic,
    '',
  ].join('\n');
  const [c] = readCaptures(text);
  if (!c) throw new Error('fixture did not read');
  return c;
}

function result(
  over: Partial<ProbeResult> & Pick<ProbeResult, 'probe' | 'id' | 'status' | 'summary'>,
): ProbeResult {
  return {
    title: over.id,
    target: 'https://enterpriseregistration.windows.net/contoso.com/discover?api-version=1.7',
    via: 'DIRECT',
    httpStatus: null,
    proxyAuthenticate: [],
    tls: null,
    clockSkewSeconds: null,
    data: {},
    error: null,
    ...over,
  };
}

const DISCOVER_WINHTTP = [
  '      AD Connectivity Test : PASS',
  '     AD Configuration Test : PASS',
  '        DRS Discovery Test : FAIL [0x801c0021/0x80072efd]',
  '',
  '     Previous Registration : 2026-03-02 09:23:30.000 UTC',
  '               Error Phase : discover',
  '          Client ErrorCode : 0x801c0021',
];

describe('probe results explain the capture', () => {
  it('a proxy 407 (Negotiate/NTLM only) explains a discover-phase WinHTTP/WinINet error', () => {
    const findings = probeFindings(capture(DISCOVER_WINHTTP), [
      result({
        probe: 'endpoint',
        id: 'endpoint-drs',
        status: 'failed',
        summary:
          'the proxy http://proxy.contoso.com:8080 answered 407 Proxy Authentication Required (Negotiate, NTLM)',
        via: 'http://proxy.contoso.com:8080',
        httpStatus: 407,
        proxyAuthenticate: ['Negotiate', 'NTLM'],
      }),
    ]);
    expect(findings.map((f) => f.id)).toEqual(['probe-proxy-auth-required']);
    const [f] = findings;
    expect(f?.severity).toBe('error');
    expect(f?.title).toBe('The proxy http://proxy.contoso.com:8080 demands authentication (Negotiate, NTLM)');
    expect(f?.codes).toEqual(['HTTP 407', '0x80072efd']);
    expect(f?.explanation).toBe(
      "1 request(s) got 407 Proxy Authentication Required. The proxy offers only integrated schemes (Negotiate/NTLM): the join task runs as SYSTEM and can only answer as the computer account, so registration fails unless the proxy accepts computer accounts or lets these hosts through without authentication. This explains the capture's network error 0x80072efd: the device's requests stop at the proxy.",
    );
    expect(f?.evidence.map((e) => e.field)).toEqual([
      'probe endpoint-drs',
      'Error Phase',
      'Client ErrorCode',
      'DRS Discovery Test',
      'AD Configuration Test',
    ]);
  });

  it('a Basic-only proxy: SYSTEM has no credentials to give', () => {
    const [f] = probeFindings(null, [
      result({
        probe: 'endpoint',
        id: 'endpoint-login',
        status: 'failed',
        summary: '407',
        httpStatus: 407,
        proxyAuthenticate: ['Basic realm="corp"'],
      }),
    ]);
    expect(f?.explanation).toMatch(
      /^1 request\(s\) got 407 Proxy Authentication Required\. Registration runs as SYSTEM, which has no user credentials/,
    );
    expect(f?.codes).toEqual(['HTTP 407']);
  });

  it('a failing discovery is the explanation of a discover-phase error', () => {
    const findings = probeFindings(capture(DISCOVER_WINHTTP), [
      result({
        probe: 'drs-discovery',
        id: 'drs-discovery',
        status: 'failed',
        summary:
          'the service does not know this tenant or domain (DirectoryNotFound: Tenant or domain not found.)',
      }),
    ]);
    expect(findings.map((f) => f.id)).toEqual(['probe-discovery-failed']);
    expect(findings[0]?.codes).toEqual(['0x801c0021', '0x80072efd']);
    expect(findings[0]?.explanation).toBe(
      "Discovery answered: the service does not know this tenant or domain (DirectoryNotFound: Tenant or domain not found.). This is the explanation of the capture's discover-phase error 0x801c0021 / 0x80072efd: the device cannot learn where to register.",
    );
  });

  it('without a capture, a failing discovery is still a finding, with no code to explain', () => {
    const [f] = probeFindings(null, [
      result({
        probe: 'drs-discovery',
        id: 'drs-discovery',
        status: 'failed',
        summary: 'HTTP 404: no discovery document',
      }),
    ]);
    expect(f?.codes).toEqual([]);
    expect(f?.explanation).toBe('Discovery answered: HTTP 404: no discovery document.');
  });

  it.each([
    ['0x801c001d', '     AD Configuration Test : FAIL [0x801c001d]'],
    ['0x801c0021', '        DRS Discovery Test : FAIL [0x801c0021]'],
  ])('an SCP naming another tenant explains %s', (code, line) => {
    const findings = probeFindings(
      capture([line, '               Error Phase : discover', `          Client ErrorCode : ${code}`]),
      [
        result({
          probe: 'scp-ldap',
          id: 'scp-ldap',
          status: 'failed',
          target:
            'CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,CN=Configuration,DC=contoso,DC=com',
          summary: `SCP found: azureADName contoso.com, azureADId ${OTHER}`,
          data: { scpFound: true, azureADId: OTHER, azureADName: 'contoso.com' },
        }),
      ],
    );
    expect(findings.map((f) => f.id)).toEqual(['probe-scp-wrong-tenant']);
    expect(findings[0]?.codes).toEqual([code]);
    expect(findings[0]?.explanation).toBe(
      `The SCP's azureADId is ${OTHER} (azureADName contoso.com), but the tenant is ${TENANT}: domain-joined computers that read this SCP try to join the wrong tenant. This explains the capture's ${code} in the discover phase.`,
    );
  });

  it('a missing SCP explains 0x801c001d', () => {
    const [f] = probeFindings(
      capture([
        '     AD Configuration Test : FAIL [0x801c001d]',
        '               Error Phase : discover',
        '          Client ErrorCode : 0x801c001d',
      ]),
      [
        result({
          probe: 'scp-ldap',
          id: 'scp-ldap',
          status: 'failed',
          summary: 'no SCP object at CN=62a0ff2e-…',
          data: { scpFound: false },
        }),
      ],
    );
    expect(f?.id).toBe('probe-scp-missing');
    expect(f?.explanation).toBe(
      "no SCP object at CN=62a0ff2e-…. This explains the capture's 0x801c001d in the discover phase.",
    );
  });

  it('the tenant the service names is checked against the capture', () => {
    const findings = probeFindings(capture([]), [
      result({
        probe: 'drs-discovery',
        id: 'drs-discovery',
        status: 'ok',
        summary: 'tenant …',
        data: { tenantId: OTHER, federated: false },
      }),
      result({
        probe: 'openid',
        id: 'openid',
        status: 'ok',
        summary: 'tenant …',
        data: { tenantId: TENANT },
      }),
    ]);
    expect(findings.map((f) => f.id)).toEqual(['probe-tenant-mismatch']);
    expect(findings[0]?.explanation).toBe(
      `The capture's TenantId is ${TENANT}, but drs-discovery says ${OTHER}: the domain or tenant probed belongs to another tenant than the one the device knows.`,
    );
  });

  it('the join endpoint the capture holds is checked against discovery', () => {
    const [withJoin] = readCaptures(
      [
        '+----------------------------------------------------------------------+',
        '| Tenant Details                                                       |',
        '+----------------------------------------------------------------------+',
        '',
        `                  TenantId : ${TENANT}`,
        '                JoinSrvUrl : https://enterpriseregistration.windows.net/EnrollmentServer/device/',
        '',
      ].join('\n'),
    );
    const discovery = result({
      probe: 'drs-discovery',
      id: 'drs-discovery',
      status: 'ok',
      summary: '',
      data: {
        tenantId: TENANT,
        joinEndpoint: 'https://enterpriseregistration.microsoftonline.us/EnrollmentServer/device/',
      },
    });
    const findings = probeFindings(withJoin ?? null, [discovery]);
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['probe-join-endpoint-mismatch', 'warning']]);
    expect(findings[0]?.explanation).toBe(
      "The capture's JoinSrvUrl is https://enterpriseregistration.windows.net/EnrollmentServer/device/, but discovery names https://enterpriseregistration.microsoftonline.us/EnrollmentServer/device/: the device holds the endpoints of another service (another cloud, or an on-premises DRS).",
    );
  });

  it("federation: discovery, realm and the capture's registration type must agree", () => {
    const findings = probeFindings(capture(['         Registration Type : federated']), [
      result({
        probe: 'drs-discovery',
        id: 'drs-discovery',
        status: 'ok',
        summary: '',
        data: { tenantId: TENANT, federated: false },
      }),
      result({
        probe: 'user-realm',
        id: 'user-realm-1.0',
        status: 'ok',
        summary: 'Managed',
        data: { accountType: 'Managed' },
      }),
    ]);
    expect(findings.map((f) => f.id)).toEqual(['probe-federation-mismatch']);
    expect(findings[0]?.explanation).toMatch(
      /^the capture's Registration Type is federated, the user realm says Managed\. /,
    );
  });

  it('TLS inspection names the issuer and explains a certificate error', () => {
    const [f] = probeFindings(
      capture([
        '        DRS Discovery Test : FAIL [0x801c0021/0x80072f8f]',
        '               Error Phase : discover',
        '          Client ErrorCode : 0x801c0021',
      ]),
      [
        result({
          probe: 'endpoint',
          id: 'endpoint-device-login',
          status: 'failed',
          target: 'https://device.login.microsoftonline.com/common/oauth2/token',
          summary: 'inspected',
          data: { tlsInterceptedBy: 'Contoso Inspection Root CA' },
        }),
      ],
    );
    expect(f?.title).toBe('TLS inspection: the certificate chain is issued by "Contoso Inspection Root CA"');
    expect(f?.codes).toEqual(['0x80072f8f']);
  });

  it('a clock ten minutes off is an error, one minute and a half a warning, in step nothing', () => {
    const clock = (skew: number, status: ProbeResult['status']) =>
      probeFindings(null, [
        result({ probe: 'clock', id: 'clock', status, summary: `off by ${skew}`, clockSkewSeconds: skew }),
      ]);
    expect(clock(-600, 'failed').map((f) => f.severity)).toEqual(['error']);
    expect(clock(90, 'warning').map((f) => f.severity)).toEqual(['warning']);
    expect(clock(1, 'ok')).toEqual([]);
  });

  it('healthy results support no finding', () => {
    expect(
      probeFindings(capture([]), [
        result({
          probe: 'endpoint',
          id: 'endpoint-login',
          status: 'ok',
          summary: 'reachable: HTTP 400',
          httpStatus: 400,
        }),
        result({
          probe: 'drs-discovery',
          id: 'drs-discovery',
          status: 'ok',
          summary: '',
          data: { tenantId: TENANT, federated: false },
        }),
        result({
          probe: 'user-realm',
          id: 'user-realm-2.1',
          status: 'ok',
          summary: 'Managed',
          data: { accountType: 'Managed' },
        }),
        result({
          probe: 'scp-ldap',
          id: 'scp-ldap',
          status: 'ok',
          summary: '',
          data: { scpFound: true, azureADId: TENANT },
        }),
      ]),
    ).toEqual([]);
  });
});
