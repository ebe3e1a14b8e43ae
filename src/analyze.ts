/**
 * The whole flow for one input, pure: bytes → text → captures or events → diagnosis → reports.
 * The CLI, and later the server and the web page, call this; only they do I/O.
 * @module
 */
import { diagnose } from './diagnose/index.ts';
import { correlate, diagnoseEvents } from './events/diagnose.ts';
import { isEvtx, readEvtx } from './events/evtx/index.ts';
import { detectEventKind, looksClearlyLikeEvents, readEvents } from './events/index.ts';
import { decodeBytes, looksBinary } from './input/decode.ts';
import type { DsregCapture } from './model/capture.ts';
import type { Diagnosis } from './model/diagnosis.ts';
import type { EventReadResult } from './model/events.ts';
import type { DeviceReport } from './model/report.ts';
import { readCaptures } from './read/index.ts';

export type InputKind = 'capture' | 'events' | 'empty' | 'binary' | 'not-recognized';

export interface AnalyzeOptions {
  /** The path as the user gave it (`-` for standard input); it names the source in reports. */
  path: string;
  /** ISO time used as "now" when a capture has no Client Time. */
  now?: string;
}

export interface AnalyzedInput {
  kind: InputKind;
  /** For `empty`, `binary` and `not-recognized`: why, and what to do, in one sentence. */
  problem: string | null;
  /** Decoded text (captures only): what `redact` rewrites. */
  text: string | null;
  captures: DsregCapture[];
  events: EventReadResult | null;
  reports: DeviceReport[];
}

const WHAT_TO_PASS =
  'save the output of `dsregcmd /status` (or an event log export) into the file and pass that';

/** Reads one input and diagnoses every capture or event log found in it. Never throws on content. */
export function analyzeBytes(bytes: Uint8Array, options: AnalyzeOptions): AnalyzedInput {
  const none = { text: null, captures: [], events: null, reports: [] };
  const empty = { kind: 'empty' as const, problem: `the file is empty: ${WHAT_TO_PASS}`, ...none };
  if (bytes.length === 0) return empty;
  if (isEvtx(bytes)) return eventInput(readEvtx(bytes), options);
  if (looksBinary(bytes)) {
    return {
      kind: 'binary',
      problem: `this is a binary file, not dsregcmd output or an event log: ${WHAT_TO_PASS}`,
      ...none,
    };
  }
  const decoded = decodeBytes(bytes);
  if (decoded.text.trim() === '') return empty;
  // Structured exports (XML, JSON, CSV) are unambiguous, and so is pasted event text with an event
  // header, `Format-List` output or a well-known message at its start; other event-like text is
  // tried after captures, because a capture (a `/debug` trace quoting a message) can look like it.
  const eventKind = detectEventKind(decoded.text);
  if (eventKind !== null && (eventKind !== 'text' || looksClearlyLikeEvents(decoded.text))) {
    const events = readEvents(decoded.text, { name: options.path });
    if (events && events.records.length > 0) return eventInput(events, options);
  }
  const captures = readCaptures(decoded.text, { encoding: decoded.encoding });
  if (captures.length > 0) {
    const reports = captures.map((capture) =>
      captureReport(capture, diagnose(capture, nowOf(options)), options),
    );
    return { kind: 'capture', problem: null, text: decoded.text, captures, events: null, reports };
  }
  if (eventKind === 'text') {
    const events = readEvents(decoded.text, { name: options.path });
    if (events && events.records.length > 0) return eventInput(events, options);
  }
  return {
    kind: 'not-recognized',
    problem: `no dsregcmd output or event records found in it: ${WHAT_TO_PASS}`,
    ...none,
  };
}

/**
 * One diagnosis for a capture and the event logs of the same device: the events confirm or
 * explain what the capture shows.
 */
export function correlateReport(
  report: DeviceReport,
  events: EventReadResult[],
  eventPaths: string[],
): DeviceReport {
  if (!report.capture || events.length === 0) return report;
  const records = events.flatMap((e) => e.records);
  const merged = correlate(report.capture, { verdict: report.verdict, findings: report.findings }, records);
  return {
    ...report,
    source: { ...report.source, path: [report.source.path, ...eventPaths].join(' + ') },
    verdict: merged.verdict,
    findings: merged.findings,
    events: records,
    timeline: merged.timeline,
  };
}

function eventInput(events: EventReadResult, options: AnalyzeOptions): AnalyzedInput {
  const result = diagnoseEvents(events.records, nowOf(options));
  const report: DeviceReport = {
    source: {
      path: options.path,
      kind: 'events',
      document: 0,
      records: events.records.length,
      skipped: events.skipped,
    },
    capture: null,
    verdict: result.verdict,
    findings: result.findings,
    events: events.records,
    timeline: result.timeline,
  };
  return { kind: 'events', problem: null, text: null, captures: [], events, reports: [report] };
}

function captureReport(capture: DsregCapture, diagnosis: Diagnosis, options: AnalyzeOptions): DeviceReport {
  return {
    source: { path: options.path, kind: 'capture', document: capture.index },
    capture,
    verdict: diagnosis.verdict,
    findings: diagnosis.findings,
  };
}

function nowOf(options: AnalyzeOptions): { now?: string } {
  return options.now ? { now: options.now } : {};
}
