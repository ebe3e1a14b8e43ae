/**
 * Small constructors that keep the catalog data terse and every entry complete.
 * @module
 */
import type { Phase } from '../../model/diagnosis.ts';
import type { CodeEntry, CodeFamily, CodeReading, CodeSource } from './types.ts';

export interface EntrySpec {
  code: string;
  name?: string | null;
  aliases?: string[];
  family: CodeFamily;
  summary: string;
  readings?: CodeReading[];
  messages?: string[];
  checks?: string[];
  sources: CodeSource[];
  windows?: string | null;
  notes?: string[];
}

/** An entry with defaults filled in; an entry without readings gets one built from its summary. */
export function define(spec: EntrySpec): CodeEntry {
  const readings =
    spec.readings && spec.readings.length > 0
      ? spec.readings
      : [{ phases: null, context: null, meaning: spec.summary, causes: [], steps: [] }];
  const entry: CodeEntry = {
    code: spec.code,
    name: spec.name ?? null,
    aliases: spec.aliases ?? [],
    family: spec.family,
    summary: spec.summary,
    readings,
    messages: spec.messages ?? [],
    checks: spec.checks ?? [],
    sources: spec.sources,
    windows: spec.windows ?? null,
  };
  if (spec.notes && spec.notes.length > 0) entry.notes = spec.notes;
  return entry;
}

export function reading(
  phases: Phase[] | null,
  meaning: string,
  causes: string[],
  steps: string[],
  context: string | null = null,
): CodeReading {
  return { phases, context, meaning, causes, steps };
}

/** `0x` + 8 lower-case hex digits for a 32-bit value; the code forms live in `forms.ts`. */
export { hex32 } from './forms.ts';
