/**
 * What ingest does with the files of one unit (a capture file alone, or a folder's captures
 * with the event exports beside them), pure: find the shape, read and diagnose every capture,
 * attach the events of the same device, optionally redact before anything is kept, and build the
 * rows a store keeps. Never throws on content; every file that gives nothing says why.
 * @module
 */
import { type AnalyzedInput, analyzeBytes, correlateReport } from '../analyze.ts';
import { decodeBytes } from '../input/decode.ts';
import { computerNamesAgree, deviceKeyOf } from '../model/device.ts';
import type { EventReadResult } from '../model/events.ts';
import type { DeviceReport } from '../model/report.ts';
import { createRedactor, redactCaptureText } from '../redact/index.ts';
import type { AttachedEvents, CaptureInput } from '../store/types.ts';
import { type CaptureCodec, captureText, toCaptureInput } from './capture.ts';
import { readCollection, readLogonScript, type ShapedCapture } from './shapes.ts';

/** One file of a unit. */
export interface UnitFile {
  /** Path as shown to the user (`dir/file.txt`, `archive.zip!inner/file.txt`). */
  path: string;
  bytes: Uint8Array;
  /** Modification time (ISO) when known. */
  mtime: string | null;
}

export interface UnitOptions {
  ingestedAt: string;
  /** A key for pseudonyms kept at rest: when set, captures are redacted before they are kept. */
  redactKey?: string;
  /** Most event records kept per capture (the count is always kept). Default 500. */
  maxEventRecords?: number;
  /**
   * Content hash and compression of the raw text (default: the pure codec). A shell passes the
   * native one; it is a function, so it never crosses to a worker in a message: each side sets
   * its own.
   */
  codec?: CaptureCodec;
}

/** A file that gave nothing, and why. */
export interface UnitProblem {
  path: string;
  reason: string;
}

export interface UnitResult {
  captures: CaptureInput[];
  problems: UnitProblem[];
  /** Notes that are not failures (lossy shapes, events not paired). */
  notes: UnitProblem[];
  /** Event files read. */
  eventFiles: number;
}

const EVENT_NAME = /\.(evtx|xml|csv|json|txt)$/i;

function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'), path.lastIndexOf('!'));
  return path.slice(cut + 1);
}

interface Read {
  file: UnitFile;
  item: ShapedCapture;
  analyzed: AnalyzedInput;
}

/** Reads, diagnoses and shapes every capture of a unit. */
export function ingestUnit(files: UnitFile[], options: UnitOptions): UnitResult {
  const problems: UnitProblem[] = [];
  const notes: UnitProblem[] = [];
  const reads: Read[] = [];
  const events: Array<{ file: UnitFile; result: EventReadResult; computer: string | null }> = [];
  for (const file of files) {
    try {
      readFile(file, options, reads, events, problems, notes);
    } catch (error) {
      problems.push({ path: file.path, reason: `could not be read (${(error as Error).message})` });
    }
  }
  const captures: CaptureInput[] = [];
  const used = new Set<number>();
  for (const r of reads) {
    const total = r.analyzed.reports.length;
    for (const report of r.analyzed.reports) {
      if (!report.capture) continue;
      const computer = computerOf(report) ?? r.item.computer;
      const matching = events
        .map((e, i) => ({ e, i }))
        .filter(({ e }) =>
          e.computer && computer
            ? computerNamesAgree(e.computer, computer)
            : reads.length === 1 && total === 1,
        );
      let final = report;
      let attached: AttachedEvents | null = null;
      if (matching.length > 0) {
        for (const { i } of matching) used.add(i);
        final = correlateReport(
          report,
          matching.map(({ e }) => e.result),
          matching.map(({ e }) => e.file.path),
        );
        const records = matching.flatMap(({ e }) => e.result.records);
        const max = options.maxEventRecords ?? 500;
        attached = {
          source: matching.map(({ e }) => e.file.path).join(' + '),
          count: records.length,
          records: records.slice(0, max) as unknown as Array<Record<string, unknown>>,
          findings: [],
        };
      }
      const text = captureText(r.analyzed.text ?? r.item.text, report.capture, total);
      const row = toCaptureInput(
        final,
        text,
        {
          source: `${r.file.path}${r.item.where}${total > 1 ? `#${report.source.document + 1}` : ''}`,
          shape: r.item.shape,
          lossy: r.item.lossy,
          fileTime: r.item.time ?? r.file.mtime,
          ingestedAt: options.ingestedAt,
          osVersion: r.item.osVersion,
          computer: r.item.computer,
        },
        attached,
        options.codec,
      );
      if (row) captures.push(row);
      else {
        problems.push({
          path: `${r.file.path}${r.item.where}`,
          reason:
            'the capture names no device (no DeviceId/TenantId, no Device Name): it cannot be kept per device',
        });
      }
    }
  }
  events.forEach((e, i) => {
    if (used.has(i)) return;
    notes.push({
      path: e.file.path,
      reason: e.computer
        ? `events of ${e.computer}: no capture of that device beside them, not attached`
        : 'events without a computer name and no single capture beside them: not attached',
    });
  });
  return { captures, problems, notes, eventFiles: events.length };
}

