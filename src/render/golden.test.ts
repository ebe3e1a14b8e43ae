import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  asReport,
  GOLDEN_DIR,
  goldenFixtures,
  loadPipeline,
  NOW,
  readFixture,
  relativeName,
} from '../../test/fixtures/render/pipeline.ts';
import { type ReportFormat, render } from './index.ts';

// `UPDATE_GOLDEN=1 npx vitest run src/render` rewrites the goldens; review the diff by eye.
const update = process.env['UPDATE_GOLDEN'] === '1';
const analyze = await loadPipeline();
const EXTENSIONS: Record<ReportFormat, string> = {
  text: 'txt',
  json: 'json',
  markdown: 'md',
  html: 'html',
  csv: 'csv',
  brief: 'brief.txt',
};

describe.skipIf(analyze === null)('golden reports', () => {
  for (const path of goldenFixtures()) {
    const name = basename(path, '.txt');
    for (const format of Object.keys(EXTENSIONS) as ReportFormat[]) {
      it(`${relativeName(path)} as ${format}`, () => {
        const input = analyze!(readFixture(path), { path: relativeName(path), now: NOW });
        const output = render(asReport(input), format, { width: 100, color: false });
        const golden = join(GOLDEN_DIR, `${name}.golden.${EXTENSIONS[format]}`);
        if (update || !existsSync(golden)) {
          mkdirSync(GOLDEN_DIR, { recursive: true });
          writeFileSync(golden, output);
        }
        expect(output).toBe(readFileSync(golden, 'utf8'));
      });
    }
  }
});
