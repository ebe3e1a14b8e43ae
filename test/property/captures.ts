/**
 * Generators of whole dsregcmd captures as people share them: a random but realistic choice of
 * sections and fields, printed the way Windows prints them, then wrapped in the noise that comes
 * with pasting (prompts, banners, Markdown, timestamps, padding, any line ending), and mutations
 * that damage the result (truncation, lost or repeated lines, stray characters, joined lines).
 * Every generated capture carries the list of fields it contains, for the properties to check.
 * @module
 */
import fc from 'fast-check';
import type { SectionId } from '../../src/model/capture.ts';
import {
  type FieldMaterial,
  FLAT_SECTIONS,
  SECTIONS,
  type SectionMaterial,
  type TypedAs,
  UNKNOWN_FIELDS,
} from './material.ts';

export interface GeneratedField {
  section: SectionId;
  key: string;
  value: string;
  known: boolean;
  /** The one typed form the reader must give the value, where the material states it. */
  typed: TypedAs | null;
}

export interface GeneratedSection {
  id: SectionId;
  title: string;
  fields: GeneratedField[];
}

export type Layout = 'sectioned' | 'flat';

export interface CaptureSpec {
  layout: Layout;
  sections: GeneratedSection[];
}

export type Newline = '\r\n' | '\n' | '\r';
export type Wrapper =
  | 'none'
  | 'powershell'
  | 'cmd'
  | 'banner'
  | 'fence'
  | 'quote'
  | 'indented'
  | 'html-escaped'
  | 'timestamps'
  | 'clock'
  | 'hash-comment';

export interface Style {
  newline: Newline;
  /**
   * `aligned`: keys right-aligned to a fixed column, ` : ` between, as Windows prints them;
   * `tight`: keys right-aligned to the longest one, `: ` between (seen in 1607-era pastes).
   */
  keys: 'aligned' | 'tight';
  /** Trailing spaces up to column 72, as some consoles save them. */
  pad: boolean;
  /** Someone marked up a few values: `**YES**`, or a note after it (`NO   <<<<< why?`). */
  decorate: boolean;
  wrapper: Wrapper;
}

export interface GeneratedCapture {
  spec: CaptureSpec;
  style: Style;
  text: string;
}

function fieldsOf(material: readonly FieldMaterial[], id: SectionId, known: boolean) {
  return fc.tuple(
    ...material.map((m) =>
      m.value.map(
        (value): GeneratedField => ({ section: id, key: m.key, value, known, typed: m.typed ?? null }),
      ),
    ),
  );
}

/**
 * `unknown`: whether a field no catalog knows may join the section. The tight layout never gets
 * one: there the longest key starts at column zero, and an unknown `Key: Value` at column zero
 * after a line of 79+ characters is read as the console wrapping that line (a limit of the
 * reader's wrap heuristic, not a property this generator means to test).
 */
function sectionArb(material: SectionMaterial, unknown = true): fc.Arbitrary<GeneratedSection> {
  const loose = fieldsOf(material.fields, material.id, true).chain((all) =>
    fc.shuffledSubarray(all, { minLength: 1 }),
  );
  const blocks = fc
    .tuple(...material.blocks.map((b) => fieldsOf(b, material.id, true)))
    .chain((all) => fc.subarray(all));
  const extra = unknown
    ? fc.option(
        fc.constantFrom(...UNKNOWN_FIELDS).chain((m) => fieldsOf([m], material.id, false)),
        { freq: 4 },
      )
    : fc.constant(null);
  return fc.tuple(loose, blocks, extra).map(([fields, chosen, extra]) => ({
    id: material.id,
    title: material.title,
    fields: [...fields, ...(extra ?? []), ...chosen.flat()],
  }));
}

/** A capture of the 1803+ layout: Device State first, as always, then other sections in any order. */
export function sectionedSpecArb(unknown = true): fc.Arbitrary<CaptureSpec> {
  return fc
    .tuple(
      sectionArb(SECTIONS[0] as SectionMaterial, unknown),
      fc
        .shuffledSubarray(SECTIONS.slice(1))
        .chain((chosen) => fc.tuple(...chosen.map((m) => sectionArb(m, unknown)))),
    )
    .map(([first, rest]) => ({ layout: 'sectioned', sections: [first, ...rest] }));
}

