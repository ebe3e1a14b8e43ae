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
  errorChain,
  fieldLabel,
  findingsBySeverity,
  headline,
  keyFields,
  readLine,
  sectionTitle,
  severityCounts,
  sourceLabel,
  traceNotes,
} from './view.ts';
import { inert } from './wrap.ts';

/**
 * Text for element content and attribute values. Control characters are shown as escapes: most
 * are parse errors in HTML and fatal in XHTML, and a character reference to one is no better.
 */
export function esc(text: string): string {
  return inert(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
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
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:0 0 8px;word-break:break-all}h3{font-size:16px;margin:20px 0 8px}
h4{font-size:15px;margin:0 0 6px}
.meta,.muted{color:var(--muted)}
.report{border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:6px;padding:16px 20px;margin:20px 0}
.report.failing{border-left-color:var(--fail)}.report.attention{border-left-color:var(--warn)}.report.healthy{border-left-color:var(--ok)}
.headline{font-weight:700;font-size:17px;letter-spacing:.02em}
.failing .headline{color:var(--fail)}.attention .headline{color:var(--warn)}.healthy .headline{color:var(--ok)}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f4;font-weight:600}td.num{text-align:right}
code{font:13px/1.4 ui-monospace,Consolas,"Cascadia Mono",monospace;background:#f1f3f4;padding:1px 4px;border-radius:3px;word-break:break-all}
dl.chain{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dl.chain dt{font-weight:600}dl.chain dd{margin:0}
.finding{border-top:1px solid var(--line);padding:10px 0}
.finding .sev{font-weight:700;text-transform:uppercase;font-size:12px;margin-right:6px}
.finding.error .sev{color:var(--fail)}.finding.warning .sev{color:var(--warn)}.finding.info .sev{color:var(--info)}
ul,ol{margin:4px 0 8px;padding-left:24px}
details{margin:8px 0}summary{cursor:pointer;color:var(--info)}
@media print{
  body{max-width:none;padding:0;font-size:11pt}
  .report{break-inside:avoid-page;border-left-width:4px}
  .finding{break-inside:avoid}
  summary{color:inherit}
  details::details-content{display:contents;content-visibility:visible}
  a{color:inherit;text-decoration:none}
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
<p class="meta">${esc(`${report.generator.name} ${report.generator.version}`)} · ${report.reports.length} report${report.reports.length === 1 ? '' : 's'}</p>
</header>
${summary ? `${renderHtmlSummary(summary)}\n` : ''}${body}
</body>
</html>
`;
}

function reportHtml(report: DeviceReport): string {
  const v = report.verdict;
  const out: string[] = [];
  out.push(`<section class="report ${esc(v.health)}">`);
  out.push(`<h2>${esc(sourceLabel(report))}</h2>`);
  out.push(`<p class="headline">${esc(headline(v))}</p>`);
  out.push(`<p>${esc(v.summary)}</p>`);
  const reasons = v.confidence.reasons.length > 0 ? `: ${v.confidence.reasons.map(esc).join('; ')}` : '';
  out.push(`<p class="muted">Confidence ${esc(v.confidence.level)}${reasons}</p>`);

  const chain = errorChain(report);
  if (chain && chain.links.length > 0) {
    out.push(
      `<h3>${chain.phase ? `Failed in the ${esc(chain.phase)} phase` : 'Error'}</h3>`,
      '<dl class="chain">',
    );
    for (const link of chain.links) {
      const value = link.code ? `<code>${esc(link.value)}</code>` : esc(link.value);
      const name = link.name
        ? link.code
          ? ` <code>${esc(link.name)}</code>`
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
  for (const finding of findingsBySeverity(report.findings)) out.push(findingHtml(finding));

  if (report.capture) {
    out.push(`<h3>Capture</h3>`, `<p class="muted">${esc(readLine(report.capture))}</p>`);
    const rows = keyFields(report.capture, report.findings).flatMap((g) =>
      g.fields.map((f) => fieldRow(g.title, f)),
    );
    out.push(fieldTable(rows));
    const all = report.capture.sections.flatMap((s) => s.fields.map((f) => fieldRow(sectionTitle(s), f)));
    out.push(`<details><summary>All ${all.length} fields</summary>${fieldTable(all)}</details>`);
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
    for (const e of report.timeline) {
      out.push(
        `<tr><td>${esc(e.time ?? '—')}</td><td>${esc(e.what)}</td><td>${esc(e.summary)}</td><td>${e.codes.map((c) => `<code>${esc(c)}</code>`).join(' ')}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  if (report.events && report.events.length > 0) {
    out.push(
      `<details><summary>${report.events.length} event record${report.events.length === 1 ? '' : 's'}</summary>`,
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
        `<tr><td>${esc(e.time ?? '—')}</td><td class="num">${e.eventId}</td><td>${esc(e.level)}</td><td>${esc(source)}</td><td>${esc(e.message ?? data)}</td></tr>`,
      );
    }
    out.push('</tbody></table></details>');
  }
  out.push('</section>');
  return out.join('\n');
}

function fieldRow(section: string, f: CaptureField): string {
  return `<tr><td>${esc(section)}</td><td>${esc(fieldLabel(f))}</td><td><code>${esc(f.raw)}</code></td><td class="num">${f.line}</td></tr>`;
}

function fieldTable(rows: string[]): string {
  return `<table><thead><tr><th>Section</th><th>Field</th><th>Value</th><th>Line</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function findingHtml(f: Finding): string {
  const out = [
    `<div class="finding ${esc(f.severity)}">`,
    `<h4><span class="sev">${esc(f.severity)}</span>${esc(f.title)}</h4>`,
  ];
  const tags = [
    ...f.codes.map((c) => `<code>${esc(c)}</code>`),
    ...(f.checks.length > 0 ? [`checks ${esc(f.checks.join(', '))}`] : []),
  ];
  if (tags.length > 0) out.push(`<p class="muted">${tags.join(' · ')}</p>`);
  if (f.explanation) out.push(`<p>${prose(f.explanation)}</p>`);
  if (f.evidence.length > 0) {
    out.push('<ul class="evidence">');
    for (const e of f.evidence) {
      const name = e.scope ? `${e.scope} › ${e.field}` : e.field;
      out.push(
        `<li>${esc(name)}: <code>${esc(e.value)}</code>${e.line !== null ? ` <span class="muted">(line ${e.line})</span>` : ''}</li>`,
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
  if (f.references.length > 0) {
    const refs = f.references.map((r) =>
      r.url && LINKABLE.test(r.url)
        ? `<a href="${esc(r.url)}" rel="noreferrer">${esc(r.title)}</a>`
        : `${esc(r.title)}${r.url ? ` (<code>${esc(r.url)}</code>)` : ''}`,
    );
    out.push(`<p class="muted">See: ${refs.join('; ')}</p>`);
  }
  out.push('</div>');
  return out.join('\n');
}

export function renderHtmlSummary(summary: RunSummary): string {
  const out = [
    `<section class="summary"><h2>Summary: ${summary.total} report${summary.total === 1 ? '' : 's'}</h2>`,
  ];
  if (summary.byState.length > 0) {
    out.push(
      `<table><thead><tr><th>State</th>${HEALTHS.map((h) => `<th>${h}</th>`).join('')}<th>total</th></tr></thead><tbody>`,
    );
    for (const row of summary.byState) {
      const cells = HEALTHS.map((h) => `<td class="num">${row.counts[h]}</td>`).join('');
      out.push(`<tr><td>${esc(row.state)}</td>${cells}<td class="num">${row.total}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  if (summary.topErrors.length > 0) {
    out.push(
      '<h3>Top errors</h3><table><thead><tr><th>Code</th><th>Name</th><th>Devices</th><th>Example</th></tr></thead><tbody>',
    );
    for (const e of summary.topErrors) {
      out.push(
        `<tr><td><code>${esc(e.code)}</code></td><td>${esc(e.name ?? '')}</td><td class="num">${e.devices}</td><td>${esc(e.example)}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  if (summary.failures.length > 0) {
    out.push(`<h3>Not analysed (${summary.failures.length})</h3><ul>`);
    for (const f of summary.failures) out.push(`<li><code>${esc(f.path)}</code>: ${esc(f.reason)}</li>`);
    out.push('</ul>');
  }
  out.push('</section>');
  return out.join('\n');
}
