import { describe, expect, it } from 'vitest';
import { isMasked, normalizeGuid, normalizeHexCode, parseTimestamp, readValue } from './values.ts';

describe('value typing', () => {
  it('reads YES/NO in any case, with a parenthesised detail', () => {
    expect(readValue('YES', 'bool').value).toEqual({ kind: 'bool', value: true, detail: null });
    expect(readValue('no', 'bool').value).toEqual({ kind: 'bool', value: false, detail: null });
    expect(readValue('Yes', 'bool').value).toEqual({ kind: 'bool', value: true, detail: null });
    expect(readValue('YES ( StateReady )', 'bool').value).toEqual({
      kind: 'bool',
      value: true,
      detail: 'StateReady',
    });
  });

  it('reads ERROR with and without a code', () => {
    expect(readValue('ERROR (0x80070520)', 'bool').value).toEqual({
      kind: 'error',
      code: '0x80070520',
      text: 'ERROR (0x80070520)',
    });
    expect(readValue('ERROR 0x801C0002', 'code').value).toEqual({
      kind: 'error',
      code: '0x801c0002',
      text: 'ERROR 0x801C0002',
    });
    expect(readValue('ERROR', 'bool').value).toEqual({ kind: 'error', code: null, text: 'ERROR' });
  });

  it('reads pre-join test results with error and sub-error', () => {
    expect(readValue('PASS', 'test').value).toEqual({
      kind: 'test',
      outcome: 'pass',
      code: null,
      subCode: null,
      text: 'PASS',
    });
    expect(readValue('FAIL [0x801c0021/0x80072ee2]', 'test').value).toEqual({
      kind: 'test',
      outcome: 'fail',
      code: '0x801c0021',
      subCode: '0x80072ee2',
      text: 'FAIL [0x801c0021/0x80072ee2]',
    });
    expect(readValue('SKIPPED', 'test').value).toMatchObject({ outcome: 'skipped' });
    expect(readValue('PASSED', 'test').value).toMatchObject({ outcome: 'pass' });
    expect(readValue('MUST Run elevated to test.', 'test').value).toMatchObject({
      outcome: 'other',
      code: null,
    });
  });

  it('reads DeviceAuthStatus outcomes', () => {
    expect(readValue('SUCCESS', 'status').value).toEqual({
      kind: 'status',
      outcome: 'success',
      code: null,
      message: null,
    });
    expect(readValue('FAILED. Device is either disabled or deleted.', 'status').value).toEqual({
      kind: 'status',
      outcome: 'failed',
      code: null,
      message: 'Device is either disabled or deleted.',
    });
    expect(readValue('FAILED. Error: 0x801C0002', 'status').value).toEqual({
      kind: 'status',
      outcome: 'failed',
      code: '0x801c0002',
      message: 'Error: 0x801C0002',
    });
    expect(readValue('FAILED. ERROR', 'status').value).toMatchObject({ outcome: 'failed', message: 'ERROR' });
  });

  it('converts timestamps to ISO-8601 UTC', () => {
    expect(parseTimestamp('2019-01-31 09:16:43.000 UTC')).toBe('2019-01-31T09:16:43.000Z');
    expect(parseTimestamp('2026-06-01 14:10:46 UTC')).toBe('2026-06-01T14:10:46.000Z');
    expect(parseTimestamp('2020-07-18 20:10:33.789 UTC')).toBe('2020-07-18T20:10:33.789Z');
    expect(parseTimestamp('2024-03-25T09:16:43Z')).toBe('2024-03-25T09:16:43.000Z');
    expect(parseTimestamp('1/31/2019 9:16:43 AM')).toBe('2019-01-31T09:16:43.000Z');
    expect(parseTimestamp('1/31/2019 12:16:43 PM')).toBe('2019-01-31T12:16:43.000Z');
    expect(parseTimestamp('31/1/2019 21:16:43')).toBe('2019-01-31T21:16:43.000Z');
    expect(parseTimestamp('31.01.2019 09:16:43')).toBe('2019-01-31T09:16:43.000Z');
    // Day and month could be swapped: not guessed.
    expect(parseTimestamp('3/4/2024 9:16:43 AM')).toBeNull();
    expect(parseTimestamp('2019-13-31 09:16:43.000 UTC')).toBeNull();
    expect(readValue('NONE', 'time')).toEqual({ value: { kind: 'text', text: 'NONE' }, malformed: null });
  });

  it('reads validity ranges, keeping a side that cannot be read as null', () => {
    expect(
      readValue('[ 2019-01-11 21:02:50.000 UTC -- 2029-01-11 21:32:50.000 UTC ]', 'range').value,
    ).toEqual({
      kind: 'range',
      from: '2019-01-11T21:02:50.000Z',
      to: '2029-01-11T21:32:50.000Z',
    });
    expect(readValue('[ 2019-01-11 21:02:50.000 UTC -- 2029-01 ]', 'range').value).toEqual({
      kind: 'range',
      from: '2019-01-11T21:02:50.000Z',
      to: null,
    });
  });

  it('reads GUIDs with or without braces, lower-cased, with a provider', () => {
    expect(readValue('{C7A9AEDC-780E-4FDA-B200-1AE15561A46B}', 'guid').value).toEqual({
      kind: 'guid',
      guid: 'c7a9aedc-780e-4fda-b200-1ae15561a46b',
      provider: null,
    });
    expect(readValue('{ B16898C6-A148-4967-9171-64D755DA8520 } (AzureAd)', 'guid').value).toEqual({
      kind: 'guid',
      guid: 'b16898c6-a148-4967-9171-64d755da8520',
      provider: 'AzureAd',
    });
    expect(normalizeGuid('aaaabbbb-0000-cccc-1111-dddd2222eeee')).toBe(
      'aaaabbbb-0000-cccc-1111-dddd2222eeee',
    );
    expect(normalizeGuid('aaaabbbb-0000-cccc-1111-dddd2222eee')).toBeNull();
  });

  it('normalises codes to 0x + 8 lower-case hex digits', () => {
    expect(normalizeHexCode('0x801C0021')).toBe('0x801c0021');
    expect(normalizeHexCode('0x0')).toBe('0x00000000');
    expect(normalizeHexCode('-2145648607')).toBe('0x801c0021');
    expect(normalizeHexCode('2149318689')).toBe('0x801c0021');
    expect(normalizeHexCode('801c0021')).toBe('0x801c0021');
    expect(normalizeHexCode('12002')).toBe('0x00002ee2');
    expect(normalizeHexCode('0x1234567890')).toBeNull();
    expect(normalizeHexCode('fail')).toBeNull();
    expect(readValue('0xc000006d', 'code').value).toEqual({ kind: 'code', code: '0xc000006d' });
  });

  it('reads the code a code field writes first, before a note, another form or another code', () => {
    const code = (text: string) => readValue(text, 'code');
    expect(code('0x801c03f2 (-2145647630)').value).toEqual({ kind: 'code', code: '0x801c03f2' });
    expect(code('0x801C03F2 (DSREG_E_DIRECTORY_FAILURE)').value).toEqual({
      kind: 'code',
      code: '0x801c03f2',
    });
    expect(code('0x801c03f2/-2145647630').value).toEqual({ kind: 'code', code: '0x801c03f2' });
    expect(code('0x801c03f2.').value).toEqual({ kind: 'code', code: '0x801c03f2' });
    expect(code('DSREG_E_DIRECTORY_FAILURE').value).toEqual({ kind: 'code', code: '0x801c03f2' });
    // Several codes: the first is the value; the raw text keeps the others for the diagnosis.
    const several = code('0x80090016 0x80290407');
    expect(several).toEqual({ value: { kind: 'code', code: '0x80090016' }, malformed: null });
    // A masked or partly masked code is masked, never a shorter code.
    expect(code('0x801c****').value).toEqual({ kind: 'masked', text: '0x801c****' });
    expect(code('0x801cxxxx (DSREG_E_DIRECTORY_FAILURE)').value.kind).toBe('masked');
    // Words are not codes.
    expect(code('see the event log').value).toEqual({ kind: 'text', text: 'see the event log' });
    expect(code('0x801c03f2G (typo)').malformed).toBe('value does not read as code');
  });

  it('reads numbers, lists and base64 JSON', () => {
    expect(readValue('400', 'number').value).toEqual({ kind: 'number', value: 400 });
    expect(readValue('.windows.net, .azure.net:1433,', 'list').value).toEqual({
      kind: 'list',
      items: ['.windows.net', '.azure.net:1433'],
    });
    const b64 = 'eyJVcmlzIjpbImh0dHBzOi8vc2V0dGluZ3MuY29udG9zby5jb20vIl19';
    expect(readValue(b64, 'base64-json').value).toEqual({
      kind: 'decoded',
      encoding: 'base64-json',
      json: { Uris: ['https://settings.contoso.com/'] },
    });
  });

  it('keeps invalid base64 as text with a warning', () => {
    expect(readValue('eyJub3QganNvbg', 'base64-json')).toEqual({
      value: { kind: 'text', text: 'eyJub3QganNvbg' },
      malformed: 'value does not read as base64-json',
    });
  });

  it('recognises masked values as masked, not malformed', () => {
    for (const v of [
      'xxxx',
      '***',
      '[REDACTED_GUID]',
      '<TenantId>',
      'a926...d8',
      '72b988bf-xxxx-xxxx-xxxx-2d7cd011xxxx',
    ]) {
      expect(readValue(v, 'guid'), v).toEqual({ value: { kind: 'masked', text: v }, malformed: null });
    }
    expect(readValue('{D7F9...4F} (MicrosoftAccount)', 'guid').value).toEqual({
      kind: 'masked',
      text: '{D7F9...4F} (MicrosoftAccount)',
    });
    // An ellipsis inside a sentence is not masking.
    expect(isMasked('Failed to connect... retrying later', true)).toBe(false);
  });

  it('reads bracketed placeholders as masked, not malformed', () => {
    const masked = (v: string) => ({ value: { kind: 'masked', text: v }, malformed: null });
    expect(readValue('[Date] UTC', 'time')).toEqual(masked('[Date] UTC'));
    expect(readValue('[GUID]', 'guid')).toEqual(masked('[GUID]'));
    expect(readValue('[TenantId]', 'guid')).toEqual(masked('[TenantId]'));
    expect(readValue('[Tenant ID]', 'guid')).toEqual(masked('[Tenant ID]'));
    expect(readValue('<DeviceId>', 'guid')).toEqual(masked('<DeviceId>'));
    expect(readValue('https://login.microsoftonline.com/[TenantId]', 'url')).toEqual(
      masked('https://login.microsoftonline.com/[TenantId]'),
    );
    expect(readValue('https://[ADFS-Server]/adfs/oauth2/token/', 'url')).toEqual(
      masked('https://[ADFS-Server]/adfs/oauth2/token/'),
    );
    expect(readValue('https://login.microsoftonline.com/<TenantId>/oauth2/token', 'url')).toEqual(
      masked('https://login.microsoftonline.com/<TenantId>/oauth2/token'),
    );
    expect(readValue('[UserPrincipalName]', 'text')).toEqual(masked('[UserPrincipalName]'));
    // Not placeholders: a validity range, a test code, brackets inside a sentence.
    expect(
      readValue('[ 2019-01-11 21:02:50.000 UTC -- 2029-01-11 21:32:50.000 UTC ]', 'range').value.kind,
    ).toBe('range');
    expect(readValue('FAIL [0x801c0021]', 'test').value).toMatchObject({ kind: 'test', outcome: 'fail' });
    expect(readValue('Unable to reach [Server] in time', 'text').value.kind).toBe('text');
    expect(readValue('*.contoso.com;<local>', 'text').value.kind).toBe('text');
    expect(isMasked('[ ]', false)).toBe(false);
    expect(isMasked('[Date ] UTC', false)).toBe(false);
  });

  it('reads UNKNOWN in a YES/NO field as text without a warning', () => {
    expect(readValue('UNKNOWN', 'bool')).toEqual({
      value: { kind: 'text', text: 'UNKNOWN' },
      malformed: null,
    });
    expect(readValue('Unknown', 'bool')).toEqual({
      value: { kind: 'text', text: 'Unknown' },
      malformed: null,
    });
  });

  it('keeps ENABLED/DISABLED and a url field set to NO as text', () => {
    expect(readValue('ENABLED', 'text')).toEqual({
      value: { kind: 'text', text: 'ENABLED' },
      malformed: null,
    });
    expect(readValue('DISABLED', 'text')).toEqual({
      value: { kind: 'text', text: 'DISABLED' },
      malformed: null,
    });
    expect(readValue('NO', 'url')).toEqual({ value: { kind: 'text', text: 'NO' }, malformed: null });
  });

  it('infers a type for unknown fields', () => {
    expect(readValue('YES', null).value).toMatchObject({ kind: 'bool', value: true });
    expect(readValue('0x801c03f2', null).value).toEqual({ kind: 'code', code: '0x801c03f2' });
    expect(readValue('42', null).value).toEqual({ kind: 'number', value: 42 });
    expect(readValue('hello world', null).value).toEqual({ kind: 'text', text: 'hello world' });
    expect(readValue('', 'bool').value).toEqual({ kind: 'empty' });
  });

  it('warns when a strictly typed value is damaged', () => {
    expect(readValue('00aa00aa-bb11-cc22', 'guid').malformed).toBe('value does not read as guid');
    expect(readValue('NOT SET', 'guid').malformed).toBeNull();
  });
});

