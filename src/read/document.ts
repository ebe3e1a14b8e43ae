/**
 * One capture being built: sections, fields with their scopes, trace, accounts, and what the
 * read report needs. The line loop in `index.ts` feeds it; `finish` turns it into the model.
 * @module
 */
import { type FieldDef, lookupFieldCandidates, lookupSection } from '../knowledge/fields.ts';
import type {
  CaptureField,
  CaptureSection,
  DebugTrace,
  DsregCapture,
  ReadReport,
  ReadWarning,
  SectionId,
} from '../model/capture.ts';
import type { NoiseKind } from './noise.ts';
import { emptyTrace } from './trace.ts';
import { readValue } from './values.ts';

/** Which repeating blocks are open in a section, to scope fields whose names repeat. */
interface ScopeState {
  prtOwner: string | null;
  prtDiag: string | null;
  virtualDesktop: boolean;
}

interface SectionState {
  section: CaptureSection;
  scope: ScopeState;
  seen: Set<string>;
}

export const SCOPE_REGISTRATION = 'Previous Registration';
export const SCOPE_VIRTUAL_DESKTOP = 'Virtual Desktop';

/** Sections a complete capture of each layout shows whatever the device state. */
const EXPECTED: Record<'sectioned' | 'flat', SectionId[]> = {
  sectioned: ['device-state', 'user-state', 'sso-state', 'diagnostic-data', 'ngc-prerequisite-check'],
  flat: ['device-state', 'user-state'],
};

/** Sections only the 1803+ layout prints; their headers rule out the flat layout. */
const SECTIONED_ONLY: ReadonlySet<SectionId> = new Set([
  'device-details',
  'tenant-details',
  'sso-state',
  'diagnostic-data',
  'ie-proxy-config',
  'winhttp-proxy-config',
  'url-proxy-config',
  'work-account',
]);

/** `owner/diagnostics`, either part alone, or null when neither block is open. */
function blockPath(owner: string | null, diag: string | null): string | null {
  const path = owner === null ? (diag ?? '') : diag === null ? owner : `${owner}/${diag}`;
  return path === '' ? null : path;
}

const ANNOTATION_MARKS = ['<<', '<--', '<==', '--->', '-->'];

/** Splits `YES <<<<< note` into the value and the note. */
function splitAnnotation(raw: string): { value: string; note: string } | null {
  if (raw.indexOf('<') === -1 && raw.indexOf('->') === -1) return null;
  for (const mark of ANNOTATION_MARKS) {
    const at = raw.indexOf(mark);
    if (at > 0 && (raw.charCodeAt(at - 1) === 32 || raw.charCodeAt(at - 1) === 9)) {
      let p = at;
      while (p < raw.length && (raw[p] === '<' || raw[p] === '-' || raw[p] === '=' || raw[p] === '>')) p++;
      return { value: raw.slice(0, at).trim(), note: raw.slice(p).trim() };
    }
  }
  return null;
}

export class DocumentBuilder {
  index: number;
  /** The dsregcmd command a prompt showed for this capture, lower-cased. */
  command: string | null = null;
  windowsVersion: string | null = null;
  private readonly sections: SectionState[] = [];
  private current: SectionState | null = null;
  readonly accounts: { text: string; line: number }[] = [];
  trace: DebugTrace | null = null;
  /** Inside a debug trace, before `DSREGCMD_END_STATUS`, a header or a known status field. */
  inTrace = false;
  listAccounts = false;
  readonly warnings: ReadWarning[] = [];
  readonly noise = new Set<NoiseKind>();
  first = 0;
  last = 0;
  /** Something only dsregcmd prints was seen (known field, known header, trace, accounts). */
  recognised = false;
  fieldCount = 0;
  collapsedLines = 0;
  unreadable = 0;
  /** Lines that could not be read, counted only once later output shows they were inside it. */
  private pendingUnreadable: { line: number; text: string }[] = [];
  lastField: CaptureField | null = null;
  lastFieldLine = 0;
  lastFieldWidth = 0;
  lastFieldDef: FieldDef | null = null;
  truncated = false;
  /** Output has begun (a border, header, field or trace line). */
  started = false;

