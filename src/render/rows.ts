/**
 * One row per device: the `brief` view (a line each: state, health, phase, error, name) and CSV
 * for spreadsheets. Both stream: a head, then a row per report as it comes, then the closing
 * lines (totals and the inputs that could not be read), so a run over thousands of captures keeps
 * nothing but counters.
 * @module
 */
import { codeName } from '../knowledge/codes/index.ts';
import type { DeviceReport, InputFailure } from '../model/report.ts';
import { HEALTHS } from '../model/vocabulary.ts';
import type { RunSummary } from './summary.ts';
import { type Colors, healthColor } from './text.ts';
import {
  deviceName,
  type EventRecordCounts,
  eventRecordCounts,
  eventRecordsLine,
  reportTitle,
  stateLabel,
} from './view.ts';
import { inertLine, padEnd } from './wrap.ts';

/** Column widths of the brief view; a longer value pushes its row, never cuts it. */
const BRIEF_WIDTHS = [32, 9, 9, 10] as const;
const BRIEF_HEADS = ['STATE', 'HEALTH', 'PHASE', 'ERROR', 'DEVICE'] as const;

export function briefHead(c: Colors): string {
  return `${c.dim(briefCells([...BRIEF_HEADS]))}\n`;
}

/** `Hybrid joined   failing   join   0x801c03f2   PC-0142.contoso.com` */
export function briefLine(report: DeviceReport, c: Colors): string {
  const v = report.verdict;
  const cells = [
    stateLabel(v),
    v.health,
    v.failedPhase ?? '-',
    v.errorCode ?? '-',
    inertLine(reportTitle(report)),
  ];
  const line = briefCells(cells);
  const at = padEnd(cells[0]!, BRIEF_WIDTHS[0]).length + 2;
  // Only the health is coloured, after the layout: escapes never count towards a width.
  const row = `${line.slice(0, at)}${healthColor(c, v.health)(v.health)}${line.slice(at + v.health.length)}\n`;
  // Evidence left unread is said under its row: the row alone would look complete.
  const events = eventRecordCounts(report);
  return events && events.skipped > 0 ? `${row}${c.yellow(`  ▲ ${eventRecordsLine(events)}`)}\n` : row;
}

function briefCells(cells: string[]): string {
  return cells
    .map((cell, i) => (i < BRIEF_WIDTHS.length ? padEnd(cell, BRIEF_WIDTHS[i]!) : cell))
    .join('  ')
    .trimEnd();
}

/** The closing lines of the brief view: totals by health, then each input that was not read. */
export function briefClosing(summary: RunSummary, c: Colors): string {
  const counts = HEALTHS.map((h) => [h, summary.byState.reduce((n, row) => n + row.counts[h], 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([h, n]) => `${n} ${h}`);
  const lines = [
    `${summary.total} device report${summary.total === 1 ? '' : 's'}${counts.length > 0 ? `: ${counts.join(', ')}` : ''}`,
  ];
  if (summary.events) lines.push(eventRecordsLine(summary.events));
  if (summary.failures.length > 0) {
    lines.push(
      c.red(`${summary.failures.length} input${summary.failures.length === 1 ? '' : 's'} not analysed:`),
    );
    for (const f of summary.failures) lines.push(`  ${inertLine(f.path)}: ${inertLine(f.reason)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The CSV columns, in order. */
export const CSV_COLUMNS = [
  'device',
  'state',
  'health',
  'failed_phase',
  'error_code',
  'error_name',
  'sub_error_code',
  'sub_error_name',
  'errors',
  'warnings',
  'confidence',
  'tenant_id',
  'device_id',
  'source',
  'summary',
] as const;

/** CSV lines end with CR LF, as RFC 4180 and spreadsheets expect. */
const EOL = '\r\n';

export function csvHead(): string {
  return CSV_COLUMNS.join(',') + EOL;
}

export function csvRow(report: DeviceReport): string {
  const v = report.verdict;
  const count = (severity: string) => String(report.findings.filter((f) => f.severity === severity).length);
  const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
    device: deviceName(report) ?? '',
    state: stateLabel(v),
    health: v.health,
    failed_phase: v.failedPhase ?? '',
    error_code: v.errorCode ?? '',
    error_name: v.errorCode ? (codeName(v.errorCode) ?? '') : '',
    sub_error_code: v.subErrorCode ?? '',
    sub_error_name: v.subErrorCode ? (codeName(v.subErrorCode) ?? '') : '',
    errors: count('error'),
    warnings: count('warning'),
    confidence: v.confidence.level,
    tenant_id: report.device?.tenantId ?? '',
    device_id: report.device?.deviceId ?? '',
    source: report.source.path,
    summary: withEventCounts(v.summary, eventRecordCounts(report)),
  };
  return CSV_COLUMNS.map((k) => csvCell(cells[k])).join(',') + EOL;
}

/**
 * The summary cell, with the event records read and skipped when parts of a log could not be
 * read: the row must not pass for the whole log.
 */
function withEventCounts(summary: string, events: EventRecordCounts | null): string {
  return events && events.skipped > 0 ? `${summary} (${eventRecordsLine(events)})` : summary;
}

/** An input that could not be read is a row too, so the sheet accounts for every input. */
export function csvFailureRows(failures: readonly InputFailure[]): string {
  return failures
    .map(
      (f) =>
        CSV_COLUMNS.map((k) =>
          csvCell(
            k === 'health' ? 'not analysed' : k === 'source' ? f.path : k === 'summary' ? f.reason : '',
          ),
        ).join(',') + EOL,
    )
    .join('');
}

/** The summary as CSV: one row per join state, a column per health. */
export function csvSummary(summary: RunSummary): string {
  const rows = [['state', ...HEALTHS, 'total'].join(',')];
  for (const row of summary.byState)
    rows.push(
      [csvCell(row.state), ...HEALTHS.map((h) => String(row.counts[h])), String(row.total)].join(','),
    );
  if (summary.failures.length > 0)
    rows.push(['not analysed', ...HEALTHS.map(() => ''), String(summary.failures.length)].join(','));
  if (summary.events) {
    const blank = HEALTHS.slice(1).map(() => '');
    rows.push(['event records read', ...blank, '', String(summary.events.read)].join(','));
    rows.push(['event records skipped', ...blank, '', String(summary.events.skipped)].join(','));
  }
  return rows.join(EOL) + EOL;
}

/**
 * One cell: quoted when it holds a comma, quote or line break; a value a spreadsheet would run
 * as a formula (`=`, `+`, `-`, `@`, tab, CR at its start) gets a leading apostrophe, since device
 * names and paths come from the captures.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
