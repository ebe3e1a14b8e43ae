/**
 * The upper halves (bytes 0x80–0xFF) of the single-byte code pages Windows text files come in:
 * the two OEM code pages a console in the Americas and Western Europe writes when its output is
 * redirected to a file, 437 (United States) and 850 (Multilingual Latin 1), and the "ANSI" code
 * page Windows-1252. Browsers' `TextDecoder` knows neither OEM page, so the tables live here,
 * taken from the published code page charts. Bytes below 0x80 are ASCII in all three.
 * @module
 */

/** Code page 437: accented letters, then box drawing, then Greek and mathematical signs. */
export const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00A0';

/** Code page 850: as 437 for most letters, with many box and Greek slots given to Latin-1 letters. */
export const CP850_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00AD±‗¾¶§÷¸°¨·¹³²■\u00A0';

/**
 * Windows-1252: Latin-1 with typographic signs in 0x80–0x9F. Some `TextDecoder` builds treat the
 * label as Latin-1 and turn `’` into a control character, so the table is carried here too. The
 * five bytes Windows-1252 leaves undefined map to the control character of the same number.
 */
export const WIN1252_HIGH = `€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ${latin1Upper()}`;

function latin1Upper(): string {
  let s = '';
  for (let code = 0xa0; code <= 0xff; code++) s += String.fromCharCode(code);
  return s;
}

export type SingleBytePage = 'windows-1252' | 'cp437' | 'cp850';
export type OemCodePage = Exclude<SingleBytePage, 'windows-1252'>;

const HIGH: Record<SingleBytePage, string> = {
  'windows-1252': WIN1252_HIGH,
  cp437: CP437_HIGH,
  cp850: CP850_HIGH,
};

/** Decodes single-byte text; every byte maps to exactly one UTF-16 code unit. */
export function decodeSingleByte(bytes: Uint8Array, page: SingleBytePage): string {
  const high = HIGH[page];
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    const codes = new Array<number>(end - start);
    for (let i = start; i < end; i++) {
      const b = bytes[i] as number;
      codes[i - start] = b < 0x80 ? b : high.charCodeAt(b - 0x80);
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** The character a byte stands for in a single-byte code page. */
export function charOf(byte: number, page: SingleBytePage): string {
  return byte < 0x80 ? String.fromCharCode(byte) : HIGH[page].charAt(byte - 0x80);
}
