/**
 * What `dsreg-doctor explain` prints for each code: pure, returns a string.
 * @module
 */
import type { CodeLookup, CodeReading, CodeStructure } from '../knowledge/codes/index.ts';

export function renderExplanations(
  lookups: readonly CodeLookup[],
  format: 'text' | 'json' | 'markdown',
): string {
  if (format === 'json') return `${JSON.stringify(lookups, null, 2)}\n`;
  const md = format === 'markdown';
  return `${lookups.map((l) => explainOne(l, md)).join('\n')}`;
}

function explainOne(lookup: CodeLookup, md: boolean): string {
  const lines: string[] = [];
  const h = (text: string) => lines.push(md ? `### ${text}` : text);
  const entry = lookup.entry;
  if (!entry) {
    h(`${lookup.normalized ?? lookup.input}: not catalogued`);
    if (lookup.structure) lines.push(...structureLines(lookup.structure, md));
    else
      lines.push(
        `  "${lookup.input}" is not a code form dsreg-doctor reads (hex, decimal, a symbolic name, AADSTS/MSIS numbers, or an HTTP status).`,
      );
    lines.push('');
    return lines.join('\n');
  }
  h(`${entry.code}${entry.name ? `  ${entry.name}` : ''}  (${entry.family})`);
  if (lookup.form !== 'hex' && lookup.form !== 'name')
    lines.push(`  read from ${lookup.form.replace('-', ' ')} "${lookup.input}"`);
  const forms = numericForms(entry.code);
  if (forms) lines.push(`  ${forms}`);
  if (entry.aliases.length > 0) lines.push(`  also known as ${entry.aliases.join(', ')}`);
  lines.push(`  ${entry.summary}`);
  if (entry.windows) lines.push(`  Windows: ${entry.windows}`);
  for (const reading of entry.readings) lines.push(...readingLines(reading, md));
  if (entry.messages.length > 0)
    lines.push(`  Windows shows it as: ${entry.messages.map((m) => `"${m}"`).join('; ')}`);
  if (lookup.structure) lines.push(...structureLines(lookup.structure, md).slice(0, 1));
  if (entry.sources.length > 0)
    lines.push(
      `  Sources: ${entry.sources.map((s) => (s.url ? `${s.title} <${s.url}>` : s.title)).join('; ')}`,
    );
  lines.push('');
  return lines.join('\n');
}

function readingLines(reading: CodeReading, md: boolean): string[] {
  const where = reading.phases ? `${reading.phases.join('/')} phase` : (reading.context ?? 'any context');
  const context = reading.phases && reading.context ? ` (${reading.context})` : '';
  const lines = [`  ${md ? '**' : ''}In the ${where}${context}:${md ? '**' : ''} ${reading.meaning}`];
  if (reading.causes.length > 0) {
    lines.push('    Likely causes:');
    reading.causes.forEach((c, i) => {
      lines.push(`      ${i + 1}. ${c}`);
    });
  }
  if (reading.steps.length > 0) {
    lines.push('    What to do:');
    reading.steps.forEach((s, i) => {
      lines.push(`      ${i + 1}. ${s}`);
    });
  }
  return lines;
}

function structureLines(s: CodeStructure, md: boolean): string[] {
  const kind = s.isNtStatus ? 'NTSTATUS' : 'HRESULT';
  const parts = [
    `${kind} ${s.value}: severity ${s.severity}`,
    `facility ${s.facility}${s.facilityName ? ` (${s.facilityName})` : ''}`,
  ];
  if (s.customer) parts.push('customer-defined');
  if (s.win32 !== null) parts.push(`Win32 error ${s.win32}`);
  if (s.adal)
    parts.push(`ADAL ${s.adal.groupName}${s.adal.win32 !== null ? `, WinHTTP/WinINet ${s.adal.win32}` : ''}`);
  return [`  ${md ? '_' : ''}Structure: ${parts.join(', ')}${md ? '_' : ''}`];
}

/** Hex, signed and unsigned decimal side by side, as admins meet the same code in all three. */
function numericForms(code: string): string | null {
  if (!/^0x[0-9a-f]{8}$/.test(code)) return null;
  const unsigned = Number.parseInt(code.slice(2), 16);
  const signed = unsigned | 0;
  return `hex 0x${code.slice(2).toUpperCase()} · signed ${signed} · unsigned ${unsigned}`;
}
