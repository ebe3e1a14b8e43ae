/**
 * The terminal report: verdict first, then the error chain, the findings, and a compact view of
 * the capture or the event timeline.
 * @module
 */
import { createColors } from 'picocolors';
import type { Finding, Health, Severity } from '../model/diagnosis.ts';
import type { DeviceReport } from '../model/report.ts';
import { HEALTHS } from '../model/vocabulary.ts';
import type { RunSummary } from './summary.ts';
import {
  checksLine,
  confidenceLine,
  deviceName,
  errorChain,
  eventRecordsLine,
  findingsBySeverity,
  headline,
  keyFields,
  noticeLines,
  readLine,
  referenceList,
  severityCounts,
  shownLine,
  sourceLabel,
  timelineSummary,
  timelineTimes,
  timelineWhat,
  traceNotes,
} from './view.ts';
import { inertLine, padEnd, wrap } from './wrap.ts';

export type Colors = ReturnType<typeof createColors>;

export interface TextContext {
  width: number;
  c: Colors;
  /** Show the capture's key fields (off: one line says how many fields were read). */
  capture: boolean;
  /** Show informational findings in full (off: one line counts them). */
  verbose: boolean;
}

export function textContext(
  width: number | undefined,
  color: boolean | undefined,
  view: { capture?: boolean; verbose?: boolean } = {},
): TextContext {
  return {
    width: Math.max(40, width ?? 100),
    c: createColors(color ?? false),
    capture: view.capture ?? false,
    verbose: view.verbose ?? false,
  };
}

const SEVERITY_MARK: Record<Severity, string> = { error: '✖ ERROR', warning: '▲ WARNING', info: 'ℹ INFO' };

export function healthColor(c: Colors, health: Health): (s: string) => string {
  switch (health) {
    case 'failing':
      return c.red;
    case 'attention':
      return c.yellow;
    case 'healthy':
      return c.green;
    default:
      return c.magenta;
  }
}

function severityColor(c: Colors, severity: Severity): (s: string) => string {
  return severity === 'error' ? c.red : severity === 'warning' ? c.yellow : c.cyan;
}

export function renderTextReport(report: DeviceReport, ctx: TextContext): string {
  const { c, width } = ctx;
  const v = report.verdict;
  const out: string[] = [];
  for (const line of wrap(headline(v), width)) out.push(c.bold(healthColor(c, v.health)(line)));
  out.push(...wrap(v.summary, width));
  const name = deviceName(report);
  out.push(
    ...wrap([name, sourceLabel(report), confidenceLine(v)].filter((x) => x !== null).join(' · '), width).map(
      c.dim,
    ),
  );

  const notices = noticeLines(report);
  if (notices.length > 0) {
    out.push('', c.bold('Notices'));
    for (const n of notices) {
      const mark = n.severity === 'warning' ? '  ▲ ' : '  ℹ ';
      const lines = wrap(n.text, width, mark, '    ');
      out.push(...(n.severity === 'warning' ? lines.map(c.yellow) : lines));
    }
  }

  const chain = errorChain(report);
  if (chain) {
    out.push('', c.bold(chain.phase ? `Failed in the ${chain.phase} phase` : 'Error'));
    const labelWidth = Math.max(...chain.links.map((l) => l.label.length)) + 2;
    for (const link of chain.links) {
      const head = `  ${padEnd(link.label, labelWidth)}`;
      const value = link.code && link.name ? `${link.value} (${link.name})` : link.value;
      const lines = wrap(value, width, head, ' '.repeat(head.length));
      out.push(...lines.map((l, i) => (i === 0 && link.code ? head + c.bold(l.slice(head.length)) : l)));
      const meaning =
        !link.code && link.name ? `${link.name}${link.meaning ? `: ${link.meaning}` : ''}` : link.meaning;
      if (meaning) out.push(...wrap(meaning, width, ' '.repeat(head.length)).map(c.dim));
    }
  }

  out.push(
    '',
    c.bold(report.findings.length > 0 ? `Findings (${severityCounts(report.findings)})` : 'Findings: none'),
  );
  const shown = ctx.verbose ? report.findings : report.findings.filter((f) => f.severity !== 'info');
  for (const finding of findingsBySeverity(shown)) out.push(...findingLines(finding, ctx));
  const folded = report.findings.length - shown.length;
  if (folded > 0) {
    const hidden = `${folded} informational finding${folded === 1 ? '' : 's'} hidden (--verbose shows ${folded === 1 ? 'it' : 'them'})`;
    out.push('', ...wrap(hidden, width, '  ', '    ').map(c.dim));
  }

  if (report.capture && !ctx.capture) {
    const read = report.capture.sections.reduce((n, s) => n + s.fields.length, 0);
    const line = `Capture: ${readLine(report.capture)} · ${read} field${read === 1 ? '' : 's'} read (--capture shows the key fields)`;
    out.push('', ...wrap(line, width, '', '  ').map(c.dim));
  }
  if (report.capture && ctx.capture) {
    const heading = wrap(
      `Capture (${readLine(report.capture)} · ${shownLine(report.capture, report.findings)}; JSON has every field)`,
      width,
      '',
      '  ',
    );
    out.push(
      '',
      ...heading.map((l, i) =>
        i === 0 ? `${c.bold('Capture')}${c.dim(l.slice('Capture'.length))}` : c.dim(l),
      ),
    );
    const groups = keyFields(report.capture, report.findings);
    const labelWidth = Math.min(
      30,
      Math.max(0, ...groups.flatMap((g) => g.fields.map((f) => inertLine(f.name).length))),
    );
    for (const group of groups) {
      out.push(`  ${c.underline(inertLine(group.title))}`);
      let scope: string | null = null;
      for (const field of group.fields) {
        // Blocks inside a section (`Previous Registration`, PRT diagnostics) get their own sub-heading.
        if (field.scope !== scope && field.scope !== null)
          out.push(`    ${c.dim(`${inertLine(field.scope)}:`)}`);
        scope = field.scope;
        const indent = field.scope ? '      ' : '    ';
        const head = `${indent}${padEnd(inertLine(field.name), labelWidth)} : `;
        if (head.length + MIN_VALUE_WIDTH <= width) {
          out.push(...wrap(field.raw, width, head, ' '.repeat(head.length)));
        } else {
          // Too narrow for a column of names: each name on its line, its value indented below.
          out.push(...wrap(`${inertLine(field.name)}:`, width, indent));
          out.push(...wrap(field.raw, width, `${indent}  `));
        }
      }
    }
  }
  if (report.capture?.trace) {
    out.push('', c.bold('Debug trace'));
    for (const note of traceNotes(report.capture)) out.push(...wrap(note, width, '  ', '    '));
  }
  if (report.timeline && report.timeline.length > 0) {
    out.push('', c.bold('Timeline'));
    const times = timelineTimes(report.timeline);
    for (const [i, entry] of report.timeline.entries()) {
      const codes = entry.codes.length > 0 ? ` [${entry.codes.join(', ')}]` : '';
      const head = `  ${inertLine(times[i] ?? 'no time')}  ${inertLine(timelineWhat(entry))}: `;
      if (head.length + MIN_VALUE_WIDTH <= width) {
        out.push(...wrap(`${timelineSummary(entry)}${codes}`, width, head, '      '));
      } else {
        // Too narrow to keep time and event beside the text: they get a line of their own.
        out.push(...wrap(head.trim(), width, '  ', '    '));
        out.push(...wrap(`${timelineSummary(entry)}${codes}`, width, '      '));
      }
    }
  }
  return `${out.join('\n')}\n`;
}

