import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeBytes } from '../analyze.ts';
import { decodeBytes } from '../input/decode.ts';
import type { DeviceReport, Report } from '../model/report.ts';
import { REPORT_FORMATS, render } from '../render/index.ts';
import { createRedactor, redactCaptureText, redactEventText, redactReport } from './index.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/redact');
const samples = join(import.meta.dirname, '../../../shared/evtx-samples');

/**
 * Every identifier planted in the fixtures, as a reader would search for it (case-insensitive).
 * `tailspin` stands for the domain, its NetBIOS name, the tenant name, the storage account, the
 * key vault and the federation host; the SIDs are represented by their sub-authorities.
 */
const PLANTED = [
  'WS-LEAK-0917',
  'tailspin',
  'amber.rodriguez',
  'arodriguez',
  'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  '5d7c0a91-3e4f-4b2a-9c1d-7e8f9a0b1c2d',
  'c0ffee00-1234-4abc-9def-00112233aabb',
  '0badf00d-7777-4888-9999-aaaabbbbcccc',
  '3A7F9C2E1B0D8F6A4C5E7B9D1F3A5C7E9B0D2F4A',
  '10.44.55.66',
  'fe80::a1b2:c3d4:e5f6:1789',
  '2718281828',
  '1414213562',
  '1004336348',
  '7e2d9b4c1a08',
  '5B 8C 2D 9E',
  'FILESRV07',
  'casefiles',
  '00-1A-2B-3C-4D-5E',
];

/** How many times the planted identifiers occur in `text`. */
function occurrences(text: string, planted: readonly string[] = PLANTED): number {
  const lower = text.toLowerCase();
  let n = 0;
  for (const id of planted) {
    const needle = id.toLowerCase();
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) n++;
  }
  return n;
}

/** The form of each fixture, and the name it is given (a folder named after the device). */
const FORMS = [
  ['capture', 'planted-capture.txt'],
  ['event XML', 'planted-events.xml'],
  ['event JSON', 'planted-events.json'],
  ['event CSV', 'planted-events.csv'],
  ['pasted event', 'planted-paste.txt'],
] as const;

function envelopeOf(reports: DeviceReport[], failures: Report['failures'] = []): Report {
  return {
    schema: 'dsreg-doctor.report/1',
    generator: { name: 'dsreg-doctor', version: '0.0.0' },
    reports,
    ...(failures.length > 0 ? { failures } : {}),
  };
}

describe('redaction leak count over planted identifiers', () => {
  it('leaks none of them in any field, format, event form or redacted copy, and prints the figures', () => {
    const rows: { form: string; planted: number; leaks: Record<string, number> }[] = [];
    const allReports: DeviceReport[] = [];
    const redactor = createRedactor();
    for (const [form, file] of FORMS) {
      const bytes = new Uint8Array(readFileSync(join(fixtures, file)));
      const text = decodeBytes(bytes).text;
      const input = analyzeBytes(bytes, { path: `cases/WS-LEAK-0917/${file}` });
      expect(input.reports.length).toBeGreaterThan(0);
      allReports.push(...input.reports);
      const copy =
        input.kind === 'capture'
          ? redactCaptureText(text, input.captures, createRedactor())
          : redactEventText(text, input.events?.records ?? [], createRedactor());
      const report = redactReport(envelopeOf(input.reports), redactor);
      const leaks: Record<string, number> = { copy: occurrences(copy) };
      for (const format of REPORT_FORMATS)
        leaks[format] = occurrences(render(report, format, { width: 100 }));
      rows.push({ form, planted: occurrences(text), leaks });
    }
    // The whole run at once, with an input that failed: the summary's paths are redacted too.
    const run = redactReport(
      envelopeOf(allReports, [{ path: 'cases/WS-LEAK-0917/broken.txt', reason: 'the file is empty' }]),
      createRedactor(),
    );
    const runLeaks: Record<string, number> = {};
    for (const format of REPORT_FORMATS) runLeaks[format] = occurrences(render(run, format, { width: 100 }));
    rows.push({ form: 'run summary', planted: occurrences(JSON.stringify(allReports)), leaks: runLeaks });

    console.log(
      `redaction leaks (planted → leaked): ${rows
        .map(
          (r) =>
            `${r.form} ${r.planted} → ${Object.entries(r.leaks)
              .map(([f, n]) => `${f} ${n}`)
              .join(' ')}`,
        )
        .join(' | ')}`,
    );
    for (const row of rows) expect(row.planted).toBeGreaterThan(5);
    expect(rows.map((r) => [r.form, Object.values(r.leaks).reduce((a, b) => a + b, 0)])).toEqual(
      rows.map((r) => [r.form, 0]),
    );
  });

  it.skipIf(!existsSync(samples))(
    'leaks no computer name or account of a real EVTX file read (../shared/evtx-samples)',
    () => {
      const leaks: string[] = [];
      let planted = 0;
      // The smaller samples (up to about 1 MB each) keep the test quick; they hold real hosts and SIDs.
      const small = readdirSync(samples).filter(
        (n) => n.endsWith('.evtx') && statSync(join(samples, n)).size <= 1_100_000,
      );
      for (const name of small) {
        const bytes = new Uint8Array(readFileSync(join(samples, name)));
        const input = analyzeBytes(bytes, { path: name });
        const records = input.events?.records ?? [];
        if (records.length === 0) continue;
        // What names someone in these logs: the computer (its first label) and any account SID.
        const ids = new Set<string>();
        for (const r of records) {
          const host = r.computer?.split('.')[0] ?? '';
          if (host.length >= 4 && !/^(?:localhost|minint-\w+)$/i.test(host)) ids.add(host);
          for (const value of Object.values(r.data)) {
            for (const m of value.matchAll(/S-1-5-21-(\d+-\d+-\d+)/g)) ids.add(m[1] ?? '');
          }
        }
        if (ids.size === 0) continue;
        const report = redactReport(envelopeOf(input.reports), createRedactor());
        const out = REPORT_FORMATS.map((f) => render(report, f, { width: 100 })).join('\n');
        planted += ids.size;
        for (const id of ids) if (occurrences(out, [id]) > 0) leaks.push(`${name}: ${id}`);
      }
      console.log(`redaction leaks over EVTX samples: ${planted} identifiers, ${leaks.length} leaked`);
      expect(planted).toBeGreaterThan(0);
      expect(leaks).toEqual([]);
    },
  );
});
