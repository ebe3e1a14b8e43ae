/**
 * Where inputs come from: files, folders (recursively, links followed once), `.zip` archives
 * (read in memory, entries named `archive.zip!/path/in/zip`) and standard input. Every read is
 * capped (a capture is kilobytes, an event log at most a few hundred MB), so `/dev/zero`, a FIFO
 * or an endless pipe stops with one clear line instead of eating the memory. The tool's own
 * reports found in a folder are passed over with a notice. Large text is handed on in parts, so
 * no string exceeds what JavaScript can hold.
 * @module
 */
import { type FileHandle, open } from 'node:fs/promises';
import { extname } from 'node:path';
import { eventKindOfText, looksClearlyLikeEvents, plainlyCapture } from '../events/index.ts';
import { looksLikeEventTable } from '../events/parse/table.ts';
import { ownOutputKind } from '../flow/own-output.ts';
import { concatBytes } from '../input/bytes.ts';
import { decodeBytes } from '../input/decode.ts';
import { byteOrderMarkLength, partBytes, splitText, type TextPart, type TextShape } from '../input/parts.ts';
import { InputError, UsageError } from './errors.ts';
import { nodeWalkFs, type WalkFs, walkFolder } from './walk.ts';

/** One input to read: a file path, `-` for standard input, or an archive entry with its bytes. */
export interface InputRef {
  path: string;
  /** Why there is nothing to read here (a folder with no inputs in it); reading it fails with this. */
  problem?: string;
  /** The bytes, when already read (an entry of an archive). */
  bytes?: Uint8Array;
}

/** Said of a folder given on the command line that holds nothing to analyze. */
export const EMPTY_FOLDER = 'no capture or event files found in this folder';

/** Extensions taken from a folder; anything else there (images, archives) is not ours to read. */
const FOLDER_EXTENSIONS = new Set(['', '.txt', '.log', '.out', '.status', '.evtx', '.xml', '.json', '.csv']);

export interface ExpandResult {
  /** Files in folders that were passed over because of their extension. */
  passedOver: number;
  /** One line each: what else was passed over and why (own reports, links to nothing, devices). */
  notices?: string[];
}

const MIB = 1024 * 1024;

/** The most read from one input. */
export interface InputLimits {
  /** Text: captures and event exports (XML, JSON, CSV, pasted text). */
  text: number;
  /** EVTX files and zip archives. */
  binary: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = { text: 64 * MIB, binary: 1024 * MIB };

/** The environment variable that sets `--max-input-size` for every run. */
export const MAX_INPUT_ENV = 'DSREG_DOCTOR_MAX_INPUT_SIZE';

/**
 * The limits of the current run: set once by the command line from `--max-input-size` (or the
 * environment) before a command starts, and used by every read that is not given its own.
 */
let runLimits: InputLimits | null = null;

export function useInputLimits(limits: InputLimits): void {
  runLimits = limits;
}

function currentLimits(): InputLimits {
  return runLimits ?? inputLimits();
}

/** A text above this is read in parts (see `src/input/parts.ts`). */
export const TEXT_PART_BYTES = 32 * MIB;

/**
 * An event export above this is read in parts. Larger than a capture's part: every part of a log
 * becomes a log of its own, and the records of a log are kept until a capture takes them anyway,
 * so smaller parts would split the report without lowering the peak much. At the default text
 * limit an export is read whole; 64 MiB decodes to a string far below JavaScript's limit.
 */
export const EVENT_PART_BYTES = 64 * MIB;

/** How much of the start of a large text is decoded to tell an event export from captures. */
const SHAPE_HEAD_BYTES = 64 * 1024;

/**
 * `--max-input-size` (or the environment variable): one size for every kind of input, in bytes
 * or with a unit (`200M`, `1.5G`, `512KiB`). Neither given: the defaults.
 */
export function inputLimits(flag?: string, env: NodeJS.ProcessEnv = process.env): InputLimits {
  const given = flag ?? env[MAX_INPUT_ENV];
  if (given === undefined || given === '') return DEFAULT_INPUT_LIMITS;
  const bytes = parseSize(given);
  const where = flag !== undefined ? '--max-input-size' : MAX_INPUT_ENV;
  if (bytes === null || bytes < 1024) {
    throw new UsageError(`${where} ${given}: give a size of at least 1K, such as 200M or 2G`);
  }
  return { text: bytes, binary: bytes };
}

/** `123`, `64K`, `200M`, `1.5G`, `2GiB`, `500MB` (units are powers of 1024); null if unreadable. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) return null;
  const power = ' kmgt'.indexOf((m[2] || ' ').toLowerCase());
  const value = Math.floor(Number(m[1]) * 1024 ** power);
  return Number.isSafeInteger(value) ? value : null;
}

export function sizeText(n: number): string {
  if (n >= 1024 * MIB) return `${round(n / (1024 * MIB))} GiB`;
  if (n >= MIB) return `${round(n / MIB)} MiB`;
  if (n >= 1024) return `${round(n / 1024)} KiB`;
  return `${n} bytes`;
}

function round(n: number): string {
  return String(Math.round(n * 10) / 10);
}

export interface ExpandOptions {
  fs?: WalkFs;
  limits?: InputLimits;
  /** Called for each line of `notices` as it is found (progress-friendly); notices are kept either way. */
  onNotice?: (line: string) => void;
}

