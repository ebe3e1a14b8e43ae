import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyLayoutText } from '../../test/property/captures.ts';
import { analyzeBytes } from '../analyze.ts';
import { Report } from '../model/report.ts';
import { REPORT_SCHEMA_ID } from '../model/vocabulary.ts';
import { createRedactor, redactReport } from '../redact/index.ts';
import { render } from './index.ts';

const root = join(import.meta.dirname, '..', '..');
const FOLDERS = ['examples', 'test/fixtures/captures', 'test/fixtures/diagnose', 'test/fixtures/events'];
const encoder = new TextEncoder();

function envelope(reports: Report['reports']): Report {
  return { schema: REPORT_SCHEMA_ID, generator: { name: 'dsreg-doctor', version: '0.0.0' }, reports };
}

/** The JSON contract: what the schema accepts, with keys in the schema's order and no others. */
function expectSchemaForm(report: Report): void {
  expect(render(report, 'json')).toBe(`${JSON.stringify(Report.parse(report), null, 2)}\n`);
}

const inputs = FOLDERS.flatMap((folder) =>
  readdirSync(join(root, folder))
    .filter((name) => /\.(txt|xml|json|csv|md)$/.test(name) && !/(^README\.md|\.capture\.json)$/.test(name))
    .map((name) => join(folder, name)),
);

describe('JSON reports follow the report schema to the key order', () => {
  it.each(inputs)('%s, as read and redacted', (path) => {
    const { reports } = analyzeBytes(new Uint8Array(readFileSync(join(root, path))), { path });
    expect(reports.length).toBeGreaterThan(0);
    const report = envelope(reports);
    expectSchemaForm(report);
    expectSchemaForm(redactReport(report, createRedactor({ salt: 'contract' })));
  });

  it('on generated captures of every layout', () => {
    fc.assert(
      fc.property(anyLayoutText, (text) => {
        const { reports } = analyzeBytes(encoder.encode(text), { path: 'generated.txt' });
        expectSchemaForm(envelope(reports));
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});
