/**
 * The zip reader on archives built here: ordinary ones (our writer, fflate's), hostile ones
 * (traversal, links, bombs, liars, damage), zip64, and a differential run against yauzl.
 * @module
 */
import fc from 'fast-check';
import { deflateSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { crc32, isZip, iterateZip, readZip, writeZip } from './zip.ts';

const enc = new TextEncoder();
const text = (b: Uint8Array) => new TextDecoder().decode(b);

const CAPTURE = `+----------------------------------------------------------------------+
| Device State                                                         |
+----------------------------------------------------------------------+

             AzureAdJoined : NO
          EnterpriseJoined : NO
              DomainJoined : YES
                DomainName : CONTOSO
               Device Name : PC-0042.contoso.com
`;

interface RawEntry {
  name: string | Uint8Array;
  data: Uint8Array;
  method?: 0 | 8 | 12;
  /** Size written in the headers (default: the real size). */
  declaredSize?: number;
  madeBy?: number;
  external?: number;
  flags?: number;
  crc?: number;
  /** Write sizes and offset as 0xFFFFFFFF with a zip64 extra field. */
  zip64?: boolean;
}

/** A hand-made archive: every header field under the test's control. */
function buildZip(entries: RawEntry[], options: { zip64End?: boolean } = {}): Uint8Array {
  const parts: number[] = [];
  const push = (b: Uint8Array | number[]) => {
    for (const x of b) parts.push(x);
  };
  const le = (v: number, n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(Number((BigInt(v) >> BigInt(8 * i)) & 0xffn));
    return out;
  };
  const centrals: number[][] = [];
  for (const e of entries) {
    const name = typeof e.name === 'string' ? enc.encode(e.name) : e.name;
    const method = e.method ?? 8;
    const payload = method === 8 ? deflateSync(e.data) : e.data;
    const size = e.declaredSize ?? e.data.length;
    const crc = e.crc ?? crc32(e.data);
    const flags = e.flags ?? (typeof e.name === 'string' ? 0x800 : 0);
    const offset = parts.length;
    const extra = e.zip64
      ? [...le(1, 2), ...le(24, 2), ...le(size, 8), ...le(payload.length, 8), ...le(offset, 8)]
      : [];
    const s32 = (v: number) => (e.zip64 ? le(0xffffffff, 4) : le(v, 4));
    push([...le(0x04034b50, 4), ...le(45, 2), ...le(flags, 2), ...le(method, 2), ...le(0, 4), ...le(crc, 4)]);
    push([...s32(payload.length), ...s32(size), ...le(name.length, 2), ...le(0, 2)]);
    push(name);
    push(payload);
    centrals.push([
      ...le(0x02014b50, 4),
      ...le(((e.madeBy ?? 0) << 8) | 45, 2),
      ...le(45, 2),
      ...le(flags, 2),
      ...le(method, 2),
      ...le(0, 4),
      ...le(crc, 4),
      ...s32(payload.length),
      ...s32(size),
      ...le(name.length, 2),
      ...le(extra.length, 2),
      ...le(0, 2),
      ...le(0, 2),
      ...le(0, 2),
      ...le(e.external ?? 0, 4),
      ...s32(offset),
      ...name,
      ...extra,
    ]);
  }
  const dirOffset = parts.length;
  for (const c of centrals) push(c);
  const dirSize = parts.length - dirOffset;
  if (options.zip64End) {
    const at = parts.length;
    push([...le(0x06064b50, 4), ...le(44, 8), ...le(45, 2), ...le(45, 2), ...le(0, 4), ...le(0, 4)]);
    push([...le(entries.length, 8), ...le(entries.length, 8), ...le(dirSize, 8), ...le(dirOffset, 8)]);
    push([...le(0x07064b50, 4), ...le(0, 4), ...le(at, 8), ...le(1, 4)]);
    push([...le(0x06054b50, 4), ...le(0, 4), ...le(0xffff, 2), ...le(0xffff, 2), ...le(0xffffffff, 4)]);
    push([...le(0xffffffff, 4), ...le(0, 2)]);
  } else {
    push([...le(0x06054b50, 4), ...le(0, 4), ...le(entries.length, 2), ...le(entries.length, 2)]);
    push([...le(dirSize, 4), ...le(dirOffset, 4), ...le(0, 2)]);
  }
  return new Uint8Array(parts);
}

describe('readZip: ordinary archives', () => {
  it('reads what writeZip wrote, deflated and stored, with folders and UTF-8 names', () => {
    const events = enc.encode('<Events><Event><System><EventID>304</EventID></System></Event></Events>');
    const zip = writeZip([
      { name: 'PC-0042/status.txt', bytes: enc.encode(CAPTURE) },
      { name: 'PC-0042\\AAD-Operational.xml', bytes: events },
      { name: 'Geräte/état.txt', bytes: enc.encode('x') },
    ]);
    expect(isZip(zip)).toBe(true);
    const result = readZip(zip);
    expect(result.problem).toBeNull();
    expect(result.skipped).toEqual([]);
    expect(result.entries.map((e) => e.name)).toEqual([
      'PC-0042/status.txt',
      'PC-0042/AAD-Operational.xml',
      'Geräte/état.txt',
    ]);
    expect(text(result.entries[0]?.bytes ?? new Uint8Array())).toBe(CAPTURE);
    expect(text(result.entries[1]?.bytes ?? new Uint8Array())).toBe(text(events));
  });

  it('reads archives written by another writer (fflate), folder entries passed over', () => {
    const zip = zipSync({
      logs: {},
      'logs/status.txt': enc.encode(CAPTURE),
      'a.txt': [enc.encode('hello'), { level: 0 }],
    });
    const result = readZip(zip);
    expect(result.entries.map((e) => [e.name, e.bytes.length])).toEqual([
      ['logs/status.txt', CAPTURE.length],
      ['a.txt', 5],
    ]);
    expect(result.skipped).toEqual([]);
  });

  it('reads CP437 names when the UTF-8 flag is off', () => {
    // 0x81 is ü and 0x94 is ö in CP437.
    const zip = buildZip([
      {
        name: new Uint8Array([0x47, 0x81, 0x74, 0x65, 0x2f, 0x94, 0x2e, 0x74, 0x78, 0x74]),
        data: enc.encode('x'),
      },
    ]);
    expect(readZip(zip).entries.map((e) => e.name)).toEqual(['Güte/ö.txt']);
  });

  it('reads zip64 sizes, offsets and end records', () => {
    const zip = buildZip([{ name: 'status.txt', data: enc.encode(CAPTURE), zip64: true }], {
      zip64End: true,
    });
    const result = readZip(zip);
    expect(result.problem).toBeNull();
    expect(result.entries.map((e) => [e.name, text(e.bytes)])).toEqual([['status.txt', CAPTURE]]);
  });

  it('opens a zip inside the zip, and no deeper', () => {
    const inner = writeZip([{ name: 'status.txt', bytes: enc.encode(CAPTURE) }]);
    const deeper = writeZip([{ name: 'inner.zip', bytes: inner }]);
    const zip = writeZip([
      { name: 'site-a.zip', bytes: inner },
      { name: 'site-b.zip', bytes: deeper },
    ]);
    const result = readZip(zip);
    expect(result.entries.map((e) => e.name)).toEqual(['site-a.zip!/status.txt']);
    expect(result.skipped).toEqual([
      {
        kind: 'skipped',
        name: 'site-b.zip!/inner.zip',
        reason: 'an archive inside an archive inside an archive: not opened',
      },
    ]);
  });
});

describe('readZip: hostile and damaged entries are skipped, counted, and the rest is read', () => {
  const good: RawEntry = { name: 'status.txt', data: enc.encode(CAPTURE) };

  it('refuses traversal, absolute paths, drive letters, NUL and links', () => {
    const zip = buildZip([
      { name: '../../etc/cron.d/evil', data: enc.encode('x') },
      { name: '..\\..\\evil2.txt', data: enc.encode('x') },
      { name: '/etc/passwd', data: enc.encode('x') },
      { name: 'C:\\Windows\\evil.txt', data: enc.encode('x') },
      { name: 'a\0b.txt', data: enc.encode('x') },
      {
        name: 'link.txt',
        data: enc.encode('/etc/shadow'),
        method: 0,
        madeBy: 3,
        external: (0o120777 << 16) >>> 0,
      },
      good,
    ]);
    const result = readZip(zip);
    expect(result.entries.map((e) => e.name)).toEqual(['status.txt']);
    expect(result.skipped.map((s) => [s.name, s.reason])).toEqual([
      ['../../etc/cron.d/evil', 'a path with `..`: entries must stay inside the archive'],
      ['../../evil2.txt', 'a path with `..`: entries must stay inside the archive'],
      ['/etc/passwd', 'an absolute path: entries must stay inside the archive'],
      ['C:/Windows/evil.txt', 'a path with a drive letter: entries must stay inside the archive'],
      ['a\\0b.txt', 'its name holds a NUL character'],
      ['link.txt', 'a symbolic link: links inside archives are not followed'],
    ]);
  });

  it('stops a liar entry at its declared size and never inflates the rest', () => {
    const zip = buildZip([{ name: 'liar.txt', data: new Uint8Array(1024 * 1024), declaredSize: 100 }, good]);
    const result = readZip(zip);
    expect(result.entries.map((e) => e.name)).toEqual(['status.txt']);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      'inflates to more than the 100 bytes its directory entry declares: stopped there, not read',
    ]);
  });

  it('refuses a bomb by its ratio before inflating it, and caps sizes and totals', () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const zip = buildZip([{ name: 'zeros.bin', data: zeros }, good]);
    expect(readZip(zip).skipped.map((s) => s.reason)).toEqual([
      'compressed more than 200:1 (8 KiB to 8 MiB): not opened, as a zip bomb would be',
    ]);
    // Small text compresses well too; below the floor the ratio is not held against it.
    const small = buildZip([{ name: 'blank.txt', data: new Uint8Array(512 * 1024).fill(0x20) }]);
    expect(readZip(small).entries).toHaveLength(1);
    const capped = readZip(zip, { maxEntryBytes: 4 * 1024 * 1024 });
    expect(capped.skipped.map((s) => s.reason)).toEqual([
      '8 MiB uncompressed, above the 4 MiB read per entry',
    ]);
    const total = readZip(buildZip([good, { ...good, name: 'second.txt' }]), {
      maxTotalBytes: CAPTURE.length + 10,
    });
    expect(total.entries.map((e) => e.name)).toEqual(['status.txt']);
    expect(total.skipped.map((s) => s.reason)).toEqual([
      'not read: the entries before it reached the 413 bytes read per archive',
    ]);
  });

  it('counts entries beyond the cap in one line', () => {
    const zip = writeZip(
      Array.from({ length: 5 }, (_, i) => ({ name: `s${i}.txt`, bytes: enc.encode(`${i}`) })),
    );
    const result = readZip(zip, { maxEntries: 3 });
    expect(result.entries.map((e) => e.name)).toEqual(['s0.txt', 's1.txt', 's2.txt']);
    expect(result.skipped).toEqual([
      {
        kind: 'skipped',
        name: '',
        reason: '2 more entries not read: the archive holds 5, more than the 3 read from one archive',
      },
    ]);
  });

  it('skips encrypted, unknown-method and damaged entries', () => {
    const zip = buildZip([
      { name: 'secret.txt', data: enc.encode('x'), flags: 0x801 },
      { name: 'bzip.txt', data: enc.encode('x'), method: 12 },
      { name: 'bad-crc.txt', data: enc.encode('x'), crc: 1 },
      good,
    ]);
    const result = readZip(zip);
    expect(result.entries.map((e) => e.name)).toEqual(['status.txt']);
    expect(result.skipped.map((s) => [s.name, s.reason])).toEqual([
      ['secret.txt', 'encrypted: extract it with the password and pass the file'],
      ['bzip.txt', 'compressed with method 12; only stored and deflate entries are read'],
      ['bad-crc.txt', 'its checksum does not match: the entry is damaged'],
    ]);
  });

  it('says a truncated archive has no directory, and never throws on any bytes', () => {
    const zip = writeZip([{ name: 'status.txt', bytes: enc.encode(CAPTURE) }]);
    expect(readZip(zip.subarray(0, zip.length - 30)).problem).toBe(
      'not a readable zip archive: its directory (at the end of the file) is missing; the file may be truncated',
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(), (noise, at) => {
        const damaged = zip.slice();
        damaged.set(
          noise.subarray(0, Math.max(0, damaged.length - (at % damaged.length))),
          at % damaged.length,
        );
        const result = readZip(damaged);
        return result.entries.every((e) => e.bytes.length === CAPTURE.length);
      }),
      { numRuns: 300 },
    );
  });
});