/**
 * Yields every input named on the command line, walking folders in a stable (sorted) order so
 * that two runs over the same folder report in the same order. A path that does not exist is
 * yielded as is: reading it gives the error, in its turn, so the other inputs still run. A folder
 * that cannot be listed is yielded with its problem, and the walk goes on.
 */
export async function* expandInputs(
  args: readonly string[],
  result: ExpandResult,
  options: ExpandOptions = {},
): AsyncGenerator<InputRef> {
  const fs = options.fs ?? nodeWalkFs;
  const limits = options.limits ?? currentLimits();
  const seen = new Set<string>();
  const notice = (line: string) => {
    result.notices ??= [];
    result.notices.push(line);
    options.onNotice?.(line);
  };
  for (const arg of args) {
    if (arg === '-') {
      yield { path: '-' };
      continue;
    }
    const info = await fs.stat(arg).catch(() => null);
    if (info?.isDirectory()) {
      // A folder with nothing in it is a failed input like a missing file, not silently nothing:
      // the user named it expecting captures there.
      let found = false;
      for await (const item of walkFolder(arg, fs, seen)) {
        if (item.kind === 'unreadable') {
          found = true;
          yield { path: item.path, problem: item.reason };
        } else if (item.kind === 'passed-over') {
          // The folder itself passed over (named twice) is not an empty folder.
          if (item.path === arg) found = true;
          notice(`${item.path}: passed over: ${item.reason}`);
        } else if (extname(item.path).toLowerCase() === '.zip') {
          found = true;
          yield* archiveEntries(item.path, result, limits, notice);
        } else if (FOLDER_EXTENSIONS.has(extname(item.path).toLowerCase())) {
          const own = await ownReport(item.path);
          if (own) {
            notice(`${item.path}: passed over: ${own}`);
            continue;
          }
          found = true;
          yield { path: item.path };
        } else if (extname(item.path).toLowerCase() !== '.md') {
          // Notes kept beside captures (README.md) are expected there; anything else is worth a word.
          result.passedOver++;
        }
      }
      if (!found) yield { path: arg, problem: EMPTY_FOLDER };
    } else if (info?.isFile() && (await startsLikeZip(arg))) {
      yield* archiveEntries(arg, result, limits, notice);
    } else {
      yield { path: arg };
    }
  }
}

async function startsLikeZip(path: string): Promise<boolean> {
  const head = await readHead(path, 4).catch(() => null);
  return head !== null && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5);
}

