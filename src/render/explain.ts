/**
 * What `dsreg-doctor explain` prints for each code: pure, returns a string.
 * @module
 */
import type { CodeEntry, CodeLookup, CodeReading, CodeStructure } from '../knowledge/codes/index.ts';
import { mdCode, mdProse, mdReference, mdText } from './markdown.ts';
import { referenceList } from './view.ts';
import { inert, inertLine, wrap } from './wrap.ts';

export function renderExplanations(
  lookups: readonly CodeLookup[],
  format: 'text' | 'json' | 'markdown',
  width = DEFAULT_WIDTH,
): string {
  if (format === 'json') return `${JSON.stringify(lookups, null, 2)}\n`;
  if (format === 'markdown') return lookups.map(explainMarkdown).join('\n');
  return lookups.map((lookup) => explainText(lookup, width)).join('\n');
}

const DEFAULT_WIDTH = 100;

function explainText(lookup: CodeLookup, width: number): string {
  const lines: string[] = [];
  // Every line is wrapped to the width; continuation lines indent under the text they continue.
  const add = (text: string, first = '  ', rest = `${first}  `) =>
    lines.push(...wrap(text, width, first, rest));
  const entry = lookup.entry;
  // The code as typed comes from the command line, often pasted from a log: shown inert.
  const input = inertLine(lookup.input);
  if (!entry) {
    add(`${lookup.normalized ?? input}: not catalogued`, '');
    const known = uncatalogued(lookup);
    if (lookup.structure) add(structureText(lookup.structure));
    else if (known) add(`${inertLine(known.code)} is not in the catalog: ${known.what}. ${known.todo}.`);
    else add(`"${input}" is not a code form dsreg-doctor reads (${CODE_FORMS}).`);
    lines.push('');
    return lines.join('\n');
  }
  add(`${entry.code}${entry.name ? `  ${entry.name}` : ''}  (${entry.family})`, '');
  // `0xd000006d` is HRESULT_FROM_NT(0xc000006d): the entry shown is the NTSTATUS it carries.
  if (lookup.ntStatus && lookup.note) add(lookup.note);
  if (lookup.form !== 'hex' && lookup.form !== 'name')
    add(`read from ${lookup.form.replace('-', ' ')} "${input}"`);
  const forms = numericForms(entry.code);
  if (forms) add(`hex ${forms.hex} · signed ${forms.signed} · unsigned ${forms.unsigned}`);
  if (entry.aliases.length > 0) add(`also known as ${entry.aliases.join(', ')}`);
  add(entry.summary);
  if (entry.windows) add(`Windows: ${entry.windows}`);
  for (const reading of entry.readings) {
    add(`In ${readingWhere(reading)}: ${reading.meaning}`);
    if (reading.causes.length > 0) {
      lines.push('    Likely causes:');
      reading.causes.forEach((c, i) => {
        add(`${i + 1}. ${c}`, '      ', '         ');
      });
    }
    if (reading.steps.length > 0) {
      lines.push('    What to do:');
      reading.steps.forEach((s, i) => {
        add(`${i + 1}. ${s}`, '      ', '         ');
      });
    }
  }
  if (entry.messages.length > 0)
    add(`Windows shows it as: ${entry.messages.map((m) => `"${m}"`).join('; ')}`);
  if (lookup.structure) add(structureText(lookup.structure));
  if (entry.sources.length > 0) {
    // One source a line, its address whole (on a line of its own when it is longer than the width).
    lines.push('  Sources:');
    for (const s of referenceList(entry.sources))
      add(s.url ? `${s.title} <${s.url}>` : s.title, '    - ', '      ');
  }
  lines.push('');
  return lines.join('\n');
}

/**
 * CommonMark blocks, not indented text: indentation would make one run-on paragraph (or a code
 * block) of the causes and steps. Catalog prose is escaped like report prose; codes, names and
 * the input go in code spans.
 */
