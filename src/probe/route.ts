/**
 * Which proxy a request takes: `--proxy`, a PAC file's answer, the environment (`HTTPS_PROXY`,
 * `NO_PROXY`) or the WinHTTP settings the machine context uses (the `WinHttpSettings` registry
 * blob, which reads the same in every display language). Bypass lists match with wildcards, the
 * way WinHTTP does, not by substring. Pure.
 * @module
 */

export interface Route {
  /** `DIRECT`, or a proxy URL such as `http://proxy.contoso.com:8080`. */
  via: string;
  /** Where the route came from, said in the report. */
  source: string;
}

export const DIRECT: Route = { via: 'DIRECT', source: 'direct' };

/** One item of a PAC answer (`PROXY p:8080; DIRECT`). */
export interface PacChoice {
  type: 'DIRECT' | 'PROXY' | 'HTTPS' | 'SOCKS' | 'SOCKS4' | 'SOCKS5' | 'UNKNOWN';
  hostPort: string | null;
  raw: string;
}

export function parsePacResult(text: string): PacChoice[] {
  const out: PacChoice[] = [];
  for (const raw of text.split(';')) {
    const item = raw.trim();
    if (item === '') continue;
    const [word = '', hostPort = null] = item.split(/\s+/, 2);
    const type = word.toUpperCase();
    const known = ['DIRECT', 'PROXY', 'HTTPS', 'SOCKS', 'SOCKS4', 'SOCKS5'].includes(type);
    out.push({
      type: known ? (type as PacChoice['type']) : 'UNKNOWN',
      hostPort: type === 'DIRECT' ? null : hostPort,
      raw: item,
    });
  }
  return out;
}

/** The route of the first PAC choice this probe can use (HTTP proxies and DIRECT). */
export function routeOfPac(choices: readonly PacChoice[]): Route | { unusable: string } {
  for (const c of choices) {
    if (c.type === 'DIRECT') return { via: 'DIRECT', source: 'PAC' };
    if (c.type === 'PROXY' && c.hostPort) return { via: `http://${c.hostPort}`, source: 'PAC' };
    if (c.type === 'HTTPS' && c.hostPort) return { via: `https://${c.hostPort}`, source: 'PAC' };
  }
  return {
    unusable:
      choices.length === 0
        ? 'the PAC file returned nothing'
        : `the PAC file returned only choices this probe cannot use (${choices.map((c) => c.raw).join('; ')})`,
  };
}

/**
 * Whether a host bypasses the proxy: `;`, `,` or space separated entries with `*` wildcards,
 * `<local>` for names without a dot, and `.contoso.com` for the domain and its subdomains.
 */
export function bypasses(list: string, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  for (const raw of list.split(/[;,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '<local>') {
      if (!h.includes('.')) return true;
      continue;
    }
    if (entry === '*') return true;
    const pattern = entry.replace(/^[a-z]+:\/\//, '').replace(/:\d+$/, '');
    // A host name is at most 253 characters: longer entries match nothing, and the matching
    // work per entry stays bounded.
    if (pattern.length > 255 || h.length > 255) continue;
    if (pattern.startsWith('.') && (h.endsWith(pattern) || h === pattern.slice(1))) return true;
    if (wildcard(pattern, h)) return true;
  }
  return false;
}

/** `*` matches any run of characters; no regular expression built from input. */
function wildcard(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** `HTTPS_PROXY`/`HTTP_PROXY` (either case) with `NO_PROXY`, as most tools read them. */
export function routeOfEnv(env: Readonly<Record<string, string | undefined>>, url: string): Route | null {
  const u = safeUrl(url);
  if (!u) return null;
  const pick = (name: string) => env[name.toLowerCase()] ?? env[name.toUpperCase()];
  const proxy = u.protocol === 'https:' ? (pick('https_proxy') ?? pick('http_proxy')) : pick('http_proxy');
  if (!proxy) return null;
  const noProxy = pick('no_proxy');
  if (noProxy && bypasses(noProxy, u.hostname)) return { via: 'DIRECT', source: 'environment (NO_PROXY)' };
  return { via: proxy.includes('://') ? proxy : `http://${proxy}`, source: 'environment' };
}

export interface WinHttpSettings {
  direct: boolean;
  /** As stored: `proxy:8080` or `http=p:80;https=p:443`. */
  proxy: string | null;
  bypass: string | null;
}

/**
 * The `WinHttpSettings` value under `HKLM\...\Internet Settings\Connections` (what `netsh winhttp
 * set proxy` writes): a little-endian structure of size, counter, flags (2 = proxy), then the
 * proxy and the bypass list as length-prefixed ASCII. Null when the bytes are not that shape.
 */
export function parseWinHttpSettings(bytes: Uint8Array): WinHttpSettings | null {
  if (bytes.length < 12) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint32(8, true);
  let at = 12;
  const readString = (): string | null => {
    if (at + 4 > bytes.length) return null;
    const length = view.getUint32(at, true);
    at += 4;
    if (length > bytes.length - at) return null;
    const text = new TextDecoder('latin1').decode(bytes.subarray(at, at + length));
    at += length;
    return text.replace(/\0+$/, '') || null;
  };
  const proxy = readString();
  const bypass = readString();
  const direct = (flags & 2) === 0 || proxy === null;
  return { direct, proxy: direct ? null : proxy, bypass };
}

/** `reg query ... /v WinHttpSettings` output → the blob's bytes (the hex after REG_BINARY). */
export function winHttpBytesOfRegQuery(text: string): Uint8Array | null {
  const hex = /WinHttpSettings\s+REG_BINARY\s+([0-9A-Fa-f]+)/.exec(text)?.[1];
  if (!hex || hex.length % 2 !== 0) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The route WinHTTP takes for a URL with these settings. */
export function routeOfWinHttp(settings: WinHttpSettings, url: string): Route {
  const u = safeUrl(url);
  if (settings.direct || !settings.proxy || !u) return { via: 'DIRECT', source: 'WinHTTP (direct access)' };
  if (settings.bypass && bypasses(settings.bypass, u.hostname))
    return { via: 'DIRECT', source: 'WinHTTP (bypass list)' };
  const scheme = u.protocol.replace(':', '');
  let chosen = settings.proxy;
  if (settings.proxy.includes('=')) {
    const map = new Map<string, string>();
    for (const part of settings.proxy.split(';')) {
      const [k, v] = part.split('=', 2);
      if (k && v) map.set(k.trim().toLowerCase(), v.trim());
    }
    chosen = map.get(scheme) ?? map.get('http') ?? '';
    if (!chosen) return { via: 'DIRECT', source: `WinHTTP (no proxy for ${scheme})` };
  } else {
    chosen = settings.proxy.split(';')[0]?.trim() ?? '';
  }
  return { via: chosen.includes('://') ? chosen : `http://${chosen}`, source: 'WinHTTP' };
}

/** A proxy URL with its credentials replaced, for the report. */
export function withoutCredentials(url: string): string {
  const u = safeUrl(url);
  if (!u || (!u.username && !u.password)) return url;
  u.username = '';
  u.password = '';
  return u.toString().replace(/\/$/, '');
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
