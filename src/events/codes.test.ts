import { describe, expect, it } from 'vitest';
import {
  aadstsCodes,
  codeFromValue,
  hexFromNumber,
  hresultFromWin32,
  networkCodeFromValue,
} from './codes.ts';

describe('code forms in events', () => {
  it.each([
    ['-2145647630', '0x801c03f2'], // Int32 ExitCode in XML
    ['-894947614', '0xcaa82ee2'],
    ['3399942154', '0xcaa7000a'], // UInt32 Error of AAD 1097/1098
    ['0xC000006D', '0xc000006d'], // HexInt32
    ['Unknown HResult Error code: 0x801c001d', '0x801c001d'], // rendered text
    ['Unknown HResult Error code: -2145647630.', '0x801c03f2'], // a signed decimal in rendered text
    ['Error code: 2149319666', '0x801c03f2'], // an unsigned one
    ['The error code was 1355', null], // a small number is no HRESULT
    ['0x2ee6', '0x00002ee6'],
    ['', null],
    ['not a code', null],
  ])('%s → %s', (value, code) => {
    expect(codeFromValue(value)).toBe(code);
  });

  it('refuses numbers outside 32 bits', () => {
    expect(hexFromNumber(2 ** 32)).toBeNull();
    expect(hexFromNumber(-(2 ** 31) - 1)).toBeNull();
  });

  it('turns Win32 and bare WinHTTP numbers into HRESULTs', () => {
    expect(hresultFromWin32('1317')).toBe('0x80070525');
    expect(hresultFromWin32('0')).toBeNull();
    expect(hresultFromWin32('2149318685')).toBeNull();
    expect(networkCodeFromValue('0x2ee6')).toBe('0x80072ee6');
    expect(networkCodeFromValue('12029')).toBe('0x80072efd');
    expect(networkCodeFromValue('-2147012867')).toBe('0x80072efd');
  });

  it('lists AADSTS codes once each, in order', () => {
    expect(aadstsCodes('AADSTS50076: MFA. Then AADSTS50126, again AADSTS50076.')).toEqual([
      'AADSTS50076',
      'AADSTS50126',
    ]);
  });
});
