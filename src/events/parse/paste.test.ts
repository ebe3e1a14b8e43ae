import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeBytes } from '../../analyze.ts';
import { readEventsFromText } from '../index.ts';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/events');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const analyze = (text: string) => analyzeBytes(new TextEncoder().encode(text), { path: 'paste.txt' });
const UDR = 'Microsoft-Windows-User Device Registration';
const brief = (name: string) =>
  readEventsFromText(fixture(name))?.records.map((r) => [r.eventId, r.provider, r.channel, r.level, r.data]);

describe('pasted events that look like dsregcmd output', () => {
  it('reads an Event Viewer copy block with Debug Output lines as events, message and data whole', () => {
    const result = analyze(fixture('paste-304-204-debug-output.txt'));
    expect(result.kind).toBe('events');
    expect(result.events?.records.map((r) => [r.eventId, r.computer, r.data])).toEqual([
      [
        304,
        'PC-0142.contoso.com',
        {
          ExitCode: 'Unknown HResult Error code: 0x801c03f2',
          ServerErrorMessage: 'empty',
          TenantType: 'joinMode: Join',
        },
      ],
      [
        204,
        'PC-0142.contoso.com',
        {
          ExitCode: 'Unknown HResult Error code: 0x801c03f2',
          ActivityId: 'aaaabbbb-0000-cccc-1111-dddd2222eeee',
          HttpStatus: '400',
          ServerResponse: expect.stringMatching(/^\{"ErrorType":"DirectoryError"/),
        },
      ],
    ]);
    expect(result.events?.records[0]?.message).toMatch(/Debug Output:\n\s*%5$/);
  });

  it('reads bare General-tab messages with the event ID inferred, and says so', () => {
    const bare = analyze(fixture('paste-304-general-tab.txt'));
    expect(bare.kind).toBe('events');
    const [rec] = bare.events?.records ?? [];
    expect([rec?.eventId, rec?.provider, rec?.channel, rec?.level]).toEqual([304, UDR, null, 'error']);
    expect(rec?.data).toMatchObject({
      ExitCode: 'Unknown HResult Error code: 0xcaa1000e',
      TenantType: 'Federated',
    });
    expect(rec?.data.DebugOutput).toMatch(/^joinMode: Join\n[\s\S]*adalResponseCode: 0xcaa1000e$/);
    expect(bare.events?.warnings).toEqual([
      'line 1: no event header; read as event 304 from its message text (the event ID is inferred)',
    ]);
    const cloudap = analyze(fixture('paste-1007-general-tab.txt'));
    expect(cloudap.events?.records.map((r) => [r.eventId, r.provider, r.data])).toEqual([
      [1007, 'Microsoft-Windows-AAD', { Status: '0xC004848C' }],
    ]);
  });

  it('keeps a dsregcmd /join /debug trace that quotes an event message a trace', () => {
    const trace = [
      'C:\\Windows\\system32>dsregcmd /join /debug',
      '',
      'dsregcmd::wmain logging initialized.',
      '',
      'PreJoinChecks Complete.',
      '',
      'preCheckResult: Join',
      '',
      'AdalLog: Token is not available in the cache ; HRESULT: 0x0',
      '',
      'Automatic registration failed at authentication phase. Unable to acquire access token.',
    ].join('\n');
    expect(analyze(trace).kind).toBe('capture');
  });

  it('reads Get-WinEvent | Format-List output', () => {
    const result = analyze(fixture('paste-formatlist-1098-306.txt'));
    expect(result.kind).toBe('events');
    expect(
      result.events?.records.map((r) => [r.eventId, r.provider, r.channel, r.level, r.time, r.origin]),
    ).toEqual([
      [1098, 'Microsoft-Windows-AAD', null, 'error', '2026-02-23T10:29:50Z', 'line 1'],
      [306, UDR, `${UDR}/Admin`, 'information', '2026-02-23T10:31:02Z', 'line 10'],
    ]);
    expect(result.events?.records[0]?.data).toEqual({
      Error: '0xCAA2000C',
      ErrorMessage: 'The request requires user interaction.',
      AdditionalInformation:
        'Code: interaction_required\nDescription: AADSTS50158: External security challenge not satisfied.\nUser will be redirected to another page or authentication provider\nto satisfy additional authentication challenges.\nTokenEndpoint: https://login.microsoftonline.com/common/oauth2/token',
    });
  });

  it('reads events pasted without Log Name, each starting with an Event ID line, under a provider heading', () => {
    const result = analyze(fixture('paste-loose-360-362-aad.txt'));
    expect(result.kind).toBe('events');
    expect(result.events?.records.map((r) => [r.eventId, r.provider, r.channel])).toEqual([
      [360, UDR, `${UDR}/Admin`],
      [362, UDR, `${UDR}/Admin`],
      [1098, 'Microsoft-Windows-AAD', null],
      [1081, 'Microsoft-Windows-AAD', null],
      [1025, 'Microsoft-Windows-AAD', null],
    ]);
    expect(result.events?.records[1]?.data).toEqual({ DeviceIsJoined: 'Yes', ADFSPrtPresent: 'No' });
    expect(result.events?.records[2]?.data.Error).toBe('0xCAA5001C');
  });

  it('reads the copy block with mangled line breaks (`Error Computer:`, two headers on one line)', () => {
    const result = analyze(fixture('paste-mangled-1098-1097.txt'));
    expect(result.kind).toBe('events');
    expect(brief('paste-mangled-1098-1097.txt')?.map((r) => r.slice(0, 4))).toEqual([
      [1098, 'Microsoft-Windows-AAD', 'Microsoft-Windows-AAD/Operational', 'error'],
      [1097, 'Microsoft-Windows-AAD', 'Microsoft-Windows-AAD/Operational', 'warning'],
    ]);
    expect(result.events?.records.map((r) => r.computer)).toEqual([
      'PC-0142.contoso.com',
      'PC-0142.contoso.com',
    ]);
    expect(result.events?.records[1]?.data.Error).toBe('0xCAA90004');
  });

  it('normalises providers and channels, drops &nbsp; residue and template residue', () => {
    expect(brief('paste-nbsp-1098-307-304.txt')).toEqual([
      [
        1098,
        'Microsoft-Windows-AAD',
        'Microsoft-Windows-AAD/Operational',
        'error',
        {
          Error: '0xCAA2000C',
          ErrorMessage: 'The request requires user interaction.',
          AdditionalInformation: 'Code: interaction_required',
        },
      ],
      [307, UDR, `${UDR}/Admin`, 'error', { ExitCode: 'Unknown HResult Error code: 0x801c001d' }],
      [
        304,
        UDR,
        `${UDR}/Admin`,
        'error',
        { ExitCode: 'Unknown HResult Error code: 0x801c001d', ServerErrorMessage: '' },
      ],
    ]);
    const records = readEventsFromText(fixture('paste-nbsp-1098-307-304.txt'))?.records ?? [];
    expect(records[0]?.computer).toBe('ComputerName');
    expect(records[2]?.message).toMatch(/Debug Output:\\r\\n undefined\.$/);
  });

  it('reads Japanese Event Viewer labels, in a property table and in a copy block', () => {
    const result = analyze(fixture('paste-ja-360-table-304.txt'));
    expect(result.kind).toBe('events');
    expect(
      result.events?.records.map((r) => [r.eventId, r.provider, r.channel, r.level, r.computer, r.time]),
    ).toEqual([
      [360, UDR, `${UDR}/Admin`, 'warning', null, null],
      [304, UDR, `${UDR}/Admin`, 'error', 'PC-0142.contoso.com', '2025-02-03T08:03:00Z'],
    ]);
    expect(result.events?.records[0]?.message).toMatch(
      /^Windows Hello for Business provisioning will not be launched\. .* for more details\.$/,
    );
    expect(result.events?.records[1]?.data).toEqual({ ExitCode: 'Unknown HResult Error code: 0x801c03f2' });
  });
});
