/**
 * The probes against real loopback servers: the authority and registration service, a CONNECT
 * proxy with Basic and Negotiate authentication, a TLS server with a chain made here (an
 * inspection appliance's root), and a PAC file. No request leaves the machine: every base URL
 * points at 127.0.0.1.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointsFor } from '../../src/probe/clouds.ts';
import { fetchOutcome } from '../../src/probe/net.ts';
import { endpointProbes } from '../../src/probe/plan.ts';
import { readOutcome } from '../../src/probe/read.ts';
import { runProbes } from '../../src/probe/suite.ts';
import type { HttpProbe } from '../../src/probe/types.ts';
import { cli } from '../cli/run-cli.ts';
import {
  hasOpenssl,
  makePki,
  OTHER_TENANT_ID,
  type Pki,
  type Running,
  startEntra,
  startProxy,
  startTls,
  TENANT_ID,
} from './fake-entra.ts';

const generator = { name: 'dsreg-doctor', version: 'test' };

describe('probes against a loopback authority and registration service', () => {
  let entra: Running;
  beforeAll(async () => {
    entra = await startEntra({ domains: { 'contoso.com': { federated: false } } });
  });
  afterAll(() => entra.close());

  const run = (targets: { upn: string | null; domain: string | null; tenant: string | null }) =>
    runProbes(
      {
        targets: { ...targets, onPremDrs: `${entra.url}/on-premises` },
        cloud: null,
        overrides: { login: entra.url, deviceLogin: entra.url, drs: entra.url },
      },
      {
        fetch: (p) => fetchOutcome(p, { via: 'DIRECT', source: 'direct' }),
        now: () => new Date(),
        generator,
      },
    );

  it('reads OpenID metadata, discovery, the contract and the three realm dialects', async () => {
    const report = await run({ upn: 'alex@contoso.com', domain: null, tenant: null });
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    expect(report.results.map((r) => `${r.id} ${r.status}`)).toEqual([
      'openid ok',
      'endpoint-login ok',
      'endpoint-device-login ok',
      'endpoint-drs ok',
      'drs-discovery ok',
      'drs-contract ok',
      'drs-contract-on-premises skipped',
      'user-realm-1.0 ok',
      'user-realm-2.1 ok',
      'user-realm-srf ok',
      'clock ok',
    ]);
    expect(byId.openid?.data).toMatchObject({
      tenantId: TENANT_ID,
      tenantRegionScope: 'EU',
      cloudOfTenant: 'commercial',
    });
    expect(byId['drs-discovery']?.data).toMatchObject({
      tenantId: TENANT_ID,
      federated: false,
      joinEndpoint: `${entra.url}/EnrollmentServer/device/`,
      tenantName: 'contoso.onmicrosoft.com',
    });
    expect(byId['endpoint-login']?.summary).toBe('reachable: HTTP 400 (invalid_request AADSTS900561)');
    expect(byId['user-realm-1.0']?.summary).toBe('Managed (contoso.com)');
    expect(byId['user-realm-2.1']?.data.accountType).toBe('Managed');
    expect(byId['user-realm-srf']?.data.accountType).toBe('Managed');
    expect(report.cloud).toBe('commercial (and GCC) (the default)');
    // The device's own discovery headers went out.
    expect(entra.requests).toContain('GET /contoso.com/discover?api-version=1.7 dsreg');
  });

  it("a domain the tenant does not own: discovery and metadata fail with the service's words", async () => {
    const report = await run({ upn: null, domain: 'fabrikam.example.com', tenant: null });
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    expect(byId.openid?.status).toBe('failed');
    expect(byId.openid?.summary).toMatch(
      /^the tenant is not known to this cloud \(AADSTS90002: Tenant 'fabrikam\.example\.com' not found/,
    );
    expect(byId['drs-discovery']?.summary).toBe(
      'the service does not know this tenant or domain (DirectoryNotFound: Tenant or domain not found.)',
    );
    expect(report.notChecked).toEqual([]);
  });

  it('says what it could not check when given nothing to look up', async () => {
    const report = await run({ upn: null, domain: null, tenant: null });
    expect(report.results.map((r) => r.id)).toEqual([
      'endpoint-login',
      'endpoint-device-login',
      'endpoint-drs',
      'clock',
    ]);
    expect(report.notChecked).toEqual([
      'tenant metadata, discovery and the contract: no tenant, domain or UPN was given (use --upn, --domain or --tenant)',
      'user realm: no UPN or domain was given',
    ]);
  });

  it('a tenant in the US Government cloud is probed there, found from its metadata', async () => {
    const gov = await startEntra({ regionScope: 'USG', cloudInstance: 'microsoftonline.us' });
    try {
      const seen: string[] = [];
      const report = await runProbes(
        {
          targets: { upn: null, domain: 'contoso.com', tenant: null },
          cloud: null,
          overrides: { login: gov.url, deviceLogin: gov.url, drs: gov.url },
        },
        {
          fetch: (p) => {
            seen.push(p.id);
            return fetchOutcome(p, { via: 'DIRECT', source: 'direct' });
          },
          now: () => new Date(),
          generator,
        },
      );
      expect(report.cloud).toBe("US Government (GCC High, DoD) (from the tenant's OpenID metadata)");
      expect(seen.slice(0, 2)).toEqual(['openid', 'openid']);
    } finally {
      await gov.close();
    }
  });

  it('finds the clock offset from the Date header', async () => {
    const skewed = await startEntra({ clockOffsetSeconds: -600 });
    try {
      const report = await runProbes(
        {
          targets: { upn: null, domain: null, tenant: null },
          cloud: 'commercial',
          overrides: { login: skewed.url, deviceLogin: skewed.url, drs: skewed.url },
        },
        {
          fetch: (p) => fetchOutcome(p, { via: 'DIRECT', source: 'direct' }),
          now: () => new Date(),
          generator,
        },
      );
      const clock = report.results.find((r) => r.id === 'clock');
      expect(clock?.status).toBe('failed');
      expect(Math.abs((clock?.clockSkewSeconds ?? 0) + 600)).toBeLessThanOrEqual(2);
      expect(clock?.summary).toMatch(/^this computer's clock is 6\d\d s ahead of the service's$/);
    } finally {
      await skewed.close();
    }
  });

  it('an unreachable service is a failure that says so, not an exception', async () => {
    const closed = await startEntra();
    const url = closed.url;
    await closed.close();
    const probe: HttpProbe = {
      id: 'endpoint-login',
      kind: 'endpoint',
      title: 't',
      url: `${url}/common/oauth2/token`,
      headers: {},
    };
    const result = readOutcome(
      probe,
      await fetchOutcome(probe, { via: 'DIRECT', source: 'direct' }, { timeoutMs: 3000 }),
    );
    expect(result.status).toBe('failed');
    expect(result.summary).toBe('connection refused directly');
  });
});

describe('through a CONNECT proxy on loopback', () => {
  let entra: Running;
  let basic: Running;
  let negotiate: Running;
  beforeAll(async () => {
    entra = await startEntra();
    basic = await startProxy({ auth: 'basic', user: 'svc-probe', password: 'P@ss word' });
    negotiate = await startProxy({ auth: 'negotiate' });
  });
  afterAll(async () => {
    await Promise.all([entra.close(), basic.close(), negotiate.close()]);
  });
  const probe = (): HttpProbe =>
    endpointProbes(endpointsFor('commercial', { login: entra.url }))[0] as HttpProbe;

  it('Basic credentials in the proxy URL open the tunnel and the request goes through', async () => {
    const outcome = await fetchOutcome(probe(), {
      via: `http://svc-probe:P%40ss%20word@127.0.0.1:${basic.port}`,
      source: '--proxy',
    });
    const result = readOutcome(probe(), outcome);
    expect(result.status).toBe('ok');
    expect(result.via).toBe(`http://127.0.0.1:${basic.port}`);
    expect(basic.requests.filter((r) => r.startsWith('CONNECT'))).toEqual([
      `CONNECT 127.0.0.1:${entra.port} with credentials`,
      `CONNECT 127.0.0.1:${entra.port} with credentials`,
    ]);
  });

  it('without credentials: a 407 with its Basic challenge is the result', async () => {
    const result = readOutcome(
      probe(),
      await fetchOutcome(probe(), { via: `http://127.0.0.1:${basic.port}`, source: '--proxy' }),
    );
    expect(result.status).toBe('failed');
    expect(result.httpStatus).toBe(407);
    expect(result.proxyAuthenticate).toEqual(['Basic realm="contoso proxy"']);
    expect(result.summary).toBe(
      `the proxy http://127.0.0.1:${basic.port} answered 407 Proxy Authentication Required (Basic)`,
    );
  });

  it('a Negotiate/NTLM-only proxy: both schemes are read from the 407', async () => {
    const result = readOutcome(
      probe(),
      await fetchOutcome(probe(), { via: `http://127.0.0.1:${negotiate.port}`, source: 'PAC' }),
    );
    expect(result.proxyAuthenticate).toEqual(['Negotiate', 'NTLM']);
    expect(result.summary).toBe(
      `the proxy http://127.0.0.1:${negotiate.port} answered 407 Proxy Authentication Required (Negotiate, NTLM)`,
    );
  });

  it('the CLI follows a PAC file to the proxy and reports the 407 as a finding, exit 1', async () => {
    const dir = join(basic.url.replace(/\W/g, ''), '');
    const pac = join(process.env.TMPDIR ?? '/tmp', `probe-${dir}.pac`);
    writeFileSync(
      pac,
      `function FindProxyForURL(url, host) {\n  if (isPlainHostName(host) || dnsDomainIs(host, ".contoso.com")) return "DIRECT";\n  if (shExpMatch(host, "127.0.0.*")) return "PROXY 127.0.0.1:${negotiate.port}; DIRECT";\n  return "DIRECT";\n}\n`,
    );
    try {
      const r = await cli(
        'probe',
        '--domain',
        'contoso.com',
        '--pac',
        pac,
        '--login-url',
        entra.url,
        '--device-login-url',
        entra.url,
        '--drs-url',
        entra.url,
        '--on-prem-drs-url',
        entra.url,
        '--format',
        'json',
      );
      expect(r.code).toBe(1);
      const doc = JSON.parse(r.stdout);
      expect(doc.schema).toBe('dsreg-doctor.probe/1');
      expect(doc.inputs.route).toBe(`http://127.0.0.1:${negotiate.port} (PAC)`);
      const finding = doc.findings.find((f: { id: string }) => f.id === 'probe-proxy-auth-required');
      expect(finding.title).toBe(
        `The proxy http://127.0.0.1:${negotiate.port} demands authentication (Negotiate, NTLM)`,
      );
      expect(finding.explanation).toMatch(
        /offers only integrated schemes \(Negotiate\/NTLM\): the join task runs as SYSTEM/,
      );
      expect(doc.notChecked).toContain(
        'PAC date and time conditions (weekdayRange, dateRange, timeRange) are taken as true',
      );
    } finally {
      rmSync(pac, { force: true });
    }
  });
});

describe.skipIf(!hasOpenssl())('TLS interception (chain made with the openssl CLI)', () => {
  let pki: Pki;
  let tls: Running;
  let proxy: Running;
  beforeAll(async () => {
    pki = makePki('Contoso Inspection Root CA');
    tls = await startTls(pki);
    proxy = await startProxy({ auth: 'none' });
  });
  afterAll(async () => {
    await Promise.all([tls.close(), proxy.close()]);
    rmSync(pki.dir, { recursive: true, force: true });
  });

  const probe = (): HttpProbe => ({
    id: 'endpoint-device-login',
    kind: 'endpoint',
    title: 'device STS',
    url: `${tls.url}/common/oauth2/token`,
    headers: {},
  });

  it("names the issuer of a chain that is not Microsoft's, even when the chain is not trusted", async () => {
    const result = readOutcome(probe(), await fetchOutcome(probe(), { via: 'DIRECT', source: 'direct' }));
    expect(result.status).toBe('failed');
    expect(result.tls?.topIssuer).toBe('Contoso Inspection Root CA');
    expect(result.tls?.trusted).toBe(false);
    expect(result.data.tlsInterceptedBy).toBe('Contoso Inspection Root CA');
    expect(result.summary).toBe(
      'the TLS chain is issued by "Contoso Inspection Root CA", not by the CAs Microsoft\'s services use: TLS inspection',
    );
  });

  it('through a proxy, with the inspection root trusted (--ca): the answer arrives and inspection is still named', async () => {
    const outcome = await fetchOutcome(probe(), { via: proxy.url, source: '--proxy' }, { ca: [pki.rootPem] });
    const result = readOutcome(probe(), outcome);
    expect(outcome.status).toBe(400);
    expect(outcome.tls?.trusted).toBe(true);
    expect(result.status).toBe('failed');
    expect(result.summary).toMatch(
      /^answered through TLS inspection: the chain is issued by "Contoso Inspection Root CA"; reachable: HTTP 400/,
    );
  });

  it('a chain from the expected issuers is not inspection', async () => {
    const result = readOutcome(
      probe(),
      await fetchOutcome(probe(), { via: 'DIRECT', source: 'direct' }, { ca: [pki.rootPem] }),
      {
        expectedIssuers: [/^Contoso Inspection Root CA$/],
      },
    );
    expect(result.status).toBe('ok');
    expect(result.data.tlsInterceptedBy).toBeUndefined();
  });
});

describe('the probe command', () => {
  it('reads the results against a capture: a tenant the service names differently is a finding', async () => {
    const entra = await startEntra({ discoveryTenantId: OTHER_TENANT_ID });
    const capture = join(process.env.TMPDIR ?? '/tmp', `probe-capture-${entra.port}.txt`);
    writeFileSync(
      capture,
      [
        '+----------------------------------------------------------------------+',
        '| Tenant Details                                                       |',
        '+----------------------------------------------------------------------+',
        '',
        '                TenantName : Contoso',
        `                  TenantId : ${TENANT_ID}`,
        '',
      ].join('\n'),
    );
    try {
      const r = await cli(
        'probe',
        '--domain',
        'contoso.com',
        '--capture',
        capture,
        '--proxy',
        'direct',
        '--login-url',
        entra.url,
        '--device-login-url',
        entra.url,
        '--drs-url',
        entra.url,
        '--on-prem-drs-url',
        entra.url,
        '--format',
        'text',
      );
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('  [OK] OpenID metadata of 5f8c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b\n');
      expect(r.stdout).toContain(
        `  ERROR The service names another tenant than the capture\n         The capture's TenantId is ${TENANT_ID}, but drs-discovery says ${OTHER_TENANT_ID}:`,
      );
      expect(r.stdout).toContain('not checked:\n');
      expect(r.stdout).toContain(
        '  - the SCP in Active Directory: no directory given (--ldap ldap://dc1.contoso.com)\n',
      );
    } finally {
      rmSync(capture, { force: true });
      await entra.close();
    }
  });

  it('refuses what it cannot use, in one line, exit 2', async () => {
    expect((await cli('probe', '--cloud', 'mars')).stderr).toEqual([
      'dsreg-doctor: --cloud mars: give commercial, usgov or china (see --help)',
    ]);
    const both = await cli('probe', '--proxy', 'http://p:8080', '--pac', 'x.pac');
    expect(both.code).toBe(2);
    expect((await cli('probe', '--upn', 'alex')).stderr).toEqual([
      'dsreg-doctor: --upn alex: give a user as user@domain (see --help)',
    ]);
  });
});
