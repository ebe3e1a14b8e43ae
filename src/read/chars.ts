/**
 * Character tests and trimming shared by the line scanners.
 * @module
 */

/**
 * The white space `String.prototype.trim` removes: ECMAScript WhiteSpace and LineTerminator
 * (tab, LF, VT, FF, CR, space, NBSP, BOM, the Unicode space separators, LS, PS).
 */
export function isTrimSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return (
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** An ASCII letter. */
export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** An ASCII digit. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The first position from `from` on that is no space or tab (the text's length at most). */
export function leadOf(text: string, from = 0): number {
  let i = from;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

/** The first index in `[from, to)` that `trim` would keep, or `to`. */
export function trimmedStart(s: string, from: number, to: number): number {
  let p = from;
  while (p < to && isTrimSpace(s.charCodeAt(p))) p++;
  return p;
}

/**
 * `s.slice(from, to).trim()`, making one string instead of two when at most one white-space
 * character (a separator) sits at each end. Longer runs (padding) are left to the native trim,
 * which is faster on them than a character loop.
 */
export function trimmedSlice(s: string, from: number, to: number): string {
  let start = from;
  let end = Math.min(to, s.length);
  if (start < end && isTrimSpace(s.charCodeAt(start))) start++;
  if (end > start && isTrimSpace(s.charCodeAt(end - 1))) end--;
  const cut = s.slice(start, end);
  if (start < end && (isTrimSpace(s.charCodeAt(start)) || isTrimSpace(s.charCodeAt(end - 1))))
    return cut.trim();
  return cut;
}
