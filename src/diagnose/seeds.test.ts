import { describe, expect, it } from 'vitest';
import { diagnoseFixture, findingOf, ids } from '../../test/fixtures/diagnose/load.ts';
import { lookupCode, readingFor } from '../knowledge/codes/index.ts';

/** Every sample in the seed articles gets the verdict the article implies. */
describe('seed article samples', () => {
  it.each([
    ['captures/seed-000-collapsed.txt', 'hybrid-joined', 'healthy'],
    ['captures/seed-001-flat-status.txt', 'hybrid-joined', 'healthy'],
    ['captures/seed-002-nl-flat-status.txt', 'hybrid-joined', 'healthy'],
    // Device State alone: joined, but no SSO State to judge health by.
    ['captures/seed-004-device-state.txt', 'hybrid-joined', 'unknown'],
    ['captures/seed-004-device-details.txt', 'unknown', 'unknown'],
    ['captures/seed-004-tenant-details.txt', 'unknown', 'unknown'],
    ['captures/seed-004-user-state.txt', 'unknown', 'unknown'],
    ['captures/seed-004-diagnostic-data-post-join.txt', 'unknown', 'unknown'],
    ['captures/seed-004-ngc-prerequisite-check.txt', 'unknown', 'unknown'],
  ])('%s: %s, %s', (path, joinState, health) => {
    const { verdict } = diagnoseFixture(path);
    expect(verdict).toMatchObject({
      joinState,
      health,
      failedPhase: null,
      errorCode: null,
      subErrorCode: null,
    });
  });

  it.each(['captures/seed-001-diagnostic-data.txt', 'captures/seed-002-nl-diagnostic-data.txt'])(
    '%s: discover phase, 0x801c0021 with a WinINet timeout sub-error',
    (path) => {
      const d = diagnoseFixture(path);
      expect(d.verdict).toMatchObject({
        joinState: 'domain-joined',
        health: 'failing',
        failedPhase: 'discover',
        errorCode: '0x801c0021',
        subErrorCode: '0x80072ee2',
      });
      const f = findingOf(d, 'drs-discovery-failed');
      expect(f.codes).toEqual(['0x801c0021', '0x80072ee2']);
      expect(f.title).toBe(
        'DRS Discovery Test failed (discover phase): 0x801c0021 DSREG_AUTOJOIN_DISC_FAILED / 0x80072ee2 WININET_E_TIMEOUT',
      );
      // The sub-error is read for the discover phase (J3): the catalog's discover reading, not its join one.
      const sub = lookupCode('0x80072ee2').entry;
      expect(sub).not.toBeNull();
      expect(f.explanation).toContain(
        `Sub-error 0x80072ee2 (WININET_E_TIMEOUT): ${readingFor(sub!, 'discover').meaning}`,
      );
      expect(d.verdict.summary).toBe(`Domain joined, not hybrid joined: ${f.title}.`);
    },
  );

  it('seed 004 discovery sample: Error Phase discover with the sub-error from the test', () => {
    const d = diagnoseFixture('captures/seed-004-diagnostic-data-discover-failure.txt');
    expect(d.verdict).toMatchObject({
      joinState: 'domain-joined',
      health: 'failing',
      failedPhase: 'discover',
      errorCode: '0x801c0021',
      subErrorCode: '0x801c000c',
    });
    expect(ids(d)).toEqual(['join-failed', 'collect-for-support']);
    expect(findingOf(d, 'join-failed').checks).toContain('G5');
  });

  it.each([
    'captures/seed-004-diagnostic-data-sync-join.txt',
    'captures/seed-001-previous-registration.txt',
    'captures/seed-001-previous-registration-join.txt',
    'captures/seed-002-nl-previous-registration.txt',
    'captures/seed-002-nl-previous-registration-join.txt',
  ])('%s: sync join in the join phase, waiting for Entra Connect, not a misconfiguration', (path) => {
    const d = diagnoseFixture(path);
    expect(d.verdict).toMatchObject({
      joinState: 'domain-joined',
      health: 'attention',
      failedPhase: 'join',
      errorCode: '0x801c03f2',
      subErrorCode: null,
    });
    const f = findingOf(d, 'sync-join-pending');
    expect(f.severity).toBe('warning');
    expect(f.explanation).toContain('not a misconfiguration');
    expect(f.explanation).toContain('every 30 minutes');
    expect(f.codes.slice(0, 2)).toEqual(['0x801c03f2', 'DirectoryError']);
    expect(
      d.verdict.summary.startsWith(
        'Domain joined, not hybrid joined: sync join waiting for Microsoft Entra Connect',
      ),
    ).toBe(true);
    expect(ids(d)).not.toContain('collect-for-support');
  });

  it('seed 004 SSO sample: the failed PRT attempt is decoded', () => {
    const d = diagnoseFixture('captures/seed-004-sso-state.txt');
    expect(d.verdict.health).toBe('failing');
    const f = findingOf(d, 'prt-attempt-failed');
    expect(f.codes).toEqual(['AADSTS50126', '0xc000006d', 'invalid_grant']);
    const name = lookupCode('AADSTS50126').entry?.name;
    expect(f.title).toBe(`Last Microsoft Entra PRT acquisition failed: AADSTS50126${name ? ` ${name}` : ''}`);
  });
});