/** Below this many columns for values, the capture view stacks names over values. */
const MIN_VALUE_WIDTH = 16;

function findingLines(finding: Finding, ctx: TextContext): string[] {
  const { c, width } = ctx;
  const color = severityColor(c, finding.severity);
  const mark = SEVERITY_MARK[finding.severity];
  const tags = finding.codes.filter((code) => !finding.title.includes(code));
  const out = [''];
  const head = wrap(
    `${finding.title}${tags.length > 0 ? ` (${tags.join(', ')})` : ''}`,
    width,
    `  ${mark}  `,
    '    ',
  );
  out.push(...head.map((l, i) => (i === 0 ? color(c.bold(l)) : color(l))));
  if (finding.explanation) out.push(...wrap(finding.explanation, width, '    '));
  for (const e of finding.evidence) {
    const where = e.line !== null ? ` (line ${e.line})` : '';
    const name = e.scope ? `${e.scope} › ${e.field}` : e.field;
    out.push(...wrap(`${name} : ${e.value}${where}`, width, '    › ', '      ').map(c.dim));
  }
  if (finding.causes.length > 0) {
    out.push('    Likely causes:');
    for (const cause of finding.causes) out.push(...wrap(cause, width, '      - ', '        '));
  }
  if (finding.steps.length > 0) {
    out.push('    What to do:');
    finding.steps.forEach((step, i) => {
      const n = `      ${i + 1}. `;
      out.push(...wrap(step, width, n, ' '.repeat(n.length)));
    });
  }
  const refs = referenceList(finding.references);
  refs.forEach((r, i) => {
    const lead = i === 0 ? '    See: ' : '         ';
    out.push(...wrap(r.url ? `${r.title} <${r.url}>` : r.title, width, lead, '         ').map(c.dim));
  });
  const checks = checksLine(finding);
  if (checks) out.push(...wrap(checks, width, '    ').map(c.dim));
  return out;
}

