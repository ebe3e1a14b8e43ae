/**
 * Reader speed and memory on ≥10,000 generated captures of every layout: throughput (MB/s and
 * captures/s, median of several runs), the floor (a bare `split('\n')` over the same strings in
 * the same process) and the ratio, heap use after each round of reading the corpus capture by
 * capture (it must stay flat), and `decodeBytes` on the corpus saved as UTF-16LE with BOM.
 * Figures only; no assertions.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { decodeBytes } from '../src/input/decode.ts';
import { lookupField } from '../src/knowledge/fields.ts';
import { trimmedSlice } from '../src/read/chars.ts';
import { readCaptures } from '../src/read/index.ts';
import { utf16leWithBom } from '../test/property/captures.ts';
import { buildCorpus } from './corpus.ts';

const RUNS = 7;
const MEMORY_ROUNDS = 6;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * The least any reader of this model must do: one pass over the text with no line strings, and
 * for each `Key : Value` line two trimmed slices, a catalog lookup and a field object. No noise,
 * typing, sections, scopes or warnings. Its ratio to the floor bounds what a complete reader can
 * reach.
 */
function skeletonFieldCount(text: string): number {
  const fields: { name: string; raw: string; line: number }[] = [];
  let start = 0;
  let line = 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const colon = text.indexOf(':', start);
    if (colon !== -1 && colon < end) {
      const name = trimmedSlice(text, start, colon);
      fields.push({ name: lookupField(name)?.name ?? name, raw: trimmedSlice(text, colon + 1, end), line });
    }
    start = end + 1;
    line++;
  }
  return fields.length;
}

/** Median wall time of `runs` calls of `work`, after one call to warm the JIT. */
function time(work: () => void, runs = RUNS): number {
  work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return median(times);
}

const mb = (bytes: number) => bytes / 1e6;
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

/**
 * A full garbage collection between memory rounds, so the heap figures compare like with like.
 * Without `--expose-gc` the flag is set at run time and the function fetched from a new context.
 */
function garbageCollector(): (() => void) | null {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

export async function benchReader(): Promise<void> {
  const built = performance.now();
  const corpus = buildCorpus();
  const { texts, bytes } = corpus;
  console.log(
    `reader: corpus of ${fmt(texts.length, 0)} captures, ${fmt(mb(bytes), 2)} MB (UTF-8), generated in ${fmt((performance.now() - built) / 1000, 1)} s`,
  );

  // A sink the optimiser cannot drop.
  let sink = 0;
  const readMs = time(() => {
    for (const t of texts) sink += readCaptures(t).length;
  });
  const floorMs = time(() => {
    for (const t of texts) sink += t.split('\n').length;
  });
  const skeletonMs = time(() => {
    for (const t of texts) sink += skeletonFieldCount(t);
  });
  const seconds = readMs / 1000;
  console.log(
    `reader: readCaptures   ${fmt(readMs).padStart(9)} ms  ${fmt(mb(bytes) / seconds).padStart(8)} MB/s  ${fmt(texts.length / seconds, 0).padStart(9)} captures/s  (median of ${RUNS})`,
  );
  console.log(
    `reader: split('\\n')    ${fmt(floorMs).padStart(9)} ms  ${fmt(mb(bytes) / (floorMs / 1000)).padStart(8)} MB/s  (the floor)`,
  );
  console.log(
    `reader: skeleton       ${fmt(skeletonMs).padStart(9)} ms  ${fmt(mb(bytes) / (skeletonMs / 1000)).padStart(8)} MB/s  (slices, lookup and an object per field line, nothing else: ${fmt(skeletonMs / floorMs, 2)}x the floor)`,
  );
  console.log(`reader: ratio to floor  ${fmt(readMs / floorMs, 2)}x  (target: within 4x, at least 40 MB/s)`);

  // Memory: the corpus read capture by capture, several times; results dropped at once.
  const gc = garbageCollector();
  const collect = () => gc?.();
  collect();
  const baseline = process.memoryUsage().heapUsed;
  const rounds: string[] = [];
  for (let round = 1; round <= MEMORY_ROUNDS; round++) {
    for (const t of texts) sink += readCaptures(t).length;
    collect();
    rounds.push(`${fmt(mb(process.memoryUsage().heapUsed), 1)}`);
  }
  console.log(
    `reader: heap used after each round: ${rounds.join(', ')} MB (baseline ${fmt(mb(baseline), 1)} MB${gc ? ', collected between rounds' : ', no forced collection: figures include garbage'})`,
  );

  // Decoding: 2,000 captures in one UTF-16LE file with BOM, as PowerShell 5.1 saves them.
  const utf16 = utf16leWithBom(texts.slice(0, 2000).join('\r\n'));
  const decodeMs = time(() => {
    sink += decodeBytes(utf16).text.length;
  });
  console.log(
    `reader: decodeBytes    ${fmt(decodeMs).padStart(9)} ms  ${fmt(mb(utf16.length) / (decodeMs / 1000)).padStart(8)} MB/s  (UTF-16LE with BOM, ${fmt(mb(utf16.length), 2)} MB)`,
  );
  // Reading the sink keeps the measured work observable.
  if (sink === -1) console.log('');
}

if (import.meta.url === `file://${process.argv[1]}`) await benchReader();
