/**
 * The dsregcmd reader: decoded text in, one typed `DsregCapture` per capture found out.
 * Pure: no I/O, runs unchanged in a browser. Linear in the input: one pass over the lines,
 * scanners instead of backtracking regular expressions on anything unbounded.
 * @module
 */
import { lookupField, lookupSection } from '../knowledge/fields.ts';
import type { CaptureField, DsregCapture } from '../model/capture.ts';
import { type InternalFailureHandler, messageOf, strictFromEnv } from '../model/internal.ts';
import { DocumentBuilder } from './document.ts';
import { breaksOf, LineCursor, splitBreakTags } from './lines.ts';
import { cleanLine } from './noise.ts';
import { isPlausibleKey, segment, splitPairs } from './split.ts';
import {
  classifyAccountsLine,
  END_STATUS,
  isTraceLine,
  readTraceLine,
  splitGluedTraceLine,
} from './trace.ts';
import { isUnknownState } from './values.ts';

export interface ReadOptions {
  /** The encoding the bytes were decoded from; copied to `read.encoding`. */
  encoding?: string;
  /** Throw an internal failure instead of returning `[]` (tests, fuzzing); default from `DSREG_DOCTOR_STRICT`. */
  strict?: boolean;
  /** Told about an internal failure that made the reader return `[]`, so the caller can say so. */
  onInternalFailure?: InternalFailureHandler;
}

/** What a `/join /debug` trace says about the join failure: read here, used by the diagnosis. */
export { type TraceAttempt, type TraceJoinFailure, traceAttempts, traceJoinFailure } from './trace.ts';

/** Without a stated encoding the report says `unknown`: the reader only ever sees text. */
const DEFAULT_ENCODING = 'unknown';

/** A value printed wider than this may have been wrapped onto the next line by the console. */
const WRAP_WIDTH = 79;

const FOOTER = 'For more information, please visit';

/**
 * Reads every dsregcmd capture in `text`. Never throws; returns `[]` when the text holds no
 * dsregcmd output at all.
 */
export function readCaptures(text: string, options: ReadOptions = {}): DsregCapture[] {
  const encoding = options.encoding ?? DEFAULT_ENCODING;
  try {
    return [...readerOf(text).documents(encoding)];
  } catch (error) {
    if (options.strict ?? strictFromEnv()) throw error;
    options.onInternalFailure?.({ stage: 'read', what: null, message: messageOf(error) });
    return [];
  }
}

/**
 * The captures of `text` one at a time, each handed out as soon as the next one starts (or the
 * text ends), so a caller that writes and drops them never holds them all. The same captures, in
 * the same order, as `readCaptures`. Never throws (outside strict mode): an internal failure is
 * told to `onInternalFailure` and ends the sequence.
 */
export function* readCapturesLazily(text: string, options: ReadOptions = {}): Generator<DsregCapture> {
  const encoding = options.encoding ?? DEFAULT_ENCODING;
  try {
    yield* readerOf(text).documents(encoding);
  } catch (error) {
    if (options.strict ?? strictFromEnv()) throw error;
    options.onInternalFailure?.({ stage: 'read', what: null, message: messageOf(error) });
  }
}

