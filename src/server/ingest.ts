/**
 * What the server stores for one posted capture: the bytes read and diagnosed by the core, then
 * made into the store's rows by the fleet's own `toCaptureInput` (one per capture in the body).
 * The device's name, capture context and time come from the request when the capture itself
 * does not say them.
 * @module
 */
import { analyzeBytes } from '../analyze.ts';
import { captureText, toCaptureInput } from '../fleet/capture.ts';
import { ingestUnit, type UnitFile } from '../fleet/ingest.ts';
import { isZip, readZip } from '../input/zip.ts';
import { computerNamesAgree } from '../model/device.ts';
import { createRedactor, redactCaptureText } from '../redact/index.ts';
import type { CaptureContext, CaptureInput } from '../store/types.ts';
import { isProblemReason, Problem } from './problems.ts';

/** What the device-side script says about the capture besides its bytes. */
export interface CaptureMeta {
  /** `X-Device-Name`: the computer name, used when the capture does not name its device. */
  deviceName: string | null;
  /** `X-Capture-Context`: who ran dsregcmd, used when the capture does not say. */
  context: CaptureContext;
  /** `X-Captured-At`: when the script ran (ISO), used when the capture has no Client Time. */
  capturedAt: string | null;
  /** `X-File-Name`: how the capture is named in the store's `source`. */
  fileName: string;
}

const CONTEXTS: Record<string, CaptureContext> = {
  system: 'system',
  'nt authority\\system': 'system',
  elevated: 'elevated',
  admin: 'elevated',
  administrator: 'elevated',
  user: 'user',
  'un-elevated': 'user',
  unknown: 'unknown',
};

/** Reads `X-Capture-Context` (absent: unknown); null when it holds something else. */
export function parseContext(value: string | undefined): CaptureContext | null {
  if (value === undefined || value.trim() === '') return 'unknown';
  return CONTEXTS[value.trim().toLowerCase()] ?? null;
}

/** Reads a time (any form `Date` reads) into ISO: undefined when absent, null when not a time. */
export function parseTime(value: string | undefined): string | null | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * The rows to store for one posted body. Refuses (through the problem table) a body the core
 * cannot read, a body of event records only (the store keeps captures), and a capture that names
 * no device when the request does not name it either. With a redaction salt the text is
 * rewritten with pseudonyms before it is read, so nothing identifying reaches the store.
 */
/** What a posted body gives: the rows to store, and what in it was not kept (with why). */
export interface Prepared {
  captures: CaptureInput[];
  /** Files or entries that gave nothing, and why. */
  problems: Array<{ path: string; reason: string }>;
  /** What was kept with a caveat (a lossy script shape, events not paired). */
  notes: Array<{ path: string; reason: string }>;
}

/**
 * The rows to store for one posted body, through the same reading as `fleet ingest`: a capture
 * in any encoding, the JSON and CSV shapes of the common collection scripts, or a zip of a
 * device's captures and event logs (the events attached to their capture). A single capture
 * that names no device is keyed by `X-Device-Name`; a body that gives nothing is refused with
 * the core's reason.
 */
export function prepareCaptures(
  bytes: Uint8Array,
  meta: CaptureMeta,
  ingestedAt: string,
  redactSalt: string | null,
): Prepared {
  const problems: Prepared['problems'] = [];
  const files: UnitFile[] = [];
  if (isZip(bytes)) {
    const zip = readZip(bytes);
    if (zip.problem) problems.push({ path: meta.fileName, reason: zip.problem });
    for (const skip of zip.skipped)
      problems.push({ path: `${meta.fileName}!${skip.name}`, reason: skip.reason });
    for (const entry of zip.entries)
      if (!entry.name.endsWith('/'))
        files.push({ path: `${meta.fileName}!${entry.name}`, bytes: entry.bytes, mtime: meta.capturedAt });
  } else files.push({ path: meta.fileName, bytes, mtime: meta.capturedAt });
  const unit = ingestUnit(files, { ingestedAt, ...(redactSalt !== null ? { redactKey: redactSalt } : {}) });
  const withContext = (rows: CaptureInput[]) =>
    rows.map((row) => (row.context === 'unknown' ? { ...row, context: meta.context } : row));
  if (unit.captures.length > 0) {
    const notes = [...unit.notes];
    // The capture's own name wins; a request that says otherwise is worth a word (a script run
    // on one machine posting another's file, or a renamed computer).
    const named = meta.deviceName?.trim();
    if (named && redactSalt === null)
      for (const row of unit.captures)
        if (row.computer && !computerNamesAgree(named, row.computer))
          notes.push({
            path: row.source,
            reason: `the request names the device ${named}, the capture names ${row.computer}: kept under the capture's name`,
          });
    return { captures: withContext(unit.captures), problems: [...problems, ...unit.problems], notes };
  }
  if (files.length !== 1 || isZip(bytes)) {
    const first = [...problems, ...unit.problems][0];
    throw new Problem(
      'not-recognized',
      first
        ? `no capture in the archive could be kept: ${first.path}: ${first.reason}`
        : 'the archive holds no files: put the `dsregcmd /status` output in it',
    );
  }
  return {
    captures: withContext(prepareSingle(bytes, meta, ingestedAt, redactSalt)),
    problems: [],
    notes: [],
  };
}

/** One plain capture the fleet reading did not keep: refused with the core's reason, or keyed by the request's device name. */
function prepareSingle(
  bytes: Uint8Array,
  meta: CaptureMeta,
  ingestedAt: string,
  redactSalt: string | null,
): CaptureInput[] {
  let analyzed = analyzeBytes(bytes, { path: meta.fileName });
  if (analyzed.kind !== 'capture' && analyzed.kind !== 'events')
    throw new Problem(isProblemReason(analyzed.kind) ? analyzed.kind : 'not-recognized');
  if (analyzed.kind === 'events')
    throw new Problem(
      'not-recognized',
      'the body is an event log, not dsregcmd output: the fleet store keeps captures; post the `dsregcmd /status` output (event logs are analysed by POST /api/analyze)',
    );
  let text = analyzed.text ?? '';
  let deviceName = meta.deviceName;
  if (redactSalt !== null) {
    const redactor = createRedactor({ salt: redactSalt });
    text = redactCaptureText(text, analyzed.captures, redactor);
    // The name the script sent is an identifier too: kept only as its pseudonym.
    deviceName = deviceName ? redactor.pseudonym('device', deviceName.trim().toUpperCase()) : null;
    analyzed = analyzeBytes(new TextEncoder().encode(text), { path: meta.fileName });
  }
  const total = analyzed.captures.length;
  const rows: CaptureInput[] = [];
  for (const report of analyzed.reports) {
    if (!report.capture) continue;
    const row = toCaptureInput(report, captureText(text, report.capture, total), {
      source: meta.fileName,
      shape: 'text',
      lossy: [],
      fileTime: meta.capturedAt,
      ingestedAt,
      osVersion: null,
      computer: deviceName,
    });
    if (!row)
      throw new Problem(
        'bad-request',
        'the capture names no device (no Device Name, TenantId/DeviceId): send the computer name in X-Device-Name',
      );
    rows.push(row);
  }
  return rows;
}
