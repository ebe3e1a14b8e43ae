import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DsregCapture } from '../model/capture.ts';
import { readCaptures } from './index.ts';

const dir = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'captures');
const update = process.env.UPDATE_GOLDEN === '1';
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort();

describe('golden captures', () => {
  it('has a fixture for every seed sample and each layout', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  for (const name of fixtures) {
    it(`reads ${name} as its reviewed golden`, () => {
      const captures = readCaptures(readFileSync(join(dir, name), 'utf8'));
      for (const c of captures) DsregCapture.parse(c);
      const json = `${JSON.stringify(captures, null, 2)}\n`;
      const golden = join(dir, name.replace(/\.txt$/, '.capture.json'));
      if (update) writeFileSync(golden, json);
      expect(existsSync(golden), `missing golden: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(json).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
