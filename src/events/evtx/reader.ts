/**
 * The EVTX container: file header, 64 KiB chunks, event records. Walks every chunk present in
 * the file (not only those the header counts, which lags behind in files not closed cleanly),
 * checks every checksum, and hands each record's rendered `<Event>` to a visitor. A damaged
 * chunk or record is listed in `skipped` and the walk carries on.
 * @module
 */
import type { SkippedPart } from '../../model/events.ts';
import { BinXmlParser, CHUNK_SIZE, ChunkContext } from './binxml.ts';
import { crc32, crc32Update } from './crc32.ts';
import { Instantiator, type XElement } from './instantiate.ts';
import type { RecordHeader } from './record.ts';
import { formatFileTime } from './values.ts';

const FILE_SIGNATURE = 'ElfFile\0';
const CHUNK_SIGNATURE = 'ElfChnk\0';
const FILE_HEADER_SIZE = 4096;
const CHUNK_HEADER_SIZE = 512;
const RECORD_SIGNATURE = 0x00002a2a;
const RECORD_HEADER_SIZE = 24;
/** Signature, size, id, time and the trailing size copy. */
const MIN_RECORD_SIZE = 28;

export type EventVisitor = (event: XElement, header: RecordHeader) => void;

export interface ScanOutcome {
  skipped: SkippedPart[];
  warnings: string[];
}

function hasSignature(bytes: Uint8Array, at: number, signature: string): boolean {
  if (at + 8 > bytes.length) return false;
  for (let i = 0; i < 8; i++) if (bytes[at + i] !== signature.charCodeAt(i)) return false;
  return true;
}

/** True for an EVTX file (`ElfFile\0`) or a lone chunk carved out of one (`ElfChnk\0`). */
export function isEvtx(bytes: Uint8Array): boolean {
  return hasSignature(bytes, 0, FILE_SIGNATURE) || hasSignature(bytes, 0, CHUNK_SIGNATURE);
}

