/**
 * The reader against real EVTX files and what two independent readers (libevtx's `evtxexport`,
 * python-evtx's `evtx_dump.py`) print for them, kept in `../shared/evtx-samples/`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../model/events.ts';
import { isEvtx, readEvtx } from './index.ts';

const SAMPLES = join(import.meta.dirname, '../../../../shared/evtx-samples');
const REFERENCE = join(SAMPLES, 'reference');
const present = existsSync(REFERENCE);
if (!present)
  console.warn(
    `EVTX sample tests skipped: ${SAMPLES} is absent (the shared folder sits beside the repository)`,
  );
/** Skipped suites say why in their title. */
const titled = (title: string) => (present ? title : `${title} (skipped: ${SAMPLES} is absent)`);

/** The fields both reference readers print and the test compares. */
interface RefRecord {
  recordNumber: number;
  eventId: number;
  provider: string;
  time: string;
  channel: string;
  computer: string;
  data: Record<string, string>;
}

/** Times to the microsecond: python-evtx prints six digits, evtxexport nine, we seven. */
function normTime(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z?$/.exec(text.trim());
  if (!m) return text;
  return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(6, '0').slice(0, 6)}`;
}

/** Spelling differences that carry no meaning: GUID case, boolean case, time precision. */
function normValue(raw: string): string {
  // XML parsing turns CR LF into LF in the reference output.
  // Control characters are not allowed in XML 1.0; the XML parser drops those the readers printed.
  const text = raw.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
  const t = normTime(text);
  if (t !== text) return t;
  if (/^\{[0-9a-fA-F-]{36}\}$/.test(text)) return text.toLowerCase();
  if (text === 'True' || text === 'False') return text.toLowerCase();
  return text;
}

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

function parseEvents(xml: string): Element[] {
  const events: Element[] = [];
  // Each event is parsed on its own, so one the reference reader left broken costs only itself.
  for (const piece of xml.split(/(?=<Event[\s>])/)) {
    const end = piece.indexOf('</Event>');
    if (!piece.startsWith('<Event') || end < 0) continue;
    const stack: Element[] = [];
    let root: Element | null = null;
    const parser = new SaxesParser({ xmlns: false });
    let failed = false;
    parser.on('error', () => {
      failed = true;
    });
    parser.on('opentag', (tag) => {
      const el: Element = {
        name: tag.name,
        attributes: { ...(tag.attributes as Record<string, string>) },
        children: [],
        text: '',
      };
      stack.at(-1)?.children.push(el);
      stack.push(el);
      root ??= el;
    });
    parser.on('closetag', () => stack.pop());
    parser.on('text', (t) => {
      const top = stack.at(-1);
      if (top) top.text += t;
    });
    try {
      parser.write(piece.slice(0, end + '</Event>'.length)).close();
    } catch {
      failed = true;
    }
    if (root && !failed) events.push(root);
  }
  return events;
}

function leaves(el: Element, data: Record<string, string>): void {
  for (const child of el.children) {
    if (child.children.length > 0) {
      leaves(child, data);
      continue;
    }
    let key = child.name;
    for (let n = 2; key in data; n++) key = `${child.name}#${n}`;
    data[key] = child.text;
  }
}

function refRecord(event: Element): RefRecord {
  const system = event.children.find((c) => c.name === 'System');
  const field = (name: string) => system?.children.find((c) => c.name === name);
  const data: Record<string, string> = {};
  for (const part of event.children) {
    if (part.name === 'EventData') {
      let unnamed = 0;
      for (const child of part.children) {
        if (child.name === 'Data') data[child.attributes.Name || `#${++unnamed}`] = child.text;
        else data[child.name] = child.text;
      }
    } else if (part.name === 'UserData') {
      leaves(part, data);
    }
  }
  return {
    recordNumber: Number(field('EventRecordID')?.text ?? 'NaN'),
    eventId: Number(field('EventID')?.text ?? 'NaN'),
    provider: field('Provider')?.attributes.Name ?? '',
    time: normTime(field('TimeCreated')?.attributes.SystemTime ?? ''),
    channel: field('Channel')?.text ?? '',
    computer: field('Computer')?.text ?? '',
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, normValue(v)])),
  };
}

