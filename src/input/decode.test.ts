import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCaptures } from '../read/index.ts';
import { CP850_HIGH } from './code-pages.ts';
import { decodeBytes, looksBinary } from './decode.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

function utf16(s: string, order: 'le' | 'be', bom: boolean): Uint8Array {
  const units = (bom ? '\uFEFF' : '') + s;
  const out = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    const code = units.charCodeAt(i);
    const [lo, hi] = [code & 0xff, code >> 8];
    out[2 * i] = order === 'le' ? lo : hi;
    out[2 * i + 1] = order === 'le' ? hi : lo;
  }
  return out;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** The opening of `dsregcmd /status` as the console prints it. */
const STATUS = [
  '',
  '+----------------------------------------------------------------------+',
  '| Device State                                                         |',
  '+----------------------------------------------------------------------+',
  '',
  '             AzureAdJoined : YES',
  '          EnterpriseJoined : NO',
  '              DomainJoined : YES',
  '                DomainName : CONTOSO',
  '               Device Name : PC-MÜLLER.contoso.com',
  '',
].join('\r\n');

const ENCODINGS = [
  'utf-8',
  'utf-8-bom',
  'utf-16le-bom',
  'utf-16be-bom',
  'utf-16le',
  'utf-16be',
  'windows-1252',
  'cp437',
  'cp850',
];

describe('decodeBytes: Unicode', () => {
  it('reads UTF-8 without a BOM unchanged', () => {
    expect(decodeBytes(utf8('  DomainName : CONTOSO\r\n  User : Müller\r\n'))).toEqual({
      text: '  DomainName : CONTOSO\r\n  User : Müller\r\n',
      encoding: 'utf-8',
      bom: false,
      warnings: [],
    });
  });

  it('drops the UTF-8 BOM a Notepad save adds and names the encoding utf-8-bom', () => {
    expect(decodeBytes(concat(Uint8Array.of(0xef, 0xbb, 0xbf), utf8(STATUS)))).toEqual({
      text: STATUS,
      encoding: 'utf-8-bom',
      bom: true,
      warnings: [],
    });
  });

  it('reads UTF-16LE with BOM and CRLF exactly as Windows PowerShell 5.1 `>` writes it', () => {
    const bytes = utf16(STATUS, 'le', true);
    expect([...bytes.subarray(0, 8)]).toEqual([0xff, 0xfe, 0x0d, 0x00, 0x0a, 0x00, 0x2b, 0x00]);
    expect(decodeBytes(bytes)).toEqual({ text: STATUS, encoding: 'utf-16le-bom', bom: true, warnings: [] });
  });

  it('reads UTF-16BE with a BOM', () => {
    expect(decodeBytes(utf16(STATUS, 'be', true))).toEqual({
      text: STATUS,
      encoding: 'utf-16be-bom',
      bom: true,
      warnings: [],
    });
  });

  it('recognises UTF-16 without a BOM from where the zero bytes fall, in both byte orders', () => {
    expect(decodeBytes(utf16(STATUS, 'le', false))).toEqual({
      text: STATUS,
      encoding: 'utf-16le',
      bom: false,
      warnings: ['no byte order mark: read as UTF-16LE from the pattern of zero bytes'],
    });
    expect(decodeBytes(utf16('  DomainName : CONTOSO\n', 'be', false))).toEqual({
      text: '  DomainName : CONTOSO\n',
      encoding: 'utf-16be',
      bom: false,
      warnings: ['no byte order mark: read as UTF-16BE from the pattern of zero bytes'],
    });
  });

  it('drops the dangling last byte of UTF-16 text with an odd byte count, and says so', () => {
    const bytes = utf16('DomainName : CONTOSO', 'le', true);
    const cut = bytes.subarray(0, bytes.length - 1);
    expect(decodeBytes(cut)).toEqual({
      text: 'DomainName : CONTOS',
      encoding: 'utf-16le-bom',
      bom: true,
      warnings: ['UTF-16 text with an odd number of bytes: the last byte was dropped'],
    });
  });

  it('drops a character cut at the very end of a UTF-8 file instead of switching code page', () => {
    const bytes = utf8('TenantName : Contoso Müller');
    const cut = bytes.subarray(0, bytes.indexOf(0xc3) + 1);
    expect(decodeBytes(cut)).toEqual({
      text: 'TenantName : Contoso M',
      encoding: 'utf-8',
      bom: false,
      warnings: ['the input ends inside a UTF-8 character: the incomplete character was dropped'],
    });
  });

  it('keeps a UTF-8 file UTF-8 when one stray byte damages it among many good characters', () => {
    const bytes = concat(utf8('Müller, Šimon, Ødegård'), Uint8Array.of(0xff), utf8(' Zoë'));
    expect(decodeBytes(bytes)).toEqual({
      text: 'Müller, Šimon, Ødegård\uFFFD Zoë',
      encoding: 'utf-8',
      bom: false,
      warnings: ['1 invalid UTF-8 sequence(s) replaced with U+FFFD'],
    });
  });
});

