/**
 * Building findings: one shape for every rule, and the public pages findings point to.
 * @module
 */
import type { Evidence, Finding, Reference, Severity } from '../model/diagnosis.ts';

/** The public pages our explanations are checked against (one home: knowledge/references.ts). */
export { REFS } from '../knowledge/references.ts';

export interface FindingInput {
  id: string;
  severity: Severity;
  checks: string[];
  title: string;
  explanation: string;
  codes?: string[];
  evidence?: Evidence[];
  causes?: string[];
  steps?: string[];
  references?: Reference[];
}

export function finding(input: FindingInput): Finding {
  return {
    id: input.id,
    severity: input.severity,
    checks: dedupe(input.checks),
    codes: dedupe(input.codes ?? []),
    title: input.title,
    evidence: input.evidence ?? [],
    explanation: input.explanation,
    causes: input.causes ?? [],
    steps: input.steps ?? [],
    references: dedupeRefs(input.references ?? []),
  };
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}

function dedupeRefs(refs: Reference[]): Reference[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = r.url ?? r.title;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then information; rule order kept within a severity. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => [f, i] as const)
    .sort((a, b) => ORDER[a[0].severity] - ORDER[b[0].severity] || a[1] - b[1])
    .map(([f]) => f);
}
