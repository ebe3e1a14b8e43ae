/**
 * The fleet's answers as text, JSON, Markdown, CSV and one self-contained HTML page (inline SVG
 * charts, no script, no external request, printable, every value escaped). Pure.
 * @module
 */
import type { ReportComparison } from '../compare/index.ts';
import { lookupCode } from '../knowledge/codes/lookup.ts';
import type { Redactor } from '../redact/index.ts';
import { esc } from '../render/html.ts';
import { inert } from '../render/wrap.ts';
import type { DeviceDetail, DeviceRow, EntraIssue, FleetSummary, NotCapturedRow } from '../store/types.ts';
import { ISSUE_ORDER, ISSUE_TEXT } from './join.ts';

export const FLEET_SUMMARY_SCHEMA = 'dsreg-doctor.fleet-summary/1';
export const FLEET_DEVICES_SCHEMA = 'dsreg-doctor.fleet-devices/1';
export const FLEET_DEVICE_SCHEMA = 'dsreg-doctor.fleet-device/1';
export const FLEET_NOT_CAPTURED_SCHEMA = 'dsreg-doctor.fleet-not-captured/1';

export type SummaryFormat = 'text' | 'json' | 'markdown' | 'html';

/** What a code means, in one line, from the catalog; null when the catalog does not know it. */
export function codeMeaning(code: string): string | null {
  try {
    const found = lookupCode(code);
    if (!found.entry) return null;
    return `${found.entry.name ? `${found.entry.name}: ` : ''}${found.entry.summary}`;
  } catch {
    return null;
  }
}

const pct = (n: number, total: number) => (total > 0 ? `${Math.round((n / total) * 1000) / 10}%` : '–');

interface Table {
  title: string;
  head: string[];
  rows: string[][];
}

function tablesOf(s: FleetSummary): Table[] {
  const t: Table[] = [];
  t.push({
    title: 'Devices by join state and health',
    head: ['join state', 'health', 'devices', 'share'],
    rows: s.stateHealth.map((r) => [r.joinState, r.health, String(r.devices), pct(r.devices, s.devices)]),
  });
  const f = s.hybridFunnel;
  // Rows stored before the AD side existed carry no certificate step.
  const certificate = f.certificate ?? null;
  t.push({
    title: 'Hybrid join funnel (domain joined devices)',
    head: ['step', 'devices', 'of in scope'],
    rows: [
      ['in AD scope (domain joined)', String(f.inScope), pct(f.inScope, f.inScope)],
      [
        'valid hybrid join certificate in AD',
        certificate === null ? 'no certificate report' : String(certificate),
        certificate === null ? '–' : pct(certificate, f.inScope),
      ],
      [
        'synced to Entra (ServerAd object)',
        f.synced === null ? 'no Entra data' : String(f.synced),
        f.synced === null ? '–' : pct(f.synced, f.inScope),
      ],
      ['registered (hybrid joined, not Pending)', String(f.registered), pct(f.registered, f.inScope)],
      ['holding a PRT', String(f.prt), pct(f.prt, f.inScope)],
    ],
  });
  t.push({
    title: 'Failing phases',
    head: ['phase', 'devices'],
    rows: s.topPhases.map((r) => [r.key, String(r.devices)]),
  });
  t.push({
    title: 'Top error codes',
    head: ['code', 'devices', 'meaning'],
    rows: s.topCodes.map((r) => [r.key, String(r.devices), codeMeaning(r.key) ?? '']),
  });
  t.push({
    title: 'PRT and Windows Hello for Business (joined or registered devices)',
    head: ['', 'yes', 'no', 'unknown (SYSTEM or lossy capture)'],
    rows: [
      ['PRT', String(s.prt.yes), String(s.prt.no), String(s.prt.unknown)],
      ['WHfB ready (NgcSet)', String(s.whfb.ready), String(s.whfb.notReady), String(s.whfb.unknown)],
    ],
  });
  t.push({
    title: 'OS versions',
    head: ['version', 'devices'],
    rows: s.osVersions.map((r) => [r.key, String(r.devices)]),
  });
  t.push({
    title: 'Capture context',
    head: ['context', 'devices'],
    rows: s.contexts.map((r) => [r.key, String(r.devices)]),
  });
  t.push({
    title: 'Capture freshness (age of each device’s latest capture)',
    head: ['under 1 day', '1-7 days', '7-30 days', '30-90 days', 'older'],
    rows: [
      [s.freshness.day, s.freshness.week, s.freshness.month, s.freshness.quarter, s.freshness.older].map(
        String,
      ),
    ],
  });
  const adComputers = s.adComputers ?? 0;
  const shown = ISSUE_ORDER.filter((i) => (i.startsWith('ad-') ? adComputers > 0 : s.entraObjects > 0));
  const st = s.staleness;
  t.push({
    title: `What Entra knows (${s.entraObjects} objects imported${adComputers > 0 ? `, ${adComputers} AD computers from the certificate report` : ''})`,
    head: ['finding', 'devices'],
    rows:
      shown.length === 0
        ? [['no Entra export imported: run `fleet import-entra`', '–']]
        : shown.map((i) => [
            i === 'stale' && st
              ? `Stale in Entra (over ${st.staleDays} days${st.vdiPrefixes.length > 0 ? `; ${st.vdiStaleDays} for ${st.vdiPrefixes.join(', ')}` : ''})`
              : ISSUE_TEXT[i].title,
            String(s.entra[i] ?? 0),
          ]),
  });
  if (s.changes) {
    t.push({
      title: `Changes since ${s.changes.since}`,
      head: ['devices with a newer capture', 'improved', 'worsened', 'new devices'],
      rows: [[s.changes.devices, s.changes.improved, s.changes.worsened, s.changes.new].map(String)],
    });
  }
  return t;
}