describe('decodeBytes: single-byte code pages', () => {
  it('reads cmd console output in OEM 437: accented name and box drawing', () => {
    // `Müller` with ü = 0x81, a byte Windows-1252 does not define.
    const bytes = concat(
      utf8('    User : M'),
      Uint8Array.of(0x81),
      utf8('ller\r\n'),
      Uint8Array.of(0xda, 0xc4, 0xc4, 0xbf),
    );
    expect(decodeBytes(bytes)).toEqual({
      text: '    User : Müller\r\n┌──┐',
      encoding: 'cp437',
      bom: false,
      warnings: ['not valid UTF-8: read as OEM code page 437'],
    });
  });

  it('reads OEM 850 when its letters make words that 437 would fill with box drawing', () => {
    // `Conceição`: ç = 0x87 in both OEM pages, ã = 0xC6 (850) where 437 has `╞`.
    const bytes = concat(utf8('TenantName : Concei'), Uint8Array.of(0x87, 0xc6), utf8('o'));
    expect(decodeBytes(bytes)).toEqual({
      text: 'TenantName : Conceição',
      encoding: 'cp850',
      bom: false,
      warnings: ['not valid UTF-8: read as OEM code page 850'],
    });
  });

  it('reads Windows-1252 text saved by an ANSI editor, typographic apostrophe included', () => {
    const bytes = concat(
      utf8('User : M'),
      Uint8Array.of(0xfc),
      utf8('ller (it'),
      Uint8Array.of(0x92),
      utf8('s mine)'),
    );
    expect(decodeBytes(bytes)).toEqual({
      text: 'User : Müller (it’s mine)',
      encoding: 'windows-1252',
      bom: false,
      warnings: ['not valid UTF-8: read as Windows-1252'],
    });
  });

  it('decodes the 0x80–0x9F signs of Windows-1252 from its own table', () => {
    const bytes = concat(
      utf8('Price '),
      Uint8Array.of(0x80),
      utf8(' 5 '),
      Uint8Array.of(0x96),
      utf8(' '),
      Uint8Array.of(0x93),
    );
    expect(decodeBytes(bytes).text).toBe('Price € 5 – “');
  });
});