function readFile(
  file: UnitFile,
  options: UnitOptions,
  reads: Read[],
  events: Array<{ file: UnitFile; result: EventReadResult; computer: string | null }>,
  problems: UnitProblem[],
  notes: UnitProblem[],
): void {
  const name = baseName(file.path);
  const decoded = /\.(json|csv|tsv|txt|log)$/i.test(name) ? decodeBytes(file.bytes).text : null;
  if (decoded !== null) {
    const collection = readCollection(decoded, name);
    if (collection) {
      if (collection.note) problems.push({ path: file.path, reason: collection.note });
      for (const p of collection.problems) problems.push({ path: file.path, reason: p });
      for (const item of collection.items) {
        const at = `${file.path}${item.where}`;
        const analyzed = analyze(new TextEncoder().encode(item.text), at, item.time ?? file.mtime, options);
        if (analyzed.reports.length === 0) {
          problems.push({ path: at, reason: analyzed.problem ?? 'no capture in it' });
          continue;
        }
        if (item.lossy.length > 0)
          notes.push({ path: at, reason: `${item.shape}: ${item.lossy.join('; ')}` });
        reads.push({ file, item, analyzed });
      }
      return;
    }
  }
  const logon = decoded !== null ? readLogonScript(decoded, name) : null;
  const bytes = logon ? new TextEncoder().encode(logon.text) : file.bytes;
  const analyzed = analyze(bytes, file.path, logon?.time ?? file.mtime, options);
  if (analyzed.kind === 'events' && analyzed.events) {
    events.push({ file, result: analyzed.events, computer: computerOfEvents(analyzed.events) });
    return;
  }
  if (analyzed.kind !== 'capture') {
    if (!EVENT_NAME.test(name) && analyzed.kind === 'not-recognized') {
      problems.push({ path: file.path, reason: analyzed.problem ?? 'not recognised' });
    } else problems.push({ path: file.path, reason: analyzed.problem ?? 'not recognised' });
    return;
  }
  reads.push({
    file,
    item: logon ?? {
      text: analyzed.text ?? '',
      shape: 'text',
      lossy: [],
      computer: null,
      osVersion: null,
      time: null,
      where: '',
    },
    analyzed,
  });
}

/**
 * Analyses, and when a redaction key is given, analyses the redacted copy instead. A capture without
 * its own Client Time is judged at the time it was taken as far as the file tells (the collection
 * script's time, else the file's time), and only then at the ingest time: a capture copied in
 * months later must not read as expired.
 */
function analyze(
  bytes: Uint8Array,
  path: string,
  takenAt: string | null,
  options: UnitOptions,
): AnalyzedInput {
  const now = takenAt ?? options.ingestedAt;
  const analyzed = analyzeBytes(bytes, { path, now });
  if (!options.redactKey || analyzed.kind !== 'capture' || analyzed.text === null) return analyzed;
  const redactor = createRedactor({ salt: options.redactKey });
  const redacted = redactCaptureText(analyzed.text, analyzed.captures, redactor);
  return analyzeBytes(new TextEncoder().encode(redacted), { path, now });
}

function computerOf(report: DeviceReport): string | null {
  return report.device?.computer ?? (report.capture ? (deviceKeyOf(report.capture)?.computer ?? null) : null);
}

function computerOfEvents(result: EventReadResult): string | null {
  for (const r of result.records) {
    const c = (r as { computer?: string | null }).computer;
    if (c) return c;
  }
  return null;
}
