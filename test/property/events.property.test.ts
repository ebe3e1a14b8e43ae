import fc from 'fast-check';
import { describe, it } from 'vitest';
import { eventReadersNeverThrow, everyKnownEventIsReadBack } from './events.ts';

// Fixed seeds keep CI reproducible; `npm run fuzz` explores with fresh seeds and far more runs.
describe('event reader properties on generated event texts', () => {
  it('never throws on deeply nested XML, broken events, 307 + 304 pairs, quoted CSV and glued messages', () => {
    fc.assert(eventReadersNeverThrow, { numRuns: 200, seed: 11 });
  });

  it('reads back every known event pasted bare, glued, as a label list, commented out or in HTML', () => {
    fc.assert(everyKnownEventIsReadBack, { numRuns: 300, seed: 12 });
  });
});
