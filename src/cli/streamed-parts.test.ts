/**
 * A large captures file read from disk a part at a time: the same parts, names and notice as the
 * whole file read at once gives, for UTF-8 with and without a byte order mark and for UTF-16.
 * @module
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../input/bytes.ts';
import { inputParts, type NamedBytes, readInputParts } from './inputs.ts';

const root = join(import.meta.dirname, '..', '..');
const example = (name: string) => new Uint8Array(readFileSync(join(root, 'examples', name)));
const PART = 16 * 1024;
const STREAM_ABOVE = 32 * 1024;

/** The examples one after another until the text is about `size` bytes. */
function captures(size: number, prefix: Uint8Array = new Uint8Array(0)): Uint8Array {
  const names = ['hybrid-joined-healthy.txt', 'prt-failing.txt', 'scp-missing.txt', 'entra-registered.txt'];
  const pieces: Uint8Array[] = [prefix];
  let total = prefix.length;
  for (let i = 0; total < size; i++) {
    const piece = example(names[i % names.length] as string);
    pieces.push(piece);
    total += piece.length;
  }
  return concatBytes(pieces, total);
}

async function streamed(path: string): Promise<{ parts: NamedBytes[]; notices: string[] }> {
  const notices: string[] = [];
  const parts: NamedBytes[] = [];
  for await (const part of readInputParts(
    { path },
    undefined,
    { notice: (l) => notices.push(l) },
    PART,
    STREAM_ABOVE,
  ))
    parts.push(part);
  return { parts, notices };
}

function whole(path: string, bytes: Uint8Array): { parts: NamedBytes[]; notices: string[] } {
  const notices: string[] = [];
  const parts = inputParts(path, bytes, (l) => notices.push(l), PART, Number.MAX_SAFE_INTEGER);
  return { parts, notices };
}

describe('readInputParts: a large captures file a part at a time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dsreg-doctor-streamed-'));

  it('gives the parts the whole file gives, cut between captures', async () => {
    const path = join(dir, 'captures.txt');
    const bytes = captures(200_000);
    writeFileSync(path, bytes);
    const got = await streamed(path);
    expect(got.parts.length).toBe(16);
    expect(got.parts.slice(0, 2).map((p) => p.name)).toEqual([
      `${path} [part 1 of 16: lines 1-271]`,
      `${path} [part 2 of 16: lines 272-557]`,
    ]);
    expect(got.notices).toEqual([
      `${path}: 197.9 KiB of text, read in 16 parts of at most 16 KiB, each cut between two captures`,
    ]);
    expect(got).toEqual(whole(path, bytes));
  });

  it('keeps the byte order mark in front of every part, in UTF-8 and UTF-16', async () => {
    const bom = captures(60_000, new Uint8Array([0xef, 0xbb, 0xbf]));
    const bomPath = join(dir, 'bom.txt');
    writeFileSync(bomPath, bom);
    const utf16 = captures(120_000).reduce<number[]>(
      (out, b) => {
        out.push(b, 0);
        return out;
      },
      [0xff, 0xfe],
    );
    const utf16Path = join(dir, 'utf16.txt');
    writeFileSync(utf16Path, new Uint8Array(utf16));
    for (const [path, bytes] of [
      [bomPath, bom],
      [utf16Path, new Uint8Array(utf16)],
    ] as const) {
      const got = await streamed(path);
      expect(got.parts.length).toBeGreaterThan(3);
      for (const part of got.parts) expect([...part.bytes.subarray(0, 2)]).toEqual([...bytes.subarray(0, 2)]);
      expect(got).toEqual(whole(path, bytes));
    }
  });

  it('reads a file at or below the threshold whole, as before', async () => {
    const path = join(dir, 'small.txt');
    const bytes = captures(20_000);
    expect(bytes.length).toBeLessThanOrEqual(STREAM_ABOVE);
    writeFileSync(path, bytes);
    expect(await streamed(path)).toEqual(whole(path, bytes));
  });
});