async function readHead(path: string, n: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(n);
    const { bytesRead } = await handle.read(buffer, 0, n, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** What the tool's own report in a folder is, in words, or null when the file is evidence. */
async function ownReport(path: string): Promise<string | null> {
  const head = await readHead(path, 8192).catch(() => null);
  return head ? ownReportOf(head) : null;
}

function ownReportOf(head: Uint8Array): string | null {
  const kind = ownOutputKind(decodeBytes(head).text);
  if (kind === null) return null;
  const name = { json: 'a JSON', html: 'an HTML', text: 'a text', markdown: 'a Markdown' }[kind];
  return `${name} report written by dsreg-doctor, not evidence`;
}

/** The entries of an archive as inputs; a bad entry is a failed input with its reason. */
async function* archiveEntries(
  path: string,
  result: ExpandResult,
  limits: InputLimits,
  notice: (line: string) => void,
): AsyncGenerator<InputRef> {
  let bytes: Uint8Array;
  try {
    bytes = await readCapped(path, limits);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    yield { path, problem: error.reason };
    return;
  }
  // Loaded only when an archive is met: most runs never need the inflater.
  const { isZip, iterateZip } = await import('../input/zip.ts');
  if (!isZip(bytes)) {
    yield { path, problem: 'named .zip, but not a zip archive: pass the files it should hold' };
    return;
  }
  let entries = 0;
  for (const item of iterateZip(bytes, { maxEntryBytes: limits.binary, maxTotalBytes: limits.binary })) {
    const name = `${path}!/${item.name}`;
    if (item.kind === 'skipped') {
      entries++;
      yield { path: item.name === '' ? path : name, problem: item.reason };
      continue;
    }
    const ext = extname(item.name).toLowerCase();
    if (!FOLDER_EXTENSIONS.has(ext)) {
      if (ext !== '.md') result.passedOver++;
      continue;
    }
    const own = ownReportOf(item.bytes.subarray(0, 8192));
    if (own) {
      notice(`${name}: passed over: ${own}`);
      continue;
    }
    const cap = item.bytes.length >= 8 && isEvtxHead(item.bytes) ? limits.binary : limits.text;
    entries++;
    if (item.bytes.length > cap) {
      yield { path: name, problem: tooLarge(item.bytes.length, cap, 'text') };
      continue;
    }
    yield { path: name, bytes: item.bytes };
  }
  if (entries === 0) yield { path, problem: 'this archive holds no capture or event files' };
}

function isEvtxHead(b: Uint8Array): boolean {
  // "ElfFile\0": the signature every EVTX file starts with.
  return b[0] === 0x45 && b[1] === 0x6c && b[2] === 0x66 && b[3] === 0x46 && b[4] === 0x69 && b[7] === 0;
}

export interface ReadOptions {
  limits?: InputLimits;
  /** Where the "reading standard input…" line goes when standard input is a terminal. */
  warn?: (line: string) => void;
}

/** Said on a terminal before waiting for what the user types or pastes. */
export const STDIN_PROMPT = 'reading standard input… (Ctrl-D to end; on Windows Ctrl-Z then Enter)';

/** Reads an input's bytes, capped; failures become an `InputError` that says what to do. */
export async function readInput(
  ref: InputRef,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
  options: ReadOptions = {},
): Promise<Uint8Array> {
  if (ref.problem !== undefined) throw new InputError(ref.path, ref.problem);
  if (ref.bytes !== undefined) return ref.bytes;
  const limits = options.limits ?? currentLimits();
  if (ref.path === '-') {
    if (stdin.isTTY) options.warn?.(STDIN_PROMPT);
    return readStream(stdin, limits, 'standard input');
  }
  return readCapped(ref.path, limits);
}

/** Reads a file, FIFO or device whole, but never more than its cap. */
async function readCapped(path: string, limits: InputLimits): Promise<Uint8Array> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new InputError(path, describeFsError(error as NodeJS.ErrnoException));
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory())
      throw new InputError(path, describeFsError({ code: 'EISDIR' } as NodeJS.ErrnoException));
    if (info.isFile()) {
      const head = new Uint8Array(8);
      const { bytesRead } = await handle.read(head, 0, 8, 0);
      const binary = isEvtxHead(head.subarray(0, bytesRead)) || isZipHead(head);
      const cap = binary ? limits.binary : limits.text;
      if (info.size > cap) throw new InputError(path, tooLarge(info.size, cap, binary ? 'binary' : 'text'));
      // Read to the end, capped, in case the file grows while it is read.
      return await readHandle(handle, cap, path, info.size);
    }
    // A FIFO or a device: no size to check first, so the cap is checked as it is read.
    return await readHandle(handle, limits.binary, path, 0, limits.text);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(path, describeFsError(error as NodeJS.ErrnoException));
  } finally {
    await handle.close().catch(() => {});
  }
}

function isZipHead(b: Uint8Array): boolean {
  return b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5);
}

/**
 * Reads until the end or the cap. For a stream the cap is chosen by its first bytes: `textCap`
 * unless it starts like an EVTX file or a zip archive.
 */
