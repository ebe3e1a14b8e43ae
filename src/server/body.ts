/**
 * Request bodies read as bytes under a cap, without ever holding more than the cap in memory, and
 * the content types the API reads.
 * @module
 */

import { concatBytes } from '../input/bytes.ts';
import { Problem } from './problems.ts';

/** Media types a capture or an event export arrives as; the bytes decide what they hold. */
const READABLE = new Set([
  'application/octet-stream',
  'application/xml',
  'application/json',
  'application/zip',
  'application/x-zip-compressed',
  'application/vnd.ms-windows.evtx',
  'text/csv',
  // What `curl --data-binary @file` and PowerShell's Invoke-RestMethod send by default: the body
  // is still the file's bytes.
  'application/x-www-form-urlencoded',
]);

/** Refuses a body whose declared type cannot hold a capture or an event log. */
export function checkMediaType(header: string | undefined): void {
  if (header === undefined || header.trim() === '') return;
  const type = header.split(';')[0]!.trim().toLowerCase();
  if (type.startsWith('text/') || READABLE.has(type)) return;
  if (type === 'multipart/form-data')
    throw new Problem(
      'unsupported-media-type',
      'a form upload is not read here: send the file itself as the body (curl --data-binary @status.txt, Invoke-RestMethod -InFile status.txt)',
    );
  throw new Problem(
    'unsupported-media-type',
    `the content type "${type.slice(0, 80)}" is not read here: send the file as application/octet-stream or text/plain (any encoding)`,
  );
}

/**
 * The whole body, refused with `too-large` as soon as it passes `maxBytes` (by its declared
 * length before anything is read, or while reading when the length is not declared).
 */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return concatBytes(chunks, size);
}

function tooLarge(maxBytes: number): Problem {
  return new Problem(
    'too-large',
    `the request body is larger than the ${formatBytes(maxBytes)} this server accepts: send a smaller file, or start the server with a larger --max-body`,
  );
}

/** `64 MB`, `512 KB`, `900 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

/** Reads `64MB`, `512k`, `1048576`, `2 GB`: a size for `--max-body`; null when it is not one. */
export function parseSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(text);
  if (!match) return null;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[
    match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'
  ];
  const bytes = Math.floor(Number(match[1]) * unit);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : null;
}
