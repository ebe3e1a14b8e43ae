import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureField, DsregCapture } from '../model/capture.ts';
import { readCaptures, readCapturesLazily } from './index.ts';

const BORDER = '+----------------------------------------------------------------------+';
const box = (title: string) => [BORDER, `| ${title.padEnd(69)}|`, BORDER, ''];

function only(text: string): DsregCapture {
  const captures = readCaptures(text);
  expect(captures).toHaveLength(1);
  return captures[0] as DsregCapture;
}

function fields(c: DsregCapture): CaptureField[] {
  return c.sections.flatMap((s) => s.fields);
}

function field(c: DsregCapture, name: string): CaptureField {
  const f = fields(c).find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
}

describe('readCaptures: what is and is not a capture', () => {
  it('returns [] for text holding no dsregcmd output', () => {
    expect(readCaptures('')).toEqual([]);
    expect(readCaptures('Hello,\nplease find my logs attached.\nName: value\n')).toEqual([]);
    expect(readCaptures('\u0000\u0001\ufffd\ud800')).toEqual([]);
  });

  it('copies the stated encoding and reads the newline form', () => {
    expect(readCaptures('AzureAdJoined : YES\r\n', { encoding: 'utf-16le' })[0]?.read).toMatchObject({
      encoding: 'utf-16le',
      newline: 'crlf',
    });
    expect(readCaptures('AzureAdJoined : YES')[0]?.read).toMatchObject({
      encoding: 'unknown',
      newline: 'none',
    });
    expect(readCaptures('AzureAdJoined : YES\rDomainJoined : NO\r')[0]?.read.newline).toBe('cr');
    expect(readCaptures('AzureAdJoined : YES\r\nDomainJoined : NO\n')[0]?.read.newline).toBe('mixed');
  });
});