function yauzlRead(bytes: Uint8Array): Promise<[string, string][]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true }, (error, zipfile) => {
      if (error) return reject(error);
      const out: [string, string][] = [];
      zipfile.on('entry', (entry: yauzl.Entry) => {
        zipfile.openReadStream(entry, (err, stream) => {
          if (err) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.push([entry.fileName, Buffer.concat(chunks).toString('hex')]);
            zipfile.readEntry();
          });
        });
      });
      zipfile.on('end', () => resolve(out));
      zipfile.on('error', reject);
      zipfile.readEntry();
    });
  });
}

describe('readZip agrees with yauzl', () => {
  it('on generated archives from both writers', async () => {
    const name = fc
      .stringMatching(/^[A-Za-z0-9_-]{1,12}(\/[A-Za-z0-9_.-]{1,12}){0,2}\.(txt|xml|evtx)$/)
      // `.` and `..` segments are refused by design (tested above); both readers agree on the rest.
      .filter((n) => !n.split('/').some((segment) => /^\.+$/.test(segment)));
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ name, bytes: fc.uint8Array({ maxLength: 3000 }) }), {
          minLength: 1,
          maxLength: 6,
          selector: (e) => e.name,
        }),
        fc.boolean(),
        fc.boolean(),
        async (files, compress, ours) => {
          const zip = ours
            ? writeZip(files, { compress })
            : zipSync(Object.fromEntries(files.map((f) => [f.name, [f.bytes, { level: compress ? 6 : 0 }]])));
          const mine = readZip(zip).entries.map((e): [string, string] => [
            e.name,
            Buffer.from(e.bytes).toString('hex'),
          ]);
          expect(mine).toEqual(await yauzlRead(zip));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('iterateZip', () => {
  it('reads in linear time: 8x the entries costs well under 8x squared', () => {
    const make = (n: number) =>
      writeZip(Array.from({ length: n }, (_, i) => ({ name: `d/${i}.txt`, bytes: enc.encode(CAPTURE) })));
    // Best of five, so a busy machine does not decide the result.
    const count = (zip: Uint8Array) => {
      let ms = Number.POSITIVE_INFINITY;
      let n = 0;
      for (let round = 0; round < 5; round++) {
        const t = performance.now();
        n = 0;
        for (const item of iterateZip(zip)) if (item.kind === 'entry') n++;
        ms = Math.min(ms, performance.now() - t);
      }
      return { n, ms };
    };
    const small = make(500);
    const large = make(4000);
    // Warmed up first, so the small archive is not also timing the compiler.
    count(small);
    const a = count(small);
    const b = count(large);
    expect([a.n, b.n]).toEqual([500, 4000]);
    // Linear is 8x, quadratic 64x: the bound leaves room for a loaded machine on either side.
    expect(b.ms / Math.max(a.ms, 1)).toBeLessThan(32);
  });
});
