/**
 * The error chain of a failure: the client code, the sub-error, and the server code, message,
 * status and request ids printed beside it, each with what the catalog says it means in the
 * failing phase. Which fields are links, under what label and read how, is the field catalog's
 * (`chain` on an `error-chain` field in `src/knowledge/fields.ts`). Built once with the diagnosis
 * and carried in the report, so every renderer, chart, store and server reads the same chain.
 * @module
 */
import { explain, explainServerMessage, fieldCodes, findCodes, isHexCode } from '../knowledge/codes/index.ts';
import { errorChainLinkOf, type FieldName } from '../knowledge/fields.ts';
import type { CaptureField, DsregCapture, FieldValue } from '../model/capture.ts';
import type { Phase, Verdict } from '../model/diagnosis.ts';
import type { ErrorChain, ErrorChainLink } from '../model/report.ts';

/**
 * The failing phase and the codes behind it; null when the verdict names no failure (no phase,
 * no code). Never throws: a code the catalog does not know is kept without a meaning.
 */
export function buildErrorChain(verdict: Verdict, capture: DsregCapture | null): ErrorChain | null {
  const v = verdict;
  if (v.errorCode === null && v.subErrorCode === null && v.failedPhase === null) return null;
  const { block, quoted, holder } = neighbours(capture, v.errorCode);
  // PRT diagnostics read codes as a sign-in attempt, not as a registration phase.
  const context = block.some((f) => f.scope?.toLowerCase().includes('prt')) ? 'PRT attempt' : undefined;
  const links: ErrorChainLink[] = [];
  // A code only quoted in the server's message is the server's: its link follows the message.
  if (v.errorCode && !quoted) {
    links.push(codeLink('Client error', v.errorCode, v.failedPhase, context));
    // A code field may hold more codes than the one the verdict names (`0x80090016 0x80290407`).
    for (const code of holder?.value.kind === 'code' ? fieldCodes(holder.raw) : []) {
      if (isHexCode(code) && !links.some((l) => l.value === code))
        links.push(codeLink('Client error', code, v.failedPhase, context));
    }
  }
  if (v.subErrorCode) links.push(codeLink('Sub-error', v.subErrorCode, v.failedPhase, context));
  for (const field of block) {
    const spec = errorChainLinkOf(field.name);
    const value = field.raw.trim();
    if (!spec || value === '') continue;
    const label = spec.label;
    // A block can print the same value twice (a request id under two names): said once.
    if (links.some((l) => l.label === label && l.value === value)) continue;
    if (spec.value === 'code') {
      // A field holding several codes (`0x80090016 0x80290407`) gives a link for each, each read.
      for (const code of fieldCodes(value)) {
        if (!links.some((l) => l.label === label && l.value === code))
          links.push(codeLink(label, code, v.failedPhase, context));
      }
      continue;
    }
    if (spec.value === 'text') {
      links.push({ label, value, name: null, meaning: null, code: false });
      continue;
    }
    links.push(serverMessageLink(label, block, value));
    // A server message often quotes codes (an AADSTS number, an HRESULT): explain them too.
    for (const code of findCodes(value)) {
      if (!links.some((l) => l.value === code))
        links.push(codeLink('Server code', code, v.failedPhase, context));
    }
  }
  return { phase: v.failedPhase, links };
}

function codeLink(label: string, value: string, phase: Phase | null, context?: string): ErrorChainLink {
  const e = explain(value, context === undefined ? { phase } : { phase, context });
  return e.catalogued
    ? { label, value, name: e.name, meaning: e.meaning, code: true }
    : { label, value, name: null, meaning: null, code: true };
}

/** What the server's message says, matched against the known messages for its error code. */
function serverMessageLink(label: string, block: readonly CaptureField[], message: string): ErrorChainLink {
  const raw = (name: FieldName) => block.find((f) => f.name === name)?.raw.trim() ?? null;
  const serverCode = raw('Server ErrorCode') ?? raw('Server Error Code');
  const match = explainServerMessage(serverCode, message, raw('Registration Type'));
  return {
    label,
    value: message,
    name: match?.title ?? null,
    meaning: match?.meaning ?? null,
    code: false,
  };
}

/**
 * The fields in the same block as the failing code (the `Previous Registration` block, or the
 * PRT diagnostics of a failed attempt): server error, message and request ids belong to it.
 */
function neighbours(
  capture: DsregCapture | null,
  code: string | null,
): { block: CaptureField[]; quoted: boolean; holder: CaptureField | null } {
  if (!capture || code === null) return { block: [], quoted: false, holder: null };
  for (const section of capture.sections) {
    const holder = section.fields.find((f) => codeOf(f.value) === code);
    if (holder)
      return { block: section.fields.filter((f) => f.scope === holder.scope), quoted: false, holder };
  }
  // No field holds the code as its value: a server message may quote it (the server's lines
  // pasted without the client's).
  for (const section of capture.sections) {
    const holder = section.fields.find(
      (f) => errorChainLinkOf(f.name)?.value === 'server-message' && findCodes(f.raw).includes(code),
    );
    if (holder)
      return { block: section.fields.filter((f) => f.scope === holder.scope), quoted: true, holder };
  }
  return { block: [], quoted: false, holder: null };
}

function codeOf(value: FieldValue): string | null {
  switch (value.kind) {
    case 'error':
    case 'code':
    case 'test':
    case 'status':
      return value.code;
    default:
      return null;
  }
}
