/**
 * The probe report as text, JSON, Markdown or HTML: what was checked and how it went, the
 * findings the results support (alone or against the capture), and what could not be checked and
 * why. Redaction is a pass over the report's strings before rendering. Pure.
 * @module
 */
import type { Finding } from '../model/diagnosis.ts';
import type { Redactor } from '../redact/index.ts';
import { esc } from '../render/html.ts';
import { mdText } from '../render/markdown.ts';
import type { ProbeReport, ProbeResult } from './types.ts';

export type ProbeFormat = 'text' | 'json' | 'markdown' | 'html';

export interface ProbeDocument {
  report: ProbeReport;
  findings: Finding[];
}

const MARK: Record<ProbeResult['status'], string> = {
  ok: 'OK',
  warning: 'WARN',
  failed: 'FAIL',
  skipped: 'SKIP',
};

export function renderProbe(doc: ProbeDocument, format: ProbeFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ ...doc.report, findings: doc.findings }, null, 2)}\n`;
    case 'markdown':
      return markdown(doc);
    case 'html':
      return html(doc);
    default:
      return text(doc);
  }
}

function headline(report: ProbeReport): string[] {
  const asked = Object.entries(report.inputs)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k} ${v}`);
  return [`cloud: ${report.cloud}`, `asked: ${asked.join(', ') || 'nothing specific'}`];
}

function text(doc: ProbeDocument): string {
  const lines = ['dsreg-doctor probe', ...headline(doc.report), ''];
  lines.push('checked:');
  for (const r of doc.report.results) {
    lines.push(`  [${MARK[r.status]}] ${r.title}`);
    lines.push(`         ${r.summary}`);
    if (r.via && r.via !== 'DIRECT') lines.push(`         via ${r.via}`);
  }
  if (doc.findings.length > 0) {
    lines.push('', 'findings:');
    for (const f of doc.findings) {
      lines.push(`  ${f.severity.toUpperCase()} ${f.title}`);
      lines.push(`         ${f.explanation}`);
      for (const s of f.steps) lines.push(`         - ${s}`);
    }
  }
  if (doc.report.notChecked.length > 0) {
    lines.push('', 'not checked:');
    for (const n of doc.report.notChecked) lines.push(`  - ${n}`);
  }
  return `${lines.join('\n')}\n`;
}

function markdown(doc: ProbeDocument): string {
  const out = ['## dsreg-doctor probe', '', ...headline(doc.report).map((l) => `- ${mdText(l)}`), ''];
  out.push('| | check | result |', '| --- | --- | --- |');
  for (const r of doc.report.results) {
    out.push(`| ${MARK[r.status]} | ${cell(r.title)} | ${cell(r.summary)} |`);
  }
  if (doc.findings.length > 0) {
    out.push('', '### Findings', '');
    for (const f of doc.findings) {
      out.push(`- **${f.severity.toUpperCase()}** ${mdText(f.title)}: ${mdText(f.explanation)}`);
      for (const s of f.steps) out.push(`  - ${mdText(s)}`);
    }
  }
  if (doc.report.notChecked.length > 0) {
    out.push('', '### Not checked', '');
    for (const n of doc.report.notChecked) out.push(`- ${mdText(n)}`);
  }
  return `${out.join('\n')}\n`;
}

/** A table cell: `mdText` already escapes pipes and folds line breaks. */
function cell(value: string): string {
  return mdText(value);
}

function html(doc: ProbeDocument): string {
  const rows = doc.report.results
    .map(
      (r) =>
        `<tr class="${r.status}"><td>${MARK[r.status]}</td><td>${esc(r.title)}</td><td>${esc(r.summary)}</td></tr>`,
    )
    .join('\n');
  const findings = doc.findings
    .map(
      (f) =>
        `<li class="${f.severity}"><strong>${esc(f.severity.toUpperCase())}</strong> ${esc(f.title)}<p>${esc(f.explanation)}</p>${
          f.steps.length ? `<ul>${f.steps.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>` : ''
        }</li>`,
    )
    .join('\n');
  const notChecked = doc.report.notChecked.map((n) => `<li>${esc(n)}</li>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dsreg-doctor probe</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td{border-bottom:1px solid #ddd;padding:.3em .6em;vertical-align:top}tr.failed td:first-child,li.error strong{color:#b00020}tr.warning td:first-child,li.warning strong{color:#8a5a00}tr.ok td:first-child{color:#0a6b2d}</style>
</head><body>
<h1>dsreg-doctor probe</h1>
<ul>${headline(doc.report)
    .map((l) => `<li>${esc(l)}</li>`)
    .join('')}</ul>
${findings ? `<h2>Findings</h2><ul>${findings}</ul>` : ''}
<h2>Checked</h2><table>${rows}</table>
${notChecked ? `<h2>Not checked</h2><ul>${notChecked}</ul>` : ''}
</body></html>
`;
}

/** Every string of the document with identifiers replaced (names, tenants, addresses). */
export function redactProbe(doc: ProbeDocument, redactor: Redactor): ProbeDocument {
  return deepMap(doc, (s) => redactor.text(s)) as ProbeDocument;
}

function deepMap(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => deepMap(v, f));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = deepMap(v, f);
    return out;
  }
  return value;
}
