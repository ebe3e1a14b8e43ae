import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DsregCapture } from '../model/capture.ts';
import { readCaptures } from './index.ts';
import { isTraceLine, splitGluedTraceLine, traceAttempts } from './trace.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'read');

function only(text: string): DsregCapture {
  const captures = readCaptures(text);
  expect(captures).toHaveLength(1);
  return captures[0] as DsregCapture;
}

const fixture = (name: string) => only(readFileSync(join(fixtures, name), 'utf8'));

/** Each field as `[section title, name, line, raw]`. */
const placed = (c: DsregCapture) =>
  c.sections.flatMap((s) => s.fields.map((f) => [s.title, f.name, f.line, f.raw]));

const attempts = (c: DsregCapture) =>
  traceAttempts(c.trace ?? ({ codes: [], failures: [], successes: [] } as never)).map((a) => [
    a.kind,
    a.outcome,
    a.failure?.step ?? null,
    a.failure?.code ?? null,
    a.failure?.subCode ?? null,
    a.failure?.line ?? null,
  ]);

describe('a trace without its end marker', () => {
  it('ends at the first status field, so the status printed after it is read', () => {
    const c = fixture('trace-no-end-then-status.txt');
    expect(c.read.layout).toBe('debug-trace');
    expect(placed(c)).toEqual([
      [null, 'AzureAdJoined', 26, 'NO'],
      [null, 'EnterpriseJoined', 27, 'NO'],
      [null, 'DomainJoined', 28, 'YES'],
      [null, 'DomainName', 29, 'CONTOSO'],
      [null, 'Device Name', 30, 'PC-0142.contoso.com'],
      [null, 'TenantName', 32, 'contoso.com'],
      [null, 'TenantId', 33, '00000000-0000-0000-0000-000000000001'],
    ]);
    expect(c.read.completeness.unreadableLines).toBe(0);
    // The trace itself still ends with its last line.
    expect(c.trace?.failures.map((f) => f.line)).toEqual([21, 23, 24]);
    expect(attempts(c)).toEqual([['sync', 'failed', 'join', '0x801c03f2', null, 23]]);
  });

  it('keeps trace lines that print `name: value` without the status layout in the trace', () => {
    const c = only(
      [
        'dsregcmd::wmain logging initialized.',
        'preCheckResult: Join',
        'isDcAvailable: YES',
        'keyProvider: undefined',
        'Join HTTP status: 400',
        'DsrDeviceAutoJoin failed 0x801c03f2.',
      ].join('\n'),
    );
    expect(placed(c)).toEqual([]);
    expect(c.trace?.preCheckResult).toBe('Join');
    expect(c.trace?.failures.map((f) => f.line)).toEqual([6]);
  });

  it('ends a debug line printed inside SSO State (`dsregcmd /status /debug`) at the next field', () => {
    const c = fixture('status-debug-in-sso-state.txt');
    expect(c.read.layout).toBe('sectioned');
    expect(c.read.completeness).toEqual({
      missingSections: [],
      truncated: false,
      unreadableLines: 0,
      score: 1,
    });
    const sso = c.sections.find((s) => s.id === 'sso-state');
    expect(sso?.fields.map((f) => [f.name, f.line, f.raw])).toEqual([
      ['AzureAdPrt', 47, 'YES'],
      ['AzureAdPrtUpdateTime', 48, '2024-03-01 09:42:18.000 UTC'],
      ['AzureAdPrtExpiryTime', 49, '2024-03-15 09:42:17.000 UTC'],
      ['AzureAdPrtAuthority', 50, 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001'],
      ['EnterprisePrt', 51, 'NO'],
      ['OnPremTgt', 52, 'YES'],
      ['CloudTgt', 53, 'YES'],
    ]);
    expect(c.sections.map((s) => [s.title, s.fields.length])).toEqual([
      ['Device State', 5],
      ['Device Details', 7],
      ['Tenant Details', 2],
      ['User State', 4],
      ['SSO State', 7],
      ['Diagnostic Data', 3],
      ['Ngc Prerequisite Check', 8],
    ]);
    expect(c.trace).toMatchObject({ command: 'dsregcmd /status /debug', codes: [], failures: [] });
  });
});

describe('an end marker glued to a neighbouring line', () => {
  it('ends the trace when glued after the last trace line, and reads the status after it', () => {
    const c = fixture('trace-end-glued-success.txt');
    expect(placed(c)).toEqual([
      [null, 'AzureAdJoined', 15, 'YES'],
      [null, 'EnterpriseJoined', 16, 'NO'],
      [null, 'DomainJoined', 17, 'YES'],
      [null, 'DomainName', 18, 'CONTOSO'],
    ]);
    expect(c.trace?.codes.map((x) => [x.code, x.line])).toEqual([
      ['0x00000000', 5],
      ['0xcaa9002c', 9],
      ['0xcaa9002c', 10],
      ['0xcaa1000e', 11],
    ]);
    expect(c.read.completeness.unreadableLines).toBe(0);
  });

  it('ends the trace when the first status line is glued after the marker', () => {
    const c = only(
      [
        'DsrCmdJoinHelper::Join: Trying sync join.',
        'Join HTTP status: 200',
        'DSREGCMD_END_STATUS             AzureAdJoined : YES',
        '          EnterpriseJoined : NO',
      ].join('\n'),
    );
    expect(placed(c)).toEqual([
      [null, 'AzureAdJoined', 3, 'YES'],
      [null, 'EnterpriseJoined', 4, 'NO'],
    ]);
    expect(c.read.layout).toBe('debug-trace');
  });

  it('reads a status line that merely starts with a D as a field, not as an end marker', () => {
    const c = only('DomainJoined : YES\nDomainName : CONTOSO\n');
    expect(placed(c)).toEqual([
      [null, 'DomainJoined', 1, 'YES'],
      [null, 'DomainName', 2, 'CONTOSO'],
    ]);
    expect(c.trace).toBeNull();
  });
});

describe('two trace lines glued by a lost newline', () => {
  it('reads the federated attempt and its sync fallback as two attempts; the sync one decides', () => {
    const c = fixture('trace-glued-fed-sync.txt');
    expect(attempts(c)).toEqual([
      ['federated', 'failed', 'auth', '0xcaa9002c', '0xcaa1000e', 12],
      ['sync', 'failed', 'join', '0x801c03f2', null, 13],
    ]);
    expect(c.trace?.failures.map((f) => [f.line, f.text])).toEqual([
      [11, 'AdalErrorCode: 0xcaa9002c'],
      [
        12,
        'AutoEnrollAsComputer: Unable to retrieve access token. GetComputerTokenForADRS failed with error 0xcaa9002c.',
      ],
      [
        13,
        'DsrCmdJoinHelper::Join: Federated ADRS join failed with error 0xcaa1000e. Try synchronized join.',
      ],
      [13, 'DsrCmdJoinHelper::Join: DsrCmdDeviceEnroller::AutoEnrollSync failed with error code 0x801c03f2.'],
    ]);
    // The end marker glued to the last line still ends the trace.
    expect(placed(c)).toEqual([
      [null, 'AzureAdJoined', 14, 'NO'],
      [null, 'EnterpriseJoined', 15, 'NO'],
      [null, 'DomainJoined', 16, 'YES'],
    ]);
  });

  it('cuts only before a `Class::Method:` token right after sentence punctuation', () => {
    expect(
      splitGluedTraceLine(
        'AutoEnrollAsComputer: failed with error 0xcaa9002c.DsrCmdJoinHelper::Join: Federated ADRS join failed.',
      ),
    ).toEqual([
      'AutoEnrollAsComputer: failed with error 0xcaa9002c.',
      'DsrCmdJoinHelper::Join: Federated ADRS join failed.',
    ]);
    // A method called inside a message, a name after a space, a URL: nothing glued.
    expect(
      splitGluedTraceLine(
        'DsrCmdJoinHelper::Join: DsrCmdDeviceEnroller::AutoEnrollSync failed with error code 0x801c03f2.',
      ),
    ).toBeNull();
    expect(splitGluedTraceLine('dsregcmd::wmain logging initialized.')).toBeNull();
    expect(splitGluedTraceLine('Auth code URL: "https://login.microsoftonline.com/x"')).toBeNull();
    expect(splitGluedTraceLine('WinHttpSendRequest to [fe80::a1b2:c3d4]:443 failed.')).toBeNull();
  });
});

describe('what is a trace line', () => {
  it('accepts the lines dsregcmd prints', () => {
    for (const line of [
      'dsregcmd::wmain logging initialized.',
      'DsrCmdJoinHelper::Join: Trying sync join.',
      'TenantInfo::Discover: Join Info { TenantType = Managed; AutoJoinEnabled = 1 }',
      'DsrCmdDeviceEnroller::AutoEnroll(sync join) failed with error code 0x801c03f2.',
      'AdalLog: Token is not available in the cache ; HRESULT: 0x0',
      'DSREGCMD_END_STATUS',
    ]) {
      expect(isTraceLine(line), line).toBe(true);
    }
  });

  it('refuses `x::y` tokens that are not C++ names, and binary junk that starts like one', () => {
    for (const line of [
      'a::b',
      '0a::bc',
      'ab::cd',
      'abc::de',
      'abc::1ff',
      'Xqz::VbkêÎÄG',
      'fe80::1ff:fe23:4567:890a',
      `Qz::Kw${'\u0001\u0002\u0003\u00fd\ufffd\u0090'.repeat(8)}`,
    ]) {
      expect(isTraceLine(line), JSON.stringify(line)).toBe(false);
    }
  });

  it('finds no capture in random bytes, even where a line starts like `Name::Name`', () => {
    // A fixed xorshift sequence: the same bytes on every run, read as Latin-1.
    let x = 0x2f6b1d;
    const bytes: string[] = [];
    for (let i = 0; i < 400_000; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bytes.push(String.fromCharCode(x & 0xff));
      if (i % 20_000 === 0) bytes.push('\nXqz::Vbk');
    }
    expect(readCaptures(bytes.join(''))).toEqual([]);
  });
});
