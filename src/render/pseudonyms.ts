/**
 * Stable stand-ins for identifiers. Without a salt they are numbered in order of first sight
 * (`user1`, `domain2.example`), which reads well and is stable within one run; with a salt they
 * come from a hash of salt and value, so two runs with the same salt agree.
 * @module
 */

export type PseudonymKind =
  | 'guid'
  | 'thumbprint'
  | 'sid'
  | 'user'
  | 'domain'
  | 'netbios'
  | 'host'
  | 'device'
  | 'tenant'
  | 'opaque';

const PREFIX: Record<PseudonymKind, string> = {
  guid: '',
  thumbprint: '',
  sid: '',
  user: 'user',
  domain: 'domain',
  netbios: 'DOMAIN',
  host: 'host',
  device: 'device',
  tenant: 'tenant',
  opaque: 'id',
};

/** 32-bit FNV-1a over UTF-16 code units: small, pure and good enough to spread names. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** As many hex digits as asked, chained from the hash so longer outputs stay deterministic. */
function hexDigest(text: string, digits: number): string {
  let out = '';
  let seed = 0x811c9dc5;
  while (out.length < digits) {
    seed = fnv1a(text, seed ^ out.length);
    out += seed.toString(16).padStart(8, '0');
  }
  return out.slice(0, digits);
}

export class PseudonymTable {
  readonly #salt: string | null;
  readonly #byKey = new Map<string, string>();
  readonly #taken = new Set<string>();
  readonly #counters = new Map<PseudonymKind, number>();

  constructor(salt: string | null) {
    this.#salt = salt;
  }

  /** The stand-in for `value`; the same (kind, value) always gets the same one. */
  get(kind: PseudonymKind, value: string): string {
    const key = `${kind}\u0000${value.toLowerCase()}`;
    const known = this.#byKey.get(key);
    if (known !== undefined) return known;
    let attempt = 0;
    let name = this.#make(kind, value, attempt);
    while (this.#taken.has(`${kind}\u0000${name}`)) name = this.#make(kind, value, ++attempt);
    this.#taken.add(`${kind}\u0000${name}`);
    this.#byKey.set(key, name);
    return name;
  }

  #make(kind: PseudonymKind, value: string, attempt: number): string {
    if (this.#salt === null) {
      const n = (this.#counters.get(kind) ?? 0) + 1;
      this.#counters.set(kind, n);
      return numbered(kind, n);
    }
    return hashed(
      kind,
      hexDigest(`${this.#salt}\u0000${kind}\u0000${value.toLowerCase()}\u0000${attempt}`, 32),
    );
  }
}

function numbered(kind: PseudonymKind, n: number): string {
  switch (kind) {
    case 'guid':
      return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    case 'thumbprint':
      return n.toString(16).padStart(40, '0');
    case 'sid':
      return `1000000000-1000000000-${1000000000 + n}`;
    default:
      return `${PREFIX[kind]}${n}`;
  }
}

function hashed(kind: PseudonymKind, hex: string): string {
  switch (kind) {
    case 'guid':
      // Version 4, variant 8: the shape any GUID parser accepts.
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    case 'thumbprint':
      return (hex + hexDigest(hex, 8)).slice(0, 40);
    case 'sid':
      // Three sub-authorities, each a 32-bit number, like a real domain SID.
      return [0, 8, 16].map((i) => Number.parseInt(hex.slice(i, i + 8), 16)).join('-');
    case 'netbios':
      return `${PREFIX[kind]}-${hex.slice(0, 6).toUpperCase()}`;
    default:
      return `${PREFIX[kind]}-${hex.slice(0, 6)}`;
  }
}
