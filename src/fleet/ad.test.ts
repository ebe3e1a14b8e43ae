/**
 * Entra Connect's certificate report (the AD side of the hybrid join): the script's own layout
 * (quoted, `;`, CRLF, a byte-order mark) and a hand-edited one (another column order, an extra
 * column, braces and upper case in the GUID, LF, True/False in any case).
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstCn, isAdCertificateReport, readAdCertificateReport } from './ad.ts';

const DIR = join(import.meta.dirname, '../../test/fixtures/fleet/ad');
const text = (name: string) => readFileSync(join(DIR, name), 'utf8');

describe('Entra Connect certificate report', () => {
  it('reads the script’s layout: quoted cells, semicolons, CRLF, a byte-order mark', () => {
    const r = readAdCertificateReport(text('certificate-report.csv'), 'certificate-report.csv');
    expect(r.problems).toEqual([]);
    expect(
      r.records.map((x) => [
        x.name,
        x.objectGuid,
        x.totalEntries,
        x.certs,
        x.validCerts,
        x.hybridJoinCerts,
        x.cloudFiltered,
      ]),
    ).toEqual([
      ['PC-0152', '3f2c1a9e-4b7d-4e8a-9c61-0d5e2b7a1f43', 1, 1, 1, 1, false],
      ['PC-0150', '0d9c8b7a-6f5e-4d3c-8b2a-190817263544', 2, 2, 0, 0, true],
      ['PC-0177', '7a0d3c55-1e2f-4a6b-8c9d-0e1f2a3b4c77', 1, 1, 1, 0, true],
      ['LAB, 01', '7a0d3c55-1e2f-4a6b-8c9d-0e1f2a3b4c01', 0, 0, 0, 0, true],
    ]);
    expect(r.records[0]?.objectDn).toBe('CN=PC-0152,OU=Workstations,DC=contoso,DC=com');
    expect(r.records[0]?.source).toBe('certificate-report.csv');
  });

  it('reads a header in another order with an extra column, LF line ends, and names a bad row', () => {
    const r = readAdCertificateReport(text('reordered.csv'), 'reordered.csv');
    expect(r.records).toEqual([
      {
        objectGuid: '7a0d3c55-1e2f-4a6b-8c9d-0e1f2a3b4c99',
        objectDn: 'CN=PC-0199,OU=Workstations,DC=contoso,DC=com',
        name: 'PC-0199',
        totalEntries: 1,
        certs: 1,
        validCerts: 1,
        hybridJoinCerts: 1,
        cloudFiltered: false,
        source: 'reordered.csv',
      },
    ]);
    expect(r.problems).toEqual(['row 3: no ObjectGUID']);
  });

  it('is told apart from Entra exports by its header', () => {
    expect(isAdCertificateReport(text('certificate-report.csv'))).toBe(true);
    expect(isAdCertificateReport(text('reordered.csv'))).toBe(true);
    const portal = readFileSync(join(DIR, '../entra/portal-current.csv'), 'utf8');
    expect(isAdCertificateReport(portal)).toBe(false);
    expect(isAdCertificateReport('')).toBe(false);
  });

  it('never throws: empty text, a header only, no GUID column, blank and odd cells', () => {
    expect(readAdCertificateReport('', 'x').problems).toEqual([
      'no rows: the report is empty or has only a header',
    ]);
    expect(readAdCertificateReport('ObjectDN;ObjectGUID\r\n', 'x').records).toEqual([]);
    expect(readAdCertificateReport('ObjectDN;Name\nCN=A;B\n', 'x').problems).toEqual([
      'the header has no ObjectGUID column: pass the report as the script wrote it',
    ]);
    const odd = readAdCertificateReport(
      'ObjectGUID;HybridJoinCertsCount;CloudFiltered\n00000000-0000-0000-0000-000000000001;;maybe\n',
      'x',
    );
    expect(odd.records[0]).toMatchObject({ name: null, hybridJoinCerts: null, cloudFiltered: null });
  });

  it('takes the computer name from the first CN of the DN', () => {
    expect(firstCn('CN=PC-0152,OU=Workstations,DC=contoso,DC=com')).toBe('PC-0152');
    expect(firstCn('cn=LAB\\, 01,OU=Labs,DC=contoso,DC=com')).toBe('LAB, 01');
    expect(firstCn('OU=Workstations,DC=contoso,DC=com')).toBeNull();
    expect(firstCn(null)).toBeNull();
  });
});
