/**
 * Read access to a capture by canonical field name and block scope. Fields are looked up by the
 * names the field catalog prints, never by section: a flat (pre-1803) capture prints Device Details
 * under Device State, and a fragment has no sections at all.
 * @module
 */
import type { CaptureField, DsregCapture, SectionId } from '../model/capture.ts';
import type { Evidence } from '../model/diagnosis.ts';

/** `null`: section level only; a string: that block or any block nested under it; `any`: anywhere. */
export type ScopeFilter = string | null | 'any';

export class CaptureView {
  private readonly byName = new Map<string, CaptureField[]>();
  /** Index of the section each field was read in: repeated sections (`Work Account 2`) differ. */
  private readonly sectionOf = new Map<CaptureField, number>();

  constructor(readonly capture: DsregCapture) {
    capture.sections.forEach((section, index) => {
      // A Work Account section repeats device-like fields (certificate, TPM, NgcSet) for one
      // registration: they must never stand in for the device's or the user's own values.
      if (section.id === 'work-account') return;
      for (const field of section.fields) {
        this.sectionOf.set(field, index);
        const list = this.byName.get(field.name);
        if (list) list.push(field);
        else this.byName.set(field.name, [field]);
      }
    });
  }

  /** Every occurrence of a field, in input order. */
  all(name: string, scope: ScopeFilter = 'any'): CaptureField[] {
    const list = this.byName.get(name) ?? [];
    return scope === 'any' ? list : list.filter((f) => inScope(f.scope, scope));
  }

  /**
   * The first occurrence of a field. The first wins, not the last: a repeated field is reported
   * as a conflict by `conflicts()` rather than silently overwritten.
   */
  get(name: string, scope: ScopeFilter = null): CaptureField | undefined {
    return this.all(name, scope)[0];
  }

  /** The first occurrence of a field inside one section (names can repeat across sections). */
  inSection(section: SectionId, name: string): CaptureField | undefined {
    for (const s of this.capture.sections) {
      if (s.id !== section) continue;
      const found = s.fields.find((f) => f.name === name);
      if (found) return found;
    }
    return undefined;
  }

  has(name: string, scope: ScopeFilter = 'any'): boolean {
    return this.all(name, scope).length > 0;
  }

  /** YES/NO as a boolean; null when absent, masked, cut off or not a YES/NO value. */
  bool(name: string, scope: ScopeFilter = null): boolean | null {
    const field = this.get(name, scope);
    if (!field || field.truncated || field.value.kind !== 'bool') return null;
    return field.value.value;
  }

  /** The text of a value (text values, or the raw text of any other kind); null when absent. */
  text(name: string, scope: ScopeFilter = null): string | null {
    const field = this.get(name, scope);
    if (!field) return null;
    return field.value.kind === 'text' ? field.value.text : field.raw.trim() || null;
  }

  /**
   * An authority (`AzureAdPrtAuthority`, `EnterprisePrtAuthority`, `WamDefaultAuthority`) as printed;
   * null when absent, empty, or `NO`: old builds print `NO` for "not set".
   */
  authority(name: string, scope: ScopeFilter = 'any'): string | null {
    const field = this.get(name, scope);
    if (!field || field.value.kind === 'empty' || field.value.kind === 'bool') return null;
    const raw = field.raw.trim();
    return raw === '' || /^no$/i.test(raw) ? null : raw;
  }

  /** An ISO time value; null when absent or not a time. */
  time(name: string, scope: ScopeFilter = null): string | null {
    const field = this.get(name, scope);
    return field && field.value.kind === 'time' && !field.truncated ? field.value.iso : null;
  }

  /** Fields that occur more than once in the same section and scope with different values. */
  conflicts(): CaptureField[][] {
    const out: CaptureField[][] = [];
    for (const list of this.byName.values()) {
      if (list.length < 2) continue;
      const byScope = new Map<string, CaptureField[]>();
      for (const f of list) {
        const key = `${this.sectionOf.get(f)}:${f.scope ?? ''}`;
        byScope.set(key, [...(byScope.get(key) ?? []), f]);
      }
      for (const group of byScope.values()) {
        if (group.length > 1 && new Set(group.map((f) => f.raw.trim())).size > 1) out.push(group);
      }
    }
    return out;
  }

  /** Block scopes that occur, such as `AzureAdPrt/AcquirePrtDiagnostics`, in input order. */
  scopes(): string[] {
    const seen: string[] = [];
    for (const section of this.capture.sections) {
      for (const f of section.fields) if (f.scope !== null && !seen.includes(f.scope)) seen.push(f.scope);
    }
    return seen;
  }
}

function inScope(fieldScope: string | null, filter: string | null): boolean {
  if (filter === null) return fieldScope === null;
  return fieldScope === filter || (fieldScope?.startsWith(`${filter}/`) ?? false);
}

/** Evidence for a field as the admin sees it in the capture. */
export function evidenceOf(field: CaptureField): Evidence {
  return { field: field.name, value: field.raw.trim(), line: field.line, scope: field.scope };
}

/** Evidence for every field given that exists. */
export function evidenceFor(
  view: CaptureView,
  names: readonly string[],
  scope: ScopeFilter = null,
): Evidence[] {
  const out: Evidence[] = [];
  for (const name of names) {
    const field = view.get(name, scope);
    if (field) out.push(evidenceOf(field));
  }
  return out;
}