describe('readCaptures: layouts', () => {
  it('reads the sectioned layout and keeps an unknown section with its title', () => {
    const c = only(
      [...box('Device State'), '  AzureAdJoined : YES', ...box('Future Things'), '  Widget : 3', ''].join(
        '\n',
      ),
    );
    expect(c.read.layout).toBe('sectioned');
    expect(c.sections.map((s) => [s.id, s.title, s.line])).toEqual([
      ['device-state', 'Device State', 2],
      ['unknown', 'Future Things', 7],
    ]);
    expect(field(c, 'Widget')).toMatchObject({ known: false, value: { kind: 'number', value: 3 } });
    expect(c.read.warnings.map((w) => [w.code, w.line])).toEqual([
      ['unknown-section', 7],
      ['unknown-field', 10],
    ]);
  });

  it('reads the flat pre-1803 layout, keeping each field in the section it was printed in', () => {
    const c = only(
      [
        ...box('Device State'),
        '    AzureAdJoined: YES',
        '         TenantId: aaaabbbb-0000-cccc-1111-dddd2222eeee',
        ...box('User State'),
        '       AzureAdPrt: NO',
      ].join('\n'),
    );
    expect(c.read.layout).toBe('flat');
    expect(c.sections.map((s) => [s.id, s.fields.map((f) => f.name)])).toEqual([
      ['device-state', ['AzureAdJoined', 'TenantId']],
      ['user-state', ['AzureAdPrt']],
    ]);
    expect(c.read.completeness.missingSections).toEqual([]);
  });

  it('reads a pre-1803 capture of a device that is not joined as flat: User State holds AzureAdPrt', () => {
    const c = only(
      [
        ...box('Device State'),
        '            AzureAdJoined : NO',
        '         EnterpriseJoined : NO',
        '             DomainJoined : YES',
        '               DomainName : CONTOSO',
        ...box('User State'),
        '                   NgcSet : NO',
        '          WorkplaceJoined : NO',
        '            WamDefaultSet : NO',
        '               AzureAdPrt : NO',
        '',
      ].join('\n'),
    );
    expect(c.read.layout).toBe('flat');
    expect(c.read.completeness.missingSections).toEqual([]);
    expect(c.read.completeness.score).toBe(1);
  });

  it('keeps a 1803+ capture cut after User State sectioned, with the later sections missing', () => {
    const c = only(
      [
        ...box('Device State'),
        '            AzureAdJoined : NO',
        '         EnterpriseJoined : NO',
        '             DomainJoined : YES',
        '               DomainName : CONTOSO',
        ...box('User State'),
        '                   NgcSet : NO',
        '          WorkplaceJoined : NO',
        '            WamDefaultSet : NO',
        '',
      ].join('\n'),
    );
    expect(c.read.layout).toBe('sectioned');
    expect(c.read.completeness.missingSections).toEqual([
      'sso-state',
      'diagnostic-data',
      'ngc-prerequisite-check',
    ]);
  });

  it('splits collapsed lines on known names while values keep spaces, colons and URLs', () => {
    const c = only(
      '| Device State | +----------------------------------+ AzureAdJoined : YES KeyProvider : Microsoft Platform Crypto Provider AuthCodeUrl : https://login.microsoftonline.com/contoso.com/oauth2/authorize JoinSrvId : urn:ms-drs:enterpriseregistration.windows.net Client Time : 2019-01-31 09:25:31.000 UTC KeySignTest: : MUST Run elevated to test.\n',
    );
    expect(c.read.layout).toBe('collapsed');
    expect(fields(c).map((f) => [f.name, f.raw])).toEqual([
      ['AzureAdJoined', 'YES'],
      ['KeyProvider', 'Microsoft Platform Crypto Provider'],
      ['AuthCodeUrl', 'https://login.microsoftonline.com/contoso.com/oauth2/authorize'],
      ['JoinSrvId', 'urn:ms-drs:enterpriseregistration.windows.net'],
      ['Client Time', '2019-01-31 09:25:31.000 UTC'],
      ['KeySignTest', 'MUST Run elevated to test.'],
    ]);
    expect(c.read.warnings.map((w) => w.code)).toEqual(['layout']);
  });

  it('does not split a value on a name the catalog does not know', () => {
    const c = only('Server Error Description : AADSTS50126: Error validating credentials. Hint: retry\n');
    expect(fields(c).map((f) => f.raw)).toEqual(['AADSTS50126: Error validating credentials. Hint: retry']);
  });

  it('places the fields of a headerless fragment in their home sections', () => {
    const c = only('AzureAdJoined : NO\nAzureAdPrt : NO\nClient ErrorCode : 0x801c0021\nMystery : 1\n');
    expect(c.read.layout).toBe('fragment');
    expect(c.sections.map((s) => [s.id, s.title, s.line, s.fields.map((f) => f.name)])).toEqual([
      ['device-state', null, null, ['AzureAdJoined']],
      ['sso-state', null, null, ['AzureAdPrt']],
      ['diagnostic-data', null, null, ['Client ErrorCode']],
      ['unknown', null, null, ['Mystery']],
    ]);
  });

  it('reads <br/> line breaks, keeping the physical line number', () => {
    const c = only(
      `${BORDER}<br/>| Device State |<br />${BORDER}<BR>AzureAdJoined : YES<br>DomainJoined : NO\n`,
    );
    expect(fields(c).map((f) => [f.name, f.line])).toEqual([
      ['AzureAdJoined', 1],
      ['DomainJoined', 1],
    ]);
    expect(c.read.noise).toContain('html');
  });

  it('reads two-column pastes (tab or wide gap) and side-by-side pairs', () => {
    const c = only(
      'AzureAdJoined\tYES\nDomainJoined     NO\n  TenantName : Contoso       TenantId : aaaabbbb-0000-cccc-1111-dddd2222eeee\n',
    );
    expect(fields(c).map((f) => [f.name, f.raw])).toEqual([
      ['AzureAdJoined', 'YES'],
      ['DomainJoined', 'NO'],
      ['TenantName', 'Contoso'],
      ['TenantId', 'aaaabbbb-0000-cccc-1111-dddd2222eeee'],
    ]);
  });

  it('reads `Key = Value` dumps, a leading byte order mark and non-breaking spaces', () => {
    const c = only('\ufeffAzureAdJoined = YES\nDomain\u00a0Joined\u00a0:\u00a0NO\n');
    expect(fields(c).map((f) => [f.name, f.raw, f.line])).toEqual([
      ['AzureAdJoined', 'YES', 1],
      ['DomainJoined', 'NO', 2],
    ]);
  });

  it('reads a Markdown table of fields', () => {
    const c = only('| Field | Value |\n|---|---|\n| AzureAdJoined | YES |\n| DomainJoined | NO |\n');
    expect(fields(c).map((f) => [f.name, f.raw])).toEqual([
      ['AzureAdJoined', 'YES'],
      ['DomainJoined', 'NO'],
    ]);
  });
});