function readerOf(text: string): Reader {
  const input = typeof text === 'string' ? text : String(text);
  // A byte order mark left in the text is not part of the first line.
  return new Reader(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
}

class Reader {
  /** Documents complete (a later one has started) and not handed out yet. */
  private done: DocumentBuilder[] = [];
  /** Documents started so far. */
  private started = 1;
  private doc = new DocumentBuilder(0);
  private borders: number[] = [];

  constructor(private readonly text: string) {}

  /** Each recognised document, numbered among the recognised ones, as soon as it is complete. */
  *documents(encoding: string): Generator<DsregCapture> {
    const { newline, endsWithNewline } = breaksOf(this.text);
    // Lines are cut as they are read: none outlives the document it belongs to.
    const cursor = new LineCursor(this.text);
    let lineNo = 0;
    let index = 0;
    for (let physical = cursor.next(); physical !== null; physical = cursor.next()) {
      lineNo++;
      const parts = physical.indexOf('<') === -1 ? null : splitBreakTags(physical);
      if (parts) {
        this.doc.noise.add('html');
        for (const part of parts) this.line(part, lineNo);
      } else this.line(physical, lineNo);
      if (this.done.length > 0) {
        const done = this.done;
        this.done = [];
        for (const d of done) {
          if (!d.recognised) continue;
          d.index = index++;
          yield d.finish(encoding, newline);
        }
      }
    }
    this.flushBorders();
    if (!endsWithNewline && lineNo > 0) this.checkCut(lineNo);
    this.done.push(this.doc);
    for (const d of this.done) {
      if (!d.recognised) continue;
      d.index = index++;
      yield d.finish(encoding, newline);
    }
    this.done = [];
  }

  private startNew(): void {
    this.flushBorders();
    this.done.push(this.doc);
    this.doc = new DocumentBuilder(this.started++);
  }

  private line(raw: string, lineNo: number): void {
    const clean = cleanLine(raw);
    switch (clean.kind) {
      case 'blank':
        this.doc.noteNoise(clean.noise);
        return;
      case 'noise':
        if (clean.windowsVersion !== null) {
          if (this.doc.hasContent) this.startNew();
          this.doc.windowsVersion = clean.windowsVersion;
        }
        this.doc.addNoise(clean.noise, lineNo);
        return;
      case 'prompt':
        if (clean.command !== null) {
          if (this.doc.hasContent) this.startNew();
          this.doc.command = clean.command;
        }
        this.doc.addNoise(clean.noise, lineNo);
        return;
      case 'content':
        this.doc.noteNoise(clean.noise);
        this.content(clean.text, clean.indented, clean.width, lineNo);
    }
  }

  /**
   * `t` is the trimmed line; `indented` and `width` describe where it sat. A `DSREGCMD_END_STATUS`
   * a lost newline glued to the trace line before it or to the status line after it is cut off,
   * so the trace still ends there.
   */
  private content(t: string, indented: boolean, width: number, lineNo: number): void {
    let rest = t;
    let atLineStart = indented;
    // Only a trace prints the end marker: other lines pay a flag and a first-letter test.
    while (this.doc.inTrace || rest.charCodeAt(0) === 68) {
      const at = rest.indexOf(END_STATUS);
      if (at === -1 || rest.length === END_STATUS.length) break;
      const before = rest.slice(0, at).trim();
      if (before !== '') this.contentItem(before, atLineStart, width, lineNo);
      this.contentItem(END_STATUS, atLineStart, width, lineNo);
      rest = rest.slice(at + END_STATUS.length).trim();
      if (rest === '') return;
      // What followed the marker started a line of its own: right-aligned status output.
      atLineStart = true;
    }
    this.contentItem(rest, atLineStart, width, lineNo);
  }

  private contentItem(t: string, indented: boolean, width: number, lineNo: number): void {
    const boxed = t.charCodeAt(0) === 43 || t.charCodeAt(0) === 124;
    if (!boxed) this.flushBorders();
    const doc = this.doc;
    const accounts = doc.listAccounts || t.charCodeAt(0) === 67 ? classifyAccountsLine(t) : null;
    if (accounts === 'start') {
      if (doc.hasContent && !doc.listAccounts) this.startNew();
      this.doc.listAccounts = true;
      this.doc.recognised = true;
      this.doc.content(lineNo);
      return;
    }
    if (accounts !== null && doc.listAccounts) {
      if (accounts === 'account') doc.accounts.push({ text: t, line: lineNo });
      doc.content(lineNo);
      return;
    }
    if (t === END_STATUS) {
      doc.ensureTrace(doc.command);
      doc.inTrace = false;
      doc.content(lineNo);
      return;
    }
    if (!boxed) {
      // A trace runs until the end marker, a header, or status output printed without the marker
      // (`dsregcmd /status /debug`, or a trace whose last line was lost): a known field ends it.
      if (doc.inTrace ? !isStatusPair(t) : isTraceLine(t)) {
        this.traceLine(t, lineNo);
        return;
      }
      doc.inTrace = false;
    }
    if (t.startsWith(FOOTER)) {
      if (doc.started) doc.content(lineNo);
      else doc.holdUnreadable(t, lineNo);
      return;
    }
    if (t.indexOf('+-') === -1 && t.indexOf('|') === -1) {
      this.flushBorders();
      this.textItem(t, lineNo, !indented, width);
      return;
    }
    let first = true;
    for (const item of segment(t)) {
      if (item.kind === 'border') {
        this.borders.push(lineNo);
        continue;
      }
      if (item.kind === 'header' && lookupSection(item.title)?.id === 'device-state' && this.doc.hasContent) {
        // The border opening this box belongs to the new capture, earlier ones to the old.
        const opening = this.borders.pop();
        this.flushBorders();
        this.startNew();
        if (opening !== undefined) this.borders.push(opening);
      }
      this.flushBorders();
      if (item.kind === 'header') this.doc.header(item.title, lineNo);
      else if (item.kind === 'pair') this.doc.field(item.key, item.value, lineNo, width);
      else this.textItem(item.text, lineNo, first && !indented, width);
      first = false;
    }
  }

  private traceLine(t: string, lineNo: number): void {
    const doc = this.doc;
    const trace = doc.ensureTrace(doc.command);
    doc.inTrace = true;
    const parts = splitGluedTraceLine(t);
    if (parts === null) readTraceLine(t, lineNo, trace);
    else for (const part of parts) readTraceLine(part, lineNo, trace);
    doc.content(lineNo);
  }

  /** Border lines wait until the next item says which capture they frame. */
  private flushBorders(): void {
    // Called for nearly every line: nothing to allocate when no border is waiting.
    if (this.borders.length === 0) return;
    for (const line of this.borders) this.doc.content(line);
    this.borders = [];
  }

  /** Whether a line continues the value of the field on the line before (console wrapping). */
  private continues(lineNo: number, atColumnZero: boolean): boolean {
    const doc = this.doc;
    return (
      atColumnZero &&
      doc.lastField !== null &&
      doc.lastFieldLine === lineNo - 1 &&
      doc.lastFieldWidth >= WRAP_WIDTH
    );
  }

  private textItem(itemText: string, lineNo: number, atColumnZero: boolean, width: number): void {
    const doc = this.doc;
    const split = splitPairs(itemText);
    if (!split) {
      if (this.continues(lineNo, atColumnZero)) doc.continueLast(itemText, lineNo);
      else doc.holdUnreadable(itemText.trim(), lineNo);
      return;
    }
    const head = split.pairs[0];
    // A wrapped remainder starts mid-word (`sing WPAD. code: 0x...`); a one-word capitalised key
    // at column 0 is a field this catalog does not know yet, not a wrap.
    if (
      head &&
      this.continues(lineNo, atColumnZero) &&
      !lookupField(head.key) &&
      !looksLikeFieldName(head.key)
    ) {
      doc.continueLast(itemText, lineNo);
      return;
    }
    if (!doc.started && split.pairs.every((p) => !lookupField(p.key))) {
      // `My output:` or `Name: value` prose before any output is surrounding text.
      doc.holdUnreadable(itemText.trim(), lineNo);
      return;
    }
    if (split.collapsed) doc.collapsedLines++;
    for (const pair of split.pairs) doc.field(pair.key, pair.value, lineNo, width);
  }

  /** The input ends without a line break: was the last value cut? */
  private checkCut(lastLine: number): void {
    const doc = this.doc;
    const held = doc.heldAt(lastLine);
    if (held !== null && isPlausibleKey(held)) {
      doc.content(lastLine);
      doc.markTruncated(lastLine, `"${held}"`);
      return;
    }
    const field = doc.lastField;
    if (field && doc.lastFieldLine === lastLine && looksCut(field)) {
      field.truncated = true;
      doc.markTruncated(lastLine, field.name);
    }
  }
}

/** Kinds a complete value of each catalog type reads as. */
const COMPLETE_KIND: Record<string, string> = {
  bool: 'bool',
  guid: 'guid',
  time: 'time',
  range: 'range',
  code: 'code',
  number: 'number',
  'base64-json': 'decoded',
  status: 'status',
};

function looksCut(field: CaptureField): boolean {
  if (field.raw === '') return true;
  const def = lookupField(field.name);
  if (!def || field.value.kind === 'masked' || field.value.kind === 'error') return false;
  if (def.type === 'test') return field.value.kind === 'test' && field.value.outcome === 'other';
  if (def.type === 'bool' && isUnknownState(field.raw.trim())) return false;
  const want = COMPLETE_KIND[def.type];
  return want !== undefined && field.value.kind !== want;
}

/** A status key is never longer than this; the colon is looked for no further. */
const MAX_STATUS_KEY = 66;

/**
 * `Key : Value` (or `Key :` with an empty value) of a field the catalog knows, in dsregcmd's
 * status layout: a space before the colon. Trace lines print `name: value` without that space
 * (`isDcAvailable: YES`, `Join HTTP status: 400`), so they never read as one.
 */
function isStatusPair(t: string): boolean {
  const first = t.charCodeAt(0);
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return false;
  const colon = t.indexOf(':');
  if (colon === -1 || colon > MAX_STATUS_KEY || t.charCodeAt(colon - 1) !== 32) return false;
  const after = t.charCodeAt(colon + 1);
  if (!(Number.isNaN(after) || after === 32 || after === 9)) return false;
  const key = t.slice(0, colon).trim();
  const def = isPlausibleKey(key) ? lookupField(key) : undefined;
  // A name as generic as `Type` may also start a trace message.
  return def !== undefined && def.generic !== true;
}

function looksLikeFieldName(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 65 && first <= 90 && key.indexOf(' ') === -1 && key.indexOf('.') === -1;
}
