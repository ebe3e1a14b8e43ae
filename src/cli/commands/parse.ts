/**
 * `dsreg-doctor parse`: the reader's work, the typed model of every capture found. Each input is
 * classified by the flow and read, never diagnosed, and the documents are written as they are
 * read (JSON in batches of about 64 KiB of text): the JSON document is streamed, so no output
 * string grows with the input.
 * @module
 */
import { classifyLazily } from '../../flow/classify.ts';
import { classify, rejectionMessage } from '../../flow/index.ts';
import type { InputFailure } from '../../model/report.ts';
import { CAPTURES_SCHEMA_ID } from '../../model/vocabulary.ts';
import { redactCapture, redactPath } from '../../redact/index.ts';
import { type ParsedDocument, renderCaptureOutline } from '../../render/capture-outline.ts';
import { ExitCode, InputError, REJECT_EXIT, RunOutcome } from '../errors.ts';
import { chooseFormat, widthFor } from '../format.ts';
import { expandInputs, readInputParts } from '../inputs.ts';
import { finishOutput, type Output } from '../output.ts';
import type { Io } from './analyze.ts';
import { redactorFor } from './envelope.ts';

export interface ParseOptions {
  format?: string;
  /** Indented JSON; by default only on a terminal (one document per line otherwise). */
  pretty?: boolean;
  redact?: boolean;
  redactSalt?: string;
}

const EVENT_LOG = 'an event log, not dsregcmd output: use `dsreg-doctor analyze` for event logs';

export async function parseCommand(args: string[], options: ParseOptions, io: Io): Promise<void> {
  const format = chooseFormat(options.format, ['json', 'text'] as const, io.out);
  const redactor = redactorFor(options);
  const writer =
    format === 'json'
      ? jsonWriter(io.out, options.pretty ?? io.out.isTerminal)
      : textWriter(io.out, widthFor(io.out, undefined));
  const failures: InputFailure[] = [];
  let exit: ExitCode | null = null;
  let documents = 0;
  const fail = (path: string, reason: string, code: ExitCode | null) => {
    if (code === null) {
      io.warn(`note: ${path}: ${reason}`);
      return;
    }
    failures.push({ path, reason });
    io.warn(`dsreg-doctor: ${path}: ${reason}`);
    exit = Math.max(exit ?? 0, code) as ExitCode;
  };
  try {
    const expandOptions = { onNotice: (line: string) => io.warn(`note: ${line}`) };
    for await (const ref of expandInputs(args.length ? args : ['-'], { passedOver: 0 }, expandOptions)) {
      // A large captures file is read a part at a time (see `readInputParts`); an input that
      // cannot be read, whole or from some part on, is a failure of its own.
      const parts = readInputParts(ref, process.stdin, {
        warn: (line) => io.warn(line),
        notice: (line) => io.warn(`note: ${line}`),
      });
      try {
        for await (const part of parts) {
          // JSON is written as the reader hands the documents out, each dropped once its batch is
          // written; the outline says "document 2 of 5", so it waits for the count.
          const found =
            format === 'json' ? classifyLazily(part.bytes, part.name) : classify(part.bytes, part.name);
          if (found.kind === 'rejected') {
            fail(part.name, found.message, REJECT_EXIT[found.reason]);
            continue;
          }
          if (found.kind === 'events') {
            fail(part.name, EVENT_LOG, ExitCode.usage);
            continue;
          }
          const documentsInFile = Array.isArray(found.captures) ? found.captures.length : 0;
          const failuresBefore = found.failures.length;
          for (const capture of found.captures) {
            documents++;
            // Under --redact the path is redacted too (after the capture, whose names it learns).
            const shown = redactor ? redactCapture(capture, redactor) : capture;
            await writer.document({
              path: redactor ? redactPath(part.name, redactor) : part.name,
              capture: shown,
              documentsInFile,
            });
          }
          // The reader failed after some captures were written: say so, as for one that read none.
          const failure = found.failures[failuresBefore];
          if (failure !== undefined)
            fail(
              part.name,
              `${rejectionMessage('not-recognized')} (the reader failed: ${failure})`,
              REJECT_EXIT['not-recognized'],
            );
        }
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        fail(error.path, error.reason, ExitCode.usage);
      }
    }
    await writer.finish(
      redactor
        ? failures.map((f) => ({ path: redactPath(f.path, redactor), reason: redactor.text(f.reason) }))
        : failures,
    );
    // Every input failed: an existing -o file is kept rather than replaced by an empty model.
    await finishOutput(io.out, documents, failures.length, io.warn);
  } catch (error) {
    await io.out.abort();
    throw error;
  }
  if (exit !== null) throw new RunOutcome(exit);
}