  constructor(index: number) {
    this.index = index;
  }

  /** True once this document holds output; a new `Device State` header then starts another. */
  get hasContent(): boolean {
    return this.fieldCount > 0 || this.trace !== null || this.accounts.length > 0;
  }

  touch(line: number): void {
    if (this.first === 0) this.first = line;
    if (line > this.last) this.last = line;
  }

  /** Records noise kinds without marking the line as part of the capture. */
  noteNoise(kinds: readonly NoiseKind[]): void {
    for (let i = 0; i < kinds.length; i++) this.noise.add(kinds[i] as NoiseKind);
  }

  addNoise(kinds: readonly NoiseKind[], line: number): void {
    this.noteNoise(kinds);
    if (kinds.length > 0) this.touch(line);
  }

  warn(code: ReadWarning['code'], message: string, line: number | null): void {
    this.warnings.push({ code, message, line });
  }

  /** Output continues: lines held back as possibly surrounding text were inside it. */
  content(line: number): void {
    this.started = true;
    if (this.pendingUnreadable.length > 0) this.countHeld();
    this.touch(line);
  }

  private countHeld(): void {
    for (const p of this.pendingUnreadable) {
      this.unreadable++;
      this.warn(
        'unreadable-line',
        `not a field: ${p.text.length > 80 ? `${p.text.slice(0, 80)}…` : p.text}`,
        p.line,
      );
    }
    this.pendingUnreadable = [];
  }

  /** A line that is not output: unreadable if output follows, surrounding text otherwise. */
  holdUnreadable(text: string, line: number): void {
    if (!this.started) this.noise.add('surrounding-text');
    else this.pendingUnreadable.push({ line, text });
  }

  /** The last held line, when it is the given line (a capture cut inside a key). */
  heldAt(line: number): string | null {
    const last = this.pendingUnreadable[this.pendingUnreadable.length - 1];
    return last && last.line === line ? last.text : null;
  }

  header(title: string, line: number): void {
    const known = lookupSection(title);
    const section: CaptureSection = {
      id: known?.id ?? 'unknown',
      title,
      ordinal: known?.ordinal ?? null,
      line,
      fields: [],
    };
    if (!known) this.warn('unknown-section', `unknown section "${title}" kept`, line);
    else this.recognised = true;
    this.current = this.push(section);
    this.inTrace = false;
    this.lastField = null;
    this.content(line);
  }

  private push(section: CaptureSection): SectionState {
    const state: SectionState = {
      section,
      scope: { prtOwner: null, prtDiag: null, virtualDesktop: false },
      seen: new Set(),
    };
    this.sections.push(state);
    return state;
  }

  /** A field outside any box goes to its home section, created without a title. */
  private home(id: SectionId): SectionState {
    for (const s of this.sections) if (s.section.id === id && s.section.title === null) return s;
    return this.push({ id, title: null, ordinal: null, line: null, fields: [] });
  }

  /**
   * Picks among entries sharing a spelling (`Server ErrorCode` / `Server Error Code`): the open
   * block decides, then the section, then the exact spelling, then the last block seen.
   */
  private choose(
    candidates: readonly FieldDef[],
    label: string,
    state: SectionState | null,
  ): FieldDef | null {
    if (candidates.length <= 1) return candidates[0] ?? null;
    const pick = (block: string | undefined) => candidates.find((d) => d.block === block);
    const scope = state?.scope;
    if (scope?.prtDiag || scope?.prtOwner) return pick('prt-diagnostics') ?? candidates[0] ?? null;
    const sectionId = state?.section.id;
    const bySection = candidates.find((d) => d.section === sectionId);
    if (bySection) return bySection;
    const lower = label.toLowerCase();
    const byName = candidates.find((d) => d.name.toLowerCase() === lower);
    if (byName) return byName;
    const hinted = this.lastField?.scope === SCOPE_REGISTRATION ? pick('registration') : undefined;
    const byVariant = candidates.find((d) => d.variants.some((v) => v.toLowerCase() === lower));
    return hinted ?? byVariant ?? candidates[0] ?? null;
  }

