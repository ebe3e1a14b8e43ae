/**
 * The flow's vocabulary: what goes in (named bytes), how an input is classified by its content,
 * why one is rejected, and what comes out (device reports and failures).
 * @module
 */
import type { DsregCapture } from '../model/capture.ts';
import type { EventFileKind, EventReadResult } from '../model/events.ts';
import type { DeviceReport, ReportNotice } from '../model/report.ts';

/**
 * Why an input gave no report. Each shell maps these to its own answer in one table: the CLI to
 * an exit code, the server to an HTTP status.
 * - `empty`: no bytes, or only white space.
 * - `binary`: neither text nor an EVTX file (an image, an archive the shell did not open).
 * - `not-recognized`: text, but neither dsregcmd output nor event records.
 * - `too-large`: above the size the caller allows.
 * - `own-output`: a report this tool wrote (JSON envelope, text, markdown or HTML report).
 * - `unreadable`: the shell could not read it (permissions, I/O error); set by shells.
 */
export type RejectReason = 'empty' | 'binary' | 'not-recognized' | 'too-large' | 'own-output' | 'unreadable';

export const REJECT_REASONS: readonly RejectReason[] = [
  'empty',
  'binary',
  'not-recognized',
  'too-large',
  'own-output',
  'unreadable',
];

/** One input: its bytes and the name it is known by (a path, `-`, an upload's file name). */
export interface FlowInput {
  name: string;
  bytes: Uint8Array;
  /** When the input was last changed (ISO time), when the shell knows it. */
  modified?: string;
}

export interface FlowOptions {
  /** ISO time used as "now" when a capture has no Client Time. */
  now?: string;
  /** Inputs larger than this many bytes are rejected as `too-large`; no limit when absent. */
  maxBytes?: number;
  /**
   * Internal failures (a reader or rule bug) throw instead of becoming a notice; default from
   * the `DSREG_DOCTOR_STRICT` environment variable. For tests and fuzzing.
   */
  strict?: boolean;
}

/** What an input's content is, read once: the reader chosen by content, never by name. */
export type Classified =
  | {
      kind: 'capture';
      /** Decoded text of the whole input (what `redact` rewrites). */
      text: string;
      encoding: string;
      captures: DsregCapture[];
      /** An event export found in the same stream after or before the capture, if any. */
      events: EventReadResult | null;
      /** Internal failures met while reading (strict mode off). */
      failures: string[];
      /** What the report must say about the input (a part of a mixed stream left unread). */
      notices?: ReportNotice[];
    }
  | {
      kind: 'events';
      eventKind: EventFileKind;
      events: EventReadResult;
      failures: string[];
      notices?: ReportNotice[];
    }
  | { kind: 'rejected'; reason: RejectReason; message: string };

/** One input classified and diagnosed on its own (before pairing with other inputs). */
export type AnalyzedInput =
  | {
      kind: 'capture';
      name: string;
      text: string;
      captures: DsregCapture[];
      /** An event export in the same stream; its records are in the capture's report. */
      events: EventReadResult | null;
      reports: DeviceReport[];
    }
  | { kind: 'events'; name: string; events: EventReadResult; reports: DeviceReport[] }
  | { kind: 'rejected'; name: string; reason: RejectReason; message: string; reports: [] };

/** What a run yields, in order: reports as they are ready, failures as they happen. */
export type FlowOutput =
  | { type: 'report'; report: DeviceReport }
  | { type: 'failure'; name: string; reason: RejectReason; message: string }
  /**
   * Only after `FlowRun.preview`: an event log no capture of the run takes. The run did not keep
   * it; hand it again with `FlowRun.addLate` after `finish`, where its own report comes in order.
   */
  | { type: 'later'; name: string };