async function readHandle(
  handle: FileHandle,
  binaryCap: number,
  path: string,
  expected: number,
  textCap?: number,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let cap = binaryCap;
  if (expected > 0) {
    // A file of known size is read into one array (no second copy to join pieces); one byte
    // more shows whether it grew meanwhile, and then the rest is read in pieces as for a stream.
    const whole = new Uint8Array(expected + 1);
    total = await readAt(handle, whole, 0);
    if (total > cap) throw new InputError(path, tooLargeStream(cap, cap === textCap ? 'text' : 'binary'));
    if (total <= expected) return whole.subarray(0, total);
    chunks.push(whole);
  }
  const piece = Math.max(64 * 1024, Math.min(expected + 1, 16 * MIB));
  for (;;) {
    const buffer = new Uint8Array(piece);
    // A file is read on from where the read above stopped; a FIFO or a device from where it is.
    const { bytesRead } = await handle.read(buffer, 0, piece, expected > 0 ? total : null);
    if (bytesRead === 0) break;
    if (total === 0 && textCap !== undefined) {
      cap = isEvtxHead(buffer) || isZipHead(buffer) ? binaryCap : textCap;
    }
    total += bytesRead;
    if (total > cap) throw new InputError(path, tooLargeStream(cap, cap === textCap ? 'text' : 'binary'));
    chunks.push(bytesRead === piece ? buffer : buffer.subarray(0, bytesRead));
  }
  return concatBytes(chunks, total);
}

async function readStream(
  stream: NodeJS.ReadableStream,
  limits: InputLimits,
  name: string,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let cap = limits.text;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    if (total === 0 && (isEvtxHead(bytes) || isZipHead(bytes))) cap = limits.binary;
    total += bytes.length;
    if (total > cap) {
      // Stop reading: an endless producer must not fill the memory.
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new InputError(
        name === 'standard input' ? '-' : name,
        tooLargeStream(cap, cap === limits.text ? 'text' : 'binary'),
      );
    }
    chunks.push(bytes);
  }
  return concatBytes(chunks, total);
}

const RAISE = `if it is what you meant to pass, raise the limit with --max-input-size (or ${MAX_INPUT_ENV}), e.g. --max-input-size 2G`;

function tooLarge(size: number, cap: number, kind: 'text' | 'binary'): string {
  const what = kind === 'text' ? 'a capture or text export' : 'an event log or archive';
  return `${sizeText(size)}, more than the ${sizeText(cap)} read from ${what}; not read: ${RAISE}`;
}

function tooLargeStream(cap: number, kind: 'text' | 'binary'): string {
  const what = kind === 'text' ? 'a capture or text export' : 'an event log or archive';
  return `more than the ${sizeText(cap)} read from ${what} came from it (an endless stream or a device?), so reading stopped and nothing was analysed: ${RAISE}`;
}

function describeFsError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file or folder: check the path';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: copy the file somewhere you can read, or run as a user who can';
    case 'EISDIR':
      return 'is a folder; this command takes files, not folders';
    case 'ELOOP':
      return 'a loop of symbolic links: check where the link points';
    default:
      return `cannot read it (${error.code ?? error.message})`;
  }
}

/** One input ready for the flow: named bytes. */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

/**
 * An input's bytes as the flow takes them: whole, or, for text above the part size, in parts
 * named `NAME [part 2 of 5: lines 812345-1624690]`, with one line (for `notice`) saying so.
 * Captures are cut at `maxPart`, event exports at `maxEventPart` and always between two events,
 * each part framed to read on its own (see `src/input/parts.ts`).
 */
export function inputParts(
  name: string,
  bytes: Uint8Array,
  notice?: (line: string) => void,
  maxPart: number = TEXT_PART_BYTES,
  maxEventPart: number = EVENT_PART_BYTES,
): NamedBytes[] {
  if (bytes.length <= Math.min(maxPart, maxEventPart) || isEvtxHead(bytes) || isZipHead(bytes))
    return [{ name, bytes }];
  const { shape, label } = textShape(bytes);
  const size = shape === 'captures' ? maxPart : maxEventPart;
  if (bytes.length <= size) return [{ name, bytes }];
  const parts = splitText(bytes, size, shape);
  if (parts.length === 1) return [{ name, bytes }];
  notice?.(partsNotice(name, bytes.length, size, shape, label, parts));
  return parts.map((p, i) => ({ name: partName(name, p, i, parts.length), bytes: partBytes(bytes, p) }));
}

/** `NAME [part 2 of 5: lines 812345-1624690]`. */
function partName(name: string, part: TextPart, i: number, count: number): string {
  return `${name} [part ${i + 1} of ${count}: lines ${part.firstLine}-${part.lastLine}]`;
}

