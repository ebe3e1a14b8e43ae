/**
 * One request's files through the flow: a zip opened into its entries (with the archive's caps),
 * every input classified by content, logs paired with their device's capture, and the envelope
 * with the inputs that could not be read. Pure: no I/O, so the page runs the same code.
 * @module
 */

import { buildReport } from '../flow/report.ts';
import { analyzeInputs } from '../flow/run.ts';
import type { FlowInput, RejectReason } from '../flow/types.ts';
import { isZip, readZip } from '../input/zip.ts';
import type { DeviceReport, InputFailure, Report } from '../model/report.ts';

export interface UploadResult {
  report: Report;
  /** Set when nothing at all could be read from a single input: why, for the refusal. */
  rejected: { reason: RejectReason; message: string } | null;
}

export interface UploadOptions {
  now?: string;
  /** Cap of the uncompressed bytes read from one zip (entries past it are skipped and said). */
  maxZipBytes?: number;
}

/** Zips opened into their entries; everything else passes as it is. */
export function expandArchives(
  inputs: readonly FlowInput[],
  options: UploadOptions = {},
): {
  inputs: FlowInput[];
  failures: InputFailure[];
} {
  const out: FlowInput[] = [];
  const failures: InputFailure[] = [];
  for (const input of inputs) {
    if (!isZip(input.bytes)) {
      out.push(input);
      continue;
    }
    const zip = readZip(
      input.bytes,
      options.maxZipBytes ? { maxTotalBytes: options.maxZipBytes, maxEntryBytes: options.maxZipBytes } : {},
    );
    if (zip.problem) failures.push({ path: input.name, reason: zip.problem });
    for (const skip of zip.skipped)
      failures.push({ path: `${input.name}!${skip.name}`, reason: skip.reason });
    for (const entry of zip.entries) {
      // Folders and the collector's manifest are not evidence of their own.
      if (entry.name.endsWith('/')) continue;
      out.push({ name: `${input.name}!${entry.name}`, bytes: entry.bytes });
    }
  }
  return { inputs: out, failures };
}

/** Every input analysed together, as `analyze FILE...` does on the command line. */
export function analyzeUpload(inputs: readonly FlowInput[], options: UploadOptions = {}): UploadResult {
  const expanded = expandArchives(inputs, options);
  const reports: DeviceReport[] = [];
  const failures: InputFailure[] = [...expanded.failures];
  let lastRejection: { reason: RejectReason; message: string } | null = null;
  for (const output of analyzeInputs(expanded.inputs, options.now ? { now: options.now } : {})) {
    if (output.type === 'report') reports.push(output.report);
    // (`later` answers only a run that was previewed; this one is not.)
    else if (output.type === 'failure') {
      failures.push({ path: output.name, reason: output.message });
      lastRejection = { reason: output.reason, message: output.message };
    }
  }
  // One plain input that gave nothing is refused with its own reason; an archive lists its entries.
  const single = inputs.length === 1 && !isZip(inputs[0]!.bytes) && reports.length === 0;
  return {
    report: buildReport(reports, failures),
    rejected: single && lastRejection ? lastRejection : null,
  };
}
