/**
 * Every shape a fleet produces, read by the ingest: raw text, the logon-script file, collection
 * script JSON (flat, per-section, typed, hashtable), osquery rows, Remediations results (CSV and
 * Graph JSON), one device per CSV row, event exports beside a capture; and what each cannot hold.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decompressText } from './capture.ts';
import { ingestUnit, type UnitResult } from './ingest.ts';

const DIR = join(import.meta.dirname, '../../test/fixtures/fleet');
const INGESTED = '2026-12-01T00:00:00.000Z';
const MTIME = '2026-11-30T10:00:00.000Z';
const TENANT = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';

function ingest(...names: string[]): UnitResult {
  const files = names.map((n) => ({
    path: n,
    bytes: new Uint8Array(readFileSync(join(DIR, n))),
    mtime: MTIME,
  }));
  return ingestUnit(files, { ingestedAt: INGESTED });
}

function row(result: UnitResult, i = 0) {
  const c = result.captures[i];
  if (!c) throw new Error(`no capture ${i}`);
  return c;
}

describe('ingest shapes', () => {
  it('logon-script file: computer from the name, OS from systeminfo lines that are not read as fields', () => {
    const r = ingest('shapes/jdoe--PC-0142.txt');
    expect(r.problems).toEqual([]);
    const c = row(r);
    expect([c.shape, c.deviceKey, c.computer, c.joinState, c.capturedAt, c.capturedAtSource]).toEqual([
      'logon-script',
      `entra:${TENANT}/00aa00aa-bb11-cc22-dd33-44ee44ee44ee`,
      'PC-0142',
      'hybrid-joined',
      MTIME,
      'file-time',
    ]);
    // The capture's own banner is more precise than systeminfo's build.
    expect(c.osVersion).toBe('10.0.22631.3447');
    expect(c.lossy).toEqual([]);
    expect(c.confidence).toBe('high');
    const text = decompressText(c.rawCompressed) ?? '';
    expect(text).not.toContain('OS Name:');
    expect(text).toContain('AzureAdJoined : YES');
  });

  it('flat Get-DsRegStatus JSON: keyed by name, digit-led values said to be missing, confidence lowered', () => {
    const r = ingest('shapes/get-dsregstatus.json');
    const c = row(r);
    expect([c.shape, c.deviceKey, c.computer, c.domain, c.joinState, c.health, c.prt]).toEqual([
      'json-flat',
      'name:pc-0150.contoso.com',
      'PC-0150',
      'contoso.com',
      'hybrid-joined',
      'healthy',
      true,
    ]);
    expect(c.lossy).toEqual([
      'the collection script drops values that start with a digit (device and tenant IDs, times, codes)',
      'a field printed twice (the second AzureAdPrt block) keeps only one value',
    ]);
    expect([c.confidence, c.confidenceScore]).toEqual(['medium', 0.64]);
    expect(r.notes).toEqual([
      {
        path: 'shapes/get-dsregstatus.json',
        reason: `json-flat: ${c.lossy.join('; ')}`,
      },
    ]);
  });

  it('per-section JSON (section titles without spaces) reads each section', () => {
    const c = row(ingest('shapes/ci-sections.json'));
    expect([c.shape, c.deviceKey, c.joinState, c.prt, c.tpmProtected, c.whfbReady]).toEqual([
      'json-sections',
      'name:pc-0151.contoso.com',
      'hybrid-joined',
      false,
      true,
      false,
    ]);
  });

  it('typed JSON: booleans, ISO times, validity objects and arrays back to dsregcmd values', () => {
    const c = row(ingest('shapes/typed.json'));
    expect([c.shape, c.deviceKey, c.capturedAt, c.capturedAtSource, c.context, c.prt, c.whfbReady]).toEqual([
      'json-typed',
      `entra:${TENANT}/3f2c1a9e-4b7d-4e8a-9c61-0d5e2b7a1f43`,
      '2026-11-28T08:15:00.000Z',
      'client-time',
      'user',
      true,
      true,
    ]);
    expect(c.thumbprint).toBe('0F1E2D3C4B5A69788796A5B4C3D2E1F00A1B2C3D');
    expect(c.lossy).toEqual([
      'the script converted YES/NO and times itself: the capture’s own text is not kept',
      'a field printed twice (the second AzureAdPrt block) keeps only one value',
    ]);
    const text = decompressText(c.rawCompressed) ?? '';
    expect(text).toContain(
      'DeviceCertificateValidity : [ 2025-02-03 07:11:09.000 UTC -- 2035-02-03 07:41:09.000 UTC ]',
    );
    expect(text).toContain('KerbTopLevelNames : .windows.net,.windows.net:1433,.azure.net');
  });

  it('hashtable JSON: printed keys with spaces and digit-led values kept, SYSTEM context read', () => {
    const c = row(ingest('shapes/hashtable.json'));
    expect([c.shape, c.deviceKey, c.context, c.prt, c.capturedAt]).toEqual([
      'hashtable',
      `entra:${TENANT}/7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`,
      'system',
      null,
      '2026-11-27T10:05:00.000Z',
    ]);
    expect(c.lossy).toEqual(['a hashtable keeps the first of a repeated field and fails on the second']);
  });

  it('osquery/kolide rows: one capture per host, SYSTEM said, confidence low', () => {
    const r = ingest('shapes/kolide-dsregcmd.json');
    expect(
      r.captures.map((c) => [c.source, c.shape, c.deviceKey, c.joinState, c.context, c.confidence]),
    ).toEqual([
      [
        'shapes/kolide-dsregcmd.json[PC-0160]',
        'osquery',
        'name:pc-0160.contoso.com',
        'hybrid-joined',
        'system',
        'low',
      ],
      [
        'shapes/kolide-dsregcmd.json[PC-0161]',
        'osquery',
        'name:pc-0161.contoso.com',
        'domain-joined',
        'system',
        'low',
      ],
    ]);
    expect(row(r).lossy[0]).toBe(
      'collected by an agent running as SYSTEM: no user state (PRT, Windows Hello)',
    );
  });

  it('Remediations CSV export: the capture in the detection output, the 2,048 cap said, an empty row counted', () => {
    const r = ingest('shapes/remediation-export.csv');
    expect(
      r.captures.map((c) => [c.source, c.deviceKey, c.joinState, c.failedPhase, c.errorCode, c.lossy.length]),
    ).toEqual([
      [
        'shapes/remediation-export.csv#row 2',
        'name:pc-0203.contoso.com',
        'domain-joined',
        'discover',
        '0x801c001d',
        1,
      ],
      ['shapes/remediation-export.csv#row 3', 'name:pc-0171.contoso.com', 'hybrid-joined', null, null, 0],
    ]);
    expect(row(r).lossy).toEqual([
      'Remediations output is capped at 2,048 characters: the capture is cut off',
    ]);
    expect(r.problems).toEqual([
      {
        path: 'shapes/remediation-export.csv',
        reason:
          'row 4: the remediation output is empty (the detection script did not run or printed nothing)',
      },
    ]);
  });

  it('Remediations Graph JSON: the device name of the run state and its update time', () => {
    const c = row(ingest('shapes/remediation-runstates.json'));
    expect([c.shape, c.deviceKey, c.capturedAt, c.prt]).toEqual([
      'remediation-csv',
      'name:pc-0170.contoso.com',
      '2026-11-29T06:30:00.000Z',
      false,
    ]);
  });

  it('CSV with one device per row and dsregcmd fields as columns', () => {
    const r = ingest('shapes/inventory.csv');
    expect(r.captures.map((c) => [c.source, c.shape, c.deviceKey, c.computer, c.joinState])).toEqual([
      [
        'shapes/inventory.csv#row 2',
        'csv',
        `entra:${TENANT}/11aa22bb-33cc-44dd-85ee-66ff77aa88bb`,
        'PC-0180',
        'hybrid-joined',
      ],
      ['shapes/inventory.csv#row 3', 'csv', 'name:pc-0181', 'PC-0181', 'domain-joined'],
    ]);
  });

  it('an Entra device export given to ingest is pointed to import-entra, not read as captures', () => {
    const r = ingest('shapes/graph-devices.json');
    expect(r.captures).toEqual([]);
    expect(r.problems).toEqual([
      {
        path: 'shapes/graph-devices.json',
        reason: 'this is an Entra device export: load it with `fleet import-entra`',
      },
    ]);
  });

  it('an event export beside a capture of the same computer is attached to it', () => {
    const r = ingest('folder/PC01/status.txt', 'folder/PC01/udr-admin.xml');
    expect(r.eventFiles).toBe(1);
    expect(r.notes).toEqual([]);
    const c = row(r);
    expect(c.deviceKey).toBe('name:pc01.contoso.com');
    expect(c.events?.source).toBe('folder/PC01/udr-admin.xml');
    expect(c.events?.count).toBe(2);
    expect(c.events?.records.map((e) => e.eventId)).toEqual([307, 304]);
  });

  it('events of another computer are not attached, and that is said', () => {
    const files = [
      {
        path: 'PC-0203/status.txt',
        bytes: new Uint8Array(readFileSync(join(DIR, '../../../examples/scp-missing.txt'))),
        mtime: MTIME,
      },
      {
        path: 'PC-0203/udr-admin.xml',
        bytes: new Uint8Array(readFileSync(join(DIR, 'folder/PC01/udr-admin.xml'))),
        mtime: MTIME,
      },
    ];
    const r = ingestUnit(files, { ingestedAt: INGESTED });
    expect(row(r).events).toBeNull();
    expect(r.notes).toEqual([
      {
        path: 'PC-0203/udr-admin.xml',
        reason: 'events of PC01.contoso.com: no capture of that device beside them, not attached',
      },
    ]);
  });

  it('files that hold nothing usable are reported with a reason, never thrown', () => {
    const r = ingestUnit(
      [
        { path: 'empty.txt', bytes: new Uint8Array(), mtime: null },
        {
          path: 'notes.txt',
          bytes: new TextEncoder().encode('remember to reboot PC-0001 on Friday'),
          mtime: null,
        },
        { path: 'broken.json', bytes: new TextEncoder().encode('{"AzureAdJoined": "YES", '), mtime: null },
      ],
      { ingestedAt: INGESTED },
    );
    expect(r.captures).toEqual([]);
    expect(r.problems.map((p) => p.path)).toEqual(['empty.txt', 'notes.txt', 'broken.json']);
    expect(r.problems[2]?.reason).toBe('the JSON is not valid (cut off or not JSON): export it again');
  });

  it('redaction at rest: the stored text and the key hold pseudonyms, the verdict stays', () => {
    const files = [
      {
        path: 'a.txt',
        bytes: new Uint8Array(readFileSync(join(DIR, 'shapes/jdoe--PC-0142.txt'))),
        mtime: MTIME,
      },
    ];
    const plain = row(ingestUnit(files, { ingestedAt: INGESTED }));
    const one = row(ingestUnit(files, { ingestedAt: INGESTED, redactKey: 'k1' }));
    const again = row(ingestUnit(files, { ingestedAt: INGESTED, redactKey: 'k1' }));
    const text = decompressText(one.rawCompressed) ?? '';
    expect(text).not.toContain('00aa00aa-bb11-cc22-dd33-44ee44ee44ee');
    expect(text).not.toContain('PC-0142');
    expect(one.deviceKey).not.toBe(plain.deviceKey);
    expect(again.deviceKey).toBe(one.deviceKey);
    expect([one.joinState, one.health]).toEqual([plain.joinState, plain.health]);
  });
});