function explainMarkdown(lookup: CodeLookup): string {
  const entry = lookup.entry;
  if (!entry) {
    const out = [`### ${mdCode(lookup.normalized ?? lookup.input)}: not catalogued`, ''];
    const known = uncatalogued(lookup);
    if (lookup.structure) out.push(structureMarkdown(lookup.structure), '');
    else if (known)
      out.push(
        `${mdCode(known.code)} is not in the catalog: ${mdText(known.what)}. ${mdText(known.todo)}.`,
        '',
      );
    else
      out.push(`${mdCode(lookup.input)} is not a code form dsreg-doctor reads (${mdText(CODE_FORMS)}).`, '');
    return out.join('\n');
  }
  const out = [`### ${headingMarkdown(entry)}`, ''];
  if (lookup.ntStatus && lookup.note) out.push(mdText(lookup.note), '');
  out.push(mdProse(entry.summary), '');
  const facts: string[] = [];
  if (lookup.form !== 'hex' && lookup.form !== 'name')
    facts.push(`Read from ${mdText(lookup.form.replace('-', ' '))} ${mdCode(lookup.input)}`);
  const forms = numericForms(entry.code);
  if (forms)
    facts.push(
      `Hex ${mdCode(forms.hex)} · signed ${mdCode(forms.signed)} · unsigned ${mdCode(forms.unsigned)}`,
    );
  if (entry.aliases.length > 0) facts.push(`Also known as ${entry.aliases.map((a) => mdCode(a)).join(', ')}`);
  if (entry.windows) facts.push(`Windows: ${mdText(entry.windows)}`);
  if (entry.messages.length > 0)
    facts.push(`Windows shows it as: ${entry.messages.map((m) => `“${mdText(m)}”`).join('; ')}`);
  if (lookup.structure) facts.push(structureMarkdown(lookup.structure));
  if (facts.length > 0) out.push(...facts.map((f) => `- ${f}`), '');
  for (const reading of entry.readings) {
    out.push(`#### In ${mdText(readingWhere(reading))}`, '', mdProse(reading.meaning), '');
    if (reading.causes.length > 0)
      out.push('**Likely causes**', '', ...reading.causes.map((c) => `- ${mdProse(c)}`), '');
    if (reading.steps.length > 0)
      out.push('**What to do**', '', ...reading.steps.map((s, i) => `${i + 1}. ${mdProse(s)}`), '');
  }
  if (entry.sources.length > 0) {
    out.push(
      '**Sources**',
      '',
      ...referenceList(entry.sources).map((s) => `- ${mdReference(s.title, s.url)}`),
      '',
    );
  }
  return out.join('\n');
}

function headingMarkdown(entry: CodeEntry): string {
  return `${mdCode(entry.code)}${entry.name ? ` ${mdCode(entry.name)}` : ''} (${mdText(entry.family)})`;
}

/**
 * A code read in a known form (AADSTS, MSIS, HTTP status) that the catalog has no entry for: what
 * its form alone says, and where to look it up.
 */
function uncatalogued(lookup: CodeLookup): { code: string; what: string; todo: string } | null {
  const code = lookup.normalized ?? lookup.input;
  switch (lookup.form) {
    case 'aadsts':
      return {
        code,
        what: 'an AADSTS code is a Microsoft Entra ID sign-in or token error returned by the service',
        todo: "Search for it in Microsoft's AADSTS error reference (https://learn.microsoft.com/entra/identity-platform/reference-error-codes), and read the message text that came with it",
      };
    case 'msis':
      return {
        code,
        what: 'an MSIS code is an AD FS (federation server) error',
        todo: "Read the AD FS Admin event log on the federation servers at the time of the attempt (event 364 holds the exception), and search for the code in Microsoft's AD FS troubleshooting documentation (https://learn.microsoft.com/windows-server/identity/ad-fs/troubleshooting/ad-fs-tshoot-overview)",
      };
    case 'http': {
      const status = Number(code.replace(/\D/g, ''));
      const kind =
        status >= 500
          ? 'a server error'
          : status >= 400
            ? 'a client error'
            : status >= 300
              ? 'a redirect'
              : 'not an error';
      return {
        code,
        what: `an HTTP status from a service the device talked to (${Math.floor(status / 100)}xx is ${kind})`,
        todo: 'Look for the service and the error text logged with it (the AAD and User Device Registration event logs)',
      };
    }
    default:
      return null;
  }
}

const CODE_FORMS = 'hex, decimal, a symbolic name, AADSTS/MSIS numbers, or an HTTP status';

function readingWhere(reading: CodeReading): string {
  const context = reading.phases && reading.context ? ` (${reading.context})` : '';
  if (reading.phases) return `the ${reading.phases.join('/')} phase${context}`;
  return reading.context ? `the ${reading.context}` : 'any context';
}

function structureParts(s: CodeStructure): string {
  const kind = s.isNtStatus ? 'NTSTATUS' : 'HRESULT';
  const parts = [
    `${kind} ${s.value}: severity ${s.severity}`,
    `facility ${s.facility}${s.facilityName ? ` (${s.facilityName})` : ''}`,
  ];
  if (s.customer) parts.push('customer-defined');
  if (s.win32 !== null) parts.push(`Win32 error ${s.win32}`);
  if (s.adal)
    parts.push(`ADAL ${s.adal.groupName}${s.adal.win32 !== null ? `, WinHTTP/WinINet ${s.adal.win32}` : ''}`);
  return parts.join(', ');
}

function structureText(s: CodeStructure): string {
  return `Structure: ${inert(structureParts(s))}`;
}

function structureMarkdown(s: CodeStructure): string {
  return `Structure: ${mdText(structureParts(s))}`;
}

/** Hex, signed and unsigned decimal side by side, as admins meet the same code in all three. */
function numericForms(code: string): { hex: string; signed: string; unsigned: string } | null {
  if (!/^0x[0-9a-f]{8}$/.test(code)) return null;
  const unsigned = Number.parseInt(code.slice(2), 16);
  return {
    hex: `0x${code.slice(2).toUpperCase()}`,
    signed: String(unsigned | 0),
    unsigned: String(unsigned),
  };
}
