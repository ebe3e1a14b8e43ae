/**
 * Damaged files: a broken chunk header, record or BinXml stream costs only itself and is named in
 * `skipped` or `warnings`; random damage never makes the reader throw.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventReadResult } from '../../model/events.ts';
import { isEvtx, readEvtx } from './index.ts';

const SAMPLES = join(import.meta.dirname, '../../../../shared/evtx-samples');
const present = existsSync(join(SAMPLES, 'system.evtx'));
if (!present)
  console.warn(
    `EVTX damage tests skipped: ${SAMPLES} is absent (the shared folder sits beside the repository)`,
  );
/** Skipped suites say why in their title. */
const titled = (title: string) => (present ? title : `${title} (skipped: ${SAMPLES} is absent)`);

const load = (name: string) => new Uint8Array(readFileSync(join(SAMPLES, name)));
const CHUNK0 = 0x1000;

describe.skipIf(!present)(
  titled('EVTX reader on damaged copies of system.evtx (1881 records in 15 chunks)'),
  () => {
    const pristine = present ? load('system.evtx') : new Uint8Array();

    it('reads the undamaged file whole, noting only that its header undercounts the chunks', () => {
      const result = readEvtx(pristine);
      expect(result.records).toHaveLength(1881);
      expect(result.skipped).toEqual([]);
      expect(result.warnings).toEqual([
        'the file header counts 3 chunks but 15 are present (the file was not closed cleanly); all were read',
      ]);
    });

    it('keeps every record of a chunk whose header checksum fails, and says so', () => {
      const bytes = pristine.slice();
      bytes[CHUNK0 + 60] = (bytes[CHUNK0 + 60] as number) ^ 0xff;
      const result = readEvtx(bytes);
      expect(result.records).toHaveLength(1881);
      expect(result.warnings).toContain(
        'chunk 0: chunk header checksum does not match; its records were read and checked one by one',
      );
    });

    it('skips a record whose binary XML is broken, names it, and keeps the next ones', () => {
      const bytes = pristine.slice();
      // Record 3 starts at 0x17f0; its BinXml (after the 24-byte header) opens with a fragment header.
      bytes[0x17f0 + 24] = 0x44;
      const result = readEvtx(bytes);
      expect(result.records).toHaveLength(1880);
      expect(result.records.map((r) => r.recordNumber).slice(0, 4)).toEqual([1, 2, 4, 5]);
      expect(result.skipped).toEqual([
        { where: 'record 3 in chunk 0', why: 'unexpected token 0x44 in fragment at chunk offset 0x808' },
      ]);
      expect(result.warnings).toContain(
        'chunk 0: event records checksum does not match; each record was checked on its own',
      );
    });

    it('skips a record whose signature is gone and finds the record after it', () => {
      const bytes = pristine.slice();
      bytes[0x1df8] = 0x00; // record 4
      const result = readEvtx(bytes);
      expect(result.records).toHaveLength(1880);
      expect(result.records.some((r) => r.recordNumber === 4)).toBe(false);
      expect(result.records.some((r) => r.recordNumber === 5)).toBe(true);
      expect(result.skipped).toEqual([
        { where: 'chunk 0 at offset 0xdf8', why: 'no event record signature where a record should start' },
      ]);
    });

    it('reads a chunk whose signature is damaged from its records', () => {
      const bytes = pristine.slice();
      bytes[CHUNK0] = 0x00;
      const result = readEvtx(bytes);
      expect(result.records).toHaveLength(1881);
      expect(result.warnings).toContain(
        'chunk 0: chunk header is damaged; the records found in it were read and checked one by one',
      );
    });

    it('reads a file cut short up to the cut', () => {
      const cut = CHUNK0 + 2 * 0x10000 + 3000;
      const whole = readEvtx(pristine).records.filter((r) => /in chunk [01]$/.test(r.origin ?? ''));
      const result = readEvtx(pristine.slice(0, cut));
      expect(result.records.length).toBeGreaterThan(whole.length);
      expect(result.records.slice(0, whole.length)).toEqual(whole);
      expect(result.skipped).toHaveLength(1);
      expect(result.skipped[0]?.where).toMatch(/^record \d+ in chunk 2$/);
      expect(result.skipped[0]?.why).toMatch(/does not fit in the chunk/);
    });

    it('reads a lone chunk carved out of a file', () => {
      const chunk = pristine.slice(CHUNK0, CHUNK0 + 0x10000);
      expect(isEvtx(chunk)).toBe(true);
      const result = readEvtx(chunk);
      const first = readEvtx(pristine).records.filter((r) => r.origin?.endsWith('in chunk 0'));
      expect(result.records).toEqual(first);
      expect(result.skipped).toEqual([]);
    });

    it('does not take other files for EVTX', () => {
      expect(
        isEvtx(
          new TextEncoder().encode('<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">'),
        ),
      ).toBe(false);
      expect(isEvtx(new Uint8Array([0x45, 0x6c, 0x66]))).toBe(false);
      expect(readEvtx(new Uint8Array(0))).toEqual({ kind: 'evtx', records: [], skipped: [], warnings: [] });
    });
  },
);

describe.skipIf(!present)(titled('EVTX reader under random damage'), () => {
  const sample = present ? load('Security_short_selected.evtx') : new Uint8Array();
  const recordArea = { min: CHUNK0, max: Math.max(CHUNK0, Math.min(sample.length, CHUNK0 + 0x4000) - 1) };

  it('never throws and always returns a well-formed result', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer(recordArea), value: fc.integer({ min: 0, max: 255 }) }), {
          minLength: 1,
          maxLength: 24,
        }),
        fc.option(fc.integer({ min: 0, max: sample.length }), { nil: undefined }),
        (mutations, cut) => {
          const bytes = sample.slice(0, cut ?? sample.length);
          for (const { at, value } of mutations) if (at < bytes.length) bytes[at] = value;
          const result = readEvtx(bytes);
          expect(() => EventReadResult.parse(result)).not.toThrow();
        },
      ),
      { numRuns: 400, seed: 20240601 },
    );
  });

  it('never throws on random bytes behind an EVTX signature', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 70000 }), fc.boolean(), (noise, asChunk) => {
        const bytes = new Uint8Array(8 + noise.length);
        bytes.set(new TextEncoder().encode(asChunk ? 'ElfChnk\0' : 'ElfFile\0'));
        bytes.set(noise, 8);
        expect(() => EventReadResult.parse(readEvtx(bytes))).not.toThrow();
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
