/**
 * Loopback stand-ins for the services a probe talks to: the Entra authority (OpenID metadata, user
 * realm in three dialects, token endpoint errors), the registration service (discovery, contract),
 * a CONNECT proxy with Basic or Negotiate authentication, and TLS with a chain made in the test.
 * Identifiers are placeholders (contoso.com, made-up GUIDs).
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TENANT_ID = '5f8c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
export const OTHER_TENANT_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

export interface EntraOptions {
  /** Domains the tenant owns, mapped to federated or not. */
  domains?: Record<string, { federated: boolean }>;
  /** Seconds to add to the server's Date header. */
  clockOffsetSeconds?: number;
  /** The OpenID metadata says this region scope and cloud instance. */
  regionScope?: string;
  cloudInstance?: string;
  /** Discovery fails with this HTTP status for every domain. */
  discoveryStatus?: number;
  /** Discovery names this tenant ID instead of the real one. */
  discoveryTenantId?: string;
}

export interface Running {
  url: string;
  port: number;
  requests: string[];
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown, date: string) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', date });
  res.end(JSON.stringify(body));
}

function discovery(base: string, tenantId: string, federated: boolean) {
  return {
    DiscoveryService: { DiscoveryEndpoint: `${base}/${tenantId}/Discover`, ServiceVersion: '1.0' },
    DeviceRegistrationService: {
      RegistrationEndpoint: `${base}/EnrollmentServer/DeviceEnrollmentWebService.svc`,
      RegistrationResourceId: 'urn:ms-drs:enterpriseregistration.windows.net',
      ServiceVersion: '1.0',
    },
    AuthenticationService: {
      OAuth2: {
        AuthCodeEndpoint: `${base}/${tenantId}/oauth2/authorize`,
        TokenEndpoint: `${base}/${tenantId}/oauth2/token`,
      },
    },
    IdentityProviderService: { Federated: federated, PassiveAuthEndpoint: `${base}/${tenantId}/wsfed` },
    DeviceJoinService: {
      JoinEndpoint: `${base}/EnrollmentServer/device/`,
      JoinResourceId: 'urn:ms-drs:enterpriseregistration.windows.net',
      ServiceVersion: '2.0',
    },
    TenantInfo: { DisplayName: 'Contoso', TenantId: tenantId, TenantName: 'contoso.onmicrosoft.com' },
  };
}

/** The authority and the registration service on one loopback origin. */
export async function startEntra(options: EntraOptions = {}): Promise<Running> {
  const domains = options.domains ?? { 'contoso.com': { federated: false } };
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(
      `${req.method} ${url.pathname}${url.search} ${req.headers['ocp-adrs-client-name'] ?? ''}`.trim(),
    );
    const date = new Date(Date.now() + (options.clockOffsetSeconds ?? 0) * 1000).toUTCString();
    const base = `http://${req.headers.host}`;
    const parts = url.pathname.split('/').filter(Boolean);
    const known = (key: string) => key === TENANT_ID || key.toLowerCase() in domains;
    const user = (url.searchParams.get('user') ?? url.searchParams.get('login') ?? '').toLowerCase();
    const userDomain = user.includes('@') ? user.slice(user.lastIndexOf('@') + 1) : user;
    const realm = domains[userDomain];
    if (url.pathname.endsWith('/oauth2/token')) {
      return json(
        res,
        400,
        {
          error: 'invalid_request',
          error_description:
            'AADSTS900561: The endpoint only accepts POST requests. Received a GET request.\r\nTrace ID: 00000000-0000-0000-0000-000000000001',
          error_codes: [900561],
        },
        date,
      );
    }
    if (url.pathname.endsWith('/v2.0/.well-known/openid-configuration') && parts[0]) {
      if (!known(parts[0])) {
        return json(
          res,
          400,
          {
            error: 'invalid_tenant',
            error_description: `AADSTS90002: Tenant '${parts[0]}' not found. Check to make sure you have the correct tenant ID.\r\nTrace ID: 00000000-0000-0000-0000-000000000002`,
            error_codes: [90002],
          },
          date,
        );
      }
      return json(
        res,
        200,
        {
          token_endpoint: `${base}/${TENANT_ID}/oauth2/v2.0/token`,
          issuer: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
          tenant_region_scope: options.regionScope ?? 'EU',
          cloud_instance_name: options.cloudInstance ?? 'microsoftonline.com',
          cloud_graph_host_name: 'graph.windows.net',
          msgraph_host: 'graph.microsoft.com',
        },
        date,
      );
    }
    if (parts[1] === 'discover' && parts[0]) {
      if (options.discoveryStatus) {
        return json(
          res,
          options.discoveryStatus,
          { ErrorType: 'DirectoryNotFound', Message: `The tenant '${parts[0]}' could not be found.` },
          date,
        );
      }
      if (!known(parts[0])) {
        return json(
          res,
          404,
          { ErrorCode: 'DirectoryNotFound', Message: 'Tenant or domain not found.' },
          date,
        );
      }
      const federated = domains[parts[0].toLowerCase()]?.federated ?? false;
      return json(res, 200, discovery(base, options.discoveryTenantId ?? TENANT_ID, federated), date);
    }
    if (
      parts[1]?.toLowerCase() === 'enrollmentserver' &&
      parts[2]?.toLowerCase() === 'contract' &&
      parts[0]
    ) {
      if (!known(parts[0])) {
        return json(
          res,
          400,
          { error: 'invalid_tenant', error_description: 'AADSTS90002: Tenant not found.' },
          date,
        );
      }
      return json(
        res,
        200,
        discovery(base, TENANT_ID, domains[parts[0].toLowerCase()]?.federated ?? false),
        date,
      );
    }
    if (/\/userrealm\/?$/i.test(url.pathname) || url.pathname === '/getuserrealm.srf') {
      const version = url.searchParams.get('api-version');
      const type = realm ? (realm.federated ? 'Federated' : 'Managed') : 'Unknown';
      const fed = realm?.federated
        ? 'https://sts.contoso.com/adfs/services/trust/2005/usernamemixed'
        : undefined;
      if (url.pathname === '/getuserrealm.srf') {
        return json(
          res,
          200,
          {
            State: realm ? 4 : 1,
            UserState: 1,
            Login: user,
            NameSpaceType: type,
            DomainName: userDomain,
            FederationBrandName: 'Contoso',
            CloudInstanceName: 'microsoftonline.com',
            ...(fed ? { AuthURL: 'https://sts.contoso.com/adfs/ls/' } : {}),
          },
          date,
        );
      }
      if (version === '1.0') {
        return json(
          res,
          200,
          {
            ver: '1.0',
            account_type: type,
            domain_name: userDomain,
            cloud_instance_name: 'microsoftonline.com',
            cloud_audience_urn: 'urn:federation:MicrosoftOnline',
            ...(fed
              ? {
                  federation_protocol: 'WSTrust',
                  federation_metadata_url: 'https://sts.contoso.com/adfs/services/trust/mex',
                  federation_active_auth_url: fed,
                }
              : {}),
          },
          date,
        );
      }
      return json(
        res,
        200,
        {
          NameSpaceType: type,
          Login: user,
          DomainName: userDomain,
          FederationBrandName: 'Contoso',
          TenantBrandingInfo: null,
          cloud_instance_name: 'microsoftonline.com',
          IsViral: false,
          ...(fed ? { AuthURL: 'https://sts.contoso.com/adfs/ls/', federation_protocol: 'WSTrust' } : {}),
        },
        date,
      );
    }
    res.writeHead(404, { 'content-type': 'text/plain', date });
    res.end('Not Found');
  });
  return listen(server, requests, 'http');
}