describe('decodeBytes: damaged and degenerate input', () => {
  it('returns an empty UTF-8 text for no bytes, and for a lone BOM an empty text in its encoding', () => {
    expect(decodeBytes(new Uint8Array(0))).toEqual({ text: '', encoding: 'utf-8', bom: false, warnings: [] });
    expect(decodeBytes(Uint8Array.of(0xff, 0xfe))).toEqual({
      text: '',
      encoding: 'utf-16le-bom',
      bom: true,
      warnings: [],
    });
  });

  it('removes zero padding left at the end of a file and counts it', () => {
    expect(decodeBytes(concat(utf8('DomainJoined : YES\n'), new Uint8Array(6)))).toEqual({
      text: 'DomainJoined : YES\n',
      encoding: 'utf-8',
      bom: false,
      warnings: ['6 zero byte(s) of padding at the end ignored'],
    });
  });

  it('removes a second BOM left where two UTF-16 files were joined together', () => {
    const joined = concat(
      utf16('AzureAdJoined : YES\r\n', 'le', true),
      utf16('AzureAdPrt : NO\r\n', 'le', true),
    );
    expect(decodeBytes(joined)).toEqual({
      text: 'AzureAdJoined : YES\r\nAzureAdPrt : NO\r\n',
      encoding: 'utf-16le-bom',
      bom: true,
      warnings: ['1 byte order mark(s) inside the text removed (files joined together?)'],
    });
  });

  it('never throws and always names one of the known encodings, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const decoded = decodeBytes(bytes);
        expect(ENCODINGS).toContain(decoded.encoding);
        expect(decoded.text.includes('\0')).toBe(false);
        expect(decoded.bom).toBe(decoded.encoding.endsWith('-bom'));
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips any text through UTF-8 and through UTF-16LE with BOM', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 80 }).filter((s) => !/[\0\uFEFF]/.test(s));
    fc.assert(
      fc.property(text, (s) => {
        expect(decodeBytes(utf8(s)).text).toBe(s);
        expect(decodeBytes(utf16(s, 'le', true)).text).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
});

describe('looksBinary', () => {
  it('refuses an image header full of zero bytes and controls', () => {
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 0, 0, 4, 5, 0, 7);
    expect(looksBinary(png)).toBe(true);
  });

  it('refuses executable-like bytes: a header, then zeros and controls', () => {
    const exe = concat(
      utf8('MZ'),
      Uint8Array.of(0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0, 0xb8),
      new Uint8Array(40),
    );
    expect(looksBinary(exe)).toBe(true);
  });

  it('accepts every text form of a capture: UTF-8, UTF-16 with and without BOM, OEM bytes', () => {
    expect(looksBinary(utf8(STATUS))).toBe(false);
    expect(looksBinary(utf16(STATUS, 'le', true))).toBe(false);
    expect(looksBinary(utf16(STATUS, 'be', true))).toBe(false);
    expect(looksBinary(utf16(STATUS, 'le', false))).toBe(false);
    expect(looksBinary(concat(utf8('User : M'), Uint8Array.of(0x81), utf8('ller\r\n')))).toBe(false);
    expect(looksBinary(new Uint8Array(0))).toBe(false);
  });

  it('accepts a text whose last byte is a single stray zero', () => {
    expect(looksBinary(concat(utf8(STATUS), Uint8Array.of(0)))).toBe(false);
  });
});

/** Encodes text in OEM code page 850, as cmd writes redirected output on a Western European PC. */
function cp850(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => {
    const code = ch.charCodeAt(0);
    if (code < 0x80) return code;
    const at = CP850_HIGH.indexOf(ch);
    if (at < 0) throw new Error(`not in code page 850: ${ch}`);
    return 0x80 + at;
  });
}

describe('decoded captures, read end to end', () => {
  it('reads `dsregcmd /status > file.txt` from cmd in code page 850 with the accented account name intact', () => {
    const capture = [
      STATUS,
      '+----------------------------------------------------------------------+',
      '| Diagnostic Data                                                      |',
      '+----------------------------------------------------------------------+',
      '',
      '    Executing Account Name : CONTOSO\\jürgen.ø, jürgen.ø@contoso.com',
      '',
    ].join('\r\n');
    const decoded = decodeBytes(cp850(capture));
    expect(decoded.encoding).toBe('cp850');
    expect(decoded.text).toBe(capture);
    const [doc] = readCaptures(decoded.text, { encoding: decoded.encoding });
    const fields = doc?.sections.flatMap((s) => s.fields) ?? [];
    expect(fields.find((f) => f.name === 'Device Name')?.raw).toBe('PC-MÜLLER.contoso.com');
    expect(fields.find((f) => f.name === 'Executing Account Name')?.raw).toBe(
      'CONTOSO\\jürgen.ø, jürgen.ø@contoso.com',
    );
    expect(doc?.read.encoding).toBe('cp850');
  });

  it('reads the bundled PowerShell 5.1 example byte for byte: UTF-16LE, BOM, CRLF', () => {
    const path = join(import.meta.dirname, '..', '..', 'examples', 'powershell-utf16.txt');
    const bytes = new Uint8Array(readFileSync(path));
    expect([...bytes.subarray(0, 6)]).toEqual([0xff, 0xfe, 0x0d, 0x00, 0x0a, 0x00]);
    const decoded = decodeBytes(bytes);
    expect(decoded).toMatchObject({ encoding: 'utf-16le-bom', bom: true, warnings: [] });
    const docs = readCaptures(decoded.text, { encoding: decoded.encoding });
    expect(docs).toHaveLength(1);
    expect(docs[0]?.read).toMatchObject({ encoding: 'utf-16le-bom', newline: 'crlf', layout: 'sectioned' });
    const tenant = docs[0]?.sections.find((s) => s.id === 'tenant-details');
    expect(tenant?.fields.find((f) => f.name === 'TenantName')?.raw).toBe('Contoso Électronique');
  });
});

/** A capture of about 6 KB: the opening of `dsregcmd /status` and a hundred PRT time lines. */
const LONG_STATUS = [
  STATUS,
  ...Array.from(
    { length: 100 },
    (_, i) => `        AzureAdPrtUpdateTime${String(i).padStart(3, '0')} : 2025-03-04 09:10:00.000 UTC`,
  ),
  '',
].join('\r\n');

/** The start of a `dsregcmd /join /debug` trace, as a UTF-8 console writes it. */
const TRACE = [
  'C:\\Windows\\system32>dsregcmd /join /debug',
  'dsregcmd::wmain logging initialized.',
  'PreJoinChecks Complete.',
  'preCheckResult: Join',
  'DsrDeviceAutoJoin failed 0x801c03f2.',
  '',
].join('\n');

describe('zero padding', () => {
  it('reads a capture with one run of 256 zero bytes inside, dropping the run and saying so', () => {
    const text = utf8(LONG_STATUS);
    expect(text.length).toBe(6720);
    const holed = concat(text.subarray(0, 3000), new Uint8Array(256), text.subarray(3000));
    expect(looksBinary(holed)).toBe(false);
    expect(decodeBytes(holed)).toEqual({
      text: LONG_STATUS,
      encoding: 'utf-8',
      bom: false,
      warnings: ['256 NUL character(s) removed'],
    });
  });

  it('ignores a 4 KB zero-filled tail behind UTF-8 and UTF-16 text, and says how many bytes', () => {
    const padded = concat(utf8(LONG_STATUS), new Uint8Array(4096));
    expect(looksBinary(padded)).toBe(false);
    expect(decodeBytes(padded)).toEqual({
      text: LONG_STATUS,
      encoding: 'utf-8',
      bom: false,
      warnings: ['4096 zero byte(s) of padding at the end ignored'],
    });
    // UTF-16LE ends in a zero byte of its own (the high byte of the last line feed): it is kept.
    const wide = concat(utf16(LONG_STATUS, 'le', true), new Uint8Array(4096));
    expect(looksBinary(wide)).toBe(false);
    expect(decodeBytes(wide)).toEqual({
      text: LONG_STATUS,
      encoding: 'utf-16le-bom',
      bom: true,
      warnings: ['4096 zero byte(s) of padding at the end ignored'],
    });
  });

  it('still refuses random bytes, zeros spread through a binary header, and a file of only zeros', () => {
    // A fixed pseudo-random sequence (xorshift), so the test is the same on every run.
    let x = 2463534242;
    const random = Uint8Array.from({ length: 65536 }, () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x & 0xff;
    });
    expect(looksBinary(random)).toBe(true);
    const elf = concat(
      Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0),
      new Uint8Array(8),
      random.subarray(0, 200),
    );
    expect(looksBinary(elf)).toBe(true);
    expect(looksBinary(new Uint8Array(4096))).toBe(true);
  });
});

