import { describe, expect, it } from 'vitest';
import type { Report } from '../model/report.ts';
import { createRedactor, redactPath, redactReport } from './index.ts';
import { redactFileNames } from './paths.ts';

describe('input paths under redaction', () => {
  it('replaces folder and file names that could name someone, keeping generic names and extensions', () => {
    const r = createRedactor();
    expect(redactPath('captures/WS-FIN-0042.txt', r)).toBe('captures/file1.txt');
    expect(redactPath('C:\\Cases\\Contoso\\status.txt', r)).toBe('C:\\Cases\\file2\\status.txt');
    expect(redactPath('evidence/2024-05-01/Microsoft-Windows-AAD%4Operational.evtx', r)).toBe(
      'evidence/2024-05-01/Microsoft-Windows-AAD%4Operational.evtx',
    );
    expect(redactPath('-', r)).toBe('-');
  });

  it('uses the pseudonyms of names the evidence stated, and the profile rules for user folders', () => {
    const r = createRedactor();
    r.learn('device', 'WS-FIN-0042');
    expect(redactPath('/home/admin/WS-FIN-0042.txt', r)).toBe('/home/admin/DEVICE1.txt');
    expect(redactPath('C:\\Users\\jdoe\\Desktop\\status-before.txt', r)).toBe(
      'C:\\Users\\user1\\Desktop\\status-before.txt',
    );
  });

  it('redacts the paths of inputs that failed, in the path and in the reason', () => {
    const report: Report = {
      schema: 'dsreg-doctor.report/1',
      generator: { name: 'dsreg-doctor', version: '0.0.0' },
      reports: [],
      failures: [{ path: 'tickets/LT-0318.txt', reason: 'tickets/LT-0318.txt: the file is empty' }],
    };
    expect(redactReport(report, createRedactor()).failures).toEqual([
      { path: 'tickets/file1.txt', reason: 'tickets/file1.txt: the file is empty' },
    ]);
  });

  it('redacts the file names a notice mentions as it redacts the paths, and leaves URLs and hosts', () => {
    const r = createRedactor();
    expect(
      redactFileNames(
        'jsmith-laptop.xml is read with each of the 2 captures of PC-0318 in the run (before.txt, C:\\Cases\\Contoso\\after.txt): see https://contoso.com/help/events.json and login.microsoftonline.com',
        r,
      ),
    ).toBe(
      'file1.xml is read with each of the 2 captures of PC-0318 in the run (before.txt, C:\\Cases\\file2\\after.txt): see https://contoso.com/help/events.json and login.microsoftonline.com',
    );
  });

  it('finds file names in time linear in the text, on long runs that hold none', () => {
    const r = createRedactor();
    const time = (n: number) => {
      const text = `${'a-'.repeat(n)} ${'x=.'.repeat(n)}`;
      const start = performance.now();
      for (let i = 0; i < 5; i++) redactFileNames(text, r);
      return performance.now() - start;
    };
    time(2000);
    expect(time(80_000) / Math.max(time(10_000), 0.5)).toBeLessThan(32);
  });
});
