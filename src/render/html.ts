/**
 * One self-contained HTML file: inline CSS, no scripts, no external requests (a CSP forbids
 * them), printable. Every value from a capture or an event goes through `esc`, and none becomes
 * a link: a capture is untrusted input.
 * @module
 */

import type { CaptureField } from '../model/capture.ts';
import type { Finding } from '../model/diagnosis.ts';
import type { DeviceReport, Report } from '../model/report.ts';
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
  reportTitle,
  sectionTitle,
  severityCounts,
  shownLine,
  sourceLabel,
  timelineSummary,
  timelineTimes,
  timelineWhat,
  traceNotes,
} from './view.ts';
import { inert } from './wrap.ts';

/**
 * Text for element content and attribute values. Control characters are shown as escapes: most
 * are parse errors in HTML and fatal in XHTML, and a character reference to one is no better.
 * Any value is escaped, whatever its type: a library caller's report may hold a string where the
 * model says number (`eventId: '<img …>'`), and it must still come out as text.
 */
export function esc(value: unknown): string {
  return inert(asText(value))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Any value as text, without ever throwing (an object whose `toString` throws reads as empty). */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  try {
    return String(value);
  } catch {
    return '';
  }
}

/**
 * Running text of findings and explanations: escaped, then its `code spans` (commands, registry
 * paths, distinguished names) set as code. Escaping first means a span can only wrap text that
 * is already inert.
 */
