/**
 * `npm run fuzz [runs]`: the reader's properties (test/property) with many more cases than CI
 * runs, default 1,000,000 per property, from a fresh random seed each time. Prints progress, and
 * for a failure the seed, the path to replay it and the shrunk counterexample. Exit code 1 when
 * any property fails.
 */
import fc from 'fast-check';
import { PROPERTIES } from '../test/property/properties.ts';

const DEFAULT_RUNS = 1_000_000;
/** Runs per batch: progress is printed between batches. */
const BATCH = 10_000;

function parseRuns(arg: string | undefined): number {
  if (arg === undefined) return DEFAULT_RUNS;
  const runs = Number(arg.replaceAll('_', ''));
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`fuzz-reader: the run count must be a positive whole number, not "${arg}"`);
    process.exit(2);
  }
  return runs;
}

function fuzz(name: string, property: fc.IProperty<unknown>, runs: number): boolean {
  const started = performance.now();
  for (let done = 0; done < runs; ) {
    const numRuns = Math.min(BATCH, runs - done);
    const seed = (Math.random() * 2 ** 31) | 0;
    let details: fc.RunDetails<unknown>;
    try {
      details = fc.check(property, { numRuns, seed });
    } catch (error) {
      // A fault in a generator rather than in the reader: reported the same way.
      console.log(`\n✗ ${name}: the run stopped (seed ${seed}): ${String(error)}`);
      return false;
    }
    if (details.failed) {
      console.log(`\n✗ ${name}: failed after ${done + details.numRuns} cases`);
      console.log(
        `  replay with fc.assert(property, { seed: ${details.seed}, path: "${details.counterexamplePath}" })`,
      );
      console.log(`  counterexample: ${fc.stringify(details.counterexample)}`);
      if (details.errorInstance instanceof Error) console.log(`  ${details.errorInstance.message}`);
      return false;
    }
    done += numRuns;
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `\r  ${name}: ${done.toLocaleString('en-US')} / ${runs.toLocaleString('en-US')} (${seconds.toFixed(0)} s)`,
    );
  }
  console.log(`\n✓ ${name}`);
  return true;
}

const runs = parseRuns(process.argv[2]);
console.log(`fuzzing the reader: ${runs.toLocaleString('en-US')} cases per property`);
let ok = true;
for (const [name, property] of Object.entries(PROPERTIES)) {
  ok = fuzz(name, property as fc.IProperty<unknown>, runs) && ok;
}
process.exit(ok ? 0 : 1);
