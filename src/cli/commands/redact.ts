/**
 * `dsreg-doctor redact FILE...`: a copy of each capture or event export (XML, JSON, CSV, pasted
 * text) with identifiers replaced, in the same layout and format.
 * @module
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { analyzeBytes } from '../../analyze.ts';
import { CP437_HIGH, CP850_HIGH, WIN1252_HIGH } from '../../input/code-pages.ts';
import { decodeBytes } from '../../input/decode.ts';
import type { DsregCapture } from '../../model/capture.ts';
import type { EventRecord } from '../../model/events.ts';
import {
  learnCapture,
  learnEvents,
  redactCaptureText,
  redactEventText,
  residueLines,
  scanResidue,
} from '../../redact/index.ts';
import { ExitCode, InputError, OutputError, RunOutcome, UsageError } from '../errors.ts';
import { readInput } from '../inputs.ts';
import { planWrite } from '../output.ts';
import type { Io } from './analyze.ts';
import { newRedactor } from './envelope.ts';

export interface RedactOptions {
  redactSalt?: string;
  redactKeyFile?: string;
  strict?: boolean;
  outDir?: string;
  stdout?: boolean;
}

/** `status.txt` → `status.redacted.txt`, beside it or in the folder given. */
export function redactedPath(path: string, outDir?: string): string {
  const ext = extname(path);
  return join(outDir ?? dirname(path), `${basename(path, ext)}.redacted${ext || '.txt'}`);
}

/** One input, read and recognised, waiting for its copy to be written. */
interface Pending {
  path: string;
  bytes: Uint8Array;
  text: string;
  captures: DsregCapture[];
  records: EventRecord[];
  kind: 'capture' | 'events';
}

export async function redactCommand(files: string[], options: RedactOptions, io: Io): Promise<void> {
  if (files.length === 0)
    throw new UsageError('give the capture file(s) to redact, e.g. `dsreg-doctor redact status.txt`');
  if (options.stdout && files.length > 1) throw new UsageError('--stdout takes one file');
  if (options.outDir === '') throw new UsageError('--out-dir needs a folder name, e.g. `--out-dir redacted`');
  // One redactor for the whole run: the same identifier gets the same pseudonym in every file.
  const redactor = newRedactor(options, options.strict === true);
  let failed = 0;
  // First every input is read and its stated names learned, so that a name one file states is
  // hidden in every file, whichever comes first.
  const pending: Pending[] = [];
  for (const path of files) {
    try {
      pending.push(readForRedaction(path, await readInput({ path })));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      failed++;
      io.warn(`dsreg-doctor: ${error.message}`);
    }
  }
  for (const p of pending) {
    for (const capture of p.captures) learnCapture(redactor, capture);
    learnEvents(redactor, p.records);
  }
  for (const p of pending) {
    const text =
      p.kind === 'capture'
        ? redactCaptureText(p.text, p.captures, redactor)
        : redactEventText(p.text, p.records, redactor);
    const toStdout = options.stdout || p.path === '-';
    const target = toStdout ? null : redactedPath(p.path, options.outDir);
    if (target === null) {
      // A terminal or a pipe gets the text the way every other command writes it.
      await io.out.write(text);
      await io.out.close();
    } else {
      // The copy is opened with the tools that made the original, and they tell encodings apart
      // by the byte order mark (Windows PowerShell 5.1 reads a file without one as ANSI).
      await writeWhole(target, encodeAs(text, decodeBytes(p.bytes).encoding));
      io.warn(`wrote ${target}`);
    }
    // The second look, on stderr: values named here are for the user's eyes, not for the copy.
    for (const line of residueLines(scanResidue(text, redactor), target ?? 'standard output')) io.warn(line);
  }
  if (failed > 0) throw new RunOutcome(ExitCode.usage);
}

/** The input recognised as a capture or an event export, or an `InputError` saying why not. */
function readForRedaction(path: string, bytes: Uint8Array): Pending {
  const input = analyzeBytes(bytes, { path });
  const eventKind = input.events?.kind ?? null;
  if (input.kind === 'events' && eventKind === 'evtx') {
    throw new InputError(
      path,
      `an EVTX file is binary and cannot be rewritten in place; export it as XML (wevtutil qe "${basename(path)}" /lf:true /f:xml > events.xml) and redact that, or use \`analyze --redact\` for a redacted report`,
    );
  }
  if (input.kind === 'capture' && input.text !== null) {
    return {
      path,
      bytes,
      text: input.text,
      captures: input.captures,
      records: input.events?.records ?? [],
      kind: 'capture',
    };
  }
  if (input.kind === 'events' && input.events !== null) {
    return {
      path,
      bytes,
      text: decodeBytes(bytes).text,
      captures: [],
      records: input.events.records,
      kind: 'events',
    };
  }
  throw new InputError(
    path,
    input.problem ?? 'neither dsregcmd output nor an event export (XML, JSON, CSV or pasted event text)',
  );
}

const SINGLE_BYTE_HIGH: Record<string, string> = {
  'windows-1252': WIN1252_HIGH,
  cp437: CP437_HIGH,
  cp850: CP850_HIGH,
};

/** The text in the encoding `decodeBytes` reported for the original. */
export function encodeAs(text: string, encoding: string): Uint8Array {
  switch (encoding) {
    case 'utf-8-bom':
      return new TextEncoder().encode(`\uFEFF${text}`);
    case 'utf-16le-bom':
    case 'utf-16be-bom':
    case 'utf-16le':
    case 'utf-16be':
      return utf16(encoding.endsWith('-bom') ? `\uFEFF${text}` : text, encoding.startsWith('utf-16be'));
  }
  const high = SINGLE_BYTE_HIGH[encoding];
  if (high === undefined) return new TextEncoder().encode(text);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const at = code < 0x80 ? -1 : high.indexOf(text.charAt(i));
    // Pseudonyms are ASCII and the rest came from the page itself, so `?` is for the impossible.
    out[i] = code < 0x80 ? code : at >= 0 ? 0x80 + at : 0x3f;
  }
  return out;
}

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), !bigEndian);
  return out;
}

/**
 * Writes the file whole or not at all, creating its folder first: `--out-dir redacted` is a
 * folder the user means to have, not one they must make beforehand.
 */
async function writeWhole(path: string, bytes: Uint8Array): Promise<void> {
  let temp: string | null = null;
  try {
    await mkdir(dirname(path), { recursive: true });
    // Like `-o`: a link is followed and kept, a pipe or device is written in place.
    const plan = await planWrite(path);
    if (plan.direct) return await writeFile(plan.path, bytes);
    temp = plan.temp;
    await writeFile(temp, bytes, { flag: 'wx' });
    await rename(temp, plan.path);
  } catch (error) {
    if (temp) await rm(temp, { force: true }).catch(() => {});
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new OutputError(`${path}: cannot write the results (${code}); nothing was written there`);
  }
}
