/**
 * Running it as an admin does: the format follows `-o`, an old report survives a run where every
 * input failed, big and endless inputs are refused in one line, and large text is read in parts.
 * @module
 */
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputParts } from '../../src/cli/inputs.ts';
import { cli } from './run-cli.ts';

const examples = join(import.meta.dirname, '..', '..', 'examples');
const capture = join(examples, 'scp-missing.txt');
const scratch = () => mkdtempSync(join(tmpdir(), 'dsreg-doctor-running-'));

describe('-o decides the format by its extension', () => {
  it('writes HTML to .html, Markdown to .md, JSON to .json, text to .txt; --format wins', async () => {
    const dir = scratch();
    const heads: Record<string, string> = {};
    for (const name of ['r.html', 'r.htm', 'r.md', 'r.markdown', 'r.json', 'r.txt']) {
      const r = await cli('analyze', capture, '--no-color', '-o', join(dir, name));
      expect(r.code).toBe(1);
      heads[name] = readFileSync(join(dir, name), 'utf8').split('\n', 1)[0] ?? '';
    }
    expect(heads).toEqual({
      'r.html': '<!doctype html>',
      'r.htm': '<!doctype html>',
      'r.md': '## PC-0203.contoso.com',
      'r.markdown': '## PC-0203.contoso.com',
      'r.json': '{',
      'r.txt': 'DOMAIN JOINED · FAILING',
    });
    await cli('analyze', capture, '--format', 'json', '-o', join(dir, 'forced.html'));
    expect(readFileSync(join(dir, 'forced.html'), 'utf8').split('\n', 1)[0]).toBe('{');
    // Another extension (or none) keeps the default for a file: JSON.
    await cli('analyze', capture, '-o', join(dir, 'report.out'));
    expect(readFileSync(join(dir, 'report.out'), 'utf8').split('\n', 1)[0]).toBe('{');
  });

  it('refuses an extension the command does not write, in one line', async () => {
    const dir = scratch();
    expect(await cli('parse', capture, '-o', join(dir, 'model.html'))).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        `dsreg-doctor: -o ${join(dir, 'model.html')}: a .html name asks for html, which this command does not write (it writes json, text); give --format or another name (see --help)`,
      ],
    });
  });
});

describe('an old report survives a run with nothing to say', () => {
  it('keeps an existing -o file when every input fails, and says so', async () => {
    const dir = scratch();
    const target = join(dir, 'fleet.json');
    writeFileSync(target, '{"yesterday": true}\n');
    const missing = join(dir, 'no-such-capture.txt');
    const r = await cli('analyze', missing, '-o', target);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        `dsreg-doctor: ${missing}: no such file or folder: check the path`,
        `note: ${target} was left as it was: no input could be read, so there was nothing to put in it`,
      ],
    });
    expect(readFileSync(target, 'utf8')).toBe('{"yesterday": true}\n');
    const parsed = await cli('parse', missing, '-o', target);
    expect(parsed.code).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe('{"yesterday": true}\n');
  });

  it('writes the failures when there was no file before', async () => {
    const dir = scratch();
    const target = join(dir, 'fleet.json');
    const missing = join(dir, 'no-such-capture.txt');
    expect((await cli('analyze', missing, '-o', target)).code).toBe(2);
    expect(JSON.parse(readFileSync(target, 'utf8')).failures).toEqual([
      { path: missing, reason: 'no such file or folder: check the path' },
    ]);
  });
});

describe('limits', () => {
  it('refuses a 500 MB file in one line, and never calls it empty', async () => {
    const dir = scratch();
    const big = join(dir, 'huge-capture.txt');
    // A sparse file: 500 MB long, no disk used.
    writeFileSync(big, '');
    truncateSync(big, 500 * 1024 * 1024);
    const r = await cli('analyze', big, capture, '--format', 'json');
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as { reports: unknown[]; failures: unknown[] };
    expect(json.reports).toHaveLength(1);
    expect(json.failures).toEqual([
      {
        path: big,
        reason:
          '500 MiB, more than the 64 MiB read from a capture or text export; not read: if it is what you meant to pass, raise the limit with --max-input-size (or DSREG_DOCTOR_MAX_INPUT_SIZE), e.g. --max-input-size 2G',
      },
    ]);
  });

  it('takes --max-input-size, and refuses a size it cannot read', async () => {
    // 3,052 bytes: 3 KiB.
    const r = await cli('analyze', capture, '--max-input-size', '1K', '--format', 'json');
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([
      `dsreg-doctor: ${capture}: 3 KiB, more than the 1 KiB read from a capture or text export; not read: if it is what you meant to pass, raise the limit with --max-input-size (or DSREG_DOCTOR_MAX_INPUT_SIZE), e.g. --max-input-size 2G`,
    ]);
    expect(await cli('parse', capture, '--max-input-size', 'huge')).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        'dsreg-doctor: --max-input-size huge: give a size of at least 1K, such as 200M or 2G (see --help)',
      ],
    });
  });
});

describe('large text is read in parts', () => {
  it('names each part with its lines and says how it was cut', () => {
    // The capture from its first banner line on (76 lines, 3,016 bytes), twelve times.
    const text = readFileSync(capture, 'utf8');
    const one = Buffer.from(text.slice(text.indexOf('+---')));
    expect([one.length, one.toString().split('\n').length - 1]).toEqual([3016, 76]);
    const many = Buffer.concat(Array.from({ length: 12 }, () => one));
    const notes: string[] = [];
    const parts = inputParts('fleet-captures.txt', many, (line) => notes.push(line), 3 * one.length + 100);
    expect(parts.map((p) => [p.name, p.bytes.length])).toEqual([
      ['fleet-captures.txt [part 1 of 4: lines 1-228]', 9048],
      ['fleet-captures.txt [part 2 of 4: lines 229-456]', 9048],
      ['fleet-captures.txt [part 3 of 4: lines 457-684]', 9048],
      ['fleet-captures.txt [part 4 of 4: lines 685-912]', 9048],
    ]);
    expect(notes).toEqual([
      'fleet-captures.txt: 35.3 KiB of text, read in 4 parts of at most 8.9 KiB, each cut between two captures',
    ]);
  });
});