function prose(text: string): string {
  return esc(text).replace(/`([^`\n]+)`/g, '<code>$1</code>');
}

/** Only documentation on Microsoft's own sites is linked; anything else is shown as text. */
const LINKABLE = /^https:\/\/(?:learn|docs|support)\.microsoft\.com\/[\w\-./#%?=&]*$/;

const STYLE = `
:root{--fail:#b3261e;--warn:#8a5a00;--ok:#1b6e3a;--info:#0b57a0;--muted:#5f6368;--line:#dadce0}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#202124}
h1,h2,h3,h4{overflow-wrap:break-word;word-break:normal;hyphens:manual}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:0 0 2px}h3{font-size:16px;margin:20px 0 8px}
h4{font-size:15px;margin:0 0 6px}
.source{margin:0 0 8px;font-size:13px;overflow-wrap:anywhere}
.meta,.muted{color:var(--muted)}
.report{border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:6px;padding:16px 20px;margin:20px 0}
.report.failing{border-left-color:var(--fail)}.report.attention{border-left-color:var(--warn)}.report.healthy{border-left-color:var(--ok)}
.headline{font-weight:700;font-size:17px;letter-spacing:.02em}
.failing .headline{color:var(--fail)}.attention .headline{color:var(--warn)}.healthy .headline{color:var(--ok)}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f4;font-weight:600}td.num{text-align:right}td.time{white-space:nowrap}
code{font:13px/1.4 ui-monospace,Consolas,"Cascadia Mono",monospace;background:#f1f3f4;padding:1px 4px;border-radius:3px;overflow-wrap:anywhere}
code.code{white-space:nowrap;overflow-wrap:normal}
dl.chain{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:4px 16px;margin:0}dl.chain dt{font-weight:600}dl.chain dd{margin:0;overflow-x:auto}
p,li,dd{overflow-wrap:break-word}
.finding{border-top:1px solid var(--line);padding:10px 0}
.finding .sev{font-weight:700;text-transform:uppercase;font-size:12px;margin-right:6px}
.finding.error .sev{color:var(--fail)}.finding.warning .sev{color:var(--warn)}.finding.info .sev{color:var(--info)}
ul,ol{margin:4px 0 8px;padding-left:24px}
details{margin:8px 0}summary{cursor:pointer;color:var(--info)}
table.fields td:first-child{width:34%}table.fields td.num{width:4em}
table.fields tr.section th{background:#e8eaed}table.fields tr.scope td{font-style:italic;color:var(--muted)}
table.fields tr.scoped td:first-child{padding-left:20px}
@page{margin:14mm 12mm}
@media print{
  body{max-width:none;padding:0;font-size:9.5pt;line-height:1.35}
  h1{font-size:15pt}h2{font-size:13pt}h3{font-size:11pt;margin:12px 0 4px;break-after:avoid}h4{font-size:10pt;break-after:avoid}
  .report{border:none;border-left:4px solid var(--muted);border-radius:0;padding:0 0 0 10px;margin:10px 0}
  .report+.report{break-before:page}
  .headline,.verdict{break-after:avoid}
  table{font-size:8pt}th,td{padding:1px 4px}code{font-size:8pt;background:none;padding:0}
  .finding{padding:6px 0}p{margin:4px 0}ul,ol{margin:2px 0 4px}
  tr,li{break-inside:avoid}
  summary{color:inherit}
  a{color:inherit;text-decoration:none}
  a[href]::after{content:" <" attr(href) ">";font-size:85%;color:var(--muted);overflow-wrap:anywhere}
}
`;

export function renderHtml(report: Report, title: string | undefined, summary: RunSummary | null): string {
  const heading = title ?? 'dsreg-doctor report';
  const body = report.reports.map(reportHtml).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${esc(heading)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(heading)}</h1>
<p class="meta">${esc(`${report.generator.name} ${report.generator.version}`)} · ${countLine(report.reports.length, summary)}</p>
</header>
${summary ? `${renderHtmlSummary(summary)}\n` : ''}${body}
</body>
</html>
`;
}

/** `3 reports`; a document that holds only the summary counts the reports it summarises. */
function countLine(shown: number, summary: RunSummary | null): string {
  const n = shown === 0 && summary ? summary.total : shown;
  return `${n} report${n === 1 ? '' : 's'}${shown === 0 && summary ? ' (summary only)' : ''}`;
}

function reportHtml(report: DeviceReport): string {
  const v = report.verdict;
  const out: string[] = [];
  out.push(`<section class="report ${esc(v.health)}">`);
  out.push(`<h2>${esc(reportTitle(report))}</h2>`);
  if (deviceName(report) !== null || sourceLabel(report) !== reportTitle(report))
    out.push(`<p class="source muted">${esc(sourceLabel(report))}</p>`);
  out.push(`<p class="headline">${esc(headline(v))}</p>`);
  out.push(`<p class="verdict">${esc(v.summary)}</p>`);
  out.push(`<p class="muted">${esc(confidenceLine(v))}</p>`);
  const notices = noticeLines(report);
  if (notices.length > 0) {
    out.push('<h3>Notices</h3>', '<ul class="notices">');
    for (const n of notices)
      out.push(`<li class="${esc(n.severity)}"><strong>${esc(n.severity)}</strong>: ${esc(n.text)}</li>`);
    out.push('</ul>');
  }

  const chain = errorChain(report);
  if (chain && chain.links.length > 0) {
    out.push(
      `<h3>${chain.phase ? `Failed in the ${esc(chain.phase)} phase` : 'Error'}</h3>`,
      '<dl class="chain">',
    );
    for (const link of chain.links) {
      const value = link.code ? `<code class="code">${esc(link.value)}</code>` : esc(link.value);
      const name = link.name
        ? link.code
          ? ` <code class="code">${esc(link.name)}</code>`
          : ` <strong>${esc(link.name)}</strong>`
        : '';
      const meaning = link.meaning ? `<br><span class="muted">${prose(link.meaning)}</span>` : '';
      out.push(`<dt>${esc(link.label)}</dt><dd>${value}${name}${meaning}</dd>`);
    }
    out.push('</dl>');
  }

  out.push(
    `<h3>${report.findings.length > 0 ? `Findings (${esc(severityCounts(report.findings))})` : 'Findings: none'}</h3>`,
  );
  const main = report.findings.filter((f) => f.severity !== 'info');
  const info = report.findings.filter((f) => f.severity === 'info');
  for (const finding of findingsBySeverity(main)) out.push(findingHtml(finding));
  if (info.length > 0) {
    // Informational findings are folded under errors and warnings; alone, they are open.
    out.push(
      `<details class="info"${main.length === 0 ? ' open' : ''}><summary>${info.length} informational finding${info.length === 1 ? '' : 's'}</summary>`,
      ...info.map(findingHtml),
      '</details>',
    );
  }

  if (report.capture) {
    const read = `${readLine(report.capture)} · ${shownLine(report.capture, report.findings)}`;
    out.push(`<h3>Capture</h3>`, `<p class="muted">${esc(read)}</p>`);
    const groups = keyFields(report.capture, report.findings);
    out.push(fieldTable(groups));
    const all = report.capture.sections.map((s) => ({ title: sectionTitle(s), fields: s.fields }));
    const total = all.reduce((n, g) => n + g.fields.length, 0);
    out.push(
      `<details class="all-fields"><summary>All ${total} fields</summary>${fieldTable(all)}</details>`,
    );
  }
  if (report.capture?.trace) {
    out.push(
      '<h3>Debug trace</h3><ul>',
      ...traceNotes(report.capture).map((n) => `<li>${esc(n)}</li>`),
      '</ul>',
    );
  }
  if (report.timeline && report.timeline.length > 0) {
    out.push(
      '<h3>Timeline</h3>',
      '<table><thead><tr><th>Time</th><th>What</th><th>Summary</th><th>Codes</th></tr></thead><tbody>',
    );
    const times = timelineTimes(report.timeline);
    for (const [i, e] of report.timeline.entries()) {
      out.push(
        `<tr><td class="time">${esc(times[i] ?? '—')}</td><td>${esc(timelineWhat(e))}</td><td>${esc(timelineSummary(e))}</td><td>${e.codes.map((c) => `<code class="code">${esc(c)}</code>`).join(' ')}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  if (report.events && report.events.length > 0) {
    out.push(
      `<details><summary>${esc(report.events.length)} event record${report.events.length === 1 ? '' : 's'}</summary>`,
    );
    out.push(
      '<table><thead><tr><th>Time</th><th>Event</th><th>Level</th><th>Source</th><th>Message</th></tr></thead><tbody>',
    );
    for (const e of report.events) {
      const source = [e.channel, e.provider].filter((x) => x !== null).join(' / ');
      const data = Object.entries(e.data)
        .map(([k, val]) => `${k}=${val}`)
        .join('; ');
      out.push(
        `<tr><td>${esc(e.time ?? '—')}</td><td class="num">${esc(e.eventId)}</td><td>${esc(e.level)}</td><td>${esc(source)}</td><td>${esc(e.message ?? data)}</td></tr>`,
      );
    }
    out.push('</tbody></table></details>');
  }
  out.push('</section>');
  return out.join('\n');
}

/**
 * Fields by section, as `dsregcmd /status` prints them: a heading row per section and per block
 * inside it (`AzureAdPrt/AcquirePrtDiagnostics`), then name, value and line.
 */
function fieldTable(groups: readonly { title: string; fields: readonly CaptureField[] }[]): string {
  const rows: string[] = [];
  for (const group of groups) {
    rows.push(`<tr class="section"><th colspan="3">${esc(group.title)}</th></tr>`);
    let scope: string | null = null;
    for (const f of group.fields) {
      if (f.scope !== scope && f.scope !== null)
        rows.push(`<tr class="scope"><td colspan="3">${esc(f.scope)}</td></tr>`);
      scope = f.scope;
      rows.push(
        `<tr${f.scope ? ' class="scoped"' : ''}><td>${esc(f.name)}</td><td><code>${esc(f.raw)}</code></td><td class="num">${esc(f.line)}</td></tr>`,
      );
    }
  }
  return `<table class="fields"><thead><tr><th>Field</th><th>Value</th><th>Line</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function findingHtml(f: Finding): string {
  const out = [
    `<div class="finding ${esc(f.severity)}">`,
    `<h4><span class="sev">${esc(f.severity)}</span>${esc(f.title)}</h4>`,
  ];
  if (f.codes.length > 0)
    out.push(`<p class="muted">${f.codes.map((c) => `<code class="code">${esc(c)}</code>`).join(' · ')}</p>`);
  if (f.explanation) out.push(`<p>${prose(f.explanation)}</p>`);
  if (f.evidence.length > 0) {
    out.push('<ul class="evidence">');
    for (const e of f.evidence) {
      const name = e.scope ? `${e.scope} › ${e.field}` : e.field;
      out.push(
        `<li>${esc(name)}: <code>${esc(e.value)}</code>${e.line !== null ? ` <span class="muted">(line ${esc(e.line)})</span>` : ''}</li>`,
      );
    }
    out.push('</ul>');
  }
  if (f.causes.length > 0)
    out.push(
      '<p><strong>Likely causes</strong></p><ul>',
      ...f.causes.map((c) => `<li>${prose(c)}</li>`),
      '</ul>',
    );
  if (f.steps.length > 0)
    out.push(
      '<p><strong>What to do</strong></p><ol>',
      ...f.steps.map((s) => `<li>${prose(s)}</li>`),
      '</ol>',
    );
  const references = referenceList(f.references);
  if (references.length > 0) {
    const refs = references.map((r) =>
      r.url && LINKABLE.test(r.url)
        ? `<a href="${esc(r.url)}" rel="noreferrer">${esc(r.title)}</a>`
        : `${esc(r.title)}${r.url ? ` (<code>${esc(r.url)}</code>)` : ''}`,
    );
    out.push(`<p class="muted">See: ${refs.join('; ')}</p>`);
  }
  const checks = checksLine(f);
  if (checks) out.push(`<p class="muted checks">${esc(checks)}</p>`);
  out.push('</div>');
  return out.join('\n');
}

export function renderHtmlSummary(summary: RunSummary): string {
  const out = [
    `<section class="summary"><h2>Summary: ${esc(summary.total)} report${summary.total === 1 ? '' : 's'}</h2>`,
  ];
  if (summary.byState.length > 0) {
    out.push(
      `<table><thead><tr><th>State</th>${HEALTHS.map((h) => `<th>${h}</th>`).join('')}<th>total</th></tr></thead><tbody>`,
    );
    for (const row of summary.byState) {
      const cells = HEALTHS.map((h) => `<td class="num">${esc(row.counts[h])}</td>`).join('');
      out.push(`<tr><td>${esc(row.state)}</td>${cells}<td class="num">${esc(row.total)}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  if (summary.topErrors.length > 0) {
    out.push(
      '<h3>Top errors</h3><table><thead><tr><th>Code</th><th>Name</th><th>Devices</th><th>Example</th></tr></thead><tbody>',
    );
    for (const e of summary.topErrors) {
      out.push(
        `<tr><td><code class="code">${esc(e.code)}</code></td><td>${esc(e.name ?? '')}</td><td class="num">${esc(e.devices)}</td><td>${esc(e.example)}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  if (summary.events) out.push(`<p>${esc(eventRecordsLine(summary.events))}</p>`);
  if (summary.failures.length > 0) {
    out.push(`<h3>Not analysed (${esc(summary.failures.length)})</h3><ul>`);
    for (const f of summary.failures) out.push(`<li><code>${esc(f.path)}</code>: ${esc(f.reason)}</li>`);
    out.push('</ul>');
  }
  out.push('</section>');
  return out.join('\n');
}
