/**
 * Our reader of Windows XML Event Log (EVTX) files: pure, browser-safe, never throws.
 * @module
 */
import type { EventReadResult, EventRecord } from '../../model/events.ts';
import { scanEvtx } from './reader.ts';
import { recordFromEvent } from './record.ts';
import { renderXml } from './xml.ts';

export { isEvtx } from './reader.ts';

/** Every record of an EVTX file; damaged chunks and records are listed in `skipped`. */
export function readEvtx(bytes: Uint8Array): EventReadResult {
  const records: EventRecord[] = [];
  const { skipped, warnings } = scanEvtx(bytes, (event, header) => {
    records.push(recordFromEvent(event, header));
  });
  return { kind: 'evtx', records, skipped, warnings };
}

export interface EvtxXmlEvent {
  recordId: number;
  /** Where in the file: `record 12 in chunk 0`. */
  origin: string;
  xml: string;
}

/** Every record rendered as event XML, for debugging and raw output. */
export function readEvtxXml(bytes: Uint8Array): {
  events: EvtxXmlEvent[];
  skipped: EventReadResult['skipped'];
  warnings: string[];
} {
  const events: EvtxXmlEvent[] = [];
  const { skipped, warnings } = scanEvtx(bytes, (event, header) => {
    events.push({ recordId: header.recordId, origin: header.origin, xml: renderXml([event]) });
  });
  return { events, skipped, warnings };
}
