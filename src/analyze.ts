/**
 * One input, bytes to reports, in the shape the first callers were built on: a thin wrapper over
 * the flow (`src/flow`), which classifies by content, diagnoses and pairs. New code calls the
 * flow (`analyzeInput`, `analyzeInputs`, `FlowRun`) directly.
 * @module
 */
import { analyzeInput, correlateReports } from './flow/compat.ts';
import type { RejectReason } from './flow/types.ts';
import type { DsregCapture } from './model/capture.ts';
import type { EventReadResult } from './model/events.ts';
import type { DeviceReport } from './model/report.ts';

/**
 * What an input was read as. A rejected input keeps its first kinds (`empty`, `binary`,
 * `not-recognized`; a too-large, own-output or unreadable input counts as `not-recognized`), and
 * `reason` says exactly why.
 */
export type InputKind = 'capture' | 'events' | 'empty' | 'binary' | 'not-recognized';

export interface AnalyzeOptions {
  /** The path as the user gave it (`-` for standard input); it names the source in reports. */
  path: string;
  /** ISO time used as "now" when a capture has no Client Time. */
  now?: string;
}

export interface AnalyzedBytes {
  kind: InputKind;
  /** For a rejected input: why, and what to do, in one sentence; null otherwise. */
  problem: string | null;
  /** For a rejected input: the typed reason; null otherwise. */
  reason: RejectReason | null;
  /** Decoded text (captures only): what `redact` rewrites. */
  text: string | null;
  captures: DsregCapture[];
  events: EventReadResult | null;
  reports: DeviceReport[];
}

/** The per-input result as first published; see `AnalyzedInput` in `src/flow` for the union. */
export type AnalyzedInput = AnalyzedBytes;

/** Reads one input and diagnoses every capture or event log found in it. Never throws on content. */
export function analyzeBytes(bytes: Uint8Array, options: AnalyzeOptions): AnalyzedBytes {
  const input = analyzeInput({ name: options.path, bytes }, options.now ? { now: options.now } : {});
  switch (input.kind) {
    case 'rejected': {
      const legacy = input.reason === 'empty' || input.reason === 'binary' ? input.reason : 'not-recognized';
      return {
        kind: legacy,
        problem: input.message,
        reason: input.reason,
        text: null,
        captures: [],
        events: null,
        reports: [],
      };
    }
    case 'events':
      return {
        kind: 'events',
        problem: null,
        reason: null,
        text: null,
        captures: [],
        events: input.events,
        reports: input.reports,
      };
    case 'capture':
      return {
        kind: 'capture',
        problem: null,
        reason: null,
        text: input.text,
        captures: input.captures,
        events: input.events,
        reports: input.reports,
      };
  }
}

/**
 * One diagnosis for a capture and the event logs of the same device (the flow's `withLogs`).
 * Kept for callers of the first library API.
 */
export const correlateReport = correlateReports;
