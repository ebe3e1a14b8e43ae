import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DsregCapture } from '../model/capture.ts';
import { readCaptures } from '../read/index.ts';
import { decodeBytes } from './decode.ts';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

function read(name: string): { encoding: string; docs: DsregCapture[] } {
  const decoded = decodeBytes(new Uint8Array(readFileSync(join(EXAMPLES, name))));
  return { encoding: decoded.encoding, docs: readCaptures(decoded.text, { encoding: decoded.encoding }) };
}

function value(doc: DsregCapture | undefined, name: string, scope: string | null = null): string | undefined {
  return doc?.sections.flatMap((s) => s.fields).find((f) => f.name === name && f.scope === scope)?.raw;
}

/** What each bundled example is there to show, as the reader sees it. */
const EXPECTED: Record<
  string,
  { encoding: string; layout: string; windowsVersion: string | null; facts: [string, string][] }
> = {
  'hybrid-joined-healthy.txt': {
    encoding: 'utf-8',
    layout: 'sectioned',
    windowsVersion: '10.0.22631.3447',
    facts: [
      ['AzureAdJoined', 'YES'],
      ['DomainJoined', 'YES'],
      ['AzureAdPrt', 'YES'],
      ['PreReqResult', 'WillProvision'],
    ],
  },
  'sync-join-waiting-for-sync.txt': {
    encoding: 'utf-8',
    layout: 'sectioned',
    windowsVersion: null,
    facts: [
      ['AzureAdJoined', 'NO'],
      ['User Context', 'SYSTEM'],
    ],
  },
  'sync-join-after-sync.txt': {
    encoding: 'utf-8',
    layout: 'sectioned',
    windowsVersion: '10.0.22631.3447',
    facts: [
      ['AzureAdJoined', 'YES'],
      ['DomainJoined', 'YES'],
      ['AzureAdPrt', 'YES'],
    ],
  },
  'scp-missing.txt': {
    encoding: 'utf-8',
    layout: 'sectioned',
    windowsVersion: null,
    facts: [
      ['AD Configuration Test', 'FAIL [0x80070002]'],
      ['DRS Discovery Test', 'SKIPPED'],
    ],
  },
  'prt-failing.txt': {
    encoding: 'utf-8',
    layout: 'sectioned',
    windowsVersion: null,
    facts: [
      ['AzureAdJoined', 'YES'],
      ['DomainJoined', 'NO'],
      ['AzureAdPrt', 'NO'],
    ],
  },
  'entra-registered.txt': {
    encoding: 'utf-8',
    layout: 'sectioned',
    windowsVersion: null,
    facts: [
      ['AzureAdJoined', 'NO'],
      ['WorkplaceJoined', 'YES'],
      ['WorkplaceTenantName', 'Contoso'],
    ],
  },
  'pre-1803-flat.txt': {
    encoding: 'utf-8',
    layout: 'flat',
    windowsVersion: '10.0.14393',
    facts: [
      ['AzureAdJoined', 'YES'],
      ['TenantId', 'aaaabbbb-0000-cccc-1111-dddd2222eeee'],
      ['AzureAdPrt', 'YES'],
    ],
  },
  'powershell-utf16.txt': {
    encoding: 'utf-16le-bom',
    layout: 'sectioned',
    windowsVersion: null,
    facts: [
      ['TenantName', 'Contoso Électronique'],
      ['AzureAdPrt', 'YES'],
    ],
  },
};

describe('bundled examples', () => {
  it('has an expectation for every example, and nothing else in the folder but its README', () => {
    expect(readdirSync(EXAMPLES).sort()).toEqual([...Object.keys(EXPECTED), 'README.md'].sort());
  });

  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`${name} reads as one ${want.layout} capture (${want.encoding}) with what it is there to show`, () => {
      const { encoding, docs } = read(name);
      expect(encoding).toBe(want.encoding);
      expect(docs).toHaveLength(1);
      const doc = docs[0];
      expect(doc?.read.layout).toBe(want.layout);
      expect(doc?.windowsVersion).toBe(want.windowsVersion);
      expect(doc?.read.completeness.truncated).toBe(false);
      for (const [field, raw] of want.facts) expect([field, value(doc, field)]).toEqual([field, raw]);
    });
  }

  it('keeps the sync-join failure in the Previous Registration block', () => {
    const doc = read('sync-join-waiting-for-sync.txt').docs[0];
    const block = 'Previous Registration';
    expect(value(doc, 'Registration Type', block)).toBe('sync');
    expect(value(doc, 'Error Phase', block)).toBe('join');
    expect(value(doc, 'Client ErrorCode', block)).toBe('0x801c03f2');
    expect(value(doc, 'Server ErrorCode', block)).toBe('DirectoryError');
    expect(value(doc, 'Server Message', block)).toBe(
      'The device object by the given id (00aa00aa-bb11-cc22-dd33-44ee44ee44ee) is not found.',
    );
  });

  it('keeps the discover-phase failure of the SCP example', () => {
    const doc = read('scp-missing.txt').docs[0];
    expect(value(doc, 'Error Phase', 'Previous Registration')).toBe('discover');
    expect(value(doc, 'Client ErrorCode', 'Previous Registration')).toBe('0x801c001d');
  });

  it('keeps both PRT diagnostics blocks of the failing-PRT example apart', () => {
    const doc = read('prt-failing.txt').docs[0];
    for (const block of ['AzureAdPrt/AcquirePrtDiagnostics', 'AzureAdPrt/RefreshPrtDiagnostics']) {
      expect(value(doc, 'Attempt Status', block)).toBe('0xc000006d');
      expect(value(doc, 'HTTP status', block)).toBe('400');
      expect(value(doc, 'Server Error Code', block)).toBe('invalid_grant');
      expect(value(doc, 'Server Error Description', block)).toBe(
        'AADSTS50126: Error validating credentials due to invalid username or password.',
      );
    }
  });
});
