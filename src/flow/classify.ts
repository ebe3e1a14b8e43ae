/**
 * One input, classified once by its content: dsregcmd output, an event log (with its kind), both
 * in one stream, or rejected with a typed reason. The name never picks the reader: the same
 * event XML is read the same way as `.xml` or `.txt`.
 * @module
 */
import { isEvtx, readEvtx } from '../events/evtx/index.ts';
import {
  eventKindOfText,
  looksClearlyLikeEvents,
  plainlyCapture,
  readEventsFromText,
} from '../events/index.ts';
import { decodeBytes, looksBinary } from '../input/decode.ts';
import type { DsregCapture } from '../model/capture.ts';
import type { EventFileKind, EventReadResult } from '../model/events.ts';
import { strictFromEnv } from '../model/internal.ts';
import type { ReportNotice } from '../model/report.ts';
import { readCaptures, readCapturesLazily } from '../read/index.ts';
import { ownOutputKind } from './own-output.ts';
import { type MixedParts, splitMixed } from './split.ts';
import type { Classified, FlowOptions, RejectReason } from './types.ts';

/** What `classifyLazily` finds: a capture input's captures come as a sequence, read as it goes. */
export type ClassifiedLazily =
  | Exclude<Classified, { kind: 'capture' }>
  | (Omit<Extract<Classified, { kind: 'capture' }>, 'captures'> & {
      captures: Iterable<DsregCapture>;
    });

const WHAT_TO_PASS =
  'save the output of `dsregcmd /status` (or an event log export) into the file and pass that';

/** The one sentence each reason gives the user: what it is, and what to do. */
export function rejectionMessage(reason: RejectReason, detail?: string): string {
  switch (reason) {
    case 'empty':
      return `the file is empty: ${WHAT_TO_PASS}`;
    case 'binary':
      return `this is a binary file, not dsregcmd output or an event log: ${WHAT_TO_PASS}`;
    case 'not-recognized':
      return `no dsregcmd output or event records found in it: ${WHAT_TO_PASS}`;
    case 'too-large':
      return `the input is larger than the ${detail ?? 'allowed'} limit: pass a smaller file (one device's capture or log)`;
    case 'own-output':
      return `this is a ${detail ?? ''}${detail ? ' ' : ''}report written by dsreg-doctor, not evidence: it was passed over`;
    case 'unreadable':
      return `the input could not be read${detail ? `: ${detail}` : ''}`;
  }
}

function rejected(reason: RejectReason, detail?: string): Classified {
  return { kind: 'rejected', reason, message: rejectionMessage(reason, detail) };
}

/**
 * What the bytes are. Never throws on content; in strict mode an internal failure of a reader
 * throws, otherwise it is kept in `failures` for the report to say.
 */
export function classify(bytes: Uint8Array, name: string, options: FlowOptions = {}): Classified {
  const found = classifyWith(bytes, name, options, false);
  if (found.kind !== 'capture') return found;
  return { ...found, captures: found.captures as DsregCapture[] };
}

/**
 * As `classify`, but the captures of a capture input come one at a time, each as soon as the
 * reader has it, so a caller that writes and drops them never holds a whole input's captures
 * (`parse` on a file of thousands). An internal failure of the reader after the first capture
 * ends the sequence and is added to `failures` (outside strict mode).
 */
export function classifyLazily(bytes: Uint8Array, name: string, options: FlowOptions = {}): ClassifiedLazily {
  return classifyWith(bytes, name, options, true);
}

const KIND_NAMES: Record<EventFileKind, string> = {
  xml: 'event XML',
  json: 'JSON',
  csv: 'CSV',
  text: 'event text',
  evtx: 'EVTX',
};

function lines([from, to]: [number, number]): string {
  return from === to ? `line ${from}` : `lines ${from}–${to}`;
}

/** The notice for an event export in a capture's stream from which no record could be read. */
function unreadExport(mixed: MixedParts, found: EventReadResult | null): ReportNotice {
  const why = found?.skipped[0]?.why ?? found?.warnings[0] ?? null;
  return {
    code: 'mixed-events-unread',
    severity: 'warning',
    message: `${lines(mixed.eventLines)} of this input look like an event export (${KIND_NAMES[mixed.eventKind]}) ${mixed.order === 'capture-first' ? 'after' : 'before'} the capture, but no event record could be read from them${why ? ` (${why})` : ''}; they are not in this report`,
  };
}

/** The notice for dsregcmd output in an event export's stream from which no capture could be read. */
function unreadCapture(mixed: MixedParts): ReportNotice {
  return {
    code: 'mixed-capture-unread',
    severity: 'warning',
    message: `${lines(mixed.captureLines)} of this input look like dsregcmd output ${mixed.order === 'capture-first' ? 'before' : 'after'} the event export, but no capture could be read from them; only the events are in this report`,
  };
}