/** The line that says an input is read in parts, and where they were cut. */
function partsNotice(
  name: string,
  total: number,
  size: number,
  shape: TextShape,
  label: string,
  parts: readonly TextPart[],
): string {
  const cutInside = parts.filter((p) => p.cut === 'inside-line').length;
  const byLine = parts.filter((p) => p.cut === 'line').length;
  const read = `read in ${parts.length} parts of at most ${sizeText(size)}`;
  if (shape === 'captures')
    return (
      `${name}: ${sizeText(total)} of text, ${read}` +
      (byLine + cutInside === 0
        ? ', each cut between two captures'
        : `; ${byLine} cut at a line end inside a capture${cutInside > 0 ? `, ${cutInside} inside a line longer than a part` : ''}, so the capture there is read as two truncated pieces`)
    );
  const framed = parts.some((p) => p.head !== undefined);
  return (
    `${name}: ${sizeText(total)} event export (${label}), ${read}` +
    (byLine + cutInside === 0
      ? `, each cut between two events${framed ? FRAMED[shape] : ''}`
      : `; ${byLine + cutInside} cut inside an event, so the event there is read as two truncated pieces`) +
    '; each part is reported as a log of its own'
  );
}

/**
 * Above this, a plain captures file is read from disk a part at a time instead of whole: memory
 * holds one part and the window its end is chosen in, not the file. Below it (the default input
 * limit), a file is read whole, as any other input.
 */
export const STREAM_TEXT_BYTES = 2 * TEXT_PART_BYTES;

/** How far past a part's end its cut may look (a banner line and the `| Device State` after it). */
const CUT_LOOKAHEAD = 64 * 1024;

/**
 * One input's parts as the flow takes them, as `readInput` then `inputParts` give them. A plain
 * captures file above `streamAbove` is read in two passes over the file, a window at a time: where
 * each part ends (chosen as `splitText` chooses it), then each part's bytes. The parts, their
 * names and the notice are the same as from the whole file. Throws `InputError` as `readInput`.
 */
export async function* readInputParts(
  ref: InputRef,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
  options: ReadOptions & { notice?: (line: string) => void } = {},
  partSize: number = TEXT_PART_BYTES,
  streamAbove: number = STREAM_TEXT_BYTES,
): AsyncGenerator<NamedBytes> {
  if (ref.problem === undefined && ref.bytes === undefined && ref.path !== '-') {
    const file = await openLargeCaptures(ref.path, options.limits ?? currentLimits(), streamAbove);
    if (file !== null) {
      try {
        yield* streamedParts(ref.path, file, partSize, options.notice);
      } catch (error) {
        if (error instanceof InputError) throw error;
        throw new InputError(ref.path, describeFsError(error as NodeJS.ErrnoException));
      } finally {
        await file.handle.close().catch(() => {});
      }
      return;
    }
  }
  const bytes = await readInput(ref, stdin, options);
  yield* inputParts(ref.path, bytes, options.notice, partSize);
}

interface LargeFile {
  handle: FileHandle;
  size: number;
  head: Uint8Array;
}

/** The file open, when it is a regular file of plain captures above `streamAbove`; else null. */
async function openLargeCaptures(
  path: string,
  limits: InputLimits,
  streamAbove: number,
): Promise<LargeFile | null> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    return null; // `readInput` says why, as for any input.
  }
  let found: LargeFile | null = null;
  try {
    found = await largeCaptures(handle, limits, streamAbove);
    return found;
  } catch {
    return null; // Read whole instead: `readInput` says what is wrong with it.
  } finally {
    if (found === null) await handle.close().catch(() => {});
  }
}

async function largeCaptures(
  handle: FileHandle,
  limits: InputLimits,
  streamAbove: number,
): Promise<LargeFile | null> {
  const info = await handle.stat();
  if (!info.isFile() || info.size <= streamAbove || info.size > limits.text) return null;
  const head = new Uint8Array(Math.min(info.size, SHAPE_HEAD_BYTES));
  await readAt(handle, head, 0);
  if (isEvtxHead(head) || isZipHead(head) || textShape(head).shape !== 'captures') return null;
  return { handle, size: info.size, head };
}

