import { describe, expect, it } from 'vitest';
import { HexCode } from '../../model/capture.ts';
import {
  hex32,
  hexFromNumber,
  hresultFromNt,
  hresultFromWin32,
  isHexCode,
  normalizeHex,
  ntFromHresult,
  toSigned,
  toUnsigned,
  win32FromHresult,
  withRelatedForms,
} from './forms.ts';

describe('code forms', () => {
  it('reads every written form of one code to the same normal form', () => {
    const forms = ['0x801C001D', '0x801c001d', ' 801c001d ', '-2145648611', '2149318685', '+2149318685'];
    expect(forms.map(normalizeHex)).toEqual(Array(6).fill('0x801c001d'));
  });

  it('pads short hex and keeps zero as zero', () => {
    expect(normalizeHex('0x2ee6')).toBe('0x00002ee6');
    expect(normalizeHex('0x0')).toBe('0x00000000');
  });

  it('refuses what is not a 32-bit code', () => {
    expect(
      ['', '0x', '0x123456789', '4294967296', '-2147483649', 'cafe', 'DirectoryError', '12.5'].map(
        normalizeHex,
      ),
    ).toEqual(Array(8).fill(null));
    expect(hexFromNumber(1.5)).toBeNull();
  });

  it('agrees with the model HexCode on what the normal form is', () => {
    for (const text of ['0x801c03f2', '0x801C03F2', '801c03f2', '0x801c03f', '0x801c03f20', '0xg01c03f2']) {
      expect(isHexCode(text)).toBe(HexCode.safeParse(text).success);
    }
    expect(isHexCode('0x801c03f2')).toBe(true);
  });

  it('converts between hex and signed or unsigned decimal', () => {
    expect(toSigned('0x801c03f2')).toBe(-2145647630);
    expect(toUnsigned('0x801c03f2')).toBe(2149319666);
    expect(toSigned('0x00000005')).toBe(5);
    expect(hex32(-2145647630)).toBe('0x801c03f2');
    expect(toSigned('801c03f2')).toBeNull();
  });

  it('builds and takes apart HRESULT_FROM_WIN32', () => {
    expect(hresultFromWin32(12002)).toBe('0x80072ee2');
    expect(hresultFromWin32(5)).toBe('0x80070005');
    expect(hresultFromWin32(0)).toBe('0x00000000');
    expect(hresultFromWin32(70000)).toBeNull();
    expect(win32FromHresult('0x80072ee2')).toBe(12002);
    expect(win32FromHresult('0x801c03f2')).toBeNull();
  });

  it('builds and takes apart HRESULT_FROM_NT', () => {
    expect(hresultFromNt('0xc000006d')).toBe('0xd000006d');
    expect(ntFromHresult('0xd000006d')).toBe('0xc000006d');
    expect(ntFromHresult('0xD0000225'.toLowerCase())).toBe('0xc0000225');
    // Not NT-carrying: a plain NTSTATUS, a Win32 HRESULT, an ADAL code (0xcaa…), a success code.
    expect(['0xc000006d', '0x80070005', '0xcaa20003', '0x10000000'].map(ntFromHresult)).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(withRelatedForms('0xd000006d')).toEqual(['0xd000006d', '0xc000006d']);
    expect(withRelatedForms('AADSTS50126')).toEqual(['AADSTS50126']);
  });
});