export function renderTextSummary(summary: RunSummary, ctx: TextContext): string {
  const { c } = ctx;
  const out = [c.bold(`Summary: ${summary.total} report${summary.total === 1 ? '' : 's'}`)];
  const stateWidth = Math.max(10, ...summary.byState.map((r) => r.state.length));
  if (summary.byState.length > 0 && 2 + stateWidth + (HEALTHS.length + 1) * 6 > ctx.width) {
    // No room for a column per health: one line per state, its counts in words.
    for (const row of summary.byState) {
      const counts = HEALTHS.filter((h) => row.counts[h] > 0).map((h) => `${row.counts[h]} ${h}`);
      out.push(...wrap(`${row.state}: ${row.total} (${counts.join(', ')})`, ctx.width, '  ', '    '));
    }
  } else if (summary.byState.length > 0) {
    const cols = HEALTHS;
    // Narrow terminals get narrower columns and short headings rather than wrapped rows.
    const cellWidth = Math.max(6, Math.min(10, Math.floor((ctx.width - 2 - stateWidth) / (cols.length + 1))));
    const cell = (s: string | number) => String(s).padStart(cellWidth);
    const heads = cellWidth >= 10 ? [...cols, 'total'] : ['ok', 'attn', 'fail', '?', 'total'];
    out.push(`  ${padEnd('state', stateWidth)}${heads.map(cell).join('')}`);
    for (const row of summary.byState) {
      const cells = cols.map((h) => {
        const n = row.counts[h];
        return n === 0 ? c.dim(cell('·')) : healthColor(c, h)(cell(n));
      });
      out.push(`  ${padEnd(row.state, stateWidth)}${cells.join('')}${cell(row.total)}`);
    }
  }
  if (summary.topErrors.length > 0) {
    out.push('', c.bold('Top errors'), ...topErrorLines(summary.topErrors, ctx.width));
  }
  if (summary.events) out.push('', eventRecordsLine(summary.events));
  if (summary.failures.length > 0) {
    out.push('', c.bold(c.red(`Not analysed (${summary.failures.length})`)));
    for (const f of summary.failures) out.push(...wrap(`${f.path}: ${f.reason}`, ctx.width, '  ', '    '));
  }
  return `${out.join('\n')}\n`;
}

const TOP_ERROR_HEADS = ['devices', 'code', 'name', 'e.g.'];
/** Narrowest the example column gets beside the others; narrower, it goes under its row. */
const MIN_EXAMPLE = 24;
/** Codes are short; a longer one (a server code is free text) wraps rather than starve the name. */
const MAX_CODE = 16;
const TABLE_INDENT = '  ';
const TABLE_GAP = '  ';

/**
 * Devices, code, name and an example input, in columns at any width: the example (a path of any
 * length) wraps inside its column rather than push the row past the width. Too narrow for that,
 * the example moves under its row.
 */
function topErrorLines(rows: RunSummary['topErrors'], width: number): string[] {
  const cells = rows.map((e) => [
    String(e.devices),
    inertLine(e.code),
    inertLine(e.name ?? ''),
    inertLine(e.example),
  ]);
  const [devices, code, name, example] = TOP_ERROR_HEADS.map((h, i) =>
    Math.max(h.length, ...cells.map((r) => r[i]!.length)),
  ) as [number, number, number, number];
  const codeWidth = Math.min(code, Math.max(MAX_CODE, Math.floor((width - devices) / 4)));
  const room = width - TABLE_INDENT.length - devices - codeWidth - 3 * TABLE_GAP.length;
  // Names stay whole beside the example: the example column gives way first.
  const exampleWidth = Math.min(example, room - name);
  if (exampleWidth >= Math.min(example, MIN_EXAMPLE))
    return table([TOP_ERROR_HEADS, ...cells], [devices, codeWidth, name, exampleWidth]);
  const narrow = [devices, codeWidth, Math.min(name, room + TABLE_GAP.length)];
  const under = ' '.repeat(TABLE_INDENT.length + devices + TABLE_GAP.length);
  return [
    ...table([TOP_ERROR_HEADS.slice(0, 3)], narrow),
    ...cells.flatMap((r) => [
      ...table([r.slice(0, 3)], narrow),
      ...cellLines(`e.g. ${r[3]}`, width - under.length).map((l) => under + l),
    ]),
  ];
}

/**
 * Rows of cells in columns of the given widths: the first column right-aligned (a count), a cell
 * wider than its column continued on the next lines of the same row, the last column unpadded.
 */
function table(rows: string[][], widths: number[]): string[] {
  const out: string[] = [];
  for (const row of rows) {
    const cells = row.map((cell, i) => cellLines(cell, widths[i]!));
    const height = Math.max(...cells.map((lines) => lines.length));
    for (let n = 0; n < height; n++) {
      const parts = cells.map((lines, i) => {
        const text = lines[n] ?? '';
        if (i === cells.length - 1) return text;
        return i === 0 ? text.padStart(widths[i]!) : padEnd(text, widths[i]!);
      });
      out.push(`${TABLE_INDENT}${parts.join(TABLE_GAP)}`.trimEnd());
    }
  }
  return out;
}

/**
 * A cell over several lines, broken after a path separator, underscore, bracket or space where
 * it can (paths and symbolic names have no spaces), cut only where a piece is wider than the column.
 */
function cellLines(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let piece of text.split(/(?<=[/\\_( ])/)) {
    if (line !== '' && line.length + piece.length > width) {
      lines.push(line.trimEnd());
      line = '';
    }
    while (line.length + piece.length > width) {
      lines.push(piece.slice(0, width));
      piece = piece.slice(width);
    }
    line += piece;
  }
  lines.push(line.trimEnd());
  return lines;
}
