/**
 * Two captures of one device (before and after a fix, yesterday and today): what changed in the
 * verdict, in the fields and in the findings. Pure.
 * @module
 */
import type { DsregCapture } from '../model/capture.ts';
import type { Finding, Verdict } from '../model/diagnosis.ts';
import type { DeviceReport } from '../model/report.ts';

export const COMPARISON_SCHEMA_ID = 'dsreg-doctor.diff/1';

export interface ValueChange {
  what: string;
  before: string | null;
  after: string | null;
}

export interface FindingRef {
  id: string;
  severity: Finding['severity'];
  title: string;
  codes: string[];
}

export interface ReportComparison {
  schema: typeof COMPARISON_SCHEMA_ID;
  before: string;
  after: string;
  /** Verdict fields whose value differs. */
  verdict: ValueChange[];
  /** Capture fields added (before null), removed (after null) or changed, named `Section › Scope › Field`. */
  fields: ValueChange[];
  findings: { new: FindingRef[]; resolved: FindingRef[]; unchanged: FindingRef[] };
}

const VERDICT_KEYS = [
  'joinState',
  'workplaceJoined',
  'health',
  'failedPhase',
  'errorCode',
  'subErrorCode',
] as const;

export function compareReports(before: DeviceReport, after: DeviceReport): ReportComparison {
  const verdict: ValueChange[] = [];
  for (const key of VERDICT_KEYS) {
    const b = verdictValue(before.verdict, key);
    const a = verdictValue(after.verdict, key);
    if (a !== b) verdict.push({ what: key, before: b, after: a });
  }
  return {
    schema: COMPARISON_SCHEMA_ID,
    before: before.source.path,
    after: after.source.path,
    verdict,
    fields: compareFields(before.capture, after.capture),
    findings: compareFindings(before.findings, after.findings),
  };
}

function verdictValue(v: Verdict, key: (typeof VERDICT_KEYS)[number]): string | null {
  const value = v[key];
  return value === null ? null : String(value);
}

/** Fields keyed by where they live, so a name repeated in two scopes is two fields. */
function fieldMap(capture: DsregCapture | null): Map<string, string> {
  const map = new Map<string, string>();
  if (!capture) return map;
  // How often each base name was seen: the n-th repeat is `#n` at once, not after probing #2…#n-1.
  const seen = new Map<string, number>();
  for (const section of capture.sections) {
    const title = section.title ?? section.id;
    for (const field of section.fields) {
      const base = [title, field.scope, field.name].filter((p) => p !== null).join(' › ');
      let n = (seen.get(base) ?? 0) + 1;
      let key = n === 1 ? base : `${base} #${n}`;
      // Only a field literally named `… #n` can collide; step past it as the old probing did.
      while (map.has(key)) key = `${base} #${++n}`;
      seen.set(base, n);
      map.set(key, field.raw);
    }
  }
  return map;
}

/** Capture fields added, removed or changed between two captures, repeats numbered `#2`, `#3`, …. */
export function compareFields(before: DsregCapture | null, after: DsregCapture | null): ValueChange[] {
  const b = fieldMap(before);
  const a = fieldMap(after);
  const changes: ValueChange[] = [];
  for (const [what, value] of b) {
    const next = a.get(what);
    if (next === undefined) changes.push({ what, before: value, after: null });
    else if (next !== value) changes.push({ what, before: value, after: next });
  }
  for (const [what, value] of a) if (!b.has(what)) changes.push({ what, before: null, after: value });
  return changes;
}

function compareFindings(before: Finding[], after: Finding[]): ReportComparison['findings'] {
  const ref = (f: Finding): FindingRef => ({
    id: f.id,
    severity: f.severity,
    title: f.title,
    codes: f.codes,
  });
  const beforeIds = new Set(before.map((f) => f.id));
  const afterIds = new Set(after.map((f) => f.id));
  return {
    new: after.filter((f) => !beforeIds.has(f.id)).map(ref),
    resolved: before.filter((f) => !afterIds.has(f.id)).map(ref),
    unchanged: after.filter((f) => beforeIds.has(f.id)).map(ref),
  };
}

export function renderComparison(c: ReportComparison, format: 'text' | 'json' | 'markdown'): string {
  if (format === 'json') return `${JSON.stringify(c, null, 2)}\n`;
  const md = format === 'markdown';
  const out: string[] = [];
  const heading = (t: string) => out.push(md ? `\n## ${t}\n` : `\n${t}`);
  const show = (v: string | null) =>
    v === null ? '(absent)' : v === '' ? '(empty)' : md ? `\`${v.replace(/`/g, "'")}\`` : v;
  out.push(md ? `# Changes from ${c.before} to ${c.after}` : `Changes from ${c.before} to ${c.after}`);
  heading('Verdict');
  if (c.verdict.length === 0) out.push(md ? 'No change.' : '  no change');
  for (const v of c.verdict) out.push(`${md ? '- ' : '  '}${v.what}: ${show(v.before)} → ${show(v.after)}`);
  heading('Findings');
  const list = (label: string, refs: FindingRef[]) => {
    for (const f of refs)
      out.push(
        `${md ? '- ' : '  '}${label} [${f.severity}] ${f.title}${f.codes.length ? ` (${f.codes.join(', ')})` : ''}`,
      );
  };
  list('new', c.findings.new);
  list('resolved', c.findings.resolved);
  if (c.findings.new.length === 0 && c.findings.resolved.length === 0)
    out.push(md ? 'No change.' : '  no change');
  if (c.findings.unchanged.length > 0)
    out.push(`${md ? '- ' : '  '}${c.findings.unchanged.length} unchanged`);
  heading('Fields');
  if (c.fields.length === 0) out.push(md ? 'No change.' : '  no change');
  for (const f of c.fields) out.push(`${md ? '- ' : '  '}${f.what}: ${show(f.before)} → ${show(f.after)}`);
  return `${out.join('\n')}\n`;
}
