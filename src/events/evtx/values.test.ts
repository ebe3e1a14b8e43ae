import { describe, expect, it } from 'vitest';
import { crc32, crc32Update } from './crc32.ts';
import { arrayItems, formatFileTime, formatScalar, type RawValue, ValueType } from './values.ts';

function value(type: number, bytes: number[]): { bytes: Uint8Array; view: DataView; value: RawValue } {
  const data = new Uint8Array(bytes);
  return { bytes: data, view: new DataView(data.buffer), value: { type, start: 0, size: data.length } };
}

function text(type: number, bytes: number[]): string {
  const v = value(type, bytes);
  return formatScalar(v.bytes, v.view, v.value);
}

function le64(n: bigint): number[] {
  const out: number[] = [];
  for (let i = 0n; i < 8n; i++) out.push(Number((n >> (8n * i)) & 0xffn));
  return out;
}

const utf16 = (s: string) => [...s].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]);

describe('CRC-32 as EVTX headers use it', () => {
  it('gives the standard check value and chains over split ranges', () => {
    const digits = new TextEncoder().encode('123456789');
    expect(crc32(digits)).toBe(0xcbf43926);
    expect(crc32Update(crc32(digits, 0, 4), digits, 4, 9)).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('value text, as Event Viewer and the reference readers print it', () => {
  it('prints FILETIME as ISO-8601 UTC with all seven fraction digits', () => {
    const epoch = 116444736000000000n; // 1970-01-01 in 100 ns ticks since 1601
    const at = (ticks: bigint) => formatFileTime(value(ValueType.FileTime, le64(ticks)).view, 0);
    expect(at(epoch)).toBe('1970-01-01T00:00:00.0000000Z');
    expect(at(epoch + 1n)).toBe('1970-01-01T00:00:00.0000001Z');
    // 2017-07-12T17:16:05.4992599Z, a Kernel-General StartTime from system.evtx
    expect(at(131443533654992599n)).toBe('2017-07-12T17:16:05.4992599Z');
    expect(at(0n)).toBe('1601-01-01T00:00:00.0000000Z');
  });

  it('prints SIDs, GUIDs and hex integers', () => {
    expect(text(ValueType.Sid, [1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0])).toBe('S-1-5-18');
    expect(
      text(
        ValueType.Sid,
        [
          1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 0xf2, 0x5a, 0x7c, 0x69, 0x7c, 0x7c, 0x1f, 0xa7, 0x2e, 0x6a,
          0x4a, 0x1d, 0xf4, 0x01, 0, 0,
        ],
      ),
    ).toBe('S-1-5-21-1769757426-2803858556-491416110-500');
    expect(
      text(
        ValueType.Guid,
        [0xb7, 0xa8, 0x8c, 0xa6, 0x4f, 0x00, 0xb6, 0xd7, 0xa6, 0x98, 0x07, 0xe2, 0xde, 0x0f, 0x1f, 0x5d],
      ),
    ).toBe('{A68CA8B7-004F-D7B6-A698-07E2DE0F1F5D}');
    expect(text(ValueType.HexInt32, [0xf2, 0x03, 0x1c, 0x80])).toBe('0x801c03f2');
    expect(text(ValueType.HexInt64, le64(0x3e7n))).toBe('0x00000000000003e7');
    expect(text(ValueType.SizeT, [0x10, 0, 0, 0])).toBe('0x00000010');
  });

  it('prints integers of every width, signed and unsigned', () => {
    expect(text(ValueType.Int8, [0xff])).toBe('-1');
    expect(text(ValueType.UInt8, [0xff])).toBe('255');
    expect(text(ValueType.Int16, [0x00, 0x80])).toBe('-32768');
    expect(text(ValueType.UInt32, [0xff, 0xff, 0xff, 0xff])).toBe('4294967295');
    expect(text(ValueType.Int32, [0x0f, 0x00, 0xfe, 0x7f])).toBe('2147352591');
    expect(text(ValueType.Int64, le64(-2n & 0xffffffffffffffffn))).toBe('-2');
    expect(text(ValueType.UInt64, le64(0xffffffffffffffffn))).toBe('18446744073709551615');
  });

  it('prints booleans as true/false, any non-zero value being true', () => {
    expect(text(ValueType.Bool, [1, 0, 0, 0])).toBe('true');
    expect(text(ValueType.Bool, [0, 0, 0, 0])).toBe('false');
    expect(text(ValueType.Bool, [2, 0, 0, 0])).toBe('true');
  });

  it('prints strings without their terminator, and binary as uppercase hex', () => {
    expect(text(ValueType.String, [...utf16('user@contoso.com'), 0, 0])).toBe('user@contoso.com');
    expect(text(ValueType.AnsiString, [0x41, 0x42, 0])).toBe('AB');
    expect(text(ValueType.Binary, [0xe1, 0x07, 0x0a])).toBe('E1070A');
  });

  it('prints SYSTEMTIME as ISO-8601 UTC to the millisecond', () => {
    const u16 = (n: number) => [n & 0xff, n >> 8];
    expect(text(ValueType.SystemTime, [2024, 6, 3, 15, 9, 30, 5, 42].flatMap(u16))).toBe(
      '2024-06-15T09:30:05.042Z',
    );
  });

  it('shows the bytes of a value too short for its type instead of a wrong number', () => {
    expect(text(ValueType.UInt32, [0x01, 0x02])).toBe('0102');
  });

  it('splits arrays into items: NUL-separated strings and fixed-size numbers', () => {
    const strings = value(ValueType.String | ValueType.ArrayFlag, [
      ...utf16('10.00.'),
      0,
      0,
      ...utf16('15063'),
      0,
      0,
      0,
      0,
    ]);
    const items = arrayItems(strings.bytes, strings.value).map((v) =>
      formatScalar(strings.bytes, strings.view, v),
    );
    expect(items).toEqual(['10.00.', '15063', '']);
    const numbers = value(ValueType.UInt16 | ValueType.ArrayFlag, [1, 0, 2, 0, 3, 0]);
    expect(
      arrayItems(numbers.bytes, numbers.value).map((v) => formatScalar(numbers.bytes, numbers.view, v)),
    ).toEqual(['1', '2', '3']);
  });
});