  private scopeOf(def: FieldDef | null, s: ScopeState): string | null {
    if (!def) return s.virtualDesktop ? SCOPE_VIRTUAL_DESKTOP : null;
    if (def.opens === 'prt-owner') {
      s.prtOwner = def.name;
      s.prtDiag = null;
      s.virtualDesktop = false;
      return null;
    }
    if (def.opens === 'prt-diagnostics') {
      const scope = s.prtOwner;
      s.prtDiag = def.name;
      return scope;
    }
    if (def.block === 'prt-diagnostics') return blockPath(s.prtOwner, s.prtDiag);
    if (def.opens === 'registration' || def.block === 'registration') return SCOPE_REGISTRATION;
    if (def.opens === 'virtual-desktop') {
      s.virtualDesktop = true;
      return null;
    }
    if (def.block === 'virtual-desktop') return SCOPE_VIRTUAL_DESKTOP;
    s.virtualDesktop = false;
    s.prtDiag = null;
    return null;
  }

  field(key: string, rawValue: string, line: number, width: number): CaptureField {
    const candidates = lookupFieldCandidates(key);
    const def = this.choose(candidates, key, this.current);
    const state = this.current ?? this.home(def?.section ?? 'unknown');
    const trimmed = rawValue.trim();
    const annotated = splitAnnotation(trimmed);
    const raw = annotated ? annotated.value : trimmed;
    const note = annotated ? annotated.note : null;
    if (note !== null) this.noise.add('annotation');
    const scope = this.scopeOf(def, state.scope);
    const typed = readValue(raw, def?.type ?? null, def?.placeholderIsValue === true);
    const name = def?.name ?? key;
    const field: CaptureField = {
      name,
      label: def && def.name !== key ? key : null,
      raw,
      value: typed.value,
      line,
      scope,
      known: def !== null,
      truncated: false,
      annotation: note,
    };
    state.section.fields.push(field);
    const dupKey = scope === null ? name : `${scope}\u0000${name}`;
    if (state.seen.has(dupKey)) this.warn('duplicate-field', `${name} appears again in the same block`, line);
    else state.seen.add(dupKey);
    if (!def) this.warn('unknown-field', `unknown field "${key}" kept`, line);
    else this.recognised = true;
    if (typed.value.kind === 'masked') this.warn('masked-value', `${name} is masked`, line);
    if (typed.malformed) this.warn('malformed-value', `${name}: ${typed.malformed}`, line);
    this.fieldCount++;
    this.lastField = field;
    this.lastFieldDef = def;
    this.lastFieldLine = line;
    this.lastFieldWidth = width;
    this.content(line);
    return field;
  }

  /** A wrapped value continues on the next line: re-read the joined text. */
  continueLast(text: string, line: number): void {
    const field = this.lastField;
    if (!field) return;
    field.raw += text.trim();
    field.value = readValue(
      field.raw,
      this.lastFieldDef?.type ?? null,
      this.lastFieldDef?.placeholderIsValue === true,
    ).value;
    this.lastFieldLine = line;
    this.lastFieldWidth = 0;
    this.content(line);
  }

  ensureTrace(command: string | null): DebugTrace {
    if (!this.trace) this.trace = emptyTrace(command);
    this.recognised = true;
    return this.trace;
  }

  markTruncated(line: number, what: string): void {
    this.truncated = true;
    this.warn('truncated-value', `${what}: the input ends mid-value`, line);
  }