describe('values as admins paste them', () => {
  it('reads placeholder words as absent values, except where the word is a state', () => {
    for (const word of ['-', '--', 'n/a', 'N/A', 'none', 'NOT SET', 'null']) {
      expect(readValue(word, 'url').value).toEqual({ kind: 'empty' });
      expect(readValue(word, 'text').value).toEqual({ kind: 'empty' });
    }
    expect(readValue('NOT SET', 'text', true).value).toEqual({ kind: 'text', text: 'NOT SET' });
    expect(readValue('none', 'text', true).value).toEqual({ kind: 'text', text: 'none' });
    // A time's NONE is its documented "never"; a real value is never a placeholder.
    expect(readValue('NONE', 'time').value).toEqual({ kind: 'text', text: 'NONE' });
    expect(readValue('https://enrollment.manage.microsoft.com/', 'url').value).toEqual({
      kind: 'text',
      text: 'https://enrollment.manage.microsoft.com/',
    });
  });

  it('reads the code of every `FAILED. Error:` form, in hex or signed decimal', () => {
    expect(readValue('FAILED. Error: 0x80090016', 'test').value).toEqual({
      kind: 'test',
      outcome: 'fail',
      code: '0x80090016',
      subCode: null,
      text: 'FAILED. Error: 0x80090016',
    });
    expect(readValue('FAILED. Error: -2146893802', 'status').value).toEqual({
      kind: 'status',
      outcome: 'failed',
      code: '0x80090016',
      message: 'Error: -2146893802',
    });
    expect(readValue('FAILED. Device is either disabled or deleted', 'status').value).toEqual({
      kind: 'status',
      outcome: 'failed',
      code: null,
      message: 'Device is either disabled or deleted',
    });
  });
});