describe('readCaptures: noise', () => {
  it('strips prompts and banners, keeping the Windows version', () => {
    const c = only(
      [
        'Microsoft Windows [Version 10.0.19045.3570]',
        '(c) Microsoft Corporation. All rights reserved.',
        '',
        'C:\\Windows\\system32>dsregcmd /status',
        'AzureAdJoined : YES',
        'PS C:\\Users\\user>',
      ].join('\n'),
    );
    expect(c.windowsVersion).toBe('10.0.19045.3570');
    expect(c.read.noise).toEqual(['banner', 'cmd-prompt', 'powershell-prompt']);
    expect(fields(c)).toHaveLength(1);
    expect(c.read.lines).toEqual({ first: 1, last: 6 });
  });

  it('reads the lines Start-Transcript writes around a session as a banner, not as unreadable output', () => {
    const c = only(
      [
        '**********************',
        'Windows PowerShell transcript start',
        'Start time: 20261206092540',
        '**********************',
        'PS C:\\Windows\\system32> dsregcmd /status',
        '             AzureAdJoined : YES',
        '              DomainJoined : NO',
        'PS C:\\Windows\\system32> Stop-Transcript',
        '**********************',
        'Windows PowerShell transcript end',
        'End time: 20261206092610',
        '**********************',
      ].join('\n'),
    );
    expect(fields(c).map((f) => f.name)).toEqual(['AzureAdJoined', 'DomainJoined']);
    expect(c.read.completeness.unreadableLines).toBe(0);
    expect(c.read.noise).toContain('banner');
  });

  it('strips a shell prompt and numbered list markers', () => {
    const c = only('$ dsregcmd /status\n1. AzureAdJoined : YES\n2) DomainJoined : NO\n');
    expect(fields(c).map((f) => [f.name, f.raw])).toEqual([
      ['AzureAdJoined', 'YES'],
      ['DomainJoined', 'NO'],
    ]);
    expect(c.read.noise).toEqual(['markdown', 'shell-prompt']);
  });

  it('decodes HTML escapes such as C:\\&gt;', () => {
    const c = only(
      'C:\\&gt;dsregcmd /status\n<code>AzureAdJoined : YES</code>\nAzureAdPrtAuthority : https://x.contoso.com/?a=1&amp;b=2\n',
    );
    expect(c.read.noise).toEqual(['cmd-prompt', 'html']);
    expect(fields(c).map((f) => f.raw)).toEqual(['YES', 'https://x.contoso.com/?a=1&b=2']);
  });

  it('strips Markdown: fences, quotes, list markers and bold', () => {
    const c = only('```\n> AzureAdJoined : **YES**\n- DomainJoined : NO\n  * DomainName : CONTOSO\n```\n');
    expect(fields(c).map((f) => [f.name, f.raw])).toEqual([
      ['AzureAdJoined', 'YES'],
      ['DomainJoined', 'NO'],
      ['DomainName', 'CONTOSO'],
    ]);
    expect(c.read.noise).toEqual(['markdown']);
  });

  it('strips a timestamp prefix on every line', () => {
    const c = only(
      '2024-03-01 10:22:13 AzureAdJoined : YES\n[10:22:14] DomainJoined : NO\n2024-03-01T10:22:15.123Z TenantName : Contoso\n',
    );
    expect(fields(c).map((f) => [f.name, f.raw])).toEqual([
      ['AzureAdJoined', 'YES'],
      ['DomainJoined', 'NO'],
      ['TenantName', 'Contoso'],
    ]);
    expect(c.read.noise).toEqual(['timestamp-prefix']);
  });

  it('strips the local date and time forms consoles and log tools print', () => {
    const prefixes: [string, string[]][] = [
      ['03/01/2024 10:30:00 ', ['timestamp-prefix']],
      ['3/1/2024 10:30:00 AM ', ['timestamp-prefix']],
      ['01.03.2024 10:30:00 ', ['timestamp-prefix']],
      ['[03/01/2024 10:30:00] ', ['timestamp-prefix']],
      ['10:30:00.123 ', ['timestamp-prefix']],
      ['9:05:00 PM ', ['timestamp-prefix']],
      ['# 2024-03-01 10:30:00 ', ['comment-prefix', 'timestamp-prefix']],
    ];
    for (const [prefix, noise] of prefixes) {
      const c = only(`${prefix}             AzureAdJoined : YES\n${prefix}              DomainJoined : NO\n`);
      expect(
        fields(c).map((f) => [f.name, f.raw]),
        prefix,
      ).toEqual([
        ['AzureAdJoined', 'YES'],
        ['DomainJoined', 'NO'],
      ]);
      expect(c.read.noise, prefix).toEqual(noise);
    }
  });

  it('reads a /join /debug trace with a local timestamp on every line', () => {
    const c = only(
      readFileSync(
        join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'read', 'trace-local-timestamps.txt'),
        'utf8',
      ),
    );
    expect(c.trace).toMatchObject({
      command: 'dsregcmd /join /debug',
      preCheckResult: 'Join',
      tenantType: 'Managed',
    });
    expect(c.trace?.failures.map((f) => [f.line, f.text])).toEqual([
      [10, 'Join error code: DirectoryError'],
      [11, 'DsrDeviceAutoJoin failed 0x801c03f2.'],
      [12, 'DsrCmdJoinHelper::Join: DsrCmdDeviceEnroller::AutoEnrollSync failed with error code 0x801c03f2.'],
    ]);
    expect(fields(c).map((f) => [f.name, f.line, f.raw])).toEqual([
      ['AzureAdJoined', 14, 'NO'],
      ['DomainJoined', 15, 'YES'],
    ]);
    expect(c.read.noise).toEqual(['cmd-prompt', 'timestamp-prefix']);
  });

  it('keeps an annotation after a value apart from the value', () => {
    const c = only('AzureAdJoined : YES <<<<< this is the problem\nDomainJoined : NO <-- expected\n');
    expect(fields(c).map((f) => [f.raw, f.annotation, f.value.kind])).toEqual([
      ['YES', 'this is the problem', 'bool'],
      ['NO', 'expected', 'bool'],
    ]);
    expect(c.read.noise).toEqual(['annotation']);
  });

  it('skips elision lines, blank padding and trailing padding', () => {
    const c = only(
      'AzureAdJoined : YES                                       \n...\n \n\t\n…\nDomainJoined : NO\n',
    );
    expect(fields(c).map((f) => f.raw)).toEqual(['YES', 'NO']);
    expect(c.read.noise).toEqual(['elision']);
    expect(c.read.completeness.unreadableLines).toBe(0);
  });

  it('counts a non-field line inside the output as unreadable, but not text around it', () => {
    const c = only('My output:\n\nAzureAdJoined : YES\n@@@ garbage @@@\nDomainJoined : NO\n\nThanks!\n');
    expect(c.read.completeness.unreadableLines).toBe(1);
    expect(c.read.warnings).toEqual([
      { code: 'unreadable-line', message: 'not a field: @@@ garbage @@@', line: 4 },
    ]);
    expect(c.read.noise).toEqual(['surrounding-text']);
    expect(c.read.lines).toEqual({ first: 3, last: 5 });
  });

  it('joins a value the console wrapped onto the next line', () => {
    const c = only(
      [
        ...box('URL Specific Proxy Config'),
        '    Auto Detect PAC Status : Failed to auto detect the Proxy Auto-Configuration (PAC) script u',
        'sing WPAD. code: 0x80072f94',
      ].join('\n'),
    );
    expect(field(c, 'Auto Detect PAC Status').raw).toBe(
      'Failed to auto detect the Proxy Auto-Configuration (PAC) script using WPAD. code: 0x80072f94',
    );
    expect(c.read.warnings).toEqual([]);
  });
});

