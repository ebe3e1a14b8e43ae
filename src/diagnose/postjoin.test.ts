import { describe, expect, it } from 'vitest';
import { diagnoseFixture, findingOf, ids } from '../../test/fixtures/diagnose/load.ts';

describe('post-join rules (H)', () => {
  it('reports a device marked for recovery, silent on a hybrid joined device (H1)', () => {
    const f = findingOf(diagnoseFixture('diagnose/hybrid-device-deleted.txt'), 'aad-recovery-enabled');
    expect(f.severity).toBe('warning');
    expect(f.explanation).toContain('(silently, because the device is hybrid joined)');
  });

  it('reports a failed KeySignTest with its code (H2)', () => {
    const f = findingOf(diagnoseFixture('diagnose/hybrid-device-deleted.txt'), 'key-sign-test-failed');
    expect(f.severity).toBe('error');
    expect(f.codes).toEqual(['0x80090016']);
  });

  it('says KeySignTest did not run when the seed 001 capture was not elevated (H2)', () => {
    const d = diagnoseFixture('captures/seed-001-flat-status.txt');
    expect(findingOf(d, 'key-sign-test-not-run').severity).toBe('info');
    expect(d.verdict.health).toBe('healthy');
  });

  it('finds nothing wrong in the seed 004 post-join sample (H1, H2)', () => {
    expect(ids(diagnoseFixture('captures/seed-004-diagnostic-data-post-join.txt'))).toEqual([]);
  });
});
