import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../model/events.ts';
import { factsOf } from '../facts.ts';
import { looksLikeEventTable, readEventTable, splitDelimited } from './table.ts';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/events');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const LOCAL =
  'times in this export carry no time zone (the exporting machine showed local time); they are read as UTC';

describe('readEventTable', () => {
  it('reads Export-Csv with its #TYPE line and multi-line quoted messages', () => {
    const text = fixture('udr-admin.export.csv');
    expect(looksLikeEventTable(text)).toBe('csv');
    const result = readEventTable(text, 'csv');
    expect(result.warnings).toEqual([LOCAL]);
    expect(result.records.map((r) => [r.eventId, r.level, r.time, r.recordNumber, r.origin])).toEqual([
      [307, 'error', '2025-01-31T11:16:45Z', 1203, 'line 2'],
      [304, 'error', '2025-01-31T09:16:43Z', 1201, 'line 3'],
      [201, 'error', '2025-01-31T09:16:02Z', 1199, 'line 17'],
    ]);
    const e304 = result.records[1] as EventRecord;
    expect(e304.channel).toBe('Microsoft-Windows-User Device Registration/Admin');
    expect(e304.data).toMatchObject({
      ExitCode: 'Unknown HResult Error code: 0x801c03f2',
      TenantType: 'Managed',
      JoinType: 'sync',
    });
    expect(factsOf(e304)).toMatchObject({
      phase: 'join',
      exitCode: '0x801c03f2',
      serverErrorCode: 'DirectoryError',
    });
  });

  it('reads Event Viewer CSV: the message is the unnamed sixth column', () => {
    const text = fixture('udr-admin.eventviewer.csv');
    expect(looksLikeEventTable(text)).toBe('csv');
    const result = readEventTable(text, 'csv');
    expect(result.records.map((r) => [r.eventId, r.level, r.provider])).toEqual([
      [307, 'error', 'Microsoft-Windows-User Device Registration'],
      [304, 'error', 'Microsoft-Windows-User Device Registration'],
      [334, 'warning', 'Microsoft-Windows-User Device Registration'],
    ]);
    expect(result.records[2]?.message).toBe(
      'Automatic registration cannot join the device because no domain controller could be located.',
    );
    expect(factsOf(result.records[0] as EventRecord).exitCode).toBe('0x801c001d');
  });

  it('reads Event Viewer tab-separated text the same way', () => {
    const text = fixture('udr-admin.eventviewer.txt');
    expect(looksLikeEventTable(text)).toBe('text');
    const tsv = readEventTable(text, 'text');
    const csv = readEventTable(fixture('udr-admin.eventviewer.csv'), 'csv');
    expect(tsv.kind).toBe('text');
    expect(tsv.records).toEqual(csv.records);
  });

  it('splits quoted cells holding delimiters, doubled quotes and line breaks', () => {
    expect(splitDelimited('a,"b,""c""\nd",e\n1,2,3', ',')).toEqual([
      { cells: ['a', 'b,"c"\nd', 'e'], line: 1 },
      { cells: ['1', '2', '3'], line: 3 },
    ]);
  });

  it('skips rows without an event ID', () => {
    const result = readEventTable(
      'Level,Date and Time,Source,Event ID,Task Category\nError,1/31/2025 9:16:43 AM,Microsoft-Windows-User Device Registration,,None,x\n',
      'csv',
    );
    expect(result.records).toEqual([]);
    expect(result.skipped).toEqual([{ where: 'line 2', why: 'no event ID in this row' }]);
  });
});