describe('an encoding that changes at a line end', () => {
  it('reads a UTF-16LE capture with a UTF-8 trace appended, each part in its own encoding', () => {
    const joined = concat(utf16(STATUS, 'le', true), utf8(TRACE));
    expect(decodeBytes(joined)).toEqual({
      text: STATUS + TRACE,
      encoding: 'utf-16le-bom',
      bom: true,
      warnings: [
        'the text changes encoding (files joined together?): read as UTF-16LE, then as UTF-8 from line 11',
      ],
    });
  });

  it('reads a UTF-8 trace with a UTF-16LE capture appended, with or without its byte order mark', () => {
    expect(decodeBytes(concat(utf8(TRACE), utf16(LONG_STATUS, 'le', false)))).toEqual({
      text: TRACE + LONG_STATUS,
      encoding: 'utf-8',
      bom: false,
      warnings: [
        'no byte order mark: read as UTF-16LE from the pattern of zero bytes',
        'the text changes encoding (files joined together?): read as UTF-8, then as UTF-16LE from line 6',
      ],
    });
    expect(decodeBytes(concat(utf8(TRACE), utf16(STATUS, 'le', true)))).toEqual({
      text: TRACE + STATUS,
      encoding: 'utf-8',
      bom: false,
      warnings: [
        'the text changes encoding (files joined together?): read as UTF-8, then as UTF-16LE from line 6',
      ],
    });
  });

  it('keeps one encoding for UTF-16 text whose lines start with non-ASCII letters', () => {
    const japanese = 'デバイスの状態\r\n状態 : YES\r\n'.repeat(20);
    expect(decodeBytes(utf16(japanese, 'le', true))).toEqual({
      text: japanese,
      encoding: 'utf-16le-bom',
      bom: true,
      warnings: [],
    });
  });
});
