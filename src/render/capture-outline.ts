/**
 * A short human summary of what the reader found (`dsreg-doctor parse --format text`).
 * @module
 */
import type { DsregCapture } from '../model/capture.ts';
import { wrap } from './wrap.ts';

export interface ParsedDocument {
  path: string;
  capture: DsregCapture;
  /** How many captures the file held: the document number is shown when there are several. */
  documentsInFile: number;
}

/** Lines are wrapped to `width` columns; file names, titles and warnings are shown inert. */
export function renderCaptureOutline(documents: readonly ParsedDocument[], width = 100): string {
  return documents.map((d) => outline(d, Math.max(40, width))).join('\n');
}

function outline({ path, capture, documentsInFile }: ParsedDocument, width: number): string {
  const read = capture.read;
  const lines = [
    `${path}${documentsInFile > 1 ? ` (document ${capture.index + 1} of ${documentsInFile})` : ''}: ${read.layout} layout, ${read.encoding}, ${read.newline} line ends, lines ${read.lines.first}-${read.lines.last}`,
  ];
  if (capture.windowsVersion) lines.push(`  Windows ${capture.windowsVersion}`);
  if (read.noise.length > 0) lines.push(`  removed around the output: ${read.noise.join(', ')}`);
  for (const section of capture.sections) {
    const unknown = section.fields.filter((f) => !f.known).length;
    const title = section.title ?? `${section.id} (placed by field name)`;
    lines.push(
      `  ${title}: ${section.fields.length} field(s)${unknown > 0 ? `, ${unknown} not in the catalog` : ''}`,
    );
  }
  if (capture.trace) {
    const t = capture.trace;
    lines.push(
      `  trace: ${t.command ?? 'dsregcmd debug output'}; pre-check ${t.preCheckResult ?? 'not stated'}; ${t.codes.length} code(s); ${t.failures.length} failure line(s)${t.successes?.length ? `; ${t.successes.length} success line(s)` : ''}`,
    );
  }
  if (capture.accounts.length > 0) lines.push(`  ${capture.accounts.length} account(s) listed`);
  const c = read.completeness;
  lines.push(
    `  completeness ${Math.round(c.score * 100)}%${c.truncated ? ', truncated' : ''}${c.missingSections.length > 0 ? `, missing ${c.missingSections.join(', ')}` : ''}${c.unreadableLines > 0 ? `, ${c.unreadableLines} unreadable line(s)` : ''}`,
  );
  for (const w of read.warnings)
    lines.push(`  ${w.line !== null ? `line ${w.line}: ` : ''}${w.code}: ${w.message}`);
  // The first line names the document; the rest are indented under it, continuations deeper.
  const laidOut = lines.flatMap((line, i) =>
    i === 0 ? wrap(line, width, '', '    ') : wrap(line.slice(2), width, '  ', '    '),
  );
  return `${laidOut.join('\n')}\n`;
}