/** The roll-up in one format. */
export function renderSummary(s: FleetSummary, format: SummaryFormat): string {
  if (format === 'json') {
    const topCodes = s.topCodes.map((c) => ({ ...c, meaning: codeMeaning(c.key) }));
    return `${JSON.stringify({ schema: FLEET_SUMMARY_SCHEMA, ...s, topCodes }, null, 2)}\n`;
  }
  const tables = tablesOf(s);
  const head = `Fleet: ${s.devices} devices, ${s.captures} captures, ${s.entraObjects} Entra objects (as of ${s.now})`;
  if (format === 'markdown') {
    const md = (v: string) =>
      inert(v)
        .replace(/\|/g, '\\|')
        .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
    const parts = [`# ${md(head)}`, ''];
    for (const t of tables) {
      parts.push(`## ${md(t.title)}`, '');
      if (t.rows.length === 0) {
        parts.push('None.', '');
        continue;
      }
      parts.push(`| ${t.head.map(md).join(' | ')} |`, `|${t.head.map(() => ' --- ').join('|')}|`);
      for (const r of t.rows) parts.push(`| ${r.map(md).join(' | ')} |`);
      parts.push('');
    }
    return parts.join('\n');
  }
  if (format === 'html') return summaryHtml(s, tables, head);
  const out = [inert(head), ''];
  for (const t of tables) {
    out.push(inert(t.title));
    if (t.rows.length === 0) {
      out.push('  none', '');
      continue;
    }
    const widths = t.head.map((h, i) =>
      Math.min(60, Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length))),
    );
    const fmt = (r: string[]) =>
      `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd();
    out.push(inert(fmt(t.head)));
    for (const r of t.rows) out.push(inert(fmt(r)));
    out.push('');
  }
  return `${out.join('\n')}`;
}

const COLORS: Record<string, string> = {
  healthy: '#2e7d32',
  attention: '#f9a825',
  failing: '#c62828',
  unknown: '#9e9e9e',
};

/** A horizontal bar chart as inline SVG. */
function barChart(title: string, bars: Array<{ label: string; value: number; color?: string }>): string {
  if (bars.length === 0) return '';
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 22;
  const width = 640;
  const labelW = 230;
  const h = bars.length * row + 8;
  const items = bars
    .map((b, i) => {
      const w = Math.round(((width - labelW - 70) * b.value) / max);
      const y = i * row + 4;
      return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(b.label.slice(0, 40))}</text><rect x="${labelW}" y="${y + 3}" width="${Math.max(1, w)}" height="15" fill="${b.color ?? '#1565c0'}"/><text x="${labelW + w + 6}" y="${y + 15}">${b.value}</text>`;
    })
    .join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" font-size="12" font-family="sans-serif">${items}</svg></figure>`;
}

