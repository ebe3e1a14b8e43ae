/**
 * Zip archives of captures and event logs, read from bytes: pure, so the command line, the web
 * page, the fleet ingest and the Windows collector share it. The central directory is the truth
 * (local headers are only used to find where an entry's data starts); zip64 sizes, counts and
 * offsets are read; names are UTF-8 when the archive says so and CP437 otherwise. Only stored and
 * deflate entries are read. Nothing is ever written to disk: entries come back as bytes.
 *
 * Safety: names are normalised (`\` to `/`) and an entry that could escape a folder (absolute
 * path, drive letter, `..`, NUL) or is a symbolic link is refused; sizes, totals, entry count and
 * compression ratio are capped; an entry that inflates to more than it declared is stopped at its
 * declared size. A bad entry is skipped with its reason and reading goes on; only an archive whose
 * directory cannot be found is unreadable as a whole.
 * @module
 */
import { deflateSync, Inflate } from 'fflate';
import { decodeSingleByte } from './code-pages.ts';

/** The caps of one archive read. */
export interface ZipLimits {
  /** Largest uncompressed entry, in bytes. */
  maxEntryBytes: number;
  /** Largest sum of uncompressed entries read from one archive (nested archives included). */
  maxTotalBytes: number;
  /** Most entries read from one archive; the rest are reported as not read. */
  maxEntries: number;
  /** Highest uncompressed:compressed ratio accepted for an entry larger than `ratioFloorBytes`. */
  maxRatio: number;
  /** Entries up to this size are not held to `maxRatio` (small text compresses very well). */
  ratioFloorBytes: number;
  /** How deep archives inside archives are opened: 1 opens a zip inside the zip, no deeper. */
  maxDepth: number;
}

const MIB = 1024 * 1024;

/** Defaults sized for dsregcmd captures (kilobytes) and event logs (up to a few hundred MB). */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: 1024 * MIB,
  maxTotalBytes: 4096 * MIB,
  maxEntries: 100_000,
  maxRatio: 200,
  ratioFloorBytes: MIB,
  maxDepth: 1,
};

/** One entry read: `name` is the path inside the archive, with nested archives as `inner.zip!/x`. */
export interface ZipEntry {
  kind: 'entry';
  name: string;
  bytes: Uint8Array;
}

/** One entry not read, and why, in words a user can act on. */
export interface ZipSkip {
  kind: 'skipped';
  name: string;
  reason: string;
}

export type ZipItem = ZipEntry | ZipSkip;

