import { describe, expect, it } from 'vitest';
import { captureOf } from '../../test/fixtures/diagnose/load.ts';
import { parseUserContext, readContext } from './context.ts';
import { CaptureView } from './view.ts';

function contextOf(path: string, now?: string) {
  return readContext(new CaptureView(captureOf(path)), now ? { now } : {});
}

describe('capture context (E3, G1, G2)', () => {
  it('reads the three User Context values', () => {
    expect(['SYSTEM', 'ELEVATED User', 'UN-ELEVATED User', 'something else'].map(parseUserContext)).toEqual([
      'system',
      'elevated',
      'un-elevated',
      null,
    ]);
  });

  it('takes Client Time as now, before any time given by the caller (G2)', () => {
    const c = contextOf('captures/seed-004-diagnostic-data-sync-join.txt', '2030-01-01T00:00:00Z');
    expect(c).toMatchObject({
      now: '2019-01-31T09:16:50.000Z',
      nowSource: 'client-time',
      userContext: 'system',
    });
  });

  it('uses the caller’s time when the capture has no Client Time, and none otherwise', () => {
    expect(contextOf('diagnose/hybrid-healthy.txt', '2025-06-02T09:00:00Z')).toMatchObject({
      now: '2025-06-02T09:00:00Z',
      nowSource: 'option',
    });
    expect(contextOf('diagnose/hybrid-healthy.txt')).toMatchObject({ now: null, nowSource: null });
  });

  it('recognises a SYSTEM run from the executing account, and elevation from KeySignTest', () => {
    expect(contextOf('diagnose/hybrid-system-capture.txt')).toMatchObject({
      userContext: 'system',
      executingAccount: 'NT AUTHORITY\\SYSTEM,',
      elevated: true,
      userFieldsTrusted: false,
    });
    expect(contextOf('diagnose/hybrid-prt-missing.txt')).toMatchObject({
      userContext: null,
      elevated: false,
      userFieldsTrusted: true,
    });
  });

  it('recognises the SYSTEM account by its localized names, with no User Context line', () => {
    expect(contextOf('diagnose/entra-joined-system-localized.txt')).toMatchObject({
      userContext: 'system',
      executingAccount: 'AUTORITE NT\\Système,',
      elevated: true,
      userFieldsTrusted: false,
    });
  });

  it('trusts user fields from a remote session: it is still the user who ran the command', () => {
    expect(contextOf('diagnose/whfb-cloud-trust-remote.txt')).toMatchObject({
      remoteSession: true,
      userFieldsTrusted: true,
    });
  });
});
