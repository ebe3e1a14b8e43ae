/**
 * The network runner: makes one probe's request and says what it saw, as data. Requests go with
 * undici `request`, through a `ProxyAgent` when the route names a proxy. Before the request, the
 * tunnel is opened once by hand with undici's CONNECT (`Client.connect`), because that is where
 * a proxy's 407 and its `Proxy-Authenticate` challenges can be read, and the TLS handshake on it
 * reads the certificate chain the client really gets (without trusting it), which is where TLS
 * inspection shows. Never throws: every failure is part of the outcome.
 * @module
 */
import { connect as netConnect, type Socket } from 'node:net';
import { type PeerCertificate, rootCertificates, type TLSSocket, connect as tlsConnect } from 'node:tls';
import { Agent, Client, type Dispatcher, ProxyAgent, request } from 'undici';
import { withoutCredentials } from './route.ts';
import type { HttpOutcome, HttpProbe, TlsReading } from './types.ts';

export interface NetOptions {
  /** Extra trusted roots in PEM (an inspection proxy's root the admin trusts, a test CA). */
  ca?: readonly string[];
  timeoutMs?: number;
  /** The local clock, for the clock-offset check. */
  now?: () => Date;
  /** Largest body kept, in bytes. */
  maxBody?: number;
}

export interface RouteChoice {
  via: string;
  source: string;
}

const DEFAULT_TIMEOUT = 15_000;
const DEFAULT_MAX_BODY = 256 * 1024;

export async function fetchOutcome(
  probe: HttpProbe,
  route: RouteChoice,
  options: NetOptions = {},
): Promise<HttpOutcome> {
  const now = options.now ?? (() => new Date());
  const shown = route.via === 'DIRECT' ? 'DIRECT' : withoutCredentials(route.via);
  const base: HttpOutcome = {
    url: probe.url,
    via: shown,
    routeSource: route.source,
    status: null,
    headers: {},
    proxyAuthenticate: [],
    body: '',
    tls: null,
    error: null,
    receivedAt: now().toISOString(),
  };
  let url: URL;
  try {
    url = new URL(probe.url);
  } catch {
    return { ...base, error: { code: 'BAD_URL', message: `not a URL: ${probe.url}` } };
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT;
  const ca = options.ca && options.ca.length > 0 ? [...rootCertificates, ...options.ca] : undefined;

  // 1. The tunnel (or the direct connection) and, for HTTPS, the chain the server presents.
  let tls: TlsReading | null = null;
  const opened = await openSocket(url, route.via, timeoutMs);
  if ('status' in opened) {
    return {
      ...base,
      status: opened.status,
      // The proxy's own headers: its Date says nothing about the service's clock.
      headers: {},
      proxyAuthenticate: opened.proxyAuthenticate,
      error:
        opened.status === 407
          ? null
          : { code: 'PROXY_CONNECT', message: `the proxy answered ${opened.status} to CONNECT` },
      receivedAt: now().toISOString(),
    };
  }
  if ('error' in opened) return { ...base, error: opened.error };
  if (url.protocol === 'https:') {
    tls = await readChain(opened.socket, url.hostname, ca, timeoutMs);
  } else {
    opened.socket.destroy();
  }

  // 2. The request itself.
  const dispatcher = dispatcherFor(route.via, ca, timeoutMs);
  try {
    const response = await request(url, {
      method: 'GET',
      headers: { 'user-agent': 'dsreg-doctor-probe', ...probe.headers },
      dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const receivedAt = now().toISOString();
    const body = await readCapped(response.body, options.maxBody ?? DEFAULT_MAX_BODY);
    return {
      ...base,
      status: response.statusCode,
      headers: flatHeaders(response.headers),
      proxyAuthenticate: listOf(response.headers['proxy-authenticate']),
      body,
      tls,
      receivedAt,
    };
  } catch (error) {
    return { ...base, tls, error: errorOf(error), receivedAt: now().toISOString() };
  } finally {
    await dispatcher.close().catch(() => {});
  }
}

type Opened =
  | { socket: Socket }
  | { status: number; headers: Record<string, string>; proxyAuthenticate: string[] }
  | { error: { code: string; message: string } };

async function openSocket(url: URL, via: string, timeoutMs: number): Promise<Opened> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (via === 'DIRECT') {
    return new Promise<Opened>((resolve) => {
      const socket = netConnect({ host: url.hostname, port });
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({
          error: { code: 'CONNECT_TIMEOUT', message: `no connection to ${url.host} within ${timeoutMs} ms` },
        });
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve({ socket });
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        resolve({ error: errorOf(error) });
      });
    });
  }
  let proxy: URL;
  try {
    proxy = new URL(via);
  } catch {
    return { error: { code: 'BAD_PROXY', message: `not a proxy URL: ${withoutCredentials(via)}` } };
  }
  const headers: Record<string, string> = { host: `${url.hostname}:${port}` };
  if (proxy.username || proxy.password) {
    const user = decodeURIComponent(proxy.username);
    const pass = decodeURIComponent(proxy.password);
    headers['proxy-authorization'] = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  }
  const client = new Client(proxy.origin, { connectTimeout: timeoutMs, headersTimeout: timeoutMs });
  try {
    const tunnel = await client.connect({ path: `${url.hostname}:${port}`, headers });
    if (tunnel.statusCode !== 200) {
      tunnel.socket.destroy();
      return {
        status: tunnel.statusCode,
        headers: flatHeaders(tunnel.headers),
        proxyAuthenticate: listOf(tunnel.headers['proxy-authenticate']),
      };
    }
    return { socket: tunnel.socket as Socket };
  } catch (error) {
    return { error: errorOf(error) };
  } finally {
    // The client only hands the socket over; closing it does not close the tunnel.
    client.close().catch(() => {});
  }
}