async function listen(server: Server, requests: string[], scheme: 'http' | 'https'): Promise<Running> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface ProxyOptions {
  /** `Basic` needs user:password; `Negotiate` offers only Negotiate and NTLM (never accepts). */
  auth: 'none' | 'basic' | 'negotiate';
  user?: string;
  password?: string;
}

/** A real CONNECT proxy on loopback: tunnels to loopback targets after authentication. */
export async function startProxy(options: ProxyOptions): Promise<Running> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    // Plain (absolute-form) requests are not needed by the probes: refuse them clearly.
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    requests.push(
      `CONNECT ${req.url} ${req.headers['proxy-authorization'] ? 'with credentials' : 'without credentials'}`,
    );
    const expected = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
    const refuse = (challenges: string[]) => {
      client.end(
        `HTTP/1.1 407 Proxy Authentication Required\r\n${challenges.map((c) => `Proxy-Authenticate: ${c}\r\n`).join('')}Content-Length: 0\r\nConnection: close\r\n\r\n`,
      );
    };
    if (options.auth === 'negotiate') return refuse(['Negotiate', 'NTLM']);
    if (options.auth === 'basic' && req.headers['proxy-authorization'] !== expected)
      return refuse(['Basic realm="contoso proxy"']);
    const [host, port] = (req.url ?? '').split(':');
    if (host !== '127.0.0.1' && host !== 'localhost') {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return listen(server, requests, 'http');
}

export interface Pki {
  dir: string;
  rootPem: string;
  keyPem: string;
  certPem: string;
}

/** A root CA named like an inspection appliance's, and a leaf for 127.0.0.1 signed by it. */
export function makePki(rootName = 'Contoso Inspection Root CA'): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'dsreg-probe-pki-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'root.key',
    '-out',
    'root.pem',
    '-days',
    '2',
    '-subj',
    `/O=Contoso/CN=${rootName}`,
  ]);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'leaf.key',
    '-out',
    'leaf.csr',
    '-subj',
    '/CN=login.microsoftonline.com',
  ]);
  writeFileSync(
    join(dir, 'ext.cnf'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:login.microsoftonline.com\n',
  );
  run([
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'root.pem',
    '-CAkey',
    'root.key',
    '-CAcreateserial',
    '-out',
    'leaf.pem',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
  ]);
  const leaf = readFileSync(join(dir, 'leaf.pem'), 'utf8');
  const root = readFileSync(join(dir, 'root.pem'), 'utf8');
  return {
    dir,
    rootPem: root,
    keyPem: readFileSync(join(dir, 'leaf.key'), 'utf8'),
    certPem: `${leaf}${root}`,
  };
}

/** An HTTPS server presenting the given chain; answers every request with a token-endpoint error. */
export async function startTls(pki: Pki): Promise<Running> {
  const requests: string[] = [];
  const server = createHttpsServer({ key: pki.keyPem, cert: pki.certPem }, (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: 'invalid_request',
        error_description: 'AADSTS900561: The endpoint only accepts POST requests.',
      }),
    );
  });
  return listen(server as unknown as Server, requests, 'https');
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
