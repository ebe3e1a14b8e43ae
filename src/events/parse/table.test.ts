import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../model/events.ts';
import { factsOf } from '../facts.ts';
import { readEventsFromText } from '../index.ts';
import {
  looksLikeEventGrid,
  looksLikeEventTable,
  readEventGrid,
  readEventTable,
  splitDelimited,
} from './table.ts';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/events');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const paste = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../../test/fixtures/event-pastes', name), 'utf8');
const LOCAL =
  "times in this export carry no time zone (the exporting machine showed local time); they are read as UTC unless a capture's attempts show the offset";

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

describe('slashed dates: day or month first, decided once per file', () => {
  const HEAD = 'Level,Date and Time,Source,Event ID,Task Category\n';
  const row = (date: string, id: number) =>
    `Error,${date},Microsoft-Windows-User Device Registration,${id},None,"Automatic registration failed at join phase."\n`;

  it('a day above 12 anywhere makes the whole file day first (Event Viewer text from an en-GB machine)', () => {
    const result = readEventTable(fixture('udr-admin.en-gb.eventviewer.txt'), 'text');
    // 13/02/2026 on the last row decides: 04/03/2026 is 4 March, not 3 April.
    expect(result.records.map((r) => [r.eventId, r.time])).toEqual([
      [304, '2026-03-04T10:12:40Z'],
      [334, '2026-03-02T17:30:02Z'],
      [307, '2026-02-13T08:01:15Z'],
    ]);
    expect(result.warnings).toEqual([LOCAL]);
  });

  it('a second number above 12 anywhere makes the whole file month first', () => {
    const result = readEventTable(
      `${HEAD}${row('03/04/2026 09:12:33', 304)}${row('03/13/2026 18:00:00', 304)}`,
      'csv',
    );
    expect(result.records.map((r) => r.time)).toEqual(['2026-03-04T09:12:33Z', '2026-03-13T18:00:00Z']);
    expect(result.warnings).toEqual([LOCAL]);
  });

  it('when no date decides, reads month first and says the order was ambiguous', () => {
    const result = readEventTable(
      `${HEAD}${row('03/04/2026 09:12:33', 304)}${row('05/05/2026 18:00:00', 304)}`,
      'csv',
    );
    expect(result.records.map((r) => r.time)).toEqual(['2026-03-04T09:12:33Z', '2026-05-05T18:00:00Z']);
    expect(result.warnings).toEqual([
      LOCAL,
      'no date in this export shows whether it writes the day or the month first (03/04/2026 09:12:33): dates are read month first',
    ]);
  });

  it('dates with dots stay day first, and do not make a slashed date ambiguous', () => {
    const result = readEventTable(`${HEAD}${row('04.03.2026 09:12:33', 304)}`, 'csv');
    expect(result.records.map((r) => r.time)).toEqual(['2026-03-04T09:12:33Z']);
    expect(result.warnings).toEqual([LOCAL]);
  });
});

describe('readEventGrid: the tables people paste', () => {
  it("reads Get-WinEvent's default table: provider from the ProviderName line, messages as cut", () => {
    const text = fixture('udr-aad.get-winevent.txt');
    expect(looksLikeEventGrid(text)).toBe('columns');
    expect(looksLikeEventTable(text)).toBeNull();
    const result = readEventsFromText(text);
    expect(result?.kind).toBe('text');
    expect(result?.skipped).toEqual([]);
    expect(result?.records.map((r) => [r.eventId, r.time, r.provider, r.channel, r.level, r.origin])).toEqual(
      [
        [
          304,
          '2026-03-04T10:12:40Z',
          'Microsoft-Windows-User Device Registration',
          'Microsoft-Windows-User Device Registration/Admin',
          'error',
          'line 6',
        ],
        [
          204,
          '2026-03-04T10:12:40Z',
          'Microsoft-Windows-User Device Registration',
          'Microsoft-Windows-User Device Registration/Admin',
          'error',
          'line 7',
        ],
        [
          307,
          '2026-03-04T09:58:02Z',
          'Microsoft-Windows-User Device Registration',
          'Microsoft-Windows-User Device Registration/Admin',
          'error',
          'line 8',
        ],
        [
          1098,
          '2026-03-04T10:05:02Z',
          'Microsoft-Windows-AAD',
          // AAD logs to more than one channel: the table does not say which.
          null,
          'error',
          'line 15',
        ],
      ],
    );
    const [e304, e204, e307, e1098] = (result?.records ?? []) as EventRecord[];
    expect(e304?.message).toBe('Automatic registration failed at join phase....');
    expect(e204?.message).toBe(
      'The get join response operation callback failed with exit code: Unknown HResult Error code: 0x801c03f2. ...',
    );
    expect(e307?.message?.endsWith('Exit code: Unknown HResult Error code: 0x801c...')).toBe(true);
    // The codes left in a cut message are read; half a code (0x801c...) is not one.
    expect([e304, e204, e307, e1098].map((r) => factsOf(r as EventRecord).codes)).toEqual([
      [],
      ['0x801c03f2'],
      [],
      ['0xcaa2000c'],
    ]);
    expect(result?.warnings).toEqual([
      LOCAL,
      'no date in this export shows whether it writes the day or the month first (3/4/2026 10:12:40 AM): dates are read month first',
    ]);
  });

  it('reads a Markdown table of events pasted in a ticket, the provider from each message', () => {
    const text = paste('paste-markdown-table-304-1098.md');
    expect(looksLikeEventGrid(text)).toBe('markdown');
    const result = readEventGrid(text);
    expect(result.skipped).toEqual([]);
    expect(result.records.map((r) => [r.eventId, r.time, r.provider, r.level, r.origin])).toEqual([
      [304, '2026-03-13T08:41:07Z', 'Microsoft-Windows-User Device Registration', 'error', 'line 5'],
      [204, '2026-03-13T08:41:07Z', 'Microsoft-Windows-User Device Registration', 'error', 'line 6'],
      [1098, '2026-03-13T08:40:55Z', 'Microsoft-Windows-AAD', 'error', 'line 7'],
    ]);
    expect(result.records.map((r) => factsOf(r).codes)).toEqual([
      ['0x801c03f2', 'DirectoryError'],
      ['0x801c03f2', 'DirectoryError'],
      ['0xcaa2000c', 'AADSTS50076', 'interaction_required'],
    ]);
    // `<br>` in a cell is a line break of the message.
    expect(result.records[0]?.message?.split('\n').slice(0, 2)).toEqual([
      'Automatic registration failed at join phase.',
      'Exit code: Unknown HResult Error code: 0x801c03f2',
    ]);
    expect(result.warnings).toEqual([
      'line 5: no provider listed; Microsoft-Windows-User Device Registration is inferred from the message',
      LOCAL,
      'line 6: no provider listed; Microsoft-Windows-User Device Registration is inferred from the message',
      'line 7: no provider listed; Microsoft-Windows-AAD is inferred from the message',
    ]);
    expect(readEventsFromText(text)?.records.map((r) => r.eventId)).toEqual([304, 204, 1098]);
  });

  it('a Markdown table of anything else is no event grid', () => {
    expect(looksLikeEventGrid('| Field | Value |\n|---|---|\n| AzureAdJoined | NO |\n')).toBeNull();
  });
});