describe('readCaptures: scopes and duplicates', () => {
  it('scopes PRT diagnostics by PRT and by acquire or refresh', () => {
    const c = only(
      [
        ...box('SSO State'),
        'AzureAdPrt : NO',
        'AcquirePrtDiagnostics : PRESENT',
        'Attempt Status : 0xc000006d',
        'RefreshPrtDiagnostics : PRESENT',
        'Attempt Status : 0xc000023c',
        'EnterprisePrt : NO',
        'AcquirePrtDiagnostics : PRESENT',
        'Attempt Status : 0xc004848b',
        'OnPremTgt : NO',
      ].join('\n'),
    );
    expect(fields(c).map((f) => [f.name, f.scope])).toEqual([
      ['AzureAdPrt', null],
      ['AcquirePrtDiagnostics', 'AzureAdPrt'],
      ['Attempt Status', 'AzureAdPrt/AcquirePrtDiagnostics'],
      ['RefreshPrtDiagnostics', 'AzureAdPrt'],
      ['Attempt Status', 'AzureAdPrt/RefreshPrtDiagnostics'],
      ['EnterprisePrt', null],
      ['AcquirePrtDiagnostics', 'EnterprisePrt'],
      ['Attempt Status', 'EnterprisePrt/AcquirePrtDiagnostics'],
      ['OnPremTgt', null],
    ]);
    expect(c.read.warnings).toEqual([]);
  });

  it('scopes the Previous Registration block and Virtual Desktop sub-fields', () => {
    const c = only(
      [
        ...box('Device State'),
        'Virtual Desktop : YES',
        'Provider : Contoso VDI',
        'Type : Persistent',
        'Device Name : PC-1',
        ...box('Diagnostic Data'),
        'Previous Registration : 2019-01-31 09:16:43.000 UTC',
        'Server ErrorCode : DirectoryError',
        'Https Status : 400',
      ].join('\n'),
    );
    expect(fields(c).map((f) => [f.name, f.scope])).toEqual([
      ['Virtual Desktop', null],
      ['Provider', 'Virtual Desktop'],
      ['Type', 'Virtual Desktop'],
      ['Device Name', null],
      ['Previous Registration', 'Previous Registration'],
      ['Server ErrorCode', 'Previous Registration'],
      ['Https Status', 'Previous Registration'],
    ]);
  });

  it('keeps each Work Account apart and warns about a name repeated in one scope', () => {
    const c = only(
      [...box('Work Account 1'), 'NgcSet : NO', ...box('Work Account 2'), 'NgcSet : YES', 'NgcSet : NO'].join(
        '\n',
      ),
    );
    expect(c.sections.map((s) => [s.id, s.ordinal, s.fields.length])).toEqual([
      ['work-account', 1, 1],
      ['work-account', 2, 2],
    ]);
    expect(c.read.warnings).toEqual([
      { code: 'duplicate-field', message: 'NgcSet appears again in the same block', line: 11 },
    ]);
  });
});

describe('readCaptures: documents and truncation', () => {
  it('starts a new document at a Device State header after content', () => {
    const captures = readCaptures(
      [...box('Device State'), 'AzureAdJoined : YES', ...box('Device State'), 'AzureAdJoined : NO'].join(
        '\n',
      ),
    );
    expect(captures.map((c) => [c.index, c.read.lines, fields(c)[0]?.raw])).toEqual([
      [0, { first: 1, last: 5 }, 'YES'],
      [1, { first: 6, last: 10 }, 'NO'],
    ]);
  });

  it('starts a new document at a new dsregcmd prompt after content', () => {
    const captures = readCaptures(
      'PS C:\\> dsregcmd /status\nAzureAdJoined : YES\nPS C:\\> dsregcmd /status\nAzureAdJoined : NO\n',
    );
    expect(captures.map((c) => fields(c)[0]?.raw)).toEqual(['YES', 'NO']);
  });

  it('marks a last value cut mid-word as truncated', () => {
    const c = only(
      [...box('Device State'), 'AzureAdJoined : YES', 'DeviceId : 00aa00aa-bb11-cc22'].join('\n'),
    );
    expect(field(c, 'DeviceId')).toMatchObject({ truncated: true, raw: '00aa00aa-bb11-cc22' });
    expect(field(c, 'AzureAdJoined').truncated).toBe(false);
    expect(c.read.completeness.truncated).toBe(true);
    expect(c.read.warnings.map((w) => [w.code, w.line])).toEqual([
      ['malformed-value', 6],
      ['truncated-value', 6],
    ]);
  });

  it('marks a capture cut inside a key as truncated', () => {
    const c = only('AzureAdJoined : YES\nDomainJoi');
    expect(c.read.completeness).toMatchObject({ truncated: true, unreadableLines: 1 });
  });

  it('does not call a complete last value truncated because the final newline is missing', () => {
    const c = only('AzureAdJoined : YES\nDomainName : CONTOSO');
    expect(c.read.completeness.truncated).toBe(false);
  });
});