/** Fills `buffer` from the file at `position`; how many bytes it got (fewer at the end). */
async function readAt(handle: FileHandle, buffer: Uint8Array, position: number): Promise<number> {
  let got = 0;
  while (got < buffer.length) {
    const { bytesRead } = await handle.read(buffer, got, buffer.length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

async function* streamedParts(
  name: string,
  file: LargeFile,
  partSize: number,
  notice?: (line: string) => void,
): AsyncGenerator<NamedBytes> {
  const bomLength = byteOrderMarkLength(file.head);
  const bom = file.head.slice(0, bomLength);
  // First pass: where each part ends. Each window is the byte order mark, then the file from the
  // part's start: its first part is the one the whole file would give there.
  const parts: TextPart[] = [];
  const window = new Uint8Array(bomLength + partSize + CUT_LOOKAHEAD);
  window.set(bom, 0);
  let position = bomLength;
  let line = 1;
  while (position < file.size) {
    const got = await readAt(
      file.handle,
      window.subarray(bomLength, bomLength + Math.min(file.size - position, partSize + CUT_LOOKAHEAD)),
      position,
    );
    if (got === 0) break;
    const [first, second] = splitText(window.subarray(0, bomLength + got), partSize, 'captures');
    if (!first) break;
    const length = first.end - bomLength;
    parts.push({
      start: position,
      end: position + length,
      firstLine: line,
      lastLine: line + first.lastLine - 1,
      cut: second ? first.cut : 'end',
    });
    if (!second) break;
    line += second.firstLine - 1;
    position += length;
  }
  if (parts.length > 1) notice?.(partsNotice(name, file.size, partSize, 'captures', 'captures', parts));
  // Second pass: each part's bytes, the byte order mark in front of every part after the first.
  for (const [i, part] of parts.entries()) {
    const from = i === 0 ? 0 : part.start;
    const lead = i === 0 ? 0 : bomLength;
    const bytes = new Uint8Array(lead + part.end - from);
    bytes.set(bom.subarray(0, lead), 0);
    const got = await readAt(file.handle, bytes.subarray(lead), from);
    const shown = parts.length > 1 ? partName(name, part, i, parts.length) : name;
    yield { name: shown, bytes: bytes.subarray(0, lead + got) };
  }
}

const FRAMED: Record<Exclude<TextShape, 'captures'>, string> = {
  xml: ' (the opening and closing tags repeated around each)',
  table: ' (the header row repeated in front of each)',
  json: ' (each part a JSON array of its own)',
  records: '',
};

/**
 * What a large text holds, from its first bytes, told the way the flow classifies a whole input
 * (`src/flow/classify.ts`): plain dsregcmd output is captures; a structured export (XML, JSON, a
 * table) or clearly pasted events is an event export; anything else is read as captures.
 */
function textShape(bytes: Uint8Array): { shape: TextShape; label: string } {
  const captures = { shape: 'captures', label: 'captures' } as const;
  const head = decodeBytes(bytes.subarray(0, SHAPE_HEAD_BYTES)).text;
  if (plainlyCapture(head)) return captures;
  const kind = eventKindOfText(head);
  if (kind === 'xml') return { shape: 'xml', label: 'XML' };
  if (kind === 'json') return { shape: 'json', label: 'JSON' };
  if (kind === 'csv') return { shape: 'table', label: 'CSV' };
  if (kind !== 'text') return captures;
  if (looksLikeEventTable(head) === 'text') return { shape: 'table', label: 'tab-separated text' };
  return looksClearlyLikeEvents(head) ? { shape: 'records', label: 'text' } : captures;
}

/** Failed inputs and notices met while reading, as `readInputs` reports them. */
export interface InputEvents {
  /** An input that could not be read: the path as the user knows it, and why. */
  onFailure(path: string, reason: string): void;
  /** One line worth telling (passed over, read in parts). */
  onNotice?(line: string): void;
}

/**
 * Every input of the command line as named bytes, one at a time, for the flow: folders walked,
 * archives opened, sizes capped, large text in parts. Failures and notices go to `events`;
 * what is yielded can be handed to `analyzeInputsAsync` as it is.
 */
export async function* readInputs(
  args: readonly string[],
  events: InputEvents,
  options: ReadOptions & {
    fs?: WalkFs;
    stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
    expanded?: ExpandResult;
  } = {},
): AsyncGenerator<NamedBytes> {
  const limits = options.limits ?? currentLimits();
  const expanded: ExpandResult = options.expanded ?? { passedOver: 0 };
  const notice = (line: string) => events.onNotice?.(line);
  const expandOptions: ExpandOptions = { limits, onNotice: notice };
  if (options.fs) expandOptions.fs = options.fs;
  for await (const ref of expandInputs(args, expanded, expandOptions)) {
    try {
      yield* readInputParts(ref, options.stdin ?? process.stdin, {
        limits,
        notice,
        ...(options.warn ? { warn: options.warn } : {}),
      });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      events.onFailure(error.path, error.reason);
    }
  }
}
