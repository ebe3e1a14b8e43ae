/**
 * Binary XML semantics on a chunk built byte by byte: templates defined inline and then
 * referenced, array values repeating their element, optional substitutions without a value
 * dropping their element or attribute, BinXml values (0x21) without dependency ids, entity and
 * character references.
 */
import { describe, expect, it } from 'vitest';
import { crc32, crc32Update } from './crc32.ts';
import { readEvtx, readEvtxXml } from './index.ts';
import { ValueType as T } from './values.ts';

const GUID_BYTES = [
  0xb7, 0xa8, 0x8c, 0xa6, 0x4f, 0x00, 0xb6, 0xd7, 0xa6, 0x98, 0x07, 0xe2, 0xde, 0x0f, 0x1f, 0x5d,
];
const ACTIVITY_BYTES = [
  0xbb, 0xbb, 0xaa, 0xaa, 0x00, 0x00, 0xcc, 0xcc, 0x11, 0x11, 0xdd, 0xdd, 0x22, 0x22, 0xee, 0xee,
];

/** Writes a lone EVTX chunk (base offset 0), so chunk offsets are buffer offsets. */
class ChunkWriter {
  readonly buf = new Uint8Array(0x10000);
  private readonly view = new DataView(this.buf.buffer);
  private readonly names = new Map<string, number>();
  pos = 512;

  u8(n: number): this {
    this.buf[this.pos++] = n;
    return this;
  }
  u16(n: number): this {
    this.view.setUint16(this.pos, n, true);
    this.pos += 2;
    return this;
  }
  u32(n: number): this {
    this.view.setUint32(this.pos, n, true);
    this.pos += 4;
    return this;
  }
  u64(n: bigint): this {
    this.view.setBigUint64(this.pos, n, true);
    this.pos += 8;
    return this;
  }
  bytes(b: ArrayLike<number>): this {
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }
  patch32(at: number, n: number): void {
    this.view.setUint32(at, n, true);
  }

  /** A name: inline the first time, by offset afterwards. */
  name(s: string): this {
    const known = this.names.get(s);
    if (known !== undefined) return this.u32(known);
    const at = this.pos + 4;
    this.names.set(s, at);
    this.u32(at).u32(0).u16(0).u16(s.length).bytes(utf16(s)).u16(0);
    return this;
  }
  open(name: string, attributes?: () => void, dependency = true): this {
    this.u8(attributes ? 0x41 : 0x01);
    if (dependency) this.u16(0xffff);
    this.u32(0).name(name);
    if (attributes) {
      const sizeAt = this.pos;
      this.u32(0);
      attributes();
      this.patch32(sizeAt, this.pos - sizeAt - 4);
    }
    return this;
  }
  attribute(name: string, value: () => void): this {
    this.u8(0x06).name(name);
    value();
    return this;
  }
  text(s: string): this {
    return this.u8(0x05).u8(T.String).u16(s.length).bytes(utf16(s));
  }
  sub(index: number, type: number, optional = false): this {
    return this.u8(optional ? 0x0e : 0x0d)
      .u16(index)
      .u8(type);
  }
  /** `<name>content</name>`, or `<name/>` without content. */
  element(name: string, content?: () => void, attributes?: () => void, dependency = true): this {
    this.open(name, attributes, dependency);
    if (!content) return this.u8(0x03);
    this.u8(0x02);
    content();
    return this.u8(0x04);
  }
}

function utf16(s: string): number[] {
  return [...s].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]);
}

/** The template of an AAD-like event, in the shape Windows writes them. */
function eventTemplate(w: ChunkWriter): void {
  w.element(
    'Event',
    () => {
      w.element('System', () => {
        w.element('Provider', undefined, () => {
          w.attribute('Name', () => w.text('Microsoft-Windows-AAD'));
          w.attribute('Guid', () => w.sub(0, T.Guid, true));
        });
        w.element('EventID', () => w.sub(1, T.UInt16));
        w.element('Level', () => w.sub(2, T.UInt8));
        w.element('TimeCreated', undefined, () =>
          w.attribute('SystemTime', () => w.sub(3, T.FileTime, true)),
        );
        w.element('EventRecordID', () => w.sub(4, T.UInt64));
        w.element('Correlation', undefined, () => w.attribute('ActivityID', () => w.sub(5, T.Guid, true)));
        w.element('Channel', () => w.text('Microsoft-Windows-AAD/Operational'));
        w.element('Computer', () => w.sub(6, T.String));
      });
      w.element('EventData', () => {
        w.element(
          'Data',
          () => w.sub(7, T.HexInt32),
          () => w.attribute('Name', () => w.text('Code')),
        );
        w.element(
          'Data',
          () => w.sub(8, T.String),
          () => w.attribute('Name', () => w.text('Description')),
        );
        w.element(
          'Data',
          () => w.sub(9, T.String, true),
          () => w.attribute('Name', () => w.text('Optional')),
        );
        w.element('Data', () => w.sub(10, T.String | T.ArrayFlag));
      });
      w.sub(11, T.BinXml);
    },
    () => w.attribute('xmlns', () => w.text('http://schemas.microsoft.com/win/2004/08/events/event')),
  );
}

