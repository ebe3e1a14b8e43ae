/**
 * Substitution values: the typed data a template instance carries, and their text forms as
 * Event Viewer and the reference readers print them (GUIDs `{UPPER}`, hex integers zero-padded
 * `0x…`, FILETIME as ISO-8601 UTC with all seven fraction digits, binary as uppercase hex).
 * @module
 */
import { hexUpper, readSingleByte, readUtf16, stripTrailingNuls } from './text.ts';

export const ValueType = {
  Null: 0x00,
  String: 0x01,
  AnsiString: 0x02,
  Int8: 0x03,
  UInt8: 0x04,
  Int16: 0x05,
  UInt16: 0x06,
  Int32: 0x07,
  UInt32: 0x08,
  Int64: 0x09,
  UInt64: 0x0a,
  Real32: 0x0b,
  Real64: 0x0c,
  Bool: 0x0d,
  Binary: 0x0e,
  Guid: 0x0f,
  SizeT: 0x10,
  FileTime: 0x11,
  SystemTime: 0x12,
  Sid: 0x13,
  HexInt32: 0x14,
  HexInt64: 0x15,
  BinXml: 0x21,
  ArrayFlag: 0x80,
} as const;

/** One value of a template instance: its type and where its bytes lie in the file. */
export interface RawValue {
  type: number;
  start: number;
  size: number;
}

/** Bytes per item of fixed-size types; 0 for variable-size ones. */
const FIXED_SIZE: Record<number, number> = {
  [ValueType.Int8]: 1,
  [ValueType.UInt8]: 1,
  [ValueType.Int16]: 2,
  [ValueType.UInt16]: 2,
  [ValueType.Int32]: 4,
  [ValueType.UInt32]: 4,
  [ValueType.Int64]: 8,
  [ValueType.UInt64]: 8,
  [ValueType.Real32]: 4,
  [ValueType.Real64]: 8,
  [ValueType.Bool]: 4,
  [ValueType.Guid]: 16,
  [ValueType.FileTime]: 8,
  [ValueType.SystemTime]: 16,
  [ValueType.HexInt32]: 4,
  [ValueType.HexInt64]: 8,
};

