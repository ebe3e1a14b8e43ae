import { describe, expect, it } from 'vitest';
import { deviceReport, verdict, wrapReports } from '../../test/fixtures/render/build.ts';
import { createRedactor, redactReport, residueLines, residueNotice, scanResidue } from './index.ts';

describe('the second look at redacted output', () => {
  it('finds identifier-shaped values that are neither stand-ins nor public, with their lines', () => {
    const r = createRedactor();
    const scan = scanResidue(
      'ok: login.microsoftonline.com user1@domain1.example\nleft: 10.1.2.3 jdoe@contoso.com\n11112222-aaaa-4bbb-8ccc-333344445555',
      r,
    );
    // The domain of the address is counted once, with the address.
    expect(scan.count).toBe(3);
    expect(scan.found).toEqual([
      { kind: 'e-mail address', value: 'jdoe@contoso.com', line: 2 },
      { kind: 'IP address', value: '10.1.2.3', line: 2 },
      { kind: 'GUID', value: '11112222-aaaa-4bbb-8ccc-333344445555', line: 3 },
    ]);
  });

  it('finds nothing in what the redactor wrote', () => {
    const r = createRedactor();
    const out = r.text(
      'PC-0142.corp.contoso.com at 10.1.2.3 for jdoe@contoso.com, S-1-12-1-1-2-3-4, 11112222-aaaa-4bbb-8ccc-333344445555, \\\\FS01\\home$',
    );
    expect(scanResidue(out, r)).toEqual({ count: 0, found: [] });
  });

  it('says how many values of which kinds remain, never the values themselves', () => {
    const r = createRedactor();
    const notice = residueNotice(
      scanResidue('10.1.2.3 and 10.9.8.7 and jdoe@contoso.com at fs01.contoso.com', r),
    );
    expect(notice).toEqual({
      code: 'redaction-residue',
      severity: 'warning',
      message:
        'After redaction, 4 identifier-shaped values remain (1 e-mail address, 2 IP addresses, 1 host name): check them before sharing.',
      count: 4,
    });
    expect(residueLines(scanResidue('see 10.1.2.3', r), 'status.redacted.txt')).toEqual([
      'status.redacted.txt: 1 identifier-shaped value remain after redaction; check before sharing:',
      '  line 1: IP address 10.1.2.3',
    ]);
  });

  it('adds a notice to a redacted report when a value it does not rewrite holds an identifier', () => {
    const report = deviceReport('status.txt', null, verdict({}), []);
    // Code links of the error chain are kept as they are: here one wrongly holds a GUID.
    report.errorChain = {
      phase: 'join',
      links: [
        {
          label: 'Client error',
          value: '11112222-aaaa-4bbb-8ccc-333344445555',
          name: null,
          meaning: null,
          code: true,
        },
      ],
    };
    const [out] = redactReport(wrapReports([report]), createRedactor()).reports;
    expect(out?.notices).toEqual([
      {
        code: 'redaction-residue',
        severity: 'warning',
        message: 'After redaction, 1 identifier-shaped value remain (1 GUID): check them before sharing.',
        count: 1,
      },
    ]);
  });
});
