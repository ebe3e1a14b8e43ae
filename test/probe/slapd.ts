/**
 * A real OpenLDAP `slapd` on a loopback port, shaped like the part of Active Directory a probe
 * reads: a rootDSE with `configurationNamingContext`, a configuration partition with
 * `CN=Services`, and (optionally) the device registration SCP with its `keywords`. The schema
 * here is the minimum for that (test OIDs under a private arc), not Active Directory's.
 * @module
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SLAPD = '/usr/sbin/slapd';
export const SLAPADD = '/usr/sbin/slapadd';

export function hasSlapd(): boolean {
  return existsSync(SLAPD) && existsSync(SLAPADD) && existsSync('/etc/ldap/schema/core.schema');
}

const SCHEMA = `
attributetype ( 1.3.6.1.4.1.55555.1.1 NAME 'keywords'
  EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
attributetype ( 1.3.6.1.4.1.55555.1.2 NAME 'configurationNamingContext'
  EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.55555.2.1 NAME 'container' SUP top STRUCTURAL MUST cn )
objectclass ( 1.3.6.1.4.1.55555.2.2 NAME 'serviceConnectionPoint' SUP top STRUCTURAL MUST cn MAY keywords )
objectclass ( 1.3.6.1.4.1.55555.2.3 NAME 'rootDseExtras' SUP top AUXILIARY MAY configurationNamingContext )
`;

export interface SlapdOptions {
  /** The SCP's keywords; null for a forest without the SCP. */
  keywords: string[] | null;
  /** Anonymous readers see the configuration partition (Active Directory's default: they do not). */
  anonymousReadsConfiguration: boolean;
  /** TLS for StartTLS: certificate chain and key in PEM. */
  tls?: { certPem: string; keyPem: string };
}

export interface RunningSlapd {
  url: string;
  port: number;
  /** The DN and password of a user for a simple bind. */
  user: string;
  password: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startSlapd(options: SlapdOptions): Promise<RunningSlapd> {
  const dir = mkdtempSync(join(tmpdir(), 'dsreg-probe-slapd-'));
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'ad.schema'), SCHEMA);
  writeFileSync(
    join(dir, 'rootdse.ldif'),
    'dn:\nobjectClass: rootDseExtras\nconfigurationNamingContext: CN=Configuration,DC=contoso,DC=com\n',
  );
  const tlsLines: string[] = [];
  if (options.tls) {
    writeFileSync(join(dir, 'server.pem'), options.tls.certPem);
    writeFileSync(join(dir, 'server.key'), options.tls.keyPem);
    tlsLines.push(
      `TLSCertificateFile ${join(dir, 'server.pem')}`,
      `TLSCertificateKeyFile ${join(dir, 'server.key')}`,
    );
  }
  const conf = [
    'include /etc/ldap/schema/core.schema',
    `include ${join(dir, 'ad.schema')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    `pidfile ${join(dir, 'slapd.pid')}`,
    `rootDSE ${join(dir, 'rootdse.ldif')}`,
    ...tlsLines,
    'database mdb',
    'maxsize 10485760',
    'suffix "dc=contoso,dc=com"',
    'rootdn "cn=admin,dc=contoso,dc=com"',
    'rootpw admin-secret',
    `directory ${join(dir, 'db')}`,
    'access to attrs=userPassword by anonymous auth by self read by * none',
    `access to dn.subtree="cn=Configuration,dc=contoso,dc=com" by users read by anonymous ${options.anonymousReadsConfiguration ? 'read' : 'none'}`,
    'access to * by * read',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'slapd.conf'), conf);
  const entries = [
    'dn: dc=contoso,dc=com\nobjectClass: dcObject\nobjectClass: organization\ndc: contoso\no: Contoso\n',
    'dn: cn=probe-reader,dc=contoso,dc=com\nobjectClass: person\ncn: probe-reader\nsn: reader\nuserPassword: Reader-Pass-1\n',
    'dn: CN=Configuration,DC=contoso,DC=com\nobjectClass: container\ncn: Configuration\n',
    'dn: CN=Services,CN=Configuration,DC=contoso,DC=com\nobjectClass: container\ncn: Services\n',
    'dn: CN=Device Registration Configuration,CN=Services,CN=Configuration,DC=contoso,DC=com\nobjectClass: container\ncn: Device Registration Configuration\n',
  ];
  if (options.keywords) {
    entries.push(
      `dn: CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,CN=Configuration,DC=contoso,DC=com\nobjectClass: serviceConnectionPoint\ncn: 62a0ff2e-97b9-4513-943f-0d221bd30080\n${options.keywords.map((k) => `keywords: ${k}`).join('\n')}\n`,
    );
  }
  writeFileSync(join(dir, 'data.ldif'), entries.join('\n'));
  execFileSync(SLAPADD, ['-f', join(dir, 'slapd.conf'), '-l', join(dir, 'data.ldif')], { stdio: 'pipe' });
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(SLAPD, ['-f', join(dir, 'slapd.conf'), '-h', `${url}/`, '-d', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  await waitForPort(port, child, () => stderr);
  return {
    url,
    port,
    user: 'cn=probe-reader,dc=contoso,dc=com',
    password: 'Reader-Pass-1',
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`slapd exited: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`slapd did not listen on ${port}: ${log()}`);
}