describe('readCaptures: debug traces and /listaccounts', () => {
  it('extracts what a /join /debug trace states and reads its closing status block', () => {
    const c = only(
      [
        'C:\\>dsregcmd /join /debug',
        'dsregcmd::wmain logging initialized.',
        'preCheckResult: Join',
        'resultCode: 0x0',
        'TenantInfo::Discover: Join Info { TenantType = Managed; AutoJoinEnabled = 1; TenandID = aaaabbbb-0000-cccc-1111-dddd2222eeee; TenantName = contoso.com }',
        'DsrCmdJoinHelper::Join: DsrCmdDeviceEnroller::AutoEnrollSync failed with error code 0x801C03F2.',
        'DSREGCMD_END_STATUS',
        '             AzureAdJoined : NO',
      ].join('\n'),
    );
    expect(c.read.layout).toBe('debug-trace');
    expect(c.trace).toEqual({
      command: 'dsregcmd /join /debug',
      preCheckResult: 'Join',
      tenantType: 'Managed',
      tenantName: 'contoso.com',
      tenantId: 'aaaabbbb-0000-cccc-1111-dddd2222eeee',
      codes: [
        { code: '0x00000000', line: 4, context: 'resultCode: 0x0' },
        {
          code: '0x801c03f2',
          line: 6,
          context:
            'DsrCmdJoinHelper::Join: DsrCmdDeviceEnroller::AutoEnrollSync failed with error code 0x801C03F2.',
        },
      ],
      failures: [
        {
          text: 'DsrCmdJoinHelper::Join: DsrCmdDeviceEnroller::AutoEnrollSync failed with error code 0x801C03F2.',
          line: 6,
        },
      ],
      successes: [],
      answer: null,
    });
    expect(fields(c).map((f) => [f.name, f.line])).toEqual([['AzureAdJoined', 8]]);
  });

  it('recognises /listaccounts output', () => {
    const c = only(
      'Call ListAccounts to list WAM accounts from the current user profile.\n\nUser accounts:\nAccount: u:a.b, user: user@contoso.com, authority: https://login.microsoftonline.com/x.\n\nAccounts found: 1.\n',
    );
    expect(c.read.layout).toBe('listaccounts');
    expect(c.accounts).toEqual([
      {
        text: 'Account: u:a.b, user: user@contoso.com, authority: https://login.microsoftonline.com/x.',
        line: 4,
      },
    ]);
    expect(c.sections).toEqual([]);
  });
});

describe('readCaptures: the registration service’s answer in a join trace', () => {
  it('keeps the answer to the last join request, a new request ID starting a new answer', () => {
    const c = only(
      [
        'dsregcmd::wmain logging initialized.',
        'Join request ID: 00000000-0000-0000-0000-000000000011',
        'Join HTTP status: 401',
        'Join error code: AuthenticationError',
        'DsrCmdJoinHelper::Join: Federated ADRS join failed with error 0x801c0002. Try synchronized join.',
        'Join request ID: 00000000-0000-0000-0000-000000000012',
        'Join response time: 2025-04-07 09:55:00',
        'Join HTTP status: 400',
        'Join error code: DirectoryError',
        'Join message: The device object by the given id (00000000-0000-0000-0000-000000000013) is not found.',
        'DsrCmdJoinHelper::Join: DsrCmdDeviceEnroller::AutoEnrollSync failed with error code 0x801C03F2.',
        'DSREGCMD_END_STATUS',
      ].join('\n'),
    );
    expect(c.trace?.answer).toEqual({
      requestId: '00000000-0000-0000-0000-000000000012',
      httpStatus: 400,
      errorCode: 'DirectoryError',
      message: 'The device object by the given id (00000000-0000-0000-0000-000000000013) is not found.',
      line: 6,
    });
  });
});

