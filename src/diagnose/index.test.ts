import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Diagnosis } from '../model/diagnosis.ts';
import { readCaptures } from '../read/index.ts';
import { diagnose } from './index.ts';
import { RULES } from './rules.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures');

function texts(kind: string): Array<[string, string]> {
  const dir = join(FIXTURES, kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => [`${kind}/${f}`, readFileSync(join(dir, f), 'utf8')]);
}

const LINES = [
  '+----------------------------------------------------------------------+',
  '| Device State                                                         |',
  '| Diagnostic Data                                                      |',
  '| SSO State                                                            |',
  '             AzureAdJoined : YES',
  '              DomainJoined : NO',
  '          EnterpriseJoined : YES',
  '           WorkplaceJoined : YES',
  '                AzureAdPrt : NO',
  '     AcquirePrtDiagnostics : PRESENT',
  '            Attempt Status : 0xc000006d',
  '  Server Error Description : AADSTS50126: Error validating credentials',
  '        DRS Discovery Test : FAIL [0x801c0021/0x80072ee2]',
  '               Error Phase : join',
  '          Client ErrorCode : 0x801c03f2',
  "            Server Message : The device object by the given id (x) isn't found.",
  '               Client Time : 2019-01-31 09:16:50.000 UTC',
  ' DeviceCertificateValidity : [ 2019-01-11 21:02:50.000 UTC -- ',
  '              User Context : SYSTEM',
  '          DeviceAuthStatus : FAILED. ERROR',
  '            PreReqResult : WillNotProvision',
  '',
];

describe('diagnose', () => {
  it.each([...texts('captures'), ...texts('diagnose')])('gives a valid diagnosis for %s', (_name, text) => {
    for (const capture of readCaptures(text)) {
      const d = diagnose(capture, { now: '2025-06-02T13:10:00Z' });
      expect(Diagnosis.safeParse(d).success).toBe(true);
      expect(d.verdict.summary.length).toBeGreaterThan(10);
      const order = d.findings.map((f) => ['error', 'warning', 'info'].indexOf(f.severity));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('emits only finding ids the rules declare, so ids stay stable for scripts', () => {
    const declared = new Set([...RULES.flatMap((r) => Object.keys(r.findings)), 'collect-for-support']);
    const emitted = new Set<string>();
    for (const [, text] of [...texts('captures'), ...texts('diagnose')]) {
      for (const capture of readCaptures(text)) {
        for (const f of diagnose(capture, { now: '2025-06-02T13:10:00Z' }).findings) emitted.add(f.id);
      }
    }
    expect([...emitted].filter((id) => !declared.has(id))).toEqual([]);
    expect(emitted.size).toBeGreaterThan(35);
  });

  it('never throws and always validates, whatever lines the reader is given', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...LINES), { maxLength: 40 }),
        fc.option(fc.string()),
        (lines, now) => {
          for (const capture of readCaptures(lines.join('\n'))) {
            const d = diagnose(capture, now === null ? {} : { now });
            expect(Diagnosis.safeParse(d).success).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ignores a `now` that is not a time', () => {
    const [capture] = readCaptures(
      readFileSync(join(FIXTURES, 'diagnose', 'entra-joined-aging.txt'), 'utf8'),
    );
    const d = diagnose(capture as NonNullable<typeof capture>, { now: 'yesterday' });
    expect(d.findings.map((f) => f.id)).not.toContain('device-certificate-expiring');
  });

  it('uses Client Time over the given `now`', () => {
    const [capture] = readCaptures(
      readFileSync(join(FIXTURES, 'captures', 'seed-004-diagnostic-data-sync-join.txt'), 'utf8'),
    );
    const d = diagnose(capture as NonNullable<typeof capture>, { now: '2030-01-01T00:00:00Z' });
    const reg = d.findings.find((f) => f.evidence.some((e) => e.field === 'Previous Registration'));
    expect(reg?.explanation).toContain('(2019-01-31 09:16:43 UTC, less than a minute before the capture)');
  });

  it('does not call a joined device healthy when the capture has no SSO State to judge it by', () => {
    const [capture] = readCaptures(
      readFileSync(join(FIXTURES, 'diagnose', 'hybrid-partial-device-only.txt'), 'utf8'),
    );
    const { verdict, findings } = diagnose(capture as NonNullable<typeof capture>);
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(verdict.health).toBe('unknown');
    expect(verdict.summary).toBe(
      "Microsoft Entra hybrid joined; no problems in what the capture shows, but it has no SSO State or User State, so single sign-on (the user's PRT) could not be judged.",
    );
    expect(verdict.confidence.reasons).toContain(
      'no SSO State or User State: single sign-on (PRT) health not judged',
    );
    expect(verdict.confidence.score).toBe(0.61);
  });

  it('says a fragment with AzureAdJoined YES and no DomainJoined is joined, not that it shows nothing', () => {
    const [capture] = readCaptures(
      readFileSync(join(FIXTURES, 'diagnose', 'fragment-joined-no-domainjoined.txt'), 'utf8'),
    );
    const { verdict } = diagnose(capture as NonNullable<typeof capture>);
    expect(verdict).toMatchObject({ joinState: 'unknown', health: 'unknown' });
    expect(verdict.summary).toBe(
      'Joined to Microsoft Entra ID (AzureAdJoined YES), but without DomainJoined the capture does not tell Entra joined from hybrid joined; nothing else to judge.',
    );
  });
});
