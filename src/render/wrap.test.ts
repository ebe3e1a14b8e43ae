import { describe, expect, it } from 'vitest';
import { columns, inert, inertLine, padEnd, wrap } from './wrap.ts';

describe('inert', () => {
  it('shows terminal escapes, bell and backspace as escapes a reader can copy', () => {
    expect(inert('Server Message : \u001b]0;pwned\u0007\u001b[2Jdone\b')).toBe(
      'Server Message : \\x1b]0;pwned\\x07\\x1b[2Jdone\\x08',
    );
  });

  it('shows bidirectional overrides and isolates, so a value reads in the order it is written', () => {
    // "user@contoso.com" written with a right-to-left override that would display it reversed.
    expect(inert('User Identity : \u202emoc.osotnoc@resu\u202c and \u2066x\u2069')).toBe(
      'User Identity : \\u202emoc.osotnoc@resu\\u202c and \\u2066x\\u2069',
    );
  });

  it('keeps tabs, line breaks and ordinary non-ASCII text', () => {
    expect(inert('Gebruiker\tJosé\r\nZoë — ✓')).toBe('Gebruiker\tJosé\r\nZoë — ✓');
    expect(inertLine('a\tb\r\nc')).toBe('a b c');
  });

  it('wraps the inert form, so an escape never splits or counts as zero width', () => {
    expect(wrap('abc \u001b[2J def', 12)).toEqual(['abc \\x1b[2J', 'def']);
  });
});

describe('wide characters', () => {
  it('counts kana, kanji and fullwidth forms as two columns', () => {
    expect(columns('ログの名前')).toBe(10);
    expect(columns('Ｗｉｎ10 PC-0142')).toBe(16);
    expect(padEnd('レベル', 8)).toBe('レベル  ');
  });

  it('wraps Japanese text by the columns it takes, cutting a long run between characters', () => {
    const lines = wrap('説明: Windows Hello for Business のプロビジョニングは起動されません。', 20, '  ');
    expect(lines).toEqual([
      '  説明: Windows',
      '  Hello for Business',
      '  のプロビジョニング',
      '  は起動されません。',
    ]);
    expect(lines.map(columns).every((n) => n <= 20)).toBe(true);
  });
});

describe('long words', () => {
  it('puts a URL longer than the line on a line of its own, whole, and goes on after it', () => {
    const url =
      '<https://learn.microsoft.com/entra/identity/devices/troubleshoot-hybrid-join-windows-current>';
    expect(wrap(`See: Troubleshoot hybrid joined devices ${url} for the phases`, 40, '  ', '    ')).toEqual([
      '  See: Troubleshoot hybrid joined',
      '    devices',
      `    ${url}`,
      '    for the phases',
    ]);
  });

  it('never cuts a value or a symbolic name, even in a narrow column', () => {
    const lines = wrap('Sub-error 0x80070002 (HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)): not found.', 20);
    expect(lines).toEqual([
      'Sub-error 0x80070002',
      '(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)):',
      'not found.',
    ]);
  });
});