describe('readCaptures: pathological input stays linear and never throws', () => {
  /** Best of three, so one pause of a loaded machine does not count. */
  const timeOf = (text: string) => {
    let best = Number.POSITIVE_INFINITY;
    let out: ReturnType<typeof readCaptures> = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      out = readCaptures(text);
      best = Math.min(best, performance.now() - start);
    }
    return { out, ms: best };
  };
  /**
   * Time at 8n against time at n, in this process: about 8 for a linear reader, 64 for a
   * quadratic one. The bound is generous, never an absolute time: a loaded 2-core machine, and
   * steps in the engine's own string handling, stay under it; a quadratic path does not.
   */
  const GROWTH_BOUND = 40;
  /**
   * The `#` prefix shapes measure 8 to 10 on an idle machine and up to 22 with both cores busy
   * elsewhere: a tighter bound than the general one, still far below a quadratic 64.
   */
  const PREFIX_GROWTH_BOUND = 28;
  const growth = (make: (n: number) => string, n: number) => {
    const small = timeOf(make(n));
    const large = timeOf(make(8 * n));
    // A floor of a millisecond keeps a too-fast small case (timer noise) from deciding the ratio.
    return { out: large.out, ratio: large.ms / Math.max(small.ms, 1) };
  };

  it('reads a 10 MB single line', () => {
    const { out, ratio } = growth((n) => `AzureAdJoined : ${'A'.repeat(n)}`, 1_250_000);
    expect(out[0]?.sections[0]?.fields[0]?.raw.length).toBe(10_000_000);
    expect(ratio).toBeLessThan(GROWTH_BOUND);
  });

  it('reads a line of 1 million colons, and one of a million ": " pairs', () => {
    expect(growth((n) => ':'.repeat(n), 500_000).ratio).toBeLessThan(GROWTH_BOUND);
    const { out, ratio } = growth((n) => `Server Message : ${': '.repeat(n)}`, 125_000);
    expect(out[0]?.sections[0]?.fields).toHaveLength(1);
    expect(ratio).toBeLessThan(GROWTH_BOUND);
  });

  it('reads 100k repeated headers', () => {
    const { out, ratio } = growth((n) => '| Device State |\n'.repeat(n), 12_500);
    expect(out[0]?.sections).toHaveLength(100_000);
    expect(ratio).toBeLessThan(GROWTH_BOUND);
  });

  it('reads many known keys glued on one line', () => {
    const { out, ratio } = growth((n) => `${'AzureAdJoined : YES '.repeat(n)}`, 25_000);
    expect(out[0]?.sections[0]?.fields).toHaveLength(200_000);
    expect(ratio).toBeLessThan(GROWTH_BOUND);
  });

  it('reads lines of glued end markers and glued `Class::Method:` tokens', () => {
    const ends = growth((n) => `DsrCmdJoinHelper::Join: x.${'DSREGCMD_END_STATUS'.repeat(n)}`, 50_000);
    expect(ends.out[0]?.trace?.failures).toEqual([]);
    expect(ends.ratio).toBeLessThan(GROWTH_BOUND);
    const glued = growth((n) => `${'DsrCmdJoinHelper::Join: failed 0x801c03f2.'.repeat(n)}`, 25_000);
    expect(glued.out[0]?.trace?.failures).toHaveLength(200_000);
    expect(glued.ratio).toBeLessThan(GROWTH_BOUND);
    // One long run of name characters before each `::`: each looks back one name length only.
    expect(growth((n) => `Abc::Def ${'a'.repeat(200)}::b`.repeat(n), 5_000).ratio).toBeLessThan(GROWTH_BOUND);
  });

  it('reads lines full of pipes and glued headers', () => {
    expect(growth((n) => 'x|'.repeat(n), 500_000).ratio).toBeLessThan(GROWTH_BOUND);
    const { out, ratio } = growth((n) => '| Device State | '.repeat(n), 12_500);
    expect(out[0]?.sections).toHaveLength(100_000);
    expect(ratio).toBeLessThan(GROWTH_BOUND);
  });

  it('reads lines of unterminated entities and tags', () => {
    expect(growth((n) => `AzureAdJoined : ${'&amp'.repeat(n)}`, 62_500).ratio).toBeLessThan(GROWTH_BOUND);
    expect(growth((n) => `AzureAdJoined : ${'<span '.repeat(n)}`, 62_500).ratio).toBeLessThan(GROWTH_BOUND);
  });

  it('reads values full of unclosed placeholder brackets and `#` prefixes', () => {
    const long = 'abcdefghij'.repeat(4);
    expect(growth((n) => `AuthCodeUrl : ${`[${long}`.repeat(n)}`, 25_000).ratio).toBeLessThan(GROWTH_BOUND);
    expect(growth((n) => `TenantId : ${`<${long}`.repeat(n)}`, 25_000).ratio).toBeLessThan(GROWTH_BOUND);
    expect(growth((n) => `${'#'.repeat(n)} AzureAdJoined : YES`, 125_000).ratio).toBeLessThan(
      PREFIX_GROWTH_BOUND,
    );
    expect(growth((n) => `# ${'# '.repeat(n)}AzureAdJoined : YES`, 62_500).ratio).toBeLessThan(
      PREFIX_GROWTH_BOUND,
    );
  });

  it('reads long debug traces with `# `, timestamp prefixes or lost newlines in linear time', () => {
    // One failed federated attempt and its sync fallback, as `dsregcmd /join /debug` prints them.
    const trace = [
      'TenantInfo::Discover: Join Info { TenantType = Federated; AutoJoinEnabled = 1; TenandID = aaaabbbb-0000-cccc-1111-dddd2222eeee; TenantName = contoso.com }',
      'GetComputerTokenForADRS: Get token for ADRS',
      'AdalLog: Token is not available in the cache ; HRESULT: 0x0',
      'AdalLog:  HRESULT: 0xcaa9002c',
      'AdalErrorCode: 0xcaa9002c',
      'AutoEnrollAsComputer: Unable to retrieve access token. GetComputerTokenForADRS failed with error 0xcaa9002c.',
      'DsrCmdJoinHelper::Join: Federated ADRS join failed with error 0xcaa1000e. Try synchronized join.',
      'Join HTTP status: 400',
      'DsrDeviceAutoJoin failed 0x801c03f2.',
      'DsrCmdJoinHelper::Join: DsrCmdDeviceEnroller::AutoEnrollSync failed with error code 0x801c03f2.',
    ];
    const repeat = (n: number, line: (l: string, i: number) => string, sep = '\n') =>
      Array.from({ length: n }, () => trace.map(line).join(sep)).join('\n');
    const shapes: [string, (n: number) => string][] = [
      ['commented', (n) => repeat(n, (l) => `# ${l}`)],
      [
        'timestamped',
        (n) => repeat(n, (l, i) => `2024-03-01 10:29:${String(10 + i).padStart(2, '0')}.123 ${l}`),
      ],
      ['glued', (n) => repeat(n, (l) => l, '')],
    ];
    // Each line is read once (the work per line does not grow with the trace); what wall time adds
    // beyond 8 is the collector's work on the larger trace kept in memory, so the general bound.
    for (const [name, make] of shapes) {
      const { out, ratio } = growth(make, 1_000);
      expect(out[0]?.trace?.codes.length, name).toBeGreaterThan(30_000);
      expect(ratio, name).toBeLessThan(GROWTH_BOUND);
    }
  });

  it('never throws on odd strings', () => {
    for (const s of [
      '|',
      '+-',
      '| |',
      '<br',
      '&#xZZ;',
      '&#99999999;',
      'PS>',
      'C:\\>',
      '0x',
      '[ -- ]',
      '{',
      'AzureAdJoined :',
      ':\t:',
    ]) {
      expect(() => readCaptures(s)).not.toThrow();
    }
  });
});