/** A capture of the flat layout before 1803. */
export function flatSpecArb(unknown = true): fc.Arbitrary<CaptureSpec> {
  return fc
    .tuple(...FLAT_SECTIONS.map((m) => sectionArb(m, unknown)))
    .map((sections) => ({ layout: 'flat', sections }));
}

export function captureSpecArb(unknown = true): fc.Arbitrary<CaptureSpec> {
  return fc.oneof({ arbitrary: sectionedSpecArb(unknown), weight: 4 }, flatSpecArb(unknown));
}

export const styleArb: fc.Arbitrary<Style> = fc.record({
  newline: fc.constantFrom<Newline>('\r\n', '\n', '\r'),
  keys: fc.constantFrom<Style['keys']>('aligned', 'aligned', 'aligned', 'tight'),
  pad: fc.boolean(),
  decorate: fc.boolean(),
  wrapper: fc.constantFrom<Wrapper>(
    'none',
    'powershell',
    'cmd',
    'banner',
    'fence',
    'quote',
    'indented',
    'html-escaped',
    'timestamps',
    'clock',
    'hash-comment',
  ),
});

const BORDER = `+${'-'.repeat(70)}+`;

/** The lines of the output itself, as dsregcmd prints them. */
export function outputLines(spec: CaptureSpec, style: Pick<Style, 'keys' | 'pad' | 'decorate'>): string[] {
  const width = spec.layout === 'flat' ? 25 : 26;
  const lines: string[] = [''];
  for (const section of spec.sections) {
    lines.push(BORDER, `| ${section.title.padEnd(69)}|`, BORDER, '');
    const longest = Math.max(...section.fields.map((f) => f.key.length));
    section.fields.forEach((f, i) => {
      const value = style.decorate ? decorate(f.value, i) : f.value;
      let line =
        style.keys === 'aligned'
          ? `${f.key.padStart(width)} : ${value}`
          : `${f.key.padStart(longest)}: ${value}`;
      if (style.pad) line = line.padEnd(72);
      lines.push(line);
    });
    lines.push('');
  }
  if (spec.layout === 'sectioned')
    lines.push('For more information, please visit https://www.microsoft.com/aadjerrors');
  return lines;
}

/**
 * Every third value in bold, every third after it with a note; empty values stay empty. A value
 * that starts with `*` (`*.contoso.com`) is not put in bold: `***.contoso.com**` is ambiguous
 * Markdown, and the reader leaves it as written.
 */
function decorate(value: string, index: number): string {
  if (value === '') return value;
  if (index % 3 === 1) return value.startsWith('*') ? value : `**${value}**`;
  if (index % 3 === 2) return `${value}     <<<<< check this`;
  return value;
}

/** Wraps the output lines in what surrounds them when someone pastes or saves them. */
export function wrapLines(lines: string[], wrapper: Wrapper): string[] {
  switch (wrapper) {
    case 'none':
      return lines;
    case 'powershell':
      return ['PS C:\\Users\\user> dsregcmd /status', ...lines, 'PS C:\\Users\\user>'];
    case 'cmd':
      return ['C:\\Windows\\system32>dsregcmd /status', ...lines, 'C:\\Windows\\system32>'];
    case 'banner':
      return [
        'Microsoft Windows [Version 10.0.19045.4291]',
        '(c) Microsoft Corporation. All rights reserved.',
        '',
        'C:\\Windows\\system32>dsregcmd /status',
        ...lines,
      ];
    case 'fence':
      return ['Here is what the device shows:', '', '```text', ...lines, '```', ''];
    case 'quote':
      return lines.map((l) => (l === '' ? '>' : `> ${l}`));
    case 'indented':
      // Inside a Markdown list item: every line indented four more spaces.
      return ['1. Run `dsregcmd /status`:', '', ...lines.map((l) => (l === '' ? '' : `    ${l}`))];
    case 'html-escaped':
      return [
        'PS C:\\&gt; dsregcmd /status',
        ...lines.map((l) => l.replaceAll('&', '&amp;').replaceAll('<', '&lt;')),
      ];
    case 'timestamps':
      return lines.map((l) => `2024-03-01 10:22:14 ${l}`);
    case 'clock':
      return lines.map((l) => `[10:22:13] ${l}`);
    case 'hash-comment':
      // Pasted into a script or a Markdown file as comments: `# ` before every line.
      return ['# dsregcmd /status', ...lines.map((l) => (l === '' ? '#' : `# ${l}`))];
  }
}

