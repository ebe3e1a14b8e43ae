/**
 * The reader's guarantees as fast-check properties, shared by the test suite (a few hundred runs)
 * and `npm run fuzz` (a million). A property throws an `Error` that says what broke.
 * @module
 */
import fc from 'fast-check';
import { compareFields } from '../../src/compare/index.ts';
import { diagnose } from '../../src/diagnose/index.ts';
import { CaptureView } from '../../src/diagnose/view.ts';
import { decodeBytes } from '../../src/input/decode.ts';
import { DsregCapture, type FieldValue } from '../../src/model/capture.ts';
import { Diagnosis } from '../../src/model/diagnosis.ts';
import { readCaptures } from '../../src/read/index.ts';
import {
  anyLayoutText,
  capturePair,
  fragmentLines,
  fragmentSpec,
  type GeneratedCapture,
  type GeneratedField,
  generatedCapture,
  mutatedText,
  renderCapture,
  utf16leWithBom,
} from './captures.ts';
import { EVENT_PROPERTIES } from './events.ts';

function fail(message: string, detail?: unknown): never {
  throw new Error(detail === undefined ? message : `${message}\n${JSON.stringify(detail, null, 2)}`);
}

const expectedKey = (f: GeneratedField) => `${f.section} | ${f.key} | ${f.value.trim()} | known=${f.known}`;

function readKeys(capture: DsregCapture): string[] {
  return capture.sections.flatMap((s) =>
    s.fields.map((f) => `${s.id} | ${f.label ?? f.name} | ${f.raw} | known=${f.known}`),
  );
}

/** The typed value the reader must give a generated value, worked out independently of it. */
export function expectedValue(f: GeneratedField): FieldValue | null {
  const raw = f.value;
  switch (f.typed) {
    case 'bool':
      // UNKNOWN (Ngc Prerequisite Check after a failed NgcPreReq) is a state kept as text.
      if (raw === 'UNKNOWN') return { kind: 'text', text: raw };
      return { kind: 'bool', value: raw === 'YES', detail: null };
    case 'time':
      // `2024-03-01 07:58:12.000 UTC` → `2024-03-01T07:58:12.000Z`
      return { kind: 'time', iso: `${raw.slice(0, 10)}T${raw.slice(11, 23)}Z` };
    case 'guid':
      return { kind: 'guid', guid: raw.replace(/^\{|\}$/g, '').toLowerCase(), provider: null };
    case 'code':
      return { kind: 'code', code: raw };
    case 'test': {
      if (raw === 'PASS' || raw === 'SKIPPED') {
        const outcome = raw === 'PASS' ? 'pass' : 'skipped';
        return { kind: 'test', outcome, code: null, subCode: null, text: raw };
      }
      const [code = null, subCode = null] = raw.slice(6, -1).split('/');
      return { kind: 'test', outcome: 'fail', code, subCode, text: raw };
    }
    default:
      return null;
  }
}

/** JSON with object keys sorted: equal values give equal strings whatever the key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Generated values the reader typed differently from `expectedValue`. */
export function mistypedFields(generated: GeneratedField[], capture: DsregCapture): string[] {
  const read = capture.sections.flatMap((s) => s.fields);
  const wrong: string[] = [];
  for (const f of generated) {
    const want = expectedValue(f);
    if (!want) continue;
    const candidates = read.filter((r) => (r.label ?? r.name) === f.key && r.raw === f.value.trim());
    const wanted = canonical(want);
    if (!candidates.some((r) => canonical(r.value) === wanted)) {
      wrong.push(
        `${f.key} "${f.value}": want ${wanted}, read ${candidates.map((r) => JSON.stringify(r.value)).join(' | ')}`,
      );
    }
  }
  return wrong;
}

