import { describe, expect, it } from 'vitest';
import { diagnoseFixture, findingOf, ids } from '../../test/fixtures/diagnose/load.ts';
import { GUIDE, guideTopic, windowsBuild } from './guide.ts';

describe('guidance (L, M)', () => {
  it('says a Windows 10 release before 1511 cannot hybrid join (M1)', () => {
    const d = diagnoseFixture('diagnose/windows-1507-domain-joined.txt');
    expect(ids(d)).toEqual(['windows-too-old-for-hybrid-join', 'hybrid-join-not-complete']);
    expect(d.verdict.summary).toBe(
      'Domain joined, not hybrid joined: This Windows 10 release is older than 1511 and cannot hybrid join.',
    );
  });

  it('points a pre-1803 domain-joined device to the event log (M1, K1)', () => {
    const f = findingOf(
      diagnoseFixture('diagnose/windows-1703-domain-joined.txt'),
      'no-diagnostic-data-before-1803',
    );
    expect(f.checks).toEqual(['M1', 'K1']);
    expect(f.steps[1]).toContain('Events 304 and 305');
  });

  it('does not claim a pre-1803 capture shows no failed attempt: that layout cannot show one (B6)', () => {
    const f = findingOf(
      diagnoseFixture('diagnose/windows-1703-domain-joined.txt'),
      'hybrid-join-not-complete',
    );
    expect(f.severity).toBe('warning');
    expect(f.title).toBe(
      'Hybrid join has not completed; this layout does not show whether an attempt failed',
    );
    expect(f.explanation).toBe(
      'AzureAdJoined is NO. Windows 10 before 1803 prints no record of join attempts, so whether hybrid join ' +
        'is not configured, not attempted yet, or failing is told by the User Device Registration event log.',
    );
  });

  it('adds what to collect for support, with explain commands, to a failing device (M2, M4)', () => {
    const f = findingOf(diagnoseFixture('diagnose/hybrid-prt-missing.txt'), 'collect-for-support');
    expect(f.codes).toEqual(['AADSTS50126', '0xc000006d']);
    expect(f.steps[0]).toBe(
      'Look the codes up: `dsreg-doctor explain AADSTS50126`, `dsreg-doctor explain 0xc000006d`.',
    );
    expect(f.steps).toHaveLength(6);
  });

  it('does not add support guidance to a healthy device', () => {
    expect(ids(diagnoseFixture('diagnose/hybrid-healthy.txt'))).not.toContain('collect-for-support');
  });

  it('holds the guide topics for M1–M4 and L1–L4', () => {
    const checks = GUIDE.flatMap((t) => t.checks).sort();
    expect(checks).toEqual(['L1', 'L2', 'L3', 'L4', 'M1', 'M2', 'M3', 'M4']);
    expect(guideTopic('two-accounts-ui')?.body[1]).toContain('display issue only');
  });

  it('reads Windows builds from banner versions', () => {
    expect(windowsBuild('10.0.17763.1')).toEqual({ major: 10, minor: 0, build: 17763 });
    expect(windowsBuild('6.3.9600')).toEqual({ major: 6, minor: 3, build: 9600 });
    expect(windowsBuild('unknown')).toBeNull();
  });
});