export function renderCapture(spec: CaptureSpec, style: Style): string {
  return wrapLines(outputLines(spec, style), style.wrapper).join(style.newline);
}

const specs = { withUnknown: captureSpecArb(true), knownOnly: captureSpecArb(false) };

/**
 * A fragment: fields copied without the boxes around them, in any order, each from the section
 * current Windows prints it in (its home section).
 */
export const fragmentSpec: fc.Arbitrary<CaptureSpec> = fc
  .tuple(...SECTIONS.map((m) => sectionArb({ ...m, blocks: [] }, false)))
  .chain((sections) => {
    const fields = sections.flatMap((s) => s.fields);
    return fc.shuffledSubarray(fields, { minLength: 1, maxLength: Math.min(12, fields.length) });
  })
  .map((fields) => ({ layout: 'sectioned', sections: [{ id: 'unknown', title: '', fields }] }));

/** The lines of a fragment: aligned fields only. */
export function fragmentLines(spec: CaptureSpec): string[] {
  return spec.sections.flatMap((s) => s.fields.map((f) => `${f.key.padStart(26)} : ${f.value}`));
}

export const generatedCapture: fc.Arbitrary<GeneratedCapture> = styleArb.chain((style) =>
  (style.keys === 'tight' ? specs.knownOnly : specs.withUnknown).map((spec) => ({
    spec,
    style,
    text: renderCapture(spec, style),
  })),
);

/** Two captures for the same file, sharing one style (as `>>` appends them). */
export const capturePair: fc.Arbitrary<[CaptureSpec, CaptureSpec, Style]> = styleArb.chain((style) => {
  const spec = sectionedSpecArb(style.keys !== 'tight');
  return fc.tuple(spec, spec, fc.constant(style));
});

/** One way to damage a capture. */
export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete-line'; at: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'join-lines'; at: number };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  position.map((at) => ({ kind: 'truncate' as const, at })),
  position.map((at) => ({ kind: 'delete-line' as const, at })),
  position.map((at) => ({ kind: 'duplicate-line' as const, at })),
  fc
    .tuple(
      position,
      fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.string({ unit: 'binary', maxLength: 8 }),
        fc.constantFrom(' : ', '|', '+--', '\u0000', '\uFEFF', '<br/>', '```', 'YES <<<<< note', '\t'),
      ),
    )
    .map(([at, text]) => ({ kind: 'insert' as const, at, text })),
  position.map((at) => ({ kind: 'join-lines' as const, at })),
);

/** Applies one mutation; positions are fractions of the text or of its lines, so any text fits. */
export function mutate(text: string, m: Mutation): string {
  if (m.kind === 'truncate') return text.slice(0, Math.floor(m.at * (text.length + 1)));
  if (m.kind === 'insert') {
    const at = Math.floor(m.at * (text.length + 1));
    return text.slice(0, at) + m.text + text.slice(at);
  }
  const lines = text.split(/\r\n|\r|\n/);
  const i = Math.floor(m.at * lines.length);
  if (m.kind === 'delete-line') lines.splice(i, 1);
  else if (m.kind === 'duplicate-line') lines.splice(i, 0, lines[i] ?? '');
  else if (i + 1 < lines.length) lines.splice(i, 2, `${lines[i]}${lines[i + 1]}`);
  return lines.join('\n');
}

/** Encodes text as Windows PowerShell 5.1's `>` writes it: UTF-16LE with a byte order mark. */
export function utf16leWithBom(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[2 + 2 * i] = code & 0xff;
    bytes[3 + 2 * i] = code >> 8;
  }
  return bytes;
}

