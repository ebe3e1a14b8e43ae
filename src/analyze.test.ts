import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeBytes } from './analyze.ts';

const FIXTURES = join(import.meta.dirname, '..', 'test', 'fixtures');
const filesIn = (folder: string, pattern: RegExp) =>
  readdirSync(join(FIXTURES, folder))
    .filter((name) => pattern.test(name))
    .map((name) => join(folder, name));

const kindOf = (path: string) =>
  analyzeBytes(new Uint8Array(readFileSync(join(FIXTURES, path))), { path }).kind;

// Pasted event text and dsregcmd fragments can look alike: each fixture must go to its own reader.
describe('what an input is read as', () => {
  it.each(filesIn('events', /\.(?:txt|md|xml|json|csv)$/))('%s is read as events', (path) => {
    expect(kindOf(path)).toBe('events');
  });

  it.each(filesIn('captures', /\.txt$/))('%s is read as a capture', (path) => {
    expect(kindOf(path)).toBe('capture');
  });
});
