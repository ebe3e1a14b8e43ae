import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../model/events.ts';
import { factsOf } from '../facts.ts';
import { looksLikeEventJson, readEventJson } from './json.ts';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/events');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

describe('readEventJson', () => {
  it('marks a time written without a zone as the machine’s local time, and says it is read as UTC', () => {
    const result = readEventJson(
      JSON.stringify([
        {
          Id: 304,
          ProviderName: 'Microsoft-Windows-User Device Registration',
          TimeCreated: '3/4/2026 10:12:40 AM',
        },
        {
          Id: 307,
          ProviderName: 'Microsoft-Windows-User Device Registration',
          TimeCreated: '/Date(1772615560000)/',
        },
      ]),
    );
    expect(result.records.map((r) => [r.eventId, r.time, r.localTime])).toEqual([
      [304, '2026-03-04T10:12:40Z', true],
      [307, '2026-03-04T09:12:40.000Z', undefined],
    ]);
    expect(result.warnings).toEqual([
      "some times carry no time zone; they are read as UTC unless a capture's attempts show the offset",
    ]);
  });

  it('reads Windows PowerShell 5.1 output: /Date(ms)/, wrapped dates, positional Properties', () => {
    const result = readEventJson(fixture('udr-admin.ps51.json'));
    expect(result.warnings).toEqual([]);
    expect(result.records.map((r) => [r.eventId, r.level, r.time, r.recordNumber])).toEqual([
      [306, 'information', '2025-01-31T15:00:01.000Z', 1213],
      [305, 'error', '2025-01-31T10:16:44.000Z', 1202],
      [304, 'error', '2025-01-31T09:16:43.100Z', 1201],
    ]);
    const e304 = result.records[2] as EventRecord;
    expect(e304).toMatchObject({
      channel: 'Microsoft-Windows-User Device Registration/Admin',
      provider: 'Microsoft-Windows-User Device Registration',
      computer: 'PC01.contoso.com',
      origin: 'event 3',
    });
    // Properties are named through the 304 template.
    expect(Object.keys(e304.data)).toEqual([
      'ExitCode',
      'ServerErrorMessage',
      'TenantType',
      'JoinType',
      'DebugOutput',
    ]);
    expect(e304.data.ExitCode).toBe('-2145647630');
    expect(factsOf(e304)).toMatchObject({
      phase: 'join',
      exitCode: '0x801c03f2',
      serverErrorCode: 'DirectoryError',
    });
    expect(factsOf(result.records[1] as EventRecord)).toMatchObject({
      phase: 'auth',
      exitCode: '0xcaa82ee2',
      adalCode: '0x80072ee6',
    });
  });

  it('reads PowerShell 7 output: a single object, ISO time with an offset, UInt32 Error', () => {
    const result = readEventJson(fixture('aad-1098.ps7.json'));
    expect(result.records).toHaveLength(1);
    const e = result.records[0] as EventRecord;
    expect(e).toMatchObject({
      eventId: 1098,
      level: 'error',
      time: '2025-02-03T09:10:01.123Z',
      channel: 'Microsoft-Windows-AAD/Operational',
    });
    expect(e.data.Error).toBe('3399614476');
    expect(factsOf(e)).toMatchObject({
      adalCode: '0xcaa2000c',
      serverErrorCode: 'interaction_required',
      aadsts: ['AADSTS50076'],
    });
  });

  it('falls back to the message when ConvertTo-Json cut the Properties off, and says so', () => {
    const result = readEventJson(fixture('udr-307.shallow.json'));
    expect(result.warnings).toEqual([
      'Properties were cut off by ConvertTo-Json; export with -Depth 3 to keep the data fields',
    ]);
    expect(result.records[0]?.data).toEqual({ ExitCode: 'Unknown HResult Error code: 0x801c001d' });
    expect(factsOf(result.records[0] as EventRecord).exitCode).toBe('0x801c001d');
  });

  it('keeps the complete events of a cut-off export', () => {
    const text = fixture('udr-admin.ps51.json');
    const cut = text.slice(0, text.indexOf('"Id": 304'));
    const result = readEventJson(cut);
    expect(result.records.map((r) => r.eventId)).toEqual([306, 305]);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^not valid JSON: .*; the 2 complete events before the damage were read$/),
    ]);
  });

  it('skips items without an event ID and reports broken JSON', () => {
    const result = readEventJson(
      '[{"Id": 306, "ProviderName": "Microsoft-Windows-User Device Registration"}, {"Name": "x"}]',
    );
    expect(result.records.map((r) => r.eventId)).toEqual([306]);
    expect(result.skipped).toEqual([{ where: 'event 2', why: 'no event ID' }]);
    expect(readEventJson('{"Id": 306,').skipped[0]?.why).toMatch(/^not valid JSON/);
  });

  it('recognises event JSON and nothing else', () => {
    expect(looksLikeEventJson(fixture('aad-1098.ps7.json'))).toBe(true);
    expect(looksLikeEventJson('{"schema": "dsreg-doctor.report/1", "reports": []}')).toBe(false);
  });
});