/**
 * Line breaks lost on a web page: runs of a few lines glued together with a space, as in the
 * collapsed sample of the first seed article.
 */
export function collapse(lines: string[], runs: number[]): string[] {
  const out: string[] = [];
  let i = 0;
  for (let r = 0; i < lines.length; r++) {
    const n = runs[r % runs.length] ?? 1;
    out.push(lines.slice(i, i + n).join(' '));
    i += n;
  }
  return out;
}

const collapsedText = fc
  .tuple(sectionedSpecArb(false), fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }))
  .map(([spec, runs]) =>
    collapse(outputLines(spec, { keys: 'aligned', pad: false, decorate: false }), runs).join('\n'),
  );

/** Line breaks turned into `<br/>` by a forum or ticket system. */
const brText = sectionedSpecArb(false).map((spec) =>
  outputLines(spec, { keys: 'aligned', pad: false, decorate: false }).join('<br/>'),
);

const fragmentText = fragmentSpec.map((spec) => fragmentLines(spec).join('\r\n'));

const hex8 = fc.integer({ min: 0, max: 0xffffffff }).map((n) => `0x${n.toString(16).padStart(8, '0')}`);

/** `dsregcmd /join /debug` as it prints a failed federated join, then the status block. */
const debugTraceText = fc
  .tuple(fc.constantFrom('Join', 'NoJoin'), hex8, hex8, fc.uuid(), sectionedSpecArb(false))
  .map(([preCheck, adal, join, requestId, status]) =>
    [
      'C:\\Windows\\system32>dsregcmd /join /debug',
      'dsregcmd::wmain logging initialized.',
      'DsrCmdAccountMgr::IsDomainControllerAvailable: DsGetDcName success { domain:contoso.com forest:contoso.com domainController:\\\\DC01.contoso.com isDcAvailable:true }',
      'PreJoinChecks Complete.',
      `preCheckResult: ${preCheck}`,
      'isDcAvailable: YES',
      'isSystem: YES',
      'resultCode: 0x0',
      'Automatic device join pre-check tasks completed.',
      'TenantInfo::Discover: Join Info { TenantType = Federated; AutoJoinEnabled = 1; TenantName = contoso.com }',
      `AdalLog:  HRESULT: ${adal}`,
      `AutoEnrollAsComputer: Unable to retrieve access token. GetComputerTokenForADRS failed with error ${adal}.`,
      `Join request ID: ${requestId}`,
      'Join HTTP status: 400',
      `DsrCmdJoinHelper::Join: DsrCmdDeviceEnroller::AutoEnrollSync failed with error code ${join}.`,
      'DSREGCMD_END_STATUS',
      ...outputLines(status, { keys: 'aligned', pad: false, decorate: false }),
    ].join('\r\n'),
  );

/** `dsregcmd /listaccounts`. */
const listAccountsText = fc
  .array(fc.uuid(), { minLength: 1, maxLength: 3 })
  .map((ids) =>
    [
      'PS C:\\> dsregcmd /listaccounts',
      'Call ListAccounts to list WAM accounts from the current user profile.',
      '',
      'User accounts:',
      ...ids.map(
        (id) =>
          `Account: u:${id}.aaaabbbb-0000-cccc-1111-dddd2222eeee, user: user@contoso.com, authority: https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee.`,
      ),
      '',
      `Accounts found: ${ids.length}.`,
      '',
      'Application accounts:',
      'Accounts found: 0.',
    ].join('\r\n'),
  );

/** A text of any layout the reader accepts, weighted towards what people share most. */
export const anyLayoutText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: generatedCapture.map((c) => c.text), weight: 11 },
  { arbitrary: collapsedText, weight: 2 },
  { arbitrary: brText, weight: 2 },
  { arbitrary: fragmentText, weight: 2 },
  { arbitrary: debugTraceText, weight: 2 },
  { arbitrary: listAccountsText, weight: 1 },
);

/** A capture of any layout, damaged one to four times. */
export const mutatedText: fc.Arbitrary<string> = fc
  .tuple(anyLayoutText, fc.array(mutationArb, { minLength: 1, maxLength: 4 }))
  .map(([text, mutations]) => mutations.reduce(mutate, text));