/** What a whole read gave. `problem` is set when the archive itself could not be read. */
export interface ZipReadResult {
  entries: ZipEntry[];
  skipped: ZipSkip[];
  problem: string | null;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;

/** True when the bytes start like a zip archive (a local header, or the end record of an empty one). */
export function isZip(bytes: Uint8Array): boolean {
  if (bytes.length < 22) return false;
  const sig = u32(bytes, 0);
  return sig === SIG_LOCAL || (sig === SIG_EOCD && bytes.length === 22 + u16(bytes, 20));
}

/** Reads every entry; see `iterateZip` for a read that holds one entry at a time. Never throws. */
export function readZip(bytes: Uint8Array, limits: Partial<ZipLimits> = {}): ZipReadResult {
  const entries: ZipEntry[] = [];
  const skipped: ZipSkip[] = [];
  const located = locateDirectory(bytes);
  if (typeof located === 'string') return { entries, skipped, problem: located };
  for (const item of iterateZip(bytes, limits)) {
    if (item.kind === 'entry') entries.push(item);
    else skipped.push(item);
  }
  return { entries, skipped, problem: null };
}

/**
 * Yields entries one by one, in central directory order, with skipped entries in their place.
 * An archive that cannot be read at all yields one skip named `` (empty) with the reason.
 */
export function* iterateZip(bytes: Uint8Array, limits: Partial<ZipLimits> = {}): Generator<ZipItem> {
  const caps = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const budget = { remaining: caps.maxTotalBytes };
  yield* walkArchive(bytes, caps, budget, 0, '');
}

interface Directory {
  offset: number;
  size: number;
  entries: number;
}

interface CentralRecord {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  symlink: boolean;
  /** Why the record itself is unusable (damaged zip64 field), before its name is judged. */
  damage: string | null;
}

function* walkArchive(
  bytes: Uint8Array,
  caps: ZipLimits,
  budget: { remaining: number },
  depth: number,
  prefix: string,
): Generator<ZipItem> {
  const located = locateDirectory(bytes);
  if (typeof located === 'string') {
    yield { kind: 'skipped', name: prefix, reason: located };
    return;
  }
  let at = located.offset;
  const end = located.offset + located.size;
  let index = 0;
  for (; index < located.entries; index++) {
    if (index >= caps.maxEntries) {
      yield {
        kind: 'skipped',
        name: prefix,
        reason: `${located.entries - index} more entries not read: the archive holds ${located.entries}, more than the ${caps.maxEntries} read from one archive`,
      };
      return;
    }
    const record = readCentral(bytes, at, end);
    if (record === null) {
      yield {
        kind: 'skipped',
        name: prefix,
        reason: `the archive's directory is damaged at entry ${index + 1}: ${located.entries - index} entries not read`,
      };
      return;
    }
    at = record.next;
    const item = readEntry(bytes, record.entry, caps, budget, depth, prefix);
    if (item === null) continue;
    if (Symbol.iterator in item) yield* item;
    else yield item;
  }
}

/** The entry's data, a skip, `null` for a folder entry, or the entries of a nested archive. */
function readEntry(
  bytes: Uint8Array,
  record: CentralRecord,
  caps: ZipLimits,
  budget: { remaining: number },
  depth: number,
  prefix: string,
): ZipItem | Generator<ZipItem> | null {
  const normal = normaliseName(record.name);
  const shown = prefix + (typeof normal === 'string' ? normal : normal.name);
  const skip = (reason: string): ZipSkip => ({ kind: 'skipped', name: shown, reason });
  if (typeof normal !== 'string') return skip(normal.reason);
  if (normal.endsWith('/')) return record.size === 0 ? null : skip('a folder entry that holds data');
  if (record.damage !== null) return skip(record.damage);
  if (record.symlink) return skip('a symbolic link: links inside archives are not followed');
  if (record.flags & 1) return skip('encrypted: extract it with the password and pass the file');
  if (record.method !== 0 && record.method !== 8) {
    return skip(`compressed with method ${record.method}; only stored and deflate entries are read`);
  }
  if (record.size > caps.maxEntryBytes) {
    return skip(
      `${sizeText(record.size)} uncompressed, above the ${sizeText(caps.maxEntryBytes)} read per entry`,
    );
  }
  if (record.size > budget.remaining) {
    return skip(
      `not read: the entries before it reached the ${sizeText(caps.maxTotalBytes)} read per archive`,
    );
  }
  if (record.size > caps.ratioFloorBytes && record.size > record.compressedSize * caps.maxRatio) {
    return skip(
      `compressed more than ${caps.maxRatio}:1 (${sizeText(record.compressedSize)} to ${sizeText(record.size)}): not opened, as a zip bomb would be`,
    );
  }
  const start = dataStart(bytes, record.localOffset);
  if (start === null) return skip('its local header is missing or damaged');
  if (start + record.compressedSize > bytes.length)
    return skip('its data runs past the end of the archive (truncated?)');
  const raw = bytes.subarray(start, start + record.compressedSize);
  let data: Uint8Array;
  if (record.method === 0) {
    data = raw.slice();
  } else {
    const inflated = inflateCapped(raw, record.size);
    if (typeof inflated === 'string') return skip(inflated);
    data = inflated;
  }
  if (data.length !== record.size) {
    return skip(
      `holds ${sizeText(data.length)}, not the ${sizeText(record.size)} its directory entry declares`,
    );
  }
  if (crc32(data) !== record.crc) return skip('its checksum does not match: the entry is damaged');
  if (isZip(data)) {
    if (depth >= caps.maxDepth) return skip('an archive inside an archive inside an archive: not opened');
    // Its entries count against the budget as they are inflated, not the archive's own bytes.
    return walkArchive(data, caps, budget, depth + 1, `${shown}!/`);
  }
  budget.remaining -= data.length;
  return { kind: 'entry', name: shown, bytes: data };
}

/** Compressed bytes are fed in small pieces so one piece can never inflate to more than ~16 MiB. */
const INFLATE_PIECE = 16 * 1024;

/**
 * Inflates at most `declared` bytes. Output beyond the declared size stops the work at once: the
 * entry lied about its size, and the rest is never produced.
 */
function inflateCapped(raw: Uint8Array, declared: number): Uint8Array | string {
  const out = new Uint8Array(declared);
  let filled = 0;
  let overflow = false;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    if (final) ended = true;
    if (overflow) return;
    if (filled + chunk.length > declared) {
      out.set(chunk.subarray(0, declared - filled), filled);
      filled = declared;
      overflow = true;
      return;
    }
    out.set(chunk, filled);
    filled += chunk.length;
  });
  try {
    for (let i = 0; i < raw.length && !overflow && !ended; i += INFLATE_PIECE) {
      const last = i + INFLATE_PIECE >= raw.length;
      inflater.push(raw.subarray(i, i + INFLATE_PIECE), last);
    }
    if (raw.length === 0) inflater.push(raw, true);
  } catch {
    return 'its compressed data is damaged';
  }
  if (overflow)
    return `inflates to more than the ${sizeText(declared)} its directory entry declares: stopped there, not read`;
  if (!ended) return 'its compressed data ends early (truncated?)';
  return filled === declared ? out : out.subarray(0, filled);
}

