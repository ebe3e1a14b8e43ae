/**
 * Stable stand-ins for identifiers. Without a key they are numbered in order of first sight
 * (`user1`, `domain2.example`): a counter says nothing about the value it stands for, reads well
 * in a ticket and is stable within one run. With a key they come from HMAC-SHA-256 of the key,
 * the kind and the value, so two runs with the same key agree and nobody without the key can
 * test a guess. Each hashed stand-in shows at least 64 bits of the MAC, so two different values
 * collide with odds near n²/2⁶⁵: about 1 in 36,000 for a fleet of a million names, and a
 * collision inside one run is still resolved (the second value gets the next attempt).
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export type PseudonymKind =
  | 'guid'
  | 'thumbprint'
  | 'hex'
  | 'sid'
  | 'user-sid'
  | 'user'
  | 'domain'
  | 'netbios'
  | 'host'
  | 'device'
  | 'tenant'
  | 'ip'
  | 'ipv6'
  | 'mac'
  | 'file'
  | 'share'
  | 'opaque';

const PREFIX: Record<PseudonymKind, string> = {
  guid: '',
  thumbprint: '',
  hex: '',
  sid: '',
  'user-sid': '',
  user: 'user',
  domain: 'domain',
  netbios: 'DOMAIN',
  host: 'host',
  device: 'device',
  tenant: 'tenant',
  ip: '',
  ipv6: '',
  mac: '',
  file: 'file',
  share: 'share',
  opaque: 'id',
};

/** Hex digits of the MAC shown in a named stand-in (`user-0123456789abcdef`): 64 bits. */
const SHOWN_HEX_DIGITS = 16;

export class PseudonymTable {
  readonly #key: Uint8Array | null;
  readonly #byKey = new Map<string, string>();
  readonly #taken = new Set<string>();
  /** Every stand-in made, lower-cased: redacting a stand-in again leaves it as it is. */
  readonly #made = new Set<string>();
  readonly #counters = new Map<PseudonymKind, number>();

  constructor(key: Uint8Array | null) {
    this.#key = key !== null && key.length > 0 ? key : null;
  }

  /** The stand-in for `value`; the same (kind, value) always gets the same one. */
  get(kind: PseudonymKind, value: string): string {
    const key = `${kind}\u0000${value.toLowerCase()}`;
    const known = this.#byKey.get(key);
    if (known !== undefined) return known;
    if (this.#made.has(value.toLowerCase())) return value;
    let attempt = 0;
    let name = this.#make(kind, value, attempt);
    while (this.#taken.has(`${kind}\u0000${name}`)) name = this.#make(kind, value, ++attempt);
    this.#taken.add(`${kind}\u0000${name}`);
    this.#made.add(name.toLowerCase());
    this.#byKey.set(key, name);
    return name;
  }

  /** True for a stand-in this table made. */
  made(value: string): boolean {
    return this.#made.has(value.toLowerCase());
  }

  #make(kind: PseudonymKind, value: string, attempt: number): string {
    if (this.#key === null) {
      const n = (this.#counters.get(kind) ?? 0) + 1;
      this.#counters.set(kind, n);
      return numbered(kind, n, value);
    }
    return hashed(kind, this.#mac(`${kind}\u0000${value.toLowerCase()}\u0000${attempt}`), value);
  }

  /** 64 hex digits of HMAC-SHA-256 under the run's key. */
  #mac(message: string): string {
    return bytesToHex(hmac(sha256, this.#key as Uint8Array, utf8ToBytes(message)));
  }
}

/** `n` in `digits` hex digits, or the counter alone when it needs more. */
function padHex(n: number, digits: number): string {
  return n
    .toString(16)
    .padStart(digits, '0')
    .slice(-Math.max(digits, n.toString(16).length));
}

function numbered(kind: PseudonymKind, n: number, value: string): string {
  switch (kind) {
    case 'guid':
      return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    case 'thumbprint':
      return n.toString(16).padStart(40, '0');
    case 'hex':
      // The same length as the original, so a truncated ID still looks truncated.
      return padHex(n, value.length);
    case 'sid':
      return `1000000000-1000000000-${1000000000 + n}`;
    case 'user-sid':
      // The four sub-authorities of an Entra user SID (`S-1-12-1-a-b-c-d`).
      return `1000000000-1000000000-1000000000-${1000000000 + n}`;
    case 'ip':
      // TEST-NET-1 (RFC 5737): documentation addresses, never a real host.
      return n <= 254 ? `192.0.2.${n}` : `ip${n}`;
    case 'ipv6':
      // The documentation prefix (RFC 3849).
      return `2001:db8::${n.toString(16)}`;
    case 'mac':
      // The documentation block of MAC addresses (RFC 7042).
      return n <= 255 ? `00-00-5E-00-53-${padHex(n, 2).toUpperCase()}` : `mac${n}`;
    default:
      return `${PREFIX[kind]}${n}`;
  }
}

function hashed(kind: PseudonymKind, hex: string, value: string): string {
  switch (kind) {
    case 'guid':
      // Version 4, variant 8: the shape any GUID parser accepts.
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    case 'thumbprint':
      return hex.slice(0, 40);
    case 'hex':
      return value.length <= hex.length
        ? hex.slice(0, value.length)
        : hex.repeat(Math.ceil(value.length / 64)).slice(0, value.length);
    case 'sid':
      // Three sub-authorities like a real domain SID's, each below 2^31: a larger decimal in free
      // text reads as an error code (an HRESULT), and a stand-in must not add one.
      return [0, 8, 16].map((i) => subAuthority(hex, i)).join('-');
    case 'user-sid':
      return [0, 8, 16, 24].map((i) => subAuthority(hex, i)).join('-');
    case 'ipv6':
      // The documentation prefix (RFC 3849) holds 64 bits of the MAC.
      return `2001:db8:${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 12)}:${hex.slice(12, 16)}::`;
    case 'ip':
    case 'mac':
      // An IPv4 or MAC address is too short to hold 64 bits: the stand-in is a name.
      return `${kind}-${hex.slice(0, SHOWN_HEX_DIGITS)}`;
    case 'netbios':
      return `${PREFIX[kind]}-${hex.slice(0, SHOWN_HEX_DIGITS).toUpperCase()}`;
    default:
      return `${PREFIX[kind]}-${hex.slice(0, SHOWN_HEX_DIGITS)}`;
  }
}

/** 31 bits of the MAC at hex digit `at`, as a decimal sub-authority. */
function subAuthority(hex: string, at: number): number {
  return Number.parseInt(hex.slice(at, at + 8), 16) & 0x7fffffff;
}