function ours(rec: EventRecord): RefRecord {
  return {
    recordNumber: rec.recordNumber ?? Number.NaN,
    eventId: rec.eventId,
    provider: rec.provider ?? '',
    time: normTime(rec.time ?? ''),
    channel: rec.channel ?? '',
    computer: rec.computer ?? '',
    data: Object.fromEntries(Object.entries(rec.data).map(([k, v]) => [k, normValue(v)])),
  };
}

function readReference(name: string, reader: 'evtxexport' | 'python-evtx'): Map<number, RefRecord> {
  const file = join(REFERENCE, `${name}.${reader}.xml`);
  const byNumber = new Map<number, RefRecord>();
  if (!existsSync(file)) return byNumber;
  for (const event of parseEvents(readFileSync(file, 'utf8'))) {
    const rec = refRecord(event);
    // python-evtx prints an all-zero "record 0" for a record cut short: not an event.
    if (rec.recordNumber > 0 && rec.provider !== '' && !byNumber.has(rec.recordNumber))
      byNumber.set(rec.recordNumber, rec);
  }
  return byNumber;
}

/** python-evtx rounds FILETIME through a float, so its microsecond can be one off. */
function closeInTime(x: string, y: string): boolean {
  return x.slice(0, 20) === y.slice(0, 20) && Math.abs(Number(x.slice(20)) - Number(y.slice(20))) <= 1;
}

function show(value: string | undefined): string {
  const s = JSON.stringify(value) ?? 'missing';
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}

/**
 * Field-by-field: where the two readers agree, we must say the same; where they differ (python-evtx
 * prints arrays, binary and empty values its own way), we must say what one of them says.
 */
function differences(mine: RefRecord, a: RefRecord | undefined, b: RefRecord | undefined): string[] {
  const problems: string[] = [];
  const scalar = ['eventId', 'provider', 'time', 'channel', 'computer'] as const;
  for (const key of scalar) {
    if (key === 'time' && [a?.time, b?.time].some((t) => t !== undefined && closeInTime(t, mine.time)))
      continue;
    const options = [a?.[key], b?.[key]].filter((v) => v !== undefined);
    if (!options.includes(mine[key])) problems.push(`${key}: ${String(mine[key])} vs ${options.join(' / ')}`);
  }
  const keys = new Set([
    ...Object.keys(a?.data ?? {}),
    ...Object.keys(b?.data ?? {}),
    ...Object.keys(mine.data),
  ]);
  for (const key of keys) {
    const options = [a, b].filter((r) => r !== undefined).map((r) => r.data[key]);
    if (!options.includes(mine.data[key]))
      problems.push(`data ${key}: ${show(mine.data[key])} vs ${options.map(show).join(' / ')}`);
  }
  return problems;
}

const files = present
  ? readdirSync(SAMPLES)
      .filter((f) => f.endsWith('.evtx'))
      .sort()
  : [];