function readChain(
  socket: Socket,
  servername: string,
  ca: string[] | undefined,
  timeoutMs: number,
): Promise<TlsReading> {
  return new Promise((resolve) => {
    const done = (reading: TlsReading, s: TLSSocket) => {
      clearTimeout(timer);
      s.destroy();
      resolve(reading);
    };
    const tlsSocket = tlsConnect({
      socket,
      servername: isIp(servername) ? undefined : servername,
      rejectUnauthorized: false,
      ...(ca ? { ca } : {}),
    });
    const timer = setTimeout(
      () =>
        done(
          {
            chain: [],
            topIssuer: null,
            leafIssuer: null,
            trusted: false,
            reason: 'handshake timed out',
            protocol: null,
          },
          tlsSocket,
        ),
      timeoutMs,
    );
    tlsSocket.once('secureConnect', () => {
      const chain: string[] = [];
      let cert: PeerCertificate | null = tlsSocket.getPeerCertificate(true);
      let last: PeerCertificate | null = null;
      const seen = new Set<string>();
      while (cert && Object.keys(cert).length > 0 && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        chain.push(nameOf(cert.subject));
        last = cert;
        const next: PeerCertificate | undefined = (
          cert as PeerCertificate & { issuerCertificate?: PeerCertificate }
        ).issuerCertificate;
        cert = next && next !== cert ? next : null;
      }
      const leaf = tlsSocket.getPeerCertificate(false);
      const error = tlsSocket.authorizationError;
      done(
        {
          chain,
          topIssuer: last ? nameOf(last.issuer) : null,
          leafIssuer: leaf && Object.keys(leaf).length > 0 ? nameOf(leaf.issuer) : null,
          trusted: tlsSocket.authorized,
          reason: error ? String((error as Error & { code?: string }).code ?? error) : null,
          protocol: tlsSocket.getProtocol(),
        },
        tlsSocket,
      );
    });
    tlsSocket.once('error', (error) =>
      done(
        {
          chain: [],
          topIssuer: null,
          leafIssuer: null,
          trusted: false,
          reason: errorOf(error).code,
          protocol: null,
        },
        tlsSocket,
      ),
    );
  });
}

function nameOf(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  const pick = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return pick(name.CN) ?? pick(name.O) ?? '';
}

function dispatcherFor(via: string, ca: string[] | undefined, timeoutMs: number): Dispatcher {
  const tls = ca ? { ca } : {};
  if (via === 'DIRECT') return new Agent({ connect: { ...tls, timeout: timeoutMs } });
  return new ProxyAgent({
    uri: via,
    requestTls: tls,
    proxyTls: tls,
    connect: { timeout: timeoutMs },
  } as ProxyAgent.Options);
}

async function readCapped(
  body: AsyncIterable<Uint8Array> & { destroy?(): void },
  max: number,
): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= max) {
      body.destroy?.();
      break;
    }
  }
  const all = new Uint8Array(Math.min(size, max));
  let at = 0;
  for (const c of chunks) {
    const part = c.subarray(0, all.length - at);
    all.set(part, at);
    at += part.length;
    if (at >= all.length) break;
  }
  return new TextDecoder().decode(all);
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function listOf(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function errorOf(error: unknown): { code: string; message: string } {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.cause?.code ?? e?.code ?? 'ERROR';
  const message = e?.cause?.message ?? e?.message ?? String(error);
  return { code, message };
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