/** Finds the central directory from the end record (and its zip64 form). */
function locateDirectory(bytes: Uint8Array): Directory | string {
  const notZip =
    'not a readable zip archive: its directory (at the end of the file) is missing; the file may be truncated';
  if (bytes.length < 22) return notZip;
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= lowest; i--) {
    if (u32(bytes, i) === SIG_EOCD && i + 22 + u16(bytes, i + 20) <= bytes.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return notZip;
  if (u16(bytes, eocd + 4) !== 0 || u16(bytes, eocd + 6) !== 0) {
    return 'a multi-part (split) archive: join the parts into one zip file and pass that';
  }
  let entries = u16(bytes, eocd + 10);
  let size = u32(bytes, eocd + 12);
  let offset = u32(bytes, eocd + 16);
  if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || u32(bytes, locator) !== SIG_ZIP64_LOCATOR) return notZip;
    const at = u64(bytes, locator + 8);
    if (at + 56 > bytes.length || u32(bytes, at) !== SIG_ZIP64_EOCD) return notZip;
    entries = u64(bytes, at + 32);
    size = u64(bytes, at + 40);
    offset = u64(bytes, at + 48);
  }
  if (offset + size > bytes.length) return notZip;
  return { offset, size, entries };
}

function readCentral(
  bytes: Uint8Array,
  at: number,
  end: number,
): { entry: CentralRecord; next: number } | null {
  if (at + 46 > end || u32(bytes, at) !== SIG_CENTRAL) return null;
  const madeBy = u16(bytes, at + 4) >> 8;
  const flags = u16(bytes, at + 8);
  const method = u16(bytes, at + 10);
  const crc = u32(bytes, at + 16);
  let compressedSize = u32(bytes, at + 20);
  let size = u32(bytes, at + 24);
  const nameLength = u16(bytes, at + 28);
  const extraLength = u16(bytes, at + 30);
  const commentLength = u16(bytes, at + 32);
  const external = u32(bytes, at + 38);
  let localOffset = u32(bytes, at + 42);
  const next = at + 46 + nameLength + extraLength + commentLength;
  if (next > end) return null;
  const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
  const name =
    flags & 0x800 ? new TextDecoder('utf-8').decode(nameBytes) : decodeSingleByte(nameBytes, 'cp437');
  let damage: string | null = null;
  if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
    const extra = findExtra(bytes, at + 46 + nameLength, extraLength, 0x0001);
    let p = extra?.start ?? 0;
    const take = (): number | null => {
      if (!extra || p + 8 > extra.end) return null;
      const v = u64(bytes, p);
      p += 8;
      return v;
    };
    if (size === 0xffffffff) size = take() ?? -1;
    if (compressedSize === 0xffffffff) compressedSize = take() ?? -1;
    if (localOffset === 0xffffffff) localOffset = take() ?? -1;
    if (size < 0 || compressedSize < 0 || localOffset < 0)
      damage = 'its zip64 size fields are missing or damaged';
  }
  // Unix hosts (3) and macOS (19) keep the file mode in the high 16 bits of the attributes.
  const mode = external >>> 16;
  const symlink = (madeBy === 3 || madeBy === 19) && (mode & 0o170000) === 0o120000;
  return { entry: { name, flags, method, crc, compressedSize, size, localOffset, symlink, damage }, next };
}

function findExtra(
  bytes: Uint8Array,
  start: number,
  length: number,
  id: number,
): { start: number; end: number } | null {
  let p = start;
  const end = start + length;
  while (p + 4 <= end) {
    const tag = u16(bytes, p);
    const size = u16(bytes, p + 2);
    if (tag === id) return { start: p + 4, end: Math.min(end, p + 4 + size) };
    p += 4 + size;
  }
  return null;
}

