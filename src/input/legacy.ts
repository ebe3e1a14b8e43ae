/**
 * Which single-byte code page a file that is not UTF-8 was written in.
 *
 * Two sources produce such files: Windows programs saving "ANSI" text (Windows-1252 in the
 * Americas and Western Europe), and `dsregcmd /status > file.txt` run from cmd, which writes the
 * console's OEM code page (437 in the United States, 850 in most of Western Europe). Only the
 * bytes 0x80–0xFF tell them apart, and each candidate is scored on how natural those bytes read:
 *
 * - a letter next to other letters (`Müller`) counts for the candidate, a lower-case word that
 *   continues in upper case (`itÆs`) does not, and Greek letters inside Latin words do not;
 * - box drawing (`│ ─ ┌`) counts when it touches other box drawing, spaces or punctuation, and
 *   counts against when it sits between two letters;
 * - a byte Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) rules Windows-1252 out;
 * - typographic punctuation (’ “ ” – — …) is natural in Windows-1252 text;
 * - any other symbol inside a word counts against.
 *
 * The highest score wins; ties go to Windows-1252, then 437 (code pages 437 and 850 agree on the
 * accented letters of Western names, so a tie between them yields the same text either way).
 * @module
 */
import { charOf, type SingleBytePage } from './code-pages.ts';

const WIN1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
const TYPOGRAPHIC = new Set(['‘', '’', '‚', '“', '”', '„', '–', '—', '…', '•', '€', '™']);
const LETTER = /[\p{Ll}\p{Lu}\p{Lt}\p{Lo}]/u;
const UPPER = /\p{Lu}/u;

/** How far into the input to look: far more than every name in a dsregcmd capture needs. */
const SAMPLE = 1 << 20;

type Kind = 'letter' | 'box' | 'punct' | 'space' | 'other';

function kindOf(ch: string): Kind {
  const code = ch.charCodeAt(0);
  if (code >= 0x2500 && code <= 0x25a0) return 'box';
  if (LETTER.test(ch)) return 'letter';
  if (code <= 0x20 || code === 0xa0) return 'space';
  if (code < 0x80 || TYPOGRAPHIC.has(ch)) return 'punct';
  return 'other';
}

function isGreek(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code >= 0x370 && code <= 0x3ff;
}

/** Score of the high byte at `i` for one candidate, from the byte and its two neighbours. */
function scoreAt(bytes: Uint8Array, i: number, page: SingleBytePage): number {
  const byte = bytes[i] as number;
  if (page === 'windows-1252' && WIN1252_UNDEFINED.has(byte)) return -10;
  const ch = charOf(byte, page);
  const prev = i > 0 ? charOf(bytes[i - 1] as number, page) : ' ';
  const next = i + 1 < bytes.length ? charOf(bytes[i + 1] as number, page) : ' ';
  const prevKind = kindOf(prev);
  const nextKind = kindOf(next);
  const inWord = prevKind === 'letter' || nextKind === 'letter';
  switch (kindOf(ch)) {
    case 'letter': {
      if (!inWord) return 1;
      if (isGreek(ch)) return 0;
      const upperAfterLower = UPPER.test(ch) && prevKind === 'letter' && !UPPER.test(prev);
      return upperAfterLower ? 0 : 3;
    }
    case 'box': {
      if (prevKind === 'letter' && nextKind === 'letter') return -3;
      const framed = [prevKind, nextKind].some((k) => k === 'box' || k === 'space' || k === 'punct');
      return framed ? 2 : 0;
    }
    case 'punct':
      return page === 'windows-1252' ? 1 : 0;
    case 'space':
      return 0;
    default:
      return inWord ? -2 : 0;
  }
}

const CANDIDATES: readonly SingleBytePage[] = ['windows-1252', 'cp437', 'cp850'];

/** Picks the single-byte code page the high bytes of `bytes` read most naturally in. */
export function guessSingleBytePage(bytes: Uint8Array): SingleBytePage {
  const end = Math.min(bytes.length, SAMPLE);
  const scores = [0, 0, 0];
  for (let i = 0; i < end; i++) {
    if ((bytes[i] as number) < 0x80) continue;
    for (let c = 0; c < CANDIDATES.length; c++) {
      scores[c] = (scores[c] as number) + scoreAt(bytes, i, CANDIDATES[c] as SingleBytePage);
    }
  }
  let best = 0;
  for (let c = 1; c < CANDIDATES.length; c++) if ((scores[c] as number) > (scores[best] as number)) best = c;
  return CANDIDATES[best] as SingleBytePage;
}