describe('readCaptures: prose tables are not sections', () => {
  it('does not read a Markdown table of states as headers', () => {
    const c = only(
      '| AzureAdJoined | EnterpriseJoined | Device state |\n| YES | NO | Microsoft Entra joined |\nDomainJoined : YES\n',
    );
    expect(c.sections.map((s) => [s.id, s.fields.map((f) => f.name)])).toEqual([
      ['device-state', ['DomainJoined']],
    ]);
    expect(c.read.warnings.filter((w) => w.code === 'unknown-section')).toEqual([]);
  });
});

describe('readCaptures: lines real captures carry', () => {
  it('keeps an unknown one-word field at column 0 apart from a long value above it', () => {
    const url = 'https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee/oauth2/authorize';
    const c = only(
      [...box('Tenant Details'), `  AuthCodeUrl: ${url}`, 'FutureFlagXyz: YES', BORDER].join('\n'),
    );
    expect(field(c, 'AuthCodeUrl').raw).toBe(url);
    expect(field(c, 'FutureFlagXyz')).toMatchObject({
      raw: 'YES',
      known: false,
      value: { kind: 'bool', value: true },
    });
  });

  it("treats dsregcmd's own progress line as noise, not an unreadable line", () => {
    const c = only(
      [
        ...box('Diagnostic Data'),
        'Waiting for Diagnostics Task to complete. This could take a few minutes...',
        '',
        '     AD Connectivity Test : PASS',
        BORDER,
      ].join('\n'),
    );
    expect(c.read.noise).toContain('progress');
    expect(c.read.completeness.unreadableLines).toBe(0);
    expect(field(c, 'AD Connectivity Test').value).toMatchObject({ kind: 'test', outcome: 'pass' });
  });

  it('does not call Diagnostic Data missing on a workgroup device, which never prints it', () => {
    const text = [
      ...box('Device State'),
      '             AzureAdJoined : NO',
      '          EnterpriseJoined : NO',
      '              DomainJoined : NO',
      '',
      ...box('User State'),
      '                    NgcSet : NO',
      '           WorkplaceJoined : YES',
      '',
      ...box('SSO State'),
      '                AzureAdPrt : NO',
      '',
      ...box('Ngc Prerequisite Check'),
      '            IsDeviceJoined : NO',
      BORDER,
    ].join('\n');
    expect(only(text).read.completeness).toMatchObject({ missingSections: [], score: 1 });
  });
});

