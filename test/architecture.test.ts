import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/cli/version.ts';

const src = join(import.meta.dirname, '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('architecture', () => {
  it('keeps the core pure: only src/cli touches Node, the process and the file system', () => {
    const offenders = sources(src)
      .filter((file) => !relative(src, file).startsWith('cli'))
      .filter((file) =>
        /from ['"]node:|\bprocess\.[A-Za-z_]|\bBuffer[.(<]|\brequire\(/.test(readFileSync(file, 'utf8')),
      )
      .map((file) => relative(src, file));
    expect(offenders).toEqual([]);
  });

  it('keeps arrows pointing down the flow: nothing outside the CLI imports it', () => {
    const offenders = sources(src)
      .filter((file) => !relative(src, file).startsWith('cli'))
      .filter((file) => /from ['"][./]+\/cli\//.test(readFileSync(file, 'utf8')))
      .map((file) => relative(src, file));
    expect(offenders).toEqual([]);
  });

  it('reports the version package.json declares', () => {
    const pkg = JSON.parse(readFileSync(join(src, '..', 'package.json'), 'utf8'));
    expect(VERSION).toBe(pkg.version);
  });
});
