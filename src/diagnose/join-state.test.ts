import { describe, expect, it } from 'vitest';
import { diagnoseFixture, diagnoseText } from '../../test/fixtures/diagnose/load.ts';

function deviceState(aad: string, enterprise: string, domain: string, workplace?: string): string {
  const rows = [
    '+----------------------------------------------------------------------+',
    '| Device State                                                         |',
    '+----------------------------------------------------------------------+',
    '',
    `             AzureAdJoined : ${aad}`,
    `          EnterpriseJoined : ${enterprise}`,
    `              DomainJoined : ${domain}`,
    '',
  ];
  if (workplace) {
    rows.push(
      '+----------------------------------------------------------------------+',
      '| User State                                                           |',
      '+----------------------------------------------------------------------+',
      '',
      '                    NgcSet : NO',
      `           WorkplaceJoined : ${workplace}`,
      '',
    );
  }
  rows.push('+----------------------------------------------------------------------+');
  return `${rows.join('\n')}\n`;
}

describe('join state (B1, B2, B3)', () => {
  it.each([
    ['YES', 'NO', 'NO', 'entra-joined'],
    ['NO', 'NO', 'YES', 'domain-joined'],
    ['YES', 'NO', 'YES', 'hybrid-joined'],
    ['NO', 'YES', 'YES', 'drs-joined'],
    ['YES', 'YES', 'YES', 'inconsistent'],
    ['NO', 'NO', 'NO', 'not-joined'],
  ])('AzureAdJoined %s, EnterpriseJoined %s, DomainJoined %s is %s', (aad, ent, dom, state) => {
    expect(diagnoseText(deviceState(aad, ent, dom)).verdict.joinState).toBe(state);
  });

  it('reads a device with no join but a work account as Entra registered', () => {
    const d = diagnoseText(deviceState('NO', 'NO', 'NO', 'YES'));
    expect(d.verdict.joinState).toBe('entra-registered');
    expect(d.verdict.workplaceJoined).toBe(true);
  });

  it('keeps workplaceJoined separate from a domain join (B5)', () => {
    const d = diagnoseText(deviceState('YES', 'NO', 'YES', 'YES'));
    expect(d.verdict.joinState).toBe('hybrid-joined');
    expect(d.verdict.workplaceJoined).toBe(true);
  });

  it('says unknown when the capture has no Device State and no pre-join diagnostics', () => {
    const d = diagnoseFixture('captures/seed-004-user-state.txt');
    expect(d.verdict.joinState).toBe('unknown');
    expect(d.verdict.workplaceJoined).toBe(false);
    expect(d.verdict.health).toBe('unknown');
  });

  it('infers domain joined from pre-join diagnostics, and says so in the confidence', () => {
    const d = diagnoseFixture('captures/seed-001-diagnostic-data.txt');
    expect(d.verdict.joinState).toBe('domain-joined');
    expect(d.verdict.confidence.reasons).toContain(
      'join state inferred from the pre-join diagnostics (no Device State)',
    );
  });

  it('reads the pre-1803 flat layout (seed 001 sample) as hybrid joined', () => {
    const d = diagnoseFixture('captures/seed-001-flat-status.txt');
    expect(d.verdict.joinState).toBe('hybrid-joined');
    expect(d.verdict.workplaceJoined).toBe(false);
  });
});