/** The items of an array value (type with the 0x80 flag); strings are NUL-separated. */
export function arrayItems(bytes: Uint8Array, value: RawValue): RawValue[] {
  const type = value.type & 0x7f;
  const end = value.start + value.size;
  const items: RawValue[] = [];
  if (type === ValueType.String || type === ValueType.AnsiString) {
    const unit = type === ValueType.String ? 2 : 1;
    let from = value.start;
    for (let p = value.start; p + unit <= end; p += unit) {
      if (bytes[p] === 0 && (unit === 1 || bytes[p + 1] === 0)) {
        items.push({ type, start: from, size: p - from });
        from = p + unit;
      }
    }
    if (from < end) items.push({ type, start: from, size: end - from });
    return items;
  }
  if (type === ValueType.Sid) {
    for (let p = value.start; p + 8 <= end; ) {
      const size = 8 + 4 * (bytes[p + 1] as number);
      if (p + size > end) break;
      items.push({ type, start: p, size });
      p += size;
    }
    return items;
  }
  const width = type === ValueType.SizeT ? (value.size % 8 === 0 ? 8 : 4) : (FIXED_SIZE[type] ?? 0);
  if (width === 0) return [{ type, start: value.start, size: value.size }];
  for (let p = value.start; p + width <= end; p += width) items.push({ type, start: p, size: width });
  return items;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Days from 1601-01-01 to 1970-01-01. */
const DAYS_1601_TO_1970 = 134_774;

/** Civil date of a day count since 1970-01-01 (proleptic Gregorian), without a Date object. */
function civilDate(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** FILETIME (100 ns ticks since 1601) → `2017-07-12T17:16:28.2141616Z`; exact without BigInt. */
export function formatFileTime(view: DataView, at: number): string {
  const lo = view.getUint32(at, true);
  const hi = view.getUint32(at + 4, true);
  const ticksInSecond = ((((hi % 10_000_000) * 4_967_296) % 10_000_000) + lo) % 10_000_000;
  const seconds = Math.round((hi * 4_294_967_296 + lo - ticksInSecond) / 10_000_000);
  const days = Math.floor(seconds / 86_400);
  // Past 9999-12-31 the value is no time at all: show its bits.
  if (days > 3_067_670) return `0x${pad32(hi)}${pad32(lo)}`;
  const inDay = seconds - days * 86_400;
  const h = Math.floor(inDay / 3600);
  const m = Math.floor((inDay % 3600) / 60);
  return `${civilDate(days - DAYS_1601_TO_1970)}T${pad(h)}:${pad(m)}:${pad(inDay % 60)}.${pad(ticksInSecond, 7)}Z`;
}

function pad32(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function formatSystemTime(view: DataView, at: number): string {
  const u = (i: number) => view.getUint16(at + i * 2, true);
  return `${pad(u(0), 4)}-${pad(u(1))}-${pad(u(3))}T${pad(u(4))}:${pad(u(5))}:${pad(u(6))}.${pad(u(7), 3)}Z`;
}

function formatGuid(bytes: Uint8Array, view: DataView, at: number): string {
  const d1 = view.getUint32(at, true).toString(16).padStart(8, '0');
  const d2 = view
    .getUint16(at + 4, true)
    .toString(16)
    .padStart(4, '0');
  const d3 = view
    .getUint16(at + 6, true)
    .toString(16)
    .padStart(4, '0');
  return `{${d1}-${d2}-${d3}-${hexUpper(bytes, at + 8, 2)}-${hexUpper(bytes, at + 10, 6)}}`.toUpperCase();
}

function formatSid(bytes: Uint8Array, view: DataView, at: number, size: number): string {
  if (size < 8) return hexUpper(bytes, at, size);
  const count = bytes[at + 1] as number;
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + (bytes[at + i] as number);
  let s = `S-${bytes[at]}-${authority}`;
  for (let i = 0; i < count && 8 + 4 * i + 4 <= size; i++) s += `-${view.getUint32(at + 8 + 4 * i, true)}`;
  return s;
}

function hex32(n: number): string {
  return `0x${pad32(n)}`;
}

function hex64(view: DataView, at: number): string {
  return `0x${pad32(view.getUint32(at + 4, true))}${pad32(view.getUint32(at, true))}`;
}

/** Floats are rare in these channels; printed the way C's `%f` family would show them. */
function formatReal(n: number): string {
  if (Number.isNaN(n)) return '-1.#IND';
  if (!Number.isFinite(n)) return n > 0 ? '1.#INF' : '-1.#INF';
  return Number.isInteger(n) ? String(n) : n.toFixed(6);
}

/**
 * The text of one (non-array) value. Sizes that do not fit the type fall back to hex, so a
 * damaged value shows its bytes rather than a wrong number.
 */
export function formatScalar(bytes: Uint8Array, view: DataView, value: RawValue): string {
  const { type, start: at, size } = value;
  const fixed = FIXED_SIZE[type];
  if (fixed !== undefined && size < fixed && type !== ValueType.Bool) return hexUpper(bytes, at, size);
  switch (type) {
    case ValueType.Null:
      return '';
    case ValueType.String:
      return stripTrailingNuls(readUtf16(bytes, at, size >>> 1));
    case ValueType.AnsiString:
      return stripTrailingNuls(readSingleByte(bytes, at, size));
    case ValueType.Int8:
      return String(view.getInt8(at));
    case ValueType.UInt8:
      return String(bytes[at]);
    case ValueType.Int16:
      return String(view.getInt16(at, true));
    case ValueType.UInt16:
      return String(view.getUint16(at, true));
    case ValueType.Int32:
      return String(view.getInt32(at, true));
    case ValueType.UInt32:
      return String(view.getUint32(at, true));
    case ValueType.Int64:
      return String(view.getBigInt64(at, true));
    case ValueType.UInt64:
      return String(view.getBigUint64(at, true));
    case ValueType.Real32:
      return formatReal(view.getFloat32(at, true));
    case ValueType.Real64:
      return formatReal(view.getFloat64(at, true));
    case ValueType.Bool: {
      // Any non-zero value is true; writers are known to store values other than 0 and 1.
      let nonZero = false;
      for (let i = at; i < at + size; i++) if (bytes[i] !== 0) nonZero = true;
      return nonZero ? 'true' : 'false';
    }
    case ValueType.Binary:
      return hexUpper(bytes, at, size);
    case ValueType.Guid:
      return formatGuid(bytes, view, at);
    case ValueType.SizeT:
      return size >= 8
        ? hex64(view, at)
        : size >= 4
          ? hex32(view.getUint32(at, true))
          : hexUpper(bytes, at, size);
    case ValueType.FileTime:
      return formatFileTime(view, at);
    case ValueType.SystemTime:
      return formatSystemTime(view, at);
    case ValueType.Sid:
      return formatSid(bytes, view, at, size);
    case ValueType.HexInt32:
      return hex32(view.getUint32(at, true));
    case ValueType.HexInt64:
      return hex64(view, at);
    default:
      return hexUpper(bytes, at, size);
  }
}