  private layout(): ReadReport['layout'] {
    if (this.listAccounts && this.fieldCount === 0) return 'listaccounts';
    // `dsregcmd /status /debug` prints its trace lines among the boxed status sections: a status
    // capture with a trace, not a trace alone.
    if (this.trace && this.sections.every((s) => s.section.title === null)) return 'debug-trace';
    if (this.collapsedLines > 0) return 'collapsed';
    if (this.sections.every((s) => s.section.title === null)) return 'fragment';
    return this.isFlat() ? 'flat' : 'sectioned';
  }

  /**
   * Before 1803: no 1803-only header, and device or tenant fields printed under Device State, or
   * SSO fields (`AzureAdPrt`) under User State: a device that is not joined prints no device or
   * tenant fields, and then only its User State tells the layout.
   */
  private isFlat(): boolean {
    let holdsOthers = false;
    for (const { section } of this.sections) {
      if (section.title !== null && SECTIONED_ONLY.has(section.id)) return false;
      if (section.title === null) continue;
      if (section.id === 'device-state' || section.id === 'user-state') {
        for (const f of section.fields) {
          const homes = lookupFieldCandidates(f.name)[0]?.section;
          if (section.id === 'device-state' && (homes === 'device-details' || homes === 'tenant-details'))
            holdsOthers = true;
          if (section.id === 'user-state' && homes === 'sso-state') holdsOthers = true;
        }
      }
    }
    return holdsOthers;
  }

  private expected(layout: ReadReport['layout']): SectionId[] {
    if (layout === 'sectioned')
      return this.joinedAnyhow()
        ? EXPECTED.sectioned
        : EXPECTED.sectioned.filter((id) => id !== 'diagnostic-data');
    if (layout === 'flat') return EXPECTED.flat;
    if (layout === 'collapsed') {
      const titled = this.sections.filter((s) => s.section.title !== null);
      if (titled.length === 0) return [];
      return titled.some((s) => SECTIONED_ONLY.has(s.section.id)) ? EXPECTED.sectioned : EXPECTED.flat;
    }
    return [];
  }

  /**
   * Diagnostic Data is printed for Entra or domain joined devices; a workgroup device (Entra
   * registered or not joined at all) has none, and that is not a gap in the capture.
   */
  private joinedAnyhow(): boolean {
    const says = (name: string) =>
      this.sections.some((s) =>
        s.section.fields.some((f) => f.name === name && f.value.kind === 'bool' && f.value.value),
      );
    const stated = this.sections.some((s) =>
      s.section.fields.some((f) => f.name === 'AzureAdJoined' || f.name === 'DomainJoined'),
    );
    return !stated || says('AzureAdJoined') || says('DomainJoined') || says('EnterpriseJoined');
  }

  finish(encoding: string, newline: ReadReport['newline']): DsregCapture {
    if (this.pendingUnreadable.length > 0) this.noise.add('surrounding-text');
    const layout = this.layout();
    if (layout === 'collapsed') {
      this.warn('layout', 'line breaks were lost: pairs were split before known field names', null);
    }
    const present = new Set(this.sections.map((s) => s.section.id));
    const missingSections = this.expected(layout).filter((id) => !present.has(id));
    const expectedCount = this.expected(layout).length;
    const shareFound = expectedCount === 0 ? 1 : (expectedCount - missingSections.length) / expectedCount;
    const readLines = Math.max(1, this.fieldCount + this.unreadable);
    const unreadablePenalty = Math.min(0.5, this.unreadable / readLines);
    const score = Math.round(shareFound * (this.truncated ? 0.8 : 1) * (1 - unreadablePenalty) * 1000) / 1000;
    return {
      index: this.index,
      windowsVersion: this.windowsVersion,
      sections: this.sections.map((s) => s.section),
      accounts: this.accounts,
      trace: this.trace,
      read: {
        encoding,
        newline,
        layout,
        noise: [...this.noise].sort(),
        warnings: this.warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
        lines: { first: this.first, last: this.last },
        completeness: {
          missingSections,
          truncated: this.truncated,
          unreadableLines: this.unreadable,
          score,
        },
      },
    };
  }
}