describe('readCaptures: what public captures showed', () => {
  it('strips a `# ` comment or heading prefix on every line, keeping boxes and a root prompt', () => {
    const hashed = (lines: string[]) => lines.map((l) => (l === '' ? '' : `# ${l}`));
    const text = [
      '# check status',
      '# dsregcmd /status',
      '',
      ...hashed([...box('Device State'), '             AzureAdJoined : YES', '']),
      '#',
      '## ...',
      ...hashed([...box('Ngc Prerequisite Check'), '            IsDeviceJoined : YES']),
      '',
    ].join('\n');
    const c = only(text);
    expect(c.sections.map((s) => [s.id, s.title, s.line])).toEqual([
      ['device-state', 'Device State', 5],
      ['ngc-prerequisite-check', 'Ngc Prerequisite Check', 13],
    ]);
    expect(fields(c).map((f) => [f.name, f.raw, f.line])).toEqual([
      ['AzureAdJoined', 'YES', 8],
      ['IsDeviceJoined', 'YES', 16],
    ]);
    expect(c.read.noise).toEqual(['comment-prefix', 'elision', 'shell-prompt', 'surrounding-text']);
    expect(c.read.warnings).toEqual([]);
    expect(c.read.lines).toEqual({ first: 2, last: 16 });
  });

  it('still reads `# dsregcmd /status` as a root prompt that starts a new capture', () => {
    const captures = readCaptures(
      '# dsregcmd /status\nAzureAdJoined : YES\n# dsregcmd /status\nAzureAdJoined : NO\n',
    );
    expect(captures.map((c) => [fields(c)[0]?.raw, c.read.noise])).toEqual([
      ['YES', ['shell-prompt']],
      ['NO', ['shell-prompt']],
    ]);
  });

  it('maps the RS4 spelling DeviceManagementSrvVersion to DeviceManagementSrvVer in the flat layout', () => {
    const c = only(
      [
        ...box('Device State'),
        '             AzureAdJoined : YES',
        '                  TenantId : aaaabbbb-0000-cccc-1111-dddd2222eeee',
        'DeviceManagementSrvVersion : 1.0',
        '              DomainJoined : YES',
        '',
      ].join('\n'),
    );
    expect(c.read.layout).toBe('flat');
    expect(c.sections[0]?.id).toBe('device-state');
    expect(field(c, 'DeviceManagementSrvVer')).toMatchObject({
      label: 'DeviceManagementSrvVersion',
      raw: '1.0',
      value: { kind: 'number', value: 1 },
      known: true,
    });
    expect(c.read.warnings).toEqual([]);
  });

  it('reads UNKNOWN YES/NO checks as text, even as the last value without a newline', () => {
    const c = only(
      [
        ...box('Ngc Prerequisite Check'),
        '                     NgcPreReq : ERROR (0xd0020017)',
        '                IsDeviceJoined : UNKNOWN',
      ].join('\n'),
    );
    expect(fields(c).map((f) => [f.name, f.known, f.value, f.truncated])).toEqual([
      ['NgcPreReq', true, { kind: 'error', code: '0xd0020017', text: 'ERROR (0xd0020017)' }, false],
      ['IsDeviceJoined', true, { kind: 'text', text: 'UNKNOWN' }, false],
    ]);
    expect(c.read.completeness.truncated).toBe(false);
    expect(c.read.warnings).toEqual([]);
  });

  it('keeps `AzureAdPrtAuthority : NO` of old builds as the text NO, without a warning', () => {
    const c = only(
      [
        ...box('SSO State'),
        '                AzureAdPrt : NO',
        '       AzureAdPrtAuthority : NO',
        '             EnterprisePrt : NO',
        '    EnterprisePrtAuthority : NO',
      ].join('\n'),
    );
    expect(field(c, 'AzureAdPrtAuthority')).toMatchObject({ raw: 'NO', value: { kind: 'text', text: 'NO' } });
    expect(field(c, 'EnterprisePrtAuthority')).toMatchObject({
      raw: 'NO',
      value: { kind: 'text', text: 'NO' },
      truncated: false,
    });
    expect(c.read.warnings).toEqual([]);
  });
});

describe('readCapturesLazily: the captures one at a time', () => {
  const text = [
    'Here is the first device:',
    BORDER,
    `| ${'Device State'.padEnd(69)}|`,
    BORDER,
    '',
    '  AzureAdJoined : YES',
    '  DomainJoined : NO',
    '',
    BORDER,
    `| ${'Device State'.padEnd(69)}|`,
    BORDER,
    '',
    '  AzureAdJoined : NO',
    '  DomainJoined : YES',
  ].join('\n');

  it('hands out each capture numbered among the captures, with its own lines', () => {
    const lazily = readCapturesLazily(text, { encoding: 'utf-8' });
    const first = lazily.next();
    expect(first.done).toBe(false);
    expect(first.value).toMatchObject({
      index: 0,
      read: { encoding: 'utf-8', newline: 'lf', lines: { first: 2, last: 7 }, noise: ['surrounding-text'] },
    });
    const rest = [...lazily];
    expect(rest.map((c) => [c.index, c.read.lines.first, c.read.lines.last])).toEqual([[1, 9, 14]]);
    expect(fields(rest[0] as DsregCapture).map((f) => [f.name, f.raw])).toEqual([
      ['AzureAdJoined', 'NO'],
      ['DomainJoined', 'YES'],
    ]);
  });

  it('reads the same captures as readCaptures, and none from text without output', () => {
    expect([...readCapturesLazily(text)]).toEqual(readCaptures(text));
    expect([...readCapturesLazily('Hello,\nplease find my logs attached.\n')]).toEqual([]);
  });
});
