/**
 * The progress line: on a terminal only, after the first second, throttled, out of the way of
 * warnings, gone at the end.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.ts';

function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, columns: 100, write: (t: string) => written.push(t) }, written };
}

describe('progress', () => {
  it('draws count, rate and time left on a terminal, and clears itself', () => {
    const { stream, written } = terminal(true);
    let clock = 0;
    const progress = createProgress(stream, { now: () => clock, unit: 'inputs' });
    progress.setTotal(5000);
    clock = 500;
    progress.tick();
    // Before the first second nothing shows: a quick run never flashes a line.
    expect(written).toEqual([]);
    for (let i = 0; i < 999; i++) progress.tick();
    clock = 2000;
    progress.tick();
    clock = 2050;
    progress.tick();
    clock = 4000;
    progress.tick();
    progress.done();
    expect(written).toEqual([
      '\r\u001b[Kdsreg-doctor: 1,001 of 5,000 inputs · 501/s · about 8 s left',
      // The tick at 2050 ms came too soon after the last redraw; the one at 4000 ms is drawn.
      '\r\u001b[Kdsreg-doctor: 1,003 of 5,000 inputs · 251/s · about 16 s left',
      '\r\u001b[K',
    ]);
  });

  it('steps aside for a warning and comes back', () => {
    const { stream, written } = terminal(true);
    let clock = 0;
    const progress = createProgress(stream, { now: () => clock, unit: 'event logs' });
    clock = 1500;
    progress.tick();
    progress.around(() => written.push('dsreg-doctor: big.evtx: chunk 6: chunk header is damaged\n'));
    expect(written).toEqual([
      '\r\u001b[Kdsreg-doctor: 1 event logs · 0.7/s',
      '\r\u001b[K',
      'dsreg-doctor: big.evtx: chunk 6: chunk header is damaged\n',
      '\r\u001b[Kdsreg-doctor: 1 event logs · 0.7/s',
    ]);
  });

  it('writes nothing at all to a pipe', () => {
    const { stream, written } = terminal(false);
    let clock = 0;
    const progress = createProgress(stream, { now: () => clock });
    for (let i = 0; i < 100; i++) {
      clock += 1000;
      progress.tick();
    }
    let warned = false;
    progress.around(() => {
      warned = true;
    });
    progress.done();
    expect(written).toEqual([]);
    expect(warned).toBe(true);
  });
});
