import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decompressText, PURE_CODEC } from '../../fleet/capture.ts';
import { NATIVE_CODEC } from './codec.ts';

const root = join(import.meta.dirname, '../../..');
const capture = readFileSync(join(root, 'examples/prt-failing.txt'), 'utf8');

describe('the native capture codec', () => {
  it('hashes as SHA-256 of the UTF-8 text, the same key the pure codec gives', () => {
    // The SHA-256 test vector of "abc" (FIPS 180-2).
    expect(NATIVE_CODEC.contentHash('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(NATIVE_CODEC.contentHash('Gerät: ÄÖÜ')).toBe(PURE_CODEC.contentHash('Gerät: ÄÖÜ'));
    expect(NATIVE_CODEC.contentHash(capture)).toBe(PURE_CODEC.contentHash(capture));
  });

  it('compresses to a raw deflate stream the store reads back, in a buffer of its own', () => {
    const { compressed, size } = NATIVE_CODEC.compress(capture);
    expect(size).toBe(Buffer.byteLength(capture, 'utf8'));
    expect(decompressText(compressed)).toBe(capture);
    // Its own buffer, exactly its size: a worker transfers it to the writer without copying.
    expect(compressed.byteOffset).toBe(0);
    expect(compressed.buffer.byteLength).toBe(compressed.length);
    expect(compressed.length).toBeLessThan(size / 2);
  });
});