function summaryHtml(s: FleetSummary, tables: Table[], head: string): string {
  const byHealth = new Map<string, number>();
  for (const r of s.stateHealth) byHealth.set(r.health, (byHealth.get(r.health) ?? 0) + r.devices);
  const charts = [
    barChart(
      'Devices by health',
      ['healthy', 'attention', 'failing', 'unknown'].map((h) => ({
        label: h,
        value: byHealth.get(h) ?? 0,
        color: COLORS[h],
      })),
    ),
    barChart(
      'Devices by join state and health',
      s.stateHealth.map((r) => ({
        label: `${r.joinState} / ${r.health}`,
        value: r.devices,
        color: COLORS[r.health],
      })),
    ),
    barChart('Hybrid join funnel', [
      { label: 'in AD scope', value: s.hybridFunnel.inScope },
      ...((s.hybridFunnel.certificate ?? null) === null
        ? []
        : [{ label: 'certificate in AD', value: s.hybridFunnel.certificate ?? 0 }]),
      ...(s.hybridFunnel.synced === null ? [] : [{ label: 'synced', value: s.hybridFunnel.synced }]),
      { label: 'registered', value: s.hybridFunnel.registered },
      { label: 'PRT', value: s.hybridFunnel.prt },
    ]),
    barChart(
      'Top error codes',
      s.topCodes.map((c) => ({ label: c.key, value: c.devices, color: COLORS.failing })),
    ),
    barChart('Capture freshness', [
      { label: 'under 1 day', value: s.freshness.day },
      { label: '1-7 days', value: s.freshness.week },
      { label: '7-30 days', value: s.freshness.month },
      { label: '30-90 days', value: s.freshness.quarter },
      { label: 'older', value: s.freshness.older },
    ]),
    s.entraObjects > 0 || (s.adComputers ?? 0) > 0
      ? barChart(
          'What Entra knows',
          ISSUE_ORDER.filter((i) =>
            i.startsWith('ad-') ? (s.adComputers ?? 0) > 0 : s.entraObjects > 0,
          ).map((i: EntraIssue) => ({
            label: ISSUE_TEXT[i].title,
            value: s.entra[i] ?? 0,
            color: '#6a1b9a',
          })),
        )
      : '',
  ].join('\n');
  const body = tables
    .map(
      (t) =>
        `<section><h2>${esc(t.title)}</h2>${
          t.rows.length === 0
            ? '<p>None.</p>'
            : `<table><thead><tr>${t.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${t.rows
                .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
                .join('')}</tbody></table>`
        }</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dsreg-doctor fleet report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#111;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}
.charts{display:block}
@media print{body{margin:0;max-width:none}section,figure{break-inside:avoid}}
</style></head><body>
<h1>${esc(head)}</h1>
<div class="charts">${charts}</div>
${body}
</body></html>
`;
}

/** One device row with identifiers redacted (the store keeps them as they are unless told). */
export function redactRow(row: DeviceRow, redactor: Redactor): DeviceRow {
  if (row.computer) redactor.learn('device', row.computer);
  return {
    ...row,
    deviceKey: redactor.text(row.deviceKey),
    tenantId: redactor.optional(row.tenantId),
    deviceId: redactor.optional(row.deviceId),
    computer: redactor.optional(row.computer),
    domain: redactor.optional(row.domain),
    summary: redactor.text(row.summary),
    entraObjectId: redactor.optional(row.entraObjectId),
  };
}

/** One Entra object of `fleet devices --not-captured` with identifiers redacted. */
export function redactNotCapturedRow(row: NotCapturedRow, redactor: Redactor): NotCapturedRow {
  if (row.displayName) redactor.learn('device', row.displayName);
  return {
    ...row,
    objectKey: redactor.text(row.objectKey),
    objectId: redactor.optional(row.objectId),
    deviceId: redactor.optional(row.deviceId),
    displayName: redactor.optional(row.displayName),
    thumbprints: [],
    source: redactor.text(row.source),
  };
}

/** A CSV table's columns: each header with how a row gives its cell. */
type CsvColumns<T> = ReadonlyArray<readonly [string, (row: T) => string]>;

function csvHeaderOf<T>(columns: CsvColumns<T>): string {
  return `${columns.map(([h]) => h).join(',')}\r\n`;
}

function csvRowsOf<T>(columns: CsvColumns<T>, rows: readonly T[]): string {
  return rows.map((r) => `${columns.map(([, get]) => csvCell(get(r))).join(',')}\r\n`).join('');
}

/**
 * Rows as aligned text lines under `header` (when asked), each row's cells joined by a space;
 * every line made inert for a terminal.
 */
function textLines<T>(rows: readonly T[], header: string | null, cells: (row: T) => string[]): string {
  const lines = header === null ? [] : [header];
  for (const r of rows) lines.push(inert(cells(r).join(' ')));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

const CSV_COLUMNS: CsvColumns<DeviceRow> = [
  ['deviceKey', (d) => d.deviceKey],
  ['computer', (d) => d.computer ?? ''],
  ['domain', (d) => d.domain ?? ''],
  ['deviceId', (d) => d.deviceId ?? ''],
  ['tenantId', (d) => d.tenantId ?? ''],
  ['joinState', (d) => d.joinState],
  ['health', (d) => d.health],
  ['failedPhase', (d) => d.failedPhase ?? ''],
  ['errorCode', (d) => d.errorCode ?? ''],
  ['subErrorCode', (d) => d.subErrorCode ?? ''],
  ['prt', (d) => (d.prt === null ? '' : String(d.prt))],
  ['whfbReady', (d) => (d.whfbReady === null ? '' : String(d.whfbReady))],
  ['osVersion', (d) => d.osVersion ?? ''],
  ['context', (d) => d.context],
  ['lastCapturedAt', (d) => d.lastCapturedAt],
  ['captures', (d) => String(d.captures)],
  ['entraIssues', (d) => d.entraIssues.join(' ')],
  ['summary', (d) => d.summary],
];

function csvCell(v: string): string {
  // A leading = + - @ would run as a formula in a spreadsheet: quoted with a leading apostrophe.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) || safe !== v ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The CSV header line of `fleet devices --format csv`. */
export function devicesCsvHeader(): string {
  return csvHeaderOf(CSV_COLUMNS);
}

/** Device rows as CSV lines (no header). */
export function devicesCsvRows(rows: DeviceRow[]): string {
  return csvRowsOf(CSV_COLUMNS, rows);
}

/** Device rows as aligned text lines (with a header when `header`). */
export function devicesText(rows: DeviceRow[], header: boolean): string {
  return textLines(
    rows,
    header
      ? 'DEVICE               JOIN STATE        HEALTH     PHASE     CODE        LAST CAPTURE          ENTRA'
      : null,
    (d) => [
      (d.computer ?? d.deviceId ?? d.deviceKey).padEnd(20),
      d.joinState.padEnd(17),
      d.health.padEnd(10),
      (d.failedPhase ?? '-').padEnd(9),
      (d.errorCode ?? '-').padEnd(11),
      d.lastCapturedAt.slice(0, 19).padEnd(21),
      d.entraIssues.join(',') || '-',
    ],
  );
}

const NOT_CAPTURED_COLUMNS: CsvColumns<NotCapturedRow> = [
  ['objectKey', (o) => o.objectKey],
  ['displayName', (o) => o.displayName ?? ''],
  ['deviceId', (o) => o.deviceId ?? ''],
  ['objectId', (o) => o.objectId ?? ''],
  ['trustType', (o) => o.trustType ?? ''],
  ['accountEnabled', (o) => (o.accountEnabled === null ? '' : String(o.accountEnabled))],
  ['lastSignIn', (o) => o.lastSignIn ?? ''],
  ['operatingSystem', (o) => o.operatingSystem ?? ''],
  ['operatingSystemVersion', (o) => o.operatingSystemVersion ?? ''],
  ['source', (o) => o.source],
];

/** The CSV header line of `fleet devices --not-captured --format csv`. */
export function notCapturedCsvHeader(): string {
  return csvHeaderOf(NOT_CAPTURED_COLUMNS);
}

/** Entra objects without a capture as CSV lines (no header). */
export function notCapturedCsvRows(rows: NotCapturedRow[]): string {
  return csvRowsOf(NOT_CAPTURED_COLUMNS, rows);
}

/** Entra objects without a capture as aligned text lines (with a header when `header`). */
export function notCapturedText(rows: NotCapturedRow[], header: boolean): string {
  return textLines(
    rows,
    header
      ? 'NAME                 DEVICE ID                             JOIN TYPE  ENABLED  LAST ACTIVITY'
      : null,
    (o) => [
      (o.displayName ?? '-').padEnd(20),
      (o.deviceId ?? '-').padEnd(37),
      (o.trustType ?? '-').padEnd(10),
      (o.accountEnabled === null ? '-' : o.accountEnabled ? 'yes' : 'no').padEnd(8),
      o.lastSignIn?.slice(0, 10) ?? 'blank',
    ],
  );
}

/** One device's history with what changed between consecutive captures. */
export function renderDevice(
  detail: DeviceDetail,
  diffs: Array<ReportComparison | null>,
  format: 'text' | 'json' | 'markdown',
): string {
  const d = detail.device;
  if (format === 'json') {
    return `${JSON.stringify({ schema: FLEET_DEVICE_SCHEMA, device: d, history: detail.history, entra: detail.entra, changes: diffs }, null, 2)}\n`;
  }
  const md = format === 'markdown';
  const out: string[] = [];
  const h = (t: string) => (md ? `## ${t}` : t.toUpperCase());
  out.push(md ? `# ${d.computer ?? d.deviceKey}` : `${d.computer ?? d.deviceKey}`);
  out.push(
    `${d.joinState}, ${d.health}${d.failedPhase ? `, failed in ${d.failedPhase}` : ''}${d.errorCode ? ` (${d.errorCode})` : ''}: ${d.summary}`,
  );
  out.push(
    `key ${d.deviceKey}; ${d.captures} capture(s), latest ${d.lastCapturedAt} (${d.capturedAtSource}), context ${d.context}`,
  );
  out.push('');
  const ad = detail.ad ?? null;
  if (d.entraIssues.length > 0 || detail.entra.length > 0 || ad) {
    out.push(h('Entra'));
    for (const e of detail.entra) {
      out.push(
        `${md ? '- ' : '  '}${e.displayName ?? '?'} object ${e.objectId ?? '?'} device ${e.deviceId ?? '?'}: ${e.trustType ?? '?'}, ${e.accountEnabled === false ? 'disabled' : 'enabled'}, last sign-in ${e.lastSignIn ?? 'blank'} (${e.source})`,
      );
    }
    if (ad) {
      const n = (v: number | null) => (v === null ? '?' : String(v));
      out.push(
        `${md ? '- ' : '  '}AD ${ad.objectDn ?? ad.name ?? '?'} objectGUID ${ad.objectGuid}: userCertificate ${n(ad.totalEntries)} value(s), ${n(ad.certs)} certificate(s), ${n(ad.validCerts)} valid, ${n(ad.hybridJoinCerts)} hybrid join; CloudFiltered ${ad.cloudFiltered === null ? '?' : ad.cloudFiltered ? 'TRUE' : 'FALSE'} (${ad.source})`,
      );
    }
    for (const i of d.entraIssues)
      out.push(`${md ? '- ' : '  '}${ISSUE_TEXT[i].title}: ${ISSUE_TEXT[i].step}`);
    out.push('');
  }
  out.push(h('History'));
  detail.history.forEach((e, i) => {
    out.push(
      `${md ? '- ' : '  '}${e.capturedAt} ${e.joinState} ${e.health}${e.failedPhase ? ` ${e.failedPhase}` : ''}${e.errorCode ? ` ${e.errorCode}` : ''} [${e.shape}, ${e.context}] ${e.source}`,
    );
    for (const l of e.lossy) out.push(`${md ? '  - ' : '      '}lossy: ${l}`);
    const diff = diffs[i];
    if (diff) {
      for (const v of diff.verdict)
        out.push(`${md ? '  - ' : '      '}${v.what}: ${v.before ?? '-'} → ${v.after ?? '-'}`);
      for (const f of diff.fields.slice(0, 20))
        out.push(`${md ? '  - ' : '      '}${f.what}: ${f.before ?? '-'} → ${f.after ?? '-'}`);
      if (diff.fields.length > 20)
        out.push(`${md ? '  - ' : '      '}… and ${diff.fields.length - 20} more field changes`);
      for (const f of diff.findings.new) out.push(`${md ? '  - ' : '      '}new finding: ${f.title}`);
      for (const f of diff.findings.resolved) out.push(`${md ? '  - ' : '      '}resolved: ${f.title}`);
    }
  });
  return `${out
    .map((l) => (md ? l.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')) : l))
    .map(inert)
    .join('\n')}\n`;
}