describe.skipIf(!present)(titled('EVTX reader on the real samples in ../shared/evtx-samples'), () => {
  it('finds every sample file', () => {
    expect(files.length).toBe(15);
  });

  for (const file of files) {
    const name = file.replace(/\.evtx$/, '');
    describe(name, () => {
      const bytes = new Uint8Array(readFileSync(join(SAMPLES, file)));
      const result = readEvtx(bytes);
      const byNumber = new Map(result.records.map((r) => [r.recordNumber, r]));
      const libevtx = readReference(name, 'evtxexport');
      const python = readReference(name, 'python-evtx');

      it('is recognised as EVTX', () => {
        expect(isEvtx(bytes)).toBe(true);
        expect(result.kind).toBe('evtx');
      });

      it('recovers every record either reference reader recovered, and no record twice', () => {
        const wanted = [...new Set([...libevtx.keys(), ...python.keys()])];
        const missing = wanted.filter((n) => !byNumber.has(n));
        expect(missing).toEqual([]);
        expect(byNumber.size).toBe(result.records.length);
        expect(result.records.length).toBeGreaterThanOrEqual(Math.max(libevtx.size, python.size));
      });

      it('reads every record the way the reference readers print it', () => {
        const problems: string[] = [];
        for (const [n, rec] of byNumber) {
          const a = libevtx.get(n ?? -1);
          const b = python.get(n ?? -1);
          if (!a && !b) continue;
          for (const p of differences(ours(rec), a, b)) problems.push(`record ${n}: ${p}`);
        }
        expect(problems.slice(0, 20)).toEqual([]);
      });

      it('gives every record its system fields', () => {
        for (const rec of result.records) {
          expect(rec.provider, rec.origin ?? '').not.toBeNull();
          expect(rec.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
          expect(rec.origin).toMatch(/^record \d+ in chunk \d+$/);
        }
      });
    });
  }
});

describe.skipIf(!present)(titled('where the reference readers fall short, the records decide'), () => {
  const read = (name: string) => readEvtx(new Uint8Array(readFileSync(join(SAMPLES, `${name}.evtx`))));
  const numbers = (records: EventRecord[]) => records.map((r) => r.recordNumber);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('CAPI2: reads all 340 records (libevtx stops at 24 on an entity reference in an attribute, python-evtx at 0)', () => {
    const result = read('E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2-Operational');
    expect(numbers(result.records)).toEqual(range(1, 340));
    expect(result.skipped).toEqual([]);
    const record25 = result.records[24];
    expect(record25?.eventId).toBe(51);
    expect(record25?.data.URL).toBe('http://crl.microsoft.com/pki/crl/products/microsoftrootcert.crl');
  });

  it('issue_201: reads the record both readers give up on, whose times are stored as text', () => {
    const result = read('issue_201');
    expect(result.records).toHaveLength(1);
    const rec = result.records[0];
    expect(rec).toMatchObject({
      provider: 'MSExchange CmdletLogs',
      eventId: 1,
      recordNumber: 3229,
      time: '2021-11-19T16:52:33.8337335Z',
      channel: 'MSExchange Management',
    });
    expect(Object.keys(rec?.data ?? {})).toHaveLength(27);
    expect(rec?.data['#1']).toBe('Set-Mailbox');
    expect(rec?.data['#27']).toBe('fr-FR');
  });

  it('HelloForBusiness: keeps records 1-5 and names record 6, cut short when written (python-evtx prints it as zeros)', () => {
    const result = read('Microsoft-Windows-HelloForBusiness-Operational');
    expect(numbers(result.records)).toEqual([1, 2, 3, 4, 5]);
    expect(result.skipped).toEqual([
      {
        where: 'record 6 in chunk 0',
        why: 'the record was cut short when written (size copy 0, not 384): its binary XML holds no event element',
      },
    ]);
  });

  it('zero-data-size: steps over the empty record 3 and recovers records 4-117 that both readers lose', () => {
    const result = read('sample-with-zero-data-size-event');
    expect(result.skipped).toEqual([
      { where: 'record 3 in chunk 0', why: 'record size 0 does not fit in the chunk' },
    ]);
    expect(numbers(result.records).slice(0, 118)).toEqual([1, 2, ...range(4, 119)]);
    expect(result.records).toHaveLength(449);
  });

  it('bad chunk magic: reads the chunks with wiped headers and names every record it cannot rebuild', () => {
    const result = read('sample_with_a_bad_chunk_magic');
    expect(result.records).toHaveLength(300);
    expect(result.warnings).toContain(
      'chunk 6: chunk header is damaged; the records found in it were read and checked one by one',
    );
    expect(result.warnings).toContain(
      'chunk 10: chunk header is damaged; the records found in it were read and checked one by one',
    );
    expect(result.skipped).toHaveLength(85);
    for (const part of result.skipped)
      expect(part.where).toMatch(/^(record \d+ in )?chunk \d+( at offset 0x[0-9a-f]+)?$/);
  });

  it('Application_no_crc32: reads all 17 records of a file whose checksums were never written, and says so', () => {
    const result = read('Application_no_crc32');
    expect(result.records).toHaveLength(17);
    expect(result.warnings).toEqual([
      'file header checksum does not match; the header is ignored and every chunk present is read',
      'chunk 0: chunk header checksum does not match; its records were read and checked one by one',
      'chunk 0: event records checksum does not match; each record was checked on its own',
    ]);
  });
});
