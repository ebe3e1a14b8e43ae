/**
 * Read access to a capture by canonical field name (a `FieldName` of the catalog: a name the
 * catalog does not have is a compile error) and block scope. Fields are looked up by the
 * names the field catalog prints, never by section: a flat (pre-1803) capture prints Device Details
 * under Device State, and a fragment has no sections at all.
 * @module
 */
import type { FieldName } from '../knowledge/fields.ts';
import type { CaptureField, DsregCapture, SectionId } from '../model/capture.ts';
import type { Evidence } from '../model/diagnosis.ts';

/** `null`: section level only; a string: that block or any block nested under it; `any`: anywhere. */
export type ScopeFilter = string | null | 'any';

export class CaptureView {
  private readonly byName = new Map<string, CaptureField[]>();
  /**
   * Index of the section each occurrence was read in, parallel to `byName`: repeated sections
   * (`Work Account 2`) differ. Kept beside the lists, not keyed by field object: an object-keyed
   * map slows down badly once a paste repeats a field tens of thousands of times.
   */
  private readonly sectionsByName = new Map<string, number[]>();

  constructor(readonly capture: DsregCapture) {
    capture.sections.forEach((section, index) => {
      // A Work Account section repeats device-like fields (certificate, TPM, NgcSet) for one
      // registration: they must never stand in for the device's or the user's own values.
      if (section.id === 'work-account') return;
      for (const field of section.fields) {
        const list = this.byName.get(field.name);
        if (list) {
          list.push(field);
          (this.sectionsByName.get(field.name) as number[]).push(index);
        } else {
          this.byName.set(field.name, [field]);
          this.sectionsByName.set(field.name, [index]);
        }
      }
    });
  }

  /** Every occurrence of a field, in input order. */
  all(name: FieldName, scope: ScopeFilter = 'any'): CaptureField[] {
    const list = this.byName.get(name) ?? [];
    return scope === 'any' ? list : list.filter((f) => inScope(f.scope, scope));
  }

  /**
   * The first occurrence of a field. The first wins, not the last: a repeated field is reported
   * as a conflict by `conflicts()` rather than silently overwritten.
   */
  get(name: FieldName, scope: ScopeFilter = null): CaptureField | undefined {
    const list = this.byName.get(name);
    if (!list) return undefined;
    return scope === 'any' ? list[0] : list.find((f) => inScope(f.scope, scope));
  }

  /** The first occurrence of a field inside one section (names can repeat across sections). */
  inSection(section: SectionId, name: FieldName): CaptureField | undefined {
    for (const s of this.capture.sections) {
      if (s.id !== section) continue;
      const found = s.fields.find((f) => f.name === name);
      if (found) return found;
    }
    return undefined;
  }

  has(name: FieldName, scope: ScopeFilter = 'any'): boolean {
    const list = this.byName.get(name);
    if (!list) return false;
    return scope === 'any' ? list.length > 0 : list.some((f) => inScope(f.scope, scope));
  }

  /** YES/NO as a boolean; null when absent, masked, cut off or not a YES/NO value. */
  bool(name: FieldName, scope: ScopeFilter = null): boolean | null {
    const field = this.get(name, scope);
    if (!field || field.truncated || field.value.kind !== 'bool') return null;
    return field.value.value;
  }

  /** The text of a value (text values, or the raw text of any other kind); null when absent. */
  text(name: FieldName, scope: ScopeFilter = null): string | null {
    const field = this.get(name, scope);
    if (!field) return null;
    return field.value.kind === 'text' ? field.value.text : field.raw.trim() || null;
  }

  /**
   * An authority (`AzureAdPrtAuthority`, `EnterprisePrtAuthority`, `WamDefaultAuthority`) as printed;
   * null when absent, empty, or `NO`: old builds print `NO` for "not set".
   */
  authority(name: FieldName, scope: ScopeFilter = 'any'): string | null {
    const field = this.get(name, scope);
    if (!field || field.value.kind === 'empty' || field.value.kind === 'bool') return null;
    const raw = field.raw.trim();
    return raw === '' || /^no$/i.test(raw) ? null : raw;
  }

  /** An ISO time value; null when absent or not a time. */
  time(name: FieldName, scope: ScopeFilter = null): string | null {
    const field = this.get(name, scope);
    return field && field.value.kind === 'time' && !field.truncated ? field.value.iso : null;
  }

  /**
   * Fields that occur more than once in the same section and scope with different values. One
   * pass over each name's occurrences (a collapsed paste can repeat a field thousands of times).
   */
  conflicts(): CaptureField[][] {
    const out: CaptureField[][] = [];
    for (const [name, list] of this.byName) {
      if (list.length < 2) continue;
      const sections = this.sectionsByName.get(name) as number[];
      const bySection = new Map<number, Map<string | null, CaptureField[]>>();
      for (let i = 0; i < list.length; i++) {
        const f = list[i] as CaptureField;
        const section = sections[i] as number;
        let byScope = bySection.get(section);
        if (!byScope) {
          byScope = new Map();
          bySection.set(section, byScope);
        }
        const group = byScope.get(f.scope);
        if (group) group.push(f);
        else byScope.set(f.scope, [f]);
      }
      for (const byScope of bySection.values()) {
        for (const group of byScope.values()) if (group.length > 1 && differ(group)) out.push(group);
      }
    }
    return out;
  }

  /** Block scopes that occur, such as `AzureAdPrt/AcquirePrtDiagnostics`, in input order. */
  scopes(): string[] {
    if (this.scopeList === null) {
      const seen = new Set<string>();
      for (const section of this.capture.sections) {
        for (const f of section.fields) if (f.scope !== null) seen.add(f.scope);
      }
      this.scopeList = [...seen];
    }
    return [...this.scopeList];
  }

  /** Worked out once: several rules ask. */
  private scopeList: string[] | null = null;
}

/** True when the occurrences hold more than one value (compared trimmed, as printed). */
function differ(group: readonly CaptureField[]): boolean {
  const first = (group[0] as CaptureField).raw.trim();
  for (let i = 1; i < group.length; i++) if ((group[i] as CaptureField).raw.trim() !== first) return true;
  return false;
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
  names: readonly FieldName[],
  scope: ScopeFilter = null,
): Evidence[] {
  const out: Evidence[] = [];
  for (const name of names) {
    const field = view.get(name, scope);
    if (field) out.push(evidenceOf(field));
  }
  return out;
}