function classifyWith(
  bytes: Uint8Array,
  name: string,
  options: FlowOptions,
  lazily: boolean,
): ClassifiedLazily {
  if (options.maxBytes !== undefined && bytes.length > options.maxBytes)
    return rejected('too-large', `${options.maxBytes}-byte`);
  if (bytes.length === 0) return rejected('empty');
  const strict = options.strict ?? strictFromEnv();
  const failures: string[] = [];
  const onInternalFailure = (f: { stage: string; message: string }) => {
    failures.push(`${f.stage}: ${f.message}`);
  };
  if (isEvtx(bytes)) return { kind: 'events', eventKind: 'evtx', events: readEvtx(bytes), failures };
  if (looksBinary(bytes)) return rejected('binary');
  const decoded = decodeBytes(bytes);
  const text = decoded.text;
  if (text.trim() === '') return rejected('empty');
  const own = ownOutputKind(text);
  if (own !== null) return rejected('own-output', own === 'json' ? 'JSON' : own === 'html' ? 'HTML' : own);
  const readOptions = { encoding: decoded.encoding, strict, onInternalFailure };
  const read = (t: string) => readCaptures(t, readOptions);
  const events = (t: string): EventReadResult | null => {
    const result = readEventsFromText(t, { name });
    if (strict && result && result.records.length === 0 && result.skipped.some((s) => s.where === name))
      throw new Error(`event reader failed on ${name}: ${result.skipped.map((s) => s.why).join('; ')}`);
    return result && result.records.length > 0 ? result : null;
  };

  // A capture and an event export in one stream: both are read, each from its own part, and a
  // part that gives nothing is named rather than dropped.
  const mixed = splitMixed(text);
  if (mixed) {
    const found = readEventsFromText(mixed.events, { name });
    const records = found?.records.length ?? 0;
    const captures = read(mixed.capture);
    if (captures.length > 0) {
      const notices = records > 0 ? [] : [unreadExport(mixed, found)];
      return {
        kind: 'capture',
        text,
        encoding: decoded.encoding,
        captures,
        events: found && records > 0 ? found : null,
        failures,
        ...(notices.length > 0 ? { notices } : {}),
      };
    }
    if (found && records > 0)
      return {
        kind: 'events',
        eventKind: found.kind,
        events: found,
        failures,
        notices: [unreadCapture(mixed)],
      };
  }

  // Structured exports (XML, JSON, CSV) are unambiguous, and so is pasted event text with an event
  // header, `Format-List` output or a well-known message at its start; other event-like text is
  // tried after captures, because a capture (a `/debug` trace quoting a message) can look like it.
  // Plain dsregcmd output cannot be events first: the scan for pasted events waits until no
  // capture is found in it.
  const plain = plainlyCapture(text);
  const eventKind = plain ? null : eventKindOfText(text);
  if (eventKind !== null && (eventKind !== 'text' || looksClearlyLikeEvents(text))) {
    const found = events(text);
    if (found) return { kind: 'events', eventKind: found.kind, events: found, failures };
  }
  const captures = lazily ? startedCaptures(text, readOptions) : read(text);
  if (captures !== null && (lazily || (captures as DsregCapture[]).length > 0))
    return { kind: 'capture', text, encoding: decoded.encoding, captures, events: null, failures };
  if ((plain ? eventKindOfText(text) : eventKind) === 'text') {
    const found = events(text);
    if (found) return { kind: 'events', eventKind: found.kind, events: found, failures };
  }
  if (failures.length > 0) {
    // Say what happened rather than "no dsregcmd output": the reader failed on this input.
    return {
      kind: 'rejected',
      reason: 'not-recognized',
      message: `${rejectionMessage('not-recognized')} (the reader failed: ${failures[0]})`,
    };
  }
  return rejected('not-recognized');
}

/**
 * The captures of `text`, read lazily, once the first one is known to exist; null when there is
 * none (or the reader failed before the first).
 */
function startedCaptures(
  text: string,
  options: Parameters<typeof readCapturesLazily>[1],
): Iterable<DsregCapture> | null {
  const rest = readCapturesLazily(text, options);
  const first = rest.next();
  if (first.done) return null;
  return (function* () {
    yield first.value;
    yield* rest;
  })();
}

/**
 * A cheap look at the first bytes of an input: does it look like an event log? Shells use it to
 * hand logs to a run before captures, so each capture finds its logs waiting; `classify` still
 * decides what the whole input is.
 */
export function looksLikeEventLog(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  if (isEvtx(head)) return true;
  if (looksBinary(head)) return false;
  const kind = eventKindOfText(decodeBytes(head).text);
  return kind !== null && kind !== 'text';
}
