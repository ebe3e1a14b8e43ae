/**
 * The benchmark corpus: realistic captures of every layout (sectioned with its noise, flat,
 * collapsed, `<br/>`, fragments, debug traces, `/listaccounts`), drawn from the same generators
 * as the property tests, with a fixed seed so every run measures the same text.
 */
import fc from 'fast-check';
import { anyLayoutText } from '../test/property/captures.ts';

export const CORPUS_SEED = 20_240_301;
export const CORPUS_SIZE = 10_000;

export interface Corpus {
  texts: string[];
  /** Total size of the texts encoded as UTF-8, in bytes. */
  bytes: number;
}

export function buildCorpus(size = CORPUS_SIZE, seed = CORPUS_SEED): Corpus {
  const texts = fc.sample(anyLayoutText, { numRuns: size, seed });
  const encoder = new TextEncoder();
  let bytes = 0;
  for (const t of texts) bytes += encoder.encode(t).length;
  return { texts, bytes };
}