/** The generated fields the document lacks, counting repeats (a multiset difference). */
export function missingFields(generated: GeneratedField[], capture: DsregCapture): string[] {
  const have = new Map<string, number>();
  for (const k of readKeys(capture)) have.set(k, (have.get(k) ?? 0) + 1);
  const missing: string[] = [];
  for (const f of generated) {
    const k = expectedKey(f);
    const n = have.get(k) ?? 0;
    if (n === 0) missing.push(k);
    else have.set(k, n - 1);
  }
  return missing;
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Every line number the model states lies inside the input. */
export function checkLines(text: string, captures: DsregCapture[]): void {
  const last = lineCount(text);
  const inside = (line: number | null, what: string) => {
    if (line !== null && (line < 1 || line > last)) fail(`${what} at line ${line}, outside 1..${last}`);
  };
  for (const c of captures) {
    inside(c.read.lines.first, 'first line');
    inside(c.read.lines.last, 'last line');
    if (c.read.lines.first > c.read.lines.last) fail('first line after last line', c.read.lines);
    for (const s of c.sections) {
      inside(s.line, `section ${s.id}`);
      for (const f of s.fields) inside(f.line, `field ${f.name}`);
    }
    for (const w of c.read.warnings) inside(w.line, `warning ${w.code}`);
    for (const a of c.accounts) inside(a.line, 'account');
    for (const code of c.trace?.codes ?? []) inside(code.line, 'trace code');
  }
}

function checkSchema(captures: DsregCapture[]): void {
  for (const c of captures) {
    const parsed = DsregCapture.safeParse(c);
    if (!parsed.success)
      fail('a document does not match the capture schema', parsed.error.issues.slice(0, 3));
  }
}

/**
 * Reading must not throw, and what comes out must be a valid model with sane line numbers. The
 * reader and the diagnosis run in strict mode: an internal failure (a reader step or a rule that
 * throws) is not turned into `[]` or a skipped rule, it fails the property.
 */
function readSafely(text: string): DsregCapture[] {
  let captures: DsregCapture[];
  try {
    captures = readCaptures(text, { strict: true });
  } catch (error) {
    fail(`readCaptures threw: ${String(error)}`);
  }
  for (const capture of Array.isArray(captures) ? captures : []) {
    try {
      diagnose(capture, { strict: true, now: '2024-06-04T12:00:00.000Z' });
    } catch (error) {
      fail(`a rule threw on a document read from this text: ${String(error)}`);
    }
  }
  if (!Array.isArray(captures)) fail('readCaptures returned something other than an array');
  checkSchema(captures);
  checkLines(text, captures);
  return captures;
}

/** Any text at all, including damaged captures: no exception, a valid model, lines inside. */
export const neverThrows = fc.property(
  fc.oneof(
    mutatedText,
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.uint8Array({ maxLength: 400 }).map((b) => decodeBytes(b).text),
  ),
  (text) => {
    readSafely(text);
  },
);

/**
 * Undamaged text of every layout (sectioned, flat, collapsed, `<br/>`, fragment, debug trace,
 * `/listaccounts`) is recognised: at least one document.
 */
export const recognisesEveryLayout = fc.property(anyLayoutText, (text) => {
  if (readSafely(text).length === 0) fail('no document read from an undamaged capture');
});

/** An undamaged capture reads to one document holding every field as written, typed as expected. */
export const keepsEveryField = fc.property(generatedCapture, (capture: GeneratedCapture) => {
  const docs = readSafely(capture.text);
  if (docs.length !== 1) fail(`expected 1 document, read ${docs.length}`);
  const generated = capture.spec.sections.flatMap((s) => s.fields);
  const missing = missingFields(generated, docs[0] as DsregCapture);
  if (missing.length > 0) fail('fields lost or changed', { missing, style: capture.style });
  const mistyped = mistypedFields(generated, docs[0] as DsregCapture);
  if (mistyped.length > 0) fail('values typed wrongly', { mistyped, style: capture.style });
});

function projection(captures: DsregCapture[]) {
  return captures.map((c) => ({
    layout: c.read.layout,
    sections: c.sections.map((s) => ({
      id: s.id,
      title: s.title,
      line: s.line,
      fields: s.fields.map((f) => ({
        name: f.name,
        raw: f.raw,
        value: f.value,
        line: f.line,
        scope: f.scope,
      })),
    })),
  }));
}

/** The same capture saved with CRLF, LF or CR, or as UTF-16LE with BOM, reads the same. */
export const sameAcrossEncodings = fc.property(generatedCapture, ({ spec, style }) => {
  const lf = projection(readSafely(renderCapture(spec, { ...style, newline: '\n' })));
  const variants: Record<string, string> = {
    crlf: renderCapture(spec, { ...style, newline: '\r\n' }),
    cr: renderCapture(spec, { ...style, newline: '\r' }),
    'utf-16le-bom': decodeBytes(utf16leWithBom(renderCapture(spec, { ...style, newline: '\r\n' }))).text,
  };
  const want = JSON.stringify(lf);
  for (const [name, text] of Object.entries(variants)) {
    if (JSON.stringify(projection(readSafely(text))) !== want) fail(`${name} reads differently from LF`);
  }
});

/** Two captures one after the other (as `>>` appends them) read as two documents, each whole. */
export const twoCapturesTwoDocuments = fc.property(
  capturePair,
  fc.constantFrom('none', 'powershell', 'cmd') as fc.Arbitrary<'none' | 'powershell' | 'cmd'>,
  ([a, b, style], wrapper) => {
    const s = { ...style, wrapper };
    const text = `${renderCapture(a, s)}${s.newline}${renderCapture(b, s)}${s.newline}`;
    const docs = readSafely(text);
    if (docs.length !== 2) fail(`expected 2 documents, read ${docs.length}`);
    const missingA = missingFields(
      a.sections.flatMap((x) => x.fields),
      docs[0] as DsregCapture,
    );
    const missingB = missingFields(
      b.sections.flatMap((x) => x.fields),
      docs[1] as DsregCapture,
    );
    if (missingA.length + missingB.length > 0) fail('fields lost across the split', { missingA, missingB });
  },
);

/** Fields pasted without their boxes each land in their home section. */
export const fragmentFieldsGoHome = fc.property(
  fragmentSpec,
  fc.constantFrom('\n', '\r\n'),
  (spec, newline) => {
    const docs = readSafely(fragmentLines(spec).join(newline));
    if (docs.length !== 1) fail(`expected 1 document, read ${docs.length}`);
    const missing = missingFields(
      spec.sections.flatMap((s) => s.fields),
      docs[0] as DsregCapture,
    );
    if (missing.length > 0) fail('fields not found in their home section', missing);
  },
);

/**
 * A collapsed paste that repeats one field many times (the shape that once made the diagnosis
 * and `diff` quadratic): every repeat is kept, the view reports them as one conflict when the
 * values differ, the diagnosis validates, and a capture compared with itself has no changes.
 */
export const repeatedFieldShapes = fc.property(
  fc.constantFrom('MdmUrl', 'Server Message', 'AzureAdPrt', 'Client ErrorCode'),
  fc.array(fc.constantFrom('https://enrollment.contoso.com/a', 'YES', 'NO', '0x801c03f2', 'n/a', '-', ''), {
    minLength: 2,
    maxLength: 300,
  }),
  fc.constantFrom('\n', '\r\n'),
  (name, values, newline) => {
    const lines = ['| Diagnostic Data |', '', ...values.map((v) => `   ${name} : ${v}`)];
    const docs = readSafely(lines.join(newline));
    if (docs.length !== 1) fail(`expected 1 document, read ${docs.length}`);
    const capture = docs[0] as DsregCapture;
    const read = capture.sections.flatMap((s) => s.fields).filter((f) => f.name === name);
    if (read.length !== values.length) fail(`expected ${values.length} repeats, read ${read.length}`);
    const distinct = new Set(values.map((v) => v.trim())).size;
    const groups = new CaptureView(capture).conflicts();
    const expected = distinct > 1 ? [values.length] : [];
    const got = groups.map((g) => g.length);
    if (JSON.stringify(got) !== JSON.stringify(expected)) fail('wrong conflict groups', { expected, got });
    if (!Diagnosis.safeParse(diagnose(capture, { now: '2025-06-02T13:10:00Z' })).success)
      fail('invalid diagnosis');
    const self = compareFields(capture, capture);
    if (self.length > 0) fail('a capture compared with itself changed', self.slice(0, 3));
  },
);

export const PROPERTIES = {
  ...EVENT_PROPERTIES,
  'never throws, valid model, lines inside the input': neverThrows,
  'recognises undamaged text of every layout': recognisesEveryLayout,
  'keeps every generated field, raw and typed': keepsEveryField,
  'CRLF, LF, CR and UTF-16LE-BOM read the same': sameAcrossEncodings,
  'two captures in one file are two documents': twoCapturesTwoDocuments,
  'headerless fields go to their home section': fragmentFieldsGoHome,
  'a field repeated many times: kept, one conflict, diff of itself empty': repeatedFieldShapes,
} as const;