function isZero(bytes: Uint8Array, at: number, length: number): boolean {
  for (let i = at; i < at + length && i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** Reads the file header; returns where the chunks start. */
function readFileHeader(
  bytes: Uint8Array,
  view: DataView,
  out: ScanOutcome,
): { chunksAt: number; declaredChunks: number | null } {
  if (!hasSignature(bytes, 0, FILE_SIGNATURE)) return { chunksAt: 0, declaredChunks: null };
  if (bytes.length < 128) {
    out.skipped.push({ where: 'file header', why: 'the file ends inside its header' });
    return { chunksAt: FILE_HEADER_SIZE, declaredChunks: null };
  }
  const stored = view.getUint32(124, true);
  if (crc32(bytes, 0, 120) !== stored) {
    out.warnings.push(
      'file header checksum does not match; the header is ignored and every chunk present is read',
    );
    return { chunksAt: FILE_HEADER_SIZE, declaredChunks: null };
  }
  const minor = view.getUint16(36, true);
  const major = view.getUint16(38, true);
  if (major !== 3 || (minor !== 1 && minor !== 2))
    out.warnings.push(`unknown EVTX format version ${major}.${minor}; read as 3.1`);
  const blockSize = view.getUint16(40, true);
  return {
    chunksAt: blockSize >= 128 && blockSize <= FILE_HEADER_SIZE ? blockSize : FILE_HEADER_SIZE,
    declaredChunks: view.getUint16(42, true),
  };
}

function isRecordStart(bytes: Uint8Array, view: DataView, at: number, chunkEnd: number): boolean {
  if (at + MIN_RECORD_SIZE > chunkEnd || view.getUint32(at, true) !== RECORD_SIGNATURE) return false;
  const size = view.getUint32(at + 4, true);
  return (
    size >= MIN_RECORD_SIZE &&
    at + size <= chunkEnd &&
    view.getUint32(at + size - 4, true) === size &&
    bytes.length >= at + size
  );
}

/** After damage: the next place in the chunk where a well-formed record starts, or -1. */
function nextRecordStart(bytes: Uint8Array, view: DataView, from: number, chunkEnd: number): number {
  for (let at = from; at + MIN_RECORD_SIZE <= chunkEnd; at++) {
    if (bytes[at] === 0x2a && bytes[at + 1] === 0x2a && isRecordStart(bytes, view, at, chunkEnd)) return at;
  }
  return -1;
}

function readRecordId(view: DataView, at: number): number {
  return view.getUint32(at + 8, true) + view.getUint32(at + 12, true) * 4_294_967_296;
}

/** Where the records of a chunk start, or -1 when the chunk holds nothing readable. */
function recordsStart(
  bytes: Uint8Array,
  view: DataView,
  base: number,
  index: number,
  out: ScanOutcome,
): number {
  const chunk = `chunk ${index}`;
  const chunkEnd = Math.min(base + CHUNK_SIZE, bytes.length);
  if (hasSignature(bytes, base, CHUNK_SIGNATURE)) {
    if (chunkEnd - base < CHUNK_HEADER_SIZE) {
      out.skipped.push({ where: chunk, why: 'the file ends inside the chunk header' });
      return -1;
    }
    return base + CHUNK_HEADER_SIZE;
  }
  // A damaged or wiped chunk header does not lose the chunk: the records found in it decide.
  const first = nextRecordStart(bytes, view, base, chunkEnd);
  if (first < 0) {
    if (!isZero(bytes, base, chunkEnd - base)) {
      out.skipped.push({
        where: chunk,
        why: `no chunk signature at file offset ${hex(base)} and no readable event record in it`,
      });
    }
    return -1;
  }
  out.warnings.push(
    `${chunk}: chunk header is damaged; the records found in it were read and checked one by one`,
  );
  return first;
}

function checkChunkHeader(
  bytes: Uint8Array,
  view: DataView,
  base: number,
  chunk: string,
  out: ScanOutcome,
): number {
  const chunkEnd = Math.min(base + CHUNK_SIZE, bytes.length);
  const headerCrc = crc32Update(crc32(bytes, base, base + 120), bytes, base + 128, base + CHUNK_HEADER_SIZE);
  // A header checksum mismatch is not fatal: readers that stop there lose whole chunks of good
  // records. The records carry their own size checks and the BinXml parse validates the rest.
  if (headerCrc !== view.getUint32(base + 124, true)) {
    out.warnings.push(
      `${chunk}: chunk header checksum does not match; its records were read and checked one by one`,
    );
  }
  const freeSpace = view.getUint32(base + 48, true);
  const dataEnd =
    freeSpace >= CHUNK_HEADER_SIZE && base + freeSpace <= chunkEnd ? base + freeSpace : chunkEnd;
  if (
    dataEnd > base + CHUNK_HEADER_SIZE &&
    crc32(bytes, base + CHUNK_HEADER_SIZE, dataEnd) !== view.getUint32(base + 52, true)
  ) {
    out.warnings.push(`${chunk}: event records checksum does not match; each record was checked on its own`);
  }
  return dataEnd;
}

function readChunk(
  bytes: Uint8Array,
  view: DataView,
  base: number,
  index: number,
  visit: EventVisitor,
  out: ScanOutcome,
): void {
  const chunk = `chunk ${index}`;
  const chunkEnd = Math.min(base + CHUNK_SIZE, bytes.length);
  let at = recordsStart(bytes, view, base, index, out);
  if (at < 0) return;
  const dataEnd =
    at === base + CHUNK_HEADER_SIZE && hasSignature(bytes, base, CHUNK_SIGNATURE)
      ? checkChunkHeader(bytes, view, base, chunk, out)
      : chunkEnd;

  const ctx = new ChunkContext(bytes, view, base);
  const instantiator = new Instantiator(ctx);
  while (at + RECORD_HEADER_SIZE <= dataEnd) {
    if (view.getUint32(at, true) !== RECORD_SIGNATURE) {
      if (isZero(bytes, at, 8)) {
        // Zeros where a record should be: the end of the written part, unless records follow.
        const next = nextRecordStart(bytes, view, at, dataEnd);
        if (next < 0) break;
        at = next;
        continue;
      }
      const next = nextRecordStart(bytes, view, at + 1, dataEnd);
      out.skipped.push({
        where: `${chunk} at offset ${hex(at - base)}`,
        why: 'no event record signature where a record should start',
      });
      if (next < 0) break;
      at = next;
      continue;
    }
    const size = view.getUint32(at + 4, true);
    const recordId = readRecordId(view, at);
    const where = `record ${recordId} in ${chunk}`;
    if (size < MIN_RECORD_SIZE || at + size > chunkEnd) {
      out.skipped.push({ where, why: `record size ${size} does not fit in the chunk` });
      const next = nextRecordStart(bytes, view, at + 4, dataEnd);
      if (next < 0) break;
      at = next;
      continue;
    }
    const copy = view.getUint32(at + size - 4, true);
    // A record cut short while being written keeps its header but not its size copy; its
    // BinXml decides whether anything can be kept.
    try {
      const parser = new BinXmlParser(ctx, at + RECORD_HEADER_SIZE, at + size - 4);
      const nodes = instantiator.render(parser.readFragment(true));
      const event = nodes.find((n): n is XElement => typeof n !== 'string');
      if (!event) {
        const cut =
          copy === size ? '' : `the record was cut short when written (size copy ${copy}, not ${size}): `;
        out.skipped.push({ where, why: `${cut}its binary XML holds no event element` });
      } else {
        if (copy !== size)
          out.warnings.push(
            `${where}: the record was cut short when written (its size copy is ${copy}, not ${size}); kept as read, its data may be incomplete`,
          );
        visit(event, { recordId, writtenTime: formatFileTime(view, at + 16), origin: where });
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      out.skipped.push({
        where,
        why:
          copy === size
            ? message
            : `the record was cut short when written (size copy ${copy}, not ${size}): ${message}`,
      });
    }
    if (copy === size || isRecordStart(bytes, view, at + size, chunkEnd)) {
      at += size;
      continue;
    }
    const next = nextRecordStart(bytes, view, at + 4, dataEnd);
    if (next < 0) break;
    at = next;
  }
}

/** Walks every chunk and record of an EVTX file (or lone chunk). Never throws. */
export function scanEvtx(bytes: Uint8Array, visit: EventVisitor): ScanOutcome {
  const out: ScanOutcome = { skipped: [], warnings: [] };
  try {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const { chunksAt, declaredChunks } = readFileHeader(bytes, view, out);
    let present = 0;
    for (let base = chunksAt, index = 0; base + 8 <= bytes.length; base += CHUNK_SIZE, index++) {
      if (hasSignature(bytes, base, CHUNK_SIGNATURE)) present++;
      readChunk(bytes, view, base, index, visit, out);
    }
    if (declaredChunks !== null && present > declaredChunks) {
      out.warnings.push(
        `the file header counts ${declaredChunks} chunks but ${present} are present (the file was not closed cleanly); all were read`,
      );
    }
  } catch (e) {
    out.skipped.push({
      where: 'file',
      why: `reading stopped: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  return out;
}
