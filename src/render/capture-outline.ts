/**
 * A short human summary of what the reader found (`dsreg-doctor parse --format text`).
 * @module
 */
import type { DsregCapture } from '../model/capture.ts';

export interface ParsedDocument {
  path: string;
  capture: DsregCapture;
  /** How many captures the file held: the document number is shown when there are several. */
  documentsInFile: number;
}

export function renderCaptureOutline(documents: readonly ParsedDocument[]): string {
  return documents.map(outline).join('\n');
}

function outline({ path, capture, documentsInFile }: ParsedDocument): string {
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
      `  trace: ${t.command ?? 'dsregcmd debug output'}; pre-check ${t.preCheckResult ?? 'not stated'}; ${t.codes.length} code(s); ${t.failures.length} failure line(s)`,
    );
  }
  if (capture.accounts.length > 0) lines.push(`  ${capture.accounts.length} account(s) listed`);
  const c = read.completeness;
  lines.push(
    `  completeness ${Math.round(c.score * 100)}%${c.truncated ? ', truncated' : ''}${c.missingSections.length > 0 ? `, missing ${c.missingSections.join(', ')}` : ''}${c.unreadableLines > 0 ? `, ${c.unreadableLines} unreadable line(s)` : ''}`,
  );
  for (const w of read.warnings)
    lines.push(`  ${w.line !== null ? `line ${w.line}: ` : ''}${w.code}: ${w.message}`);
  return `${lines.join('\n')}\n`;
}