/** UserData as a BinXml value: element starts without dependency ids, an entity and a char reference. */
function userData(w: ChunkWriter): void {
  w.element(
    'UserData',
    () =>
      w.element(
        'Info',
        () => {
          w.element('Upn', () => w.text('user@contoso.com'), undefined, false);
          w.element(
            'Note',
            () => w.text('a ').u8(0x09).name('amp').text(' b').u8(0x08).u16(0x21),
            undefined,
            false,
          );
        },
        undefined,
        false,
      ),
    undefined,
    false,
  );
  w.u8(0x00);
}

interface Values {
  level: number;
  recordId: bigint;
  activity: number[] | null;
  optional: string | null;
  strings: string[];
}

/** Values are written where the record holds them, so names inside the BinXml value sit at their own chunk offsets. */
function writeValues(w: ChunkWriter, v: Values): void {
  const le = (n: bigint, size: number) =>
    Array.from({ length: size }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
  const str = (s: string) => [...utf16(s), 0, 0];
  const values: [number, number[]][] = [
    [T.Guid, GUID_BYTES],
    [T.UInt16, le(1098n, 2)],
    [T.UInt8, [v.level]],
    [T.FileTime, le(133620000000000000n, 8)],
    [T.UInt64, le(v.recordId, 8)],
    v.activity ? [T.Guid, v.activity] : [T.Null, []],
    [T.String, str('DESKTOP-0000001')],
    [T.HexInt32, le(0xcaa2000cn, 4)],
    [T.String, str('AADSTS50126 & <retry>')],
    v.optional === null ? [T.Null, []] : [T.String, str(v.optional)],
    [T.String | T.ArrayFlag, v.strings.flatMap(str)],
  ];
  w.u32(values.length + 1);
  for (const [type, data] of values) w.u16(data.length).u8(type).u8(0);
  const nestedSizeAt = w.pos;
  w.u16(0).u8(T.BinXml).u8(0);
  for (const [, data] of values) w.bytes(data);
  const nestedStart = w.pos;
  userData(w);
  w.buf[nestedSizeAt] = (w.pos - nestedStart) & 0xff;
  w.buf[nestedSizeAt + 1] = (w.pos - nestedStart) >> 8;
}

function buildChunk(): Uint8Array {
  const w = new ChunkWriter();
  let definitionAt = 0;
  const records: Values[] = [
    { level: 2, recordId: 41n, activity: ACTIVITY_BYTES, optional: null, strings: ['first', 'second'] },
    { level: 4, recordId: 42n, activity: null, optional: 'present', strings: [] },
  ];
  for (const [i, values] of records.entries()) {
    const start = w.pos;
    w.u32(0x2a2a).u32(0).u64(values.recordId).u64(133620000000000000n);
    w.u8(0x0f).u8(1).u8(1).u8(0);
    w.u8(0x0c).u8(1).u32(7);
    if (i === 0) {
      definitionAt = w.pos + 4;
      w.u32(definitionAt).u32(0).bytes(GUID_BYTES);
      const sizeAt = w.pos;
      w.u32(0);
      w.u8(0x0f).u8(1).u8(1).u8(0);
      eventTemplate(w);
      w.u8(0x00);
      w.patch32(sizeAt, w.pos - sizeAt - 4);
    } else {
      w.u32(definitionAt);
    }
    writeValues(w, values);
    w.u8(0x00);
    const size = w.pos - start + 4;
    w.u32(size);
    w.patch32(start + 4, size);
  }
  const free = w.pos;
  w.buf.set(new TextEncoder().encode('ElfChnk\0'), 0);
  const view = new DataView(w.buf.buffer);
  view.setBigUint64(8, 41n, true);
  view.setBigUint64(16, 42n, true);
  view.setUint32(40, 128, true);
  view.setUint32(48, free, true);
  view.setUint32(52, crc32(w.buf, 512, free), true);
  view.setUint32(124, crc32Update(crc32(w.buf, 0, 120), w.buf, 128, 512), true);
  return w.buf;
}

describe('binary XML templates and substitutions', () => {
  const chunk = buildChunk();

  it('reads both records with their system fields and data by name', () => {
    const result = readEvtx(chunk);
    expect(result.skipped).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.records).toEqual([
      {
        channel: 'Microsoft-Windows-AAD/Operational',
        provider: 'Microsoft-Windows-AAD',
        eventId: 1098,
        level: 'error',
        time: '2024-06-04T18:40:00.0000000Z',
        recordNumber: 41,
        computer: 'DESKTOP-0000001',
        data: {
          Code: '0xcaa2000c',
          Description: 'AADSTS50126 & <retry>',
          '#1': 'first',
          '#2': 'second',
          Upn: 'user@contoso.com',
          Note: 'a & b!',
        },
        message: null,
        activityId: 'aaaabbbb-0000-cccc-1111-dddd2222eeee',
        origin: 'record 41 in chunk 0',
      },
      {
        channel: 'Microsoft-Windows-AAD/Operational',
        provider: 'Microsoft-Windows-AAD',
        eventId: 1098,
        level: 'information',
        time: '2024-06-04T18:40:00.0000000Z',
        recordNumber: 42,
        computer: 'DESKTOP-0000001',
        data: {
          Code: '0xcaa2000c',
          Description: 'AADSTS50126 & <retry>',
          Optional: 'present',
          '#1': '',
          Upn: 'user@contoso.com',
          Note: 'a & b!',
        },
        message: null,
        activityId: null,
        origin: 'record 42 in chunk 0',
      },
    ]);
  });

  it('renders the event XML with values escaped and empty optional parts left out', () => {
    const { events } = readEvtxXml(chunk);
    expect(events.map((e) => e.recordId)).toEqual([41, 42]);
    expect(events[1]?.xml).toBe(
      [
        '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">',
        '  <System>',
        '    <Provider Name="Microsoft-Windows-AAD" Guid="{A68CA8B7-004F-D7B6-A698-07E2DE0F1F5D}"/>',
        '    <EventID>1098</EventID>',
        '    <Level>4</Level>',
        '    <TimeCreated SystemTime="2024-06-04T18:40:00.0000000Z"/>',
        '    <EventRecordID>42</EventRecordID>',
        '    <Correlation/>',
        '    <Channel>Microsoft-Windows-AAD/Operational</Channel>',
        '    <Computer>DESKTOP-0000001</Computer>',
        '  </System>',
        '  <EventData>',
        '    <Data Name="Code">0xcaa2000c</Data>',
        '    <Data Name="Description">AADSTS50126 &amp; &lt;retry&gt;</Data>',
        '    <Data Name="Optional">present</Data>',
        '    <Data/>',
        '  </EventData>',
        '  <UserData>',
        '    <Info>',
        '      <Upn>user@contoso.com</Upn>',
        '      <Note>a &amp; b!</Note>',
        '    </Info>',
        '  </UserData>',
        '</Event>',
      ].join('\n'),
    );
  });

  it('skips a record whose template reference points nowhere, keeping the other', () => {
    const bytes = chunk.slice();
    // Record 42 refers back to the definition; point it at the zero-filled end of the chunk.
    const second = readEvtx(chunk).records[1]?.origin;
    expect(second).toBe('record 42 in chunk 0');
    const view = new DataView(bytes.buffer);
    let at = 512 + view.getUint32(516, true);
    at += 24 + 4 + 6; // record header, fragment header, template token, unknown byte, template id
    view.setUint32(at, 0xf000, true);
    const result = readEvtx(bytes);
    expect(result.records.map((r) => r.recordNumber)).toEqual([41]);
    expect(result.skipped).toEqual([
      {
        where: 'record 42 in chunk 0',
        why: expect.stringMatching(/^template definition at 0xf000 is empty/),
      },
    ]);
  });
});
