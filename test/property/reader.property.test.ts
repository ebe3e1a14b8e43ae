import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  fragmentFieldsGoHome,
  keepsEveryField,
  neverThrows,
  recognisesEveryLayout,
  repeatedFieldShapes,
  sameAcrossEncodings,
  twoCapturesTwoDocuments,
} from './properties.ts';

// Fixed seeds keep CI reproducible; `npm run fuzz` explores with fresh seeds and far more runs.
const settings = (numRuns: number, seed: number) => ({ numRuns, seed });

describe('reader properties on generated captures', () => {
  it('never throws on damaged or random text, and returns a valid model with lines inside the input', () => {
    fc.assert(neverThrows, settings(500, 1));
  });

  it('recognises undamaged text of every layout: sectioned, flat, collapsed, <br/>, fragment, trace, accounts', () => {
    fc.assert(recognisesEveryLayout, settings(300, 6));
  });

  it('keeps every generated field in its section of a single document, as written and correctly typed', () => {
    fc.assert(keepsEveryField, settings(400, 2));
  });

  it('reads the same capture identically with CRLF, LF, CR and as UTF-16LE with BOM', () => {
    fc.assert(sameAcrossEncodings, settings(200, 3));
  });

  it('splits two captures written one after the other into two whole documents', () => {
    fc.assert(twoCapturesTwoDocuments, settings(200, 4));
  });

  it('puts every field of a fragment without headers into its home section', () => {
    fc.assert(fragmentFieldsGoHome, settings(300, 5));
  });

  it('keeps a field repeated many times, reports one conflict, and finds no change diffing it with itself', () => {
    fc.assert(repeatedFieldShapes, settings(150, 7));
  });
});