function dataStart(bytes: Uint8Array, offset: number): number | null {
  if (offset + 30 > bytes.length || u32(bytes, offset) !== SIG_LOCAL) return null;
  return offset + 30 + u16(bytes, offset + 26) + u16(bytes, offset + 28);
}

/** The name as a relative path with `/` separators, or why it is refused. */
export function normaliseName(raw: string): string | { name: string; reason: string } {
  const name = raw.replace(/\\/g, '/');
  if (name.includes('\0'))
    return { name: name.replace(/\0/g, '\\0'), reason: 'its name holds a NUL character' };
  if (name.startsWith('/')) return { name, reason: 'an absolute path: entries must stay inside the archive' };
  if (/^[A-Za-z]:/.test(name))
    return { name, reason: 'a path with a drive letter: entries must stay inside the archive' };
  if (name.split('/').includes('..'))
    return { name, reason: 'a path with `..`: entries must stay inside the archive' };
  if (name === '') return { name, reason: 'an entry with no name' };
  return name.replace(/\/{2,}/g, '/').replace(/^(\.\/)+/, '');
}

/** One file to put in an archive. */
export interface ZipInput {
  name: string;
  bytes: Uint8Array;
  /** Last modified time (default: 1980-01-01, the earliest a zip can say). */
  modified?: Date;
}

/**
 * Writes an archive: each entry deflated when that makes it smaller, stored otherwise; names in
 * UTF-8 (and flagged so). Plain zip, not zip64: for collections of captures and logs (each entry
 * and the archive under 4 GiB, fewer than 65,535 entries); beyond that it throws a RangeError.
 */
export function writeZip(files: readonly ZipInput[], options: { compress?: boolean } = {}): Uint8Array {
  if (files.length >= 0xffff) throw new RangeError('writeZip: at most 65,534 entries (zip64 is not written)');
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const file of files) {
    const name = encoder.encode(file.name.replace(/\\/g, '/'));
    const crc = crc32(file.bytes);
    const deflated = options.compress === false ? null : deflateSync(file.bytes, { level: 6 });
    const useDeflate = deflated !== null && deflated.length < file.bytes.length;
    const data = useDeflate ? deflated : file.bytes;
    if (file.bytes.length >= 0xffffffff || offset + 30 + name.length + data.length >= 0xffffffff) {
      throw new RangeError('writeZip: entries and the archive must stay under 4 GiB (zip64 is not written)');
    }
    const { time, date } = dosTime(file.modified);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, SIG_LOCAL, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x800, true);
    lv.setUint16(8, useDeflate ? 8 : 0, true);
    lv.setUint16(10, time, true);
    lv.setUint16(12, date, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, file.bytes.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, SIG_CENTRAL, true);
    cv.setUint16(4, (3 << 8) | 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x800, true);
    cv.setUint16(10, useDeflate ? 8 : 0, true);
    cv.setUint16(12, time, true);
    cv.setUint16(14, date, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, file.bytes.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(38, (0o100644 << 16) >>> 0, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, data);
    centrals.push(central);
    offset += local.length + data.length;
  }
  const directorySize = centrals.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, SIG_EOCD, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + directorySize + 22);
  let p = 0;
  for (const part of [...locals, ...centrals, eocd]) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

function dosTime(when: Date | undefined): { time: number; date: number } {
  if (!when || Number.isNaN(when.getTime()) || when.getUTCFullYear() < 1980)
    return { time: 0, date: (0 << 9) | (1 << 5) | 1 };
  const year = Math.min(when.getUTCFullYear(), 2107) - 1980;
  return {
    time: (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | (when.getUTCSeconds() >> 1),
    date: (year << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate(),
  };
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (IEEE), as zip stores it. */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++)
    crc = (crcTable[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function sizeText(n: number): string {
  if (n >= MIB) return `${Math.round((n / MIB) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}

function u16(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8)) >>> 0;
}

function u32(b: Uint8Array, at: number): number {
  return (u16(b, at) + u16(b, at + 2) * 0x10000) >>> 0;
}

/** A 64-bit little-endian size or offset; anything beyond 2^53 is out of any real archive's range. */
function u64(b: Uint8Array, at: number): number {
  const high = u32(b, at + 4);
  if (high >= 0x200000) return Number.MAX_SAFE_INTEGER;
  return high * 0x100000000 + u32(b, at);
}
