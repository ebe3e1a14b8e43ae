/**
 * Event files from bytes, for callers that hold a file or a request body: an EVTX log is known by
 * its signature and read as the binary it is; anything else is decoded by the input stage
 * (`src/input/decode.ts`) and read as text by the events room. A string is read as text.
 * @module
 */
import { isEvtx, readEvtx } from '../events/evtx/index.ts';
import { eventKindOfText, readEventsFromText, unreadableEvents } from '../events/index.ts';
import { decodeBytes } from '../input/decode.ts';
import type { EventFileKind, EventReadResult } from '../model/events.ts';

/** What kind of event file this is, from its content; null when it is not one. Never throws. */
export function detectEventKind(input: Uint8Array | string): EventFileKind | null {
  try {
    if (typeof input === 'string') return eventKindOfText(input);
    if (isEvtx(input)) return 'evtx';
    return eventKindOfText(decodeBytes(input).text);
  } catch {
    return null;
  }
}

/**
 * Reads an event file of any kind, from its bytes or its text. Null when the input is not an
 * event file. Never throws: whatever cannot be read is listed in `skipped` or `warnings` (what
 * decoding guessed or repaired comes first among the warnings).
 */
export function readEvents(
  input: Uint8Array | string,
  options: { name?: string } = {},
): EventReadResult | null {
  try {
    if (typeof input === 'string') return readEventsFromText(input, options);
    if (isEvtx(input)) return readEvtx(input);
    const decoded = decodeBytes(input);
    return readEventsFromText(decoded.text, { ...options, warnings: decoded.warnings });
  } catch (e) {
    return unreadableEvents(options.name ?? 'input', e);
  }
}
