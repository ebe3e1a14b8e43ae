/**
 * From one diagnosed capture to the row a fleet store keeps ({@link CaptureInput}): the device
 * key, the content hash, the raw text compressed, the capture time and context, the verdict and
 * the fields the roll-ups count (PRT, WHfB, TPM, thumbprint). Pure.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { deflateSync, inflateSync } from 'fflate';
import { CaptureView } from '../diagnose/view.ts';
import type { DsregCapture } from '../model/capture.ts';
import { deviceKeyOf } from '../model/device.ts';
import type { Finding } from '../model/diagnosis.ts';
import type { DeviceReport } from '../model/report.ts';
import type {
  AttachedEvents,
  CaptureContext,
  CaptureInput,
  CaptureShape,
  CaptureTimeSource,
} from '../store/types.ts';

/** What the ingest knows about where a capture came from. */
export interface CaptureOrigin {
  source: string;
  shape: CaptureShape;
  /** What the input shape could not hold (one sentence each). */
  lossy: string[];
  /** File modification time (ISO), when the file has one. */
  fileTime: string | null;
  ingestedAt: string;
  /** OS version a wrapper told (systeminfo lines, script fields). */
  osVersion: string | null;
  /** Computer name a wrapper told (`<user>--<computer>.txt`), used when the capture has none. */
  computer: string | null;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** SHA-256 of a text (UTF-8), lower-case hex. */
export function contentHash(text: string): string {
  return bytesToHex(sha256(encoder.encode(text)));
}

/** Raw deflate (level 6) of a text's UTF-8 bytes. */
export function compressText(text: string): { compressed: Uint8Array; size: number } {
  const bytes = encoder.encode(text);
  return { compressed: deflateSync(bytes, { level: 6 }), size: bytes.length };
}

/**
 * How a row's content hash and compressed raw text are made. The default is pure JavaScript; a
 * shell may hand in the same two functions backed by the runtime's native hashing and zlib (a few
 * times faster). Any implementation must give the SHA-256 hex of the UTF-8 text and a raw deflate
 * stream that {@link decompressText} reads back.
 */
export interface CaptureCodec {
  contentHash(text: string): string;
  compress(text: string): { compressed: Uint8Array; size: number };
}

/** The pure codec: `@noble/hashes` and `fflate`. */
export const PURE_CODEC: CaptureCodec = { contentHash, compress: compressText };

/** The text back from {@link compressText}; null when the bytes are not a deflate stream. */
export function decompressText(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(inflateSync(bytes));
  } catch {
    return null;
  }
}

/** The lines of one capture inside the decoded input (a file can hold several captures). */
export function captureText(text: string, capture: DsregCapture, total: number): string {
  if (total <= 1) return text;
  const lines = text.split(/\r\n|\r|\n/);
  return lines.slice(capture.read.lines.first - 1, capture.read.lines.last).join('\n');
}

/**
 * A finding as a store keeps it with its capture: what identifies it and its evidence. The
 * explanation, causes, steps and references come from the catalog for the finding's ID; they are
 * left empty (the capture's raw text reads back to them), which keeps rows and messages small.
 */
export function compactFinding(f: Finding): Finding {
  return { ...f, explanation: '', causes: [], steps: [], references: [] };
}

/** The same row with its findings compacted (what crosses from a worker to the writer). */
export function compactInput(c: CaptureInput): CaptureInput {
  return {
    ...c,
    findings: c.findings.map(compactFinding),
    events: c.events ? { ...c.events, findings: c.events.findings.map(compactFinding) } : null,
  };
}

