import { describe, expect, it } from 'vitest';
import { readCaptures } from '../read/index.ts';
import { CaptureView } from './view.ts';

/** A collapsed forum paste: one section holding `n` repeats of a field with different values. */
function repeated(n: number): string {
  const lines = ['| Tenant Details |', ''];
  for (let i = 0; i < n; i++) lines.push(`   MdmUrl : https://enrollment.contoso.com/${i}`);
  return lines.join('\n');
}

function viewOf(text: string): CaptureView {
  const [capture] = readCaptures(text);
  if (!capture) throw new Error('no capture read');
  return new CaptureView(capture);
}

/** The fastest of a few runs, so one pause of the machine does not decide the ratio. */
function fastest(run: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 15; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('CaptureView.conflicts', () => {
  it('reports a field repeated with different values as one group, in input order', () => {
    const groups = viewOf(repeated(3)).conflicts();
    expect(groups.map((g) => g.map((f) => f.raw.trim()))).toEqual([
      [
        'https://enrollment.contoso.com/0',
        'https://enrollment.contoso.com/1',
        'https://enrollment.contoso.com/2',
      ],
    ]);
  });

  it('says nothing about a field repeated with the same value', () => {
    const view = viewOf('| Device State |\n\n   AzureAdJoined : YES\n   AzureAdJoined : YES\n');
    expect(view.conflicts()).toEqual([]);
  });

  it('stays linear in the number of repeats (8x the repeats: about 8x the time, not 64x)', () => {
    // Sizes that stay inside the processor's caches, so that the ratio shows the algorithm; the
    // copy per append this replaced made 16,000 repeats take 64 times as long as 2,000.
    const small = viewOf(repeated(2_000));
    const large = viewOf(repeated(16_000));
    expect(large.conflicts()[0]?.length).toBe(16_000);
    // Warm both up first: the first runs measure the compiler, not the algorithm.
    fastest(() => small.conflicts());
    fastest(() => large.conflicts());
    // The best of several measurements taken side by side: a busy machine slows one of a pair,
    // and it takes only one quiet pair to show the algorithm.
    let ratio = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5; i++) {
      const smallTime = Math.max(
        fastest(() => small.conflicts()),
        0.01,
      );
      ratio = Math.min(ratio, fastest(() => large.conflicts()) / smallTime);
    }
    // Linear is 8x, the quadratic copy it replaced 64x: the bound leaves a loaded machine room.
    expect(ratio).toBeLessThan(32);
  });
});