interface DocumentWriter {
  document(d: ParsedDocument): Promise<void>;
  finish(failures: readonly InputFailure[]): Promise<void>;
}

/**
 * A document as an element of the `documents` array. Indented, it is stringified inside a
 * one-element array of a one-key object (`{"d":[…]}`) and cut out of it, so the engine's own
 * indentation does the work (no second pass over the text to re-indent it).
 */
const ELEMENT_HEAD = '{\n  "d": [\n    '.length;
const ELEMENT_TAIL = '\n  ]\n}'.length;

function documentElement(d: ParsedDocument, pretty: boolean): string {
  const doc = { source: { path: d.path, document: d.capture.index }, capture: d.capture };
  if (!pretty) return JSON.stringify(doc);
  const wrapped = JSON.stringify({ d: [doc] }, null, 2);
  return wrapped.slice(ELEMENT_HEAD, wrapped.length - ELEMENT_TAIL);
}

/**
 * Characters of JSON gathered before one write: a document is a few kilobytes, and a write per
 * document costs more in the stream than the text itself. Memory stays bounded by this, not by
 * the input.
 */
const WRITE_BATCH = 1 << 16;

/**
 * `{ schema, documents: [...], failures? }`, one JSON document in either layout. Indented, it is
 * byte for byte one `JSON.stringify(…, null, 2)`. Otherwise each document of the array is on a
 * line of its own (`grep` finds a device's whole document, a stream reader splits on lines), and
 * the text is less than half the size: the layout for pipes, files and large inputs.
 */
function jsonWriter(out: Output, pretty: boolean): DocumentWriter {
  const schema = JSON.stringify(CAPTURES_SCHEMA_ID);
  const opening = pretty
    ? `{\n  "schema": ${schema},\n  "documents": [`
    : `{"schema":${schema},"documents":[`;
  const before = pretty ? '\n    ' : '\n';
  let count = 0;
  let pending: string[] = [];
  let pendingLength = 0;
  const take = (): string => {
    const text = pending.join('');
    pending = [];
    pendingLength = 0;
    return text;
  };
  return {
    async document(d) {
      const piece = `${count === 0 ? opening : ','}${before}${documentElement(d, pretty)}`;
      count++;
      pending.push(piece);
      pendingLength += piece.length;
      if (pendingLength >= WRITE_BATCH) await out.write(take());
    },
    async finish(failures) {
      const end = count === 0 ? `${opening}]` : pretty ? '\n  ]' : '\n]';
      // As in analyze's report: inputs that could not be read, only when there were some.
      let failed = '';
      if (failures.length > 0)
        failed = pretty
          ? `,\n  "failures": ${JSON.stringify(failures, null, 2).replace(/\n/g, '\n  ')}`
          : `,"failures":${JSON.stringify(failures)}`;
      pending.push(`${end}${failed}${pretty ? '\n' : ''}}\n`);
      await out.write(take());
    },
  };
}

function textWriter(out: Output, width: number): DocumentWriter {
  let count = 0;
  return {
    async document(d) {
      await out.write((count === 0 ? '' : '\n') + renderCaptureOutline([d], width));
      count++;
    },
    async finish() {},
  };
}