/** Builds the stored row of one diagnosed capture; null when the capture names no device. */
export function toCaptureInput(
  report: DeviceReport,
  rawText: string,
  origin: CaptureOrigin,
  events: AttachedEvents | null = null,
  codec: CaptureCodec = PURE_CODEC,
): CaptureInput | null {
  const capture = report.capture;
  if (!capture) return null;
  const key = deviceKeyOf(capture);
  const computer = key?.computer ?? normaliseComputer(origin.computer);
  if (!key && !computer) return null;
  const view = new CaptureView(capture);
  const clientTime = view.time('Client Time');
  const time = captureTime(clientTime, origin);
  const { compressed, size } = codec.compress(rawText);
  const findings: Finding[] = [...report.findings];
  const codes = codesOf(report, events);
  const context = contextOf(view);
  const keyKind = key?.kind ?? 'name';
  const domain = key?.domain ?? null;
  const deviceKey =
    key?.kind === 'entra' ? `entra:${key.value}` : `name:${(key?.value ?? computer ?? '').toLowerCase()}`;
  const verdict = report.verdict;
  const confidence = lowered(verdict.confidence.level, verdict.confidence.score, origin.lossy.length);
  return {
    deviceKey,
    keyKind,
    tenantId: key?.tenantId ?? null,
    deviceId: key?.deviceId ?? null,
    computer: key?.computer ?? computer,
    domain,
    contentHash: codec.contentHash(rawText),
    rawCompressed: compressed,
    rawSize: size,
    capturedAt: time.at,
    capturedAtSource: time.source,
    context,
    source: origin.source,
    shape: origin.shape,
    lossy: origin.lossy,
    joinState: verdict.joinState,
    workplaceJoined: verdict.workplaceJoined,
    health: verdict.health,
    failedPhase: verdict.failedPhase,
    errorCode: verdict.errorCode,
    subErrorCode: verdict.subErrorCode,
    summary: verdict.summary,
    confidence: confidence.level,
    confidenceScore: confidence.score,
    prt: context === 'system' ? null : view.bool('AzureAdPrt', 'any'),
    whfbReady: context === 'system' ? null : view.bool('NgcSet', 'any'),
    tpmProtected: view.bool('TpmProtected', 'any'),
    thumbprint: thumbprintOf(view.text('Thumbprint', 'any')),
    osVersion: capture.windowsVersion ?? origin.osVersion ?? null,
    domainJoined: view.bool('DomainJoined', 'any'),
    findings,
    codes,
    events,
  };
}

function normaliseComputer(name: string | null): string | null {
  const short = name?.trim().split('.')[0] ?? '';
  return /^[a-z0-9_][a-z0-9_$-]*$/i.test(short) ? short.toUpperCase() : null;
}

function captureTime(
  clientTime: string | null,
  origin: CaptureOrigin,
): { at: string; source: CaptureTimeSource } {
  if (clientTime && !Number.isNaN(Date.parse(clientTime))) {
    return { at: new Date(clientTime).toISOString(), source: 'client-time' };
  }
  if (origin.fileTime && !Number.isNaN(Date.parse(origin.fileTime))) {
    return { at: new Date(origin.fileTime).toISOString(), source: 'file-time' };
  }
  return { at: origin.ingestedAt, source: 'ingest-time' };
}

function contextOf(view: CaptureView): CaptureContext {
  const userContext = (view.text('User Context', 'any') ?? '').trim().toUpperCase();
  const account = (view.text('Executing Account Name', 'any') ?? '').toUpperCase();
  if (userContext.startsWith('SYSTEM') || /NT AUTHORITY\\SYSTEM|\bSYSTEM\b/.test(account)) return 'system';
  if (userContext.startsWith('UN-ELEVATED') || userContext.startsWith('NON-ELEVATED')) return 'user';
  if (userContext.startsWith('ELEVATED')) return 'elevated';
  return 'unknown';
}

function thumbprintOf(text: string | null): string | null {
  const hex = (text ?? '').replace(/\s+/g, '').toUpperCase();
  return /^[0-9A-F]{40}$/.test(hex) ? hex : null;
}

function codesOf(report: DeviceReport, events: AttachedEvents | null): string[] {
  const out = new Set<string>();
  if (report.verdict.errorCode) out.add(report.verdict.errorCode);
  if (report.verdict.subErrorCode) out.add(report.verdict.subErrorCode);
  for (const f of report.findings)
    for (const c of f.codes) out.add(c.toLowerCase().startsWith('0x') ? c.toLowerCase() : c);
  for (const f of events?.findings ?? [])
    for (const c of f.codes) out.add(c.toLowerCase().startsWith('0x') ? c.toLowerCase() : c);
  return [...out].sort();
}

/** A lossy shape lowers the confidence: each thing it could not hold costs 0.1, down to low. */
function lowered(
  level: 'high' | 'medium' | 'low',
  score: number,
  lossy: number,
): { level: 'high' | 'medium' | 'low'; score: number } {
  if (lossy === 0) return { level, score };
  const s = Math.max(0, Math.round((score - 0.1 * lossy - 0.1) * 100) / 100);
  const l = s >= 0.8 && level === 'high' ? 'high' : s >= 0.5 && level !== 'low' ? 'medium' : 'low';
  return { level: l, score: s };
}
