/**
 * The SCP read over LDAP from a real OpenLDAP slapd started here on a loopback port (see
 * slapd.ts). Skipped, with the reason, when Debian's slapd is not installed.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupScp } from '../../src/probe/ldap.ts';
import { scpResult } from '../../src/probe/scp.ts';
import { cli } from '../cli/run-cli.ts';
import { hasOpenssl, makePki, OTHER_TENANT_ID, type Pki, startEntra, TENANT_ID } from './fake-entra.ts';
import { hasSlapd, type RunningSlapd, startSlapd } from './slapd.ts';

const available = hasSlapd() && hasOpenssl();
if (!available)
  console.warn('skipping the LDAP probe tests: /usr/sbin/slapd (Debian slapd) or openssl is not installed');

const SCP_DN =
  'CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,CN=Configuration,DC=contoso,DC=com';

describe.skipIf(!available)('SCP over LDAP against a real slapd', () => {
  let pki: Pki;
  let wrongTenant: RunningSlapd;
  let noScp: RunningSlapd;
  beforeAll(async () => {
    pki = makePki('Contoso Directory Root CA');
    wrongTenant = await startSlapd({
      keywords: ['azureADName:contoso.com', `azureADId:${OTHER_TENANT_ID}`],
      anonymousReadsConfiguration: false,
      tls: { certPem: pki.certPem, keyPem: pki.keyPem },
    });
    noScp = await startSlapd({ keywords: null, anonymousReadsConfiguration: true });
  }, 30_000);
  afterAll(async () => {
    await Promise.all([wrongTenant?.stop(), noScp?.stop()]);
    rmSync(pki.dir, { recursive: true, force: true });
  });

  it('StartTLS and a simple bind read the SCP; a tenant other than the expected one fails', async () => {
    const lookup = await lookupScp({
      url: wrongTenant.url,
      startTls: true,
      user: wrongTenant.user,
      password: wrongTenant.password,
      ca: [pki.rootPem],
    });
    expect(lookup).toEqual({
      server: `127.0.0.1:${wrongTenant.port}`,
      bound: 'simple',
      transport: 'starttls',
      configurationNc: 'CN=Configuration,DC=contoso,DC=com',
      keywords: ['azureADName:contoso.com', `azureADId:${OTHER_TENANT_ID}`],
      error: null,
    });
    const result = scpResult(lookup, TENANT_ID);
    expect(result.status).toBe('failed');
    expect(result.target).toBe(SCP_DN);
    expect(result.summary).toBe(
      `SCP found: azureADName contoso.com, azureADId ${OTHER_TENANT_ID}; azureADId ${OTHER_TENANT_ID} is not the tenant ${TENANT_ID}`,
    );
    expect(scpResult(lookup, OTHER_TENANT_ID).status).toBe('ok');
  });

  it('anonymously, the rootDSE is readable but the SCP is not: the result says it may be hidden', async () => {
    const lookup = await lookupScp({ url: wrongTenant.url });
    expect(lookup.configurationNc).toBe('CN=Configuration,DC=contoso,DC=com');
    expect(lookup.keywords).toBeNull();
    const result = scpResult(lookup, TENANT_ID);
    expect(result.summary).toMatch(
      /^no SCP object at CN=62a0ff2e-97b9-4513-943f-0d221bd30080,.* \(or it is hidden from anonymous readers: an anonymous LDAP session can read the rootDSE/,
    );
  });

  it('a forest without the SCP: not found, said plainly', async () => {
    const lookup = await lookupScp({ url: noScp.url });
    expect(lookup.error).toBeNull();
    expect(lookup.keywords).toBeNull();
    const result = scpResult(lookup, TENANT_ID);
    expect(result.data.scpFound).toBe(false);
    expect(result.status).toBe('failed');
  });

  it('never sends a password over plain LDAP', async () => {
    const lookup = await lookupScp({ url: noScp.url, user: noScp.user, password: noScp.password });
    expect(lookup.error).toEqual({
      stage: 'bind',
      message:
        'a simple bind would send the password in clear text: use ldaps:// or --ldap-starttls (nothing was sent)',
    });
  });

  it("a wrong password is a bind failure with the server's words", async () => {
    const lookup = await lookupScp({
      url: wrongTenant.url,
      startTls: true,
      user: wrongTenant.user,
      password: 'wrong',
      ca: [pki.rootPem],
    });
    expect(lookup.error?.stage).toBe('bind');
    expect(lookup.error?.message).toBe('invalid credentials (LDAP result 49)');
  });

  it('probe --ldap: the SCP names another tenant than the metadata of the domain, an error finding', async () => {
    const entra = await startEntra();
    const root = join(pki.dir, 'root-for-cli.pem');
    writeFileSync(root, pki.rootPem);
    try {
      const r = await cli(
        'probe',
        '--domain',
        'contoso.com',
        '--proxy',
        'direct',
        '--ldap',
        wrongTenant.url,
        '--ldap-starttls',
        '--ldap-user',
        wrongTenant.user,
        '--ldap-password',
        wrongTenant.password,
        '--ca',
        root,
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
      const scp = doc.results.find((x: { id: string }) => x.id === 'scp-ldap');
      expect(scp.title).toBe(
        `service connection point in Active Directory (127.0.0.1:${wrongTenant.port}, simple bind over starttls)`,
      );
      expect(scp.data).toMatchObject({ azureADId: OTHER_TENANT_ID, expectedTenantId: TENANT_ID });
      const finding = doc.findings.find((f: { id: string }) => f.id === 'probe-scp-wrong-tenant');
      expect(finding.explanation).toBe(
        `The SCP's azureADId is ${OTHER_TENANT_ID} (azureADName contoso.com), but the tenant is ${TENANT_ID}: domain-joined computers that read this SCP try to join the wrong tenant.`,
      );
      expect(doc.notChecked.some((n: string) => n.startsWith('the SCP'))).toBe(false);
    } finally {
      await entra.close();
    }
  });

  it('an unreachable directory is a connect failure, not an exception', async () => {
    const lookup = await lookupScp({ url: 'ldap://127.0.0.1:9', timeoutMs: 3000 });
    expect(lookup.error?.stage).toBe('connect');
    expect(scpResult(lookup, TENANT_ID).summary).toMatch(
      /^the directory 127\.0\.0\.1:9 could not be reached: /,
    );
  });
});
