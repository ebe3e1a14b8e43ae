/**
 * Runs the collection plan with an injected runner and puts what it gathered into one zip with a
 * manifest: what was collected, how (program and arguments), in which context, and what failed or
 * is absent and why. Pure apart from the injected dependencies, so Linux CI proves it with runs
 * as data. A step never stops the collection: each outcome is recorded and the next step runs.
 * @module
 */
import { decodeBytes } from '../input/decode.ts';
import { writeZip, type ZipInput } from '../input/zip.ts';
import type { DsregCapture } from '../model/capture.ts';
import { readCaptures } from '../read/index.ts';
import { learnMentions, type Redactor, redactCaptureText } from '../redact/index.ts';
import { asciiText, type ContextReading, type Runner, readProcessContext, type WindowsHost } from './host.ts';
import { buildPlan, type CollectStep, type EntryKind } from './plan.ts';

export const MANIFEST_SCHEMA = 'dsreg-doctor.collect/1';
/**
 * The manifest is Markdown (a summary to read) holding the manifest as a fenced JSON block (to
 * parse, see `readManifest`). Settings are Markdown too, their output fenced as written. `analyze`
 * reads captures and event exports and passes Markdown over, so a bundle analyses cleanly.
 */
export const MANIFEST_ENTRY = 'manifest.md';
export const PROBE_ENTRY = 'probe.md';

export type ItemStatus = 'collected' | 'absent' | 'failed';

export interface ManifestItem {
  id: string;
  title: string;
  kind: EntryKind;
  /** Path in the bundle; null when nothing was written. */
  entry: string | null;
  /** The command line that ran, program by absolute path. */
  how: string;
  status: ItemStatus;
  exitCode: number | null;
  bytes: number;
  /** Why it is absent or failed. */
  reason: string | null;
}

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  generator: { name: string; version: string };
  collectedAt: string;
  computerName: string | null;
  context: { kind: ContextReading['context']; administrator: boolean; note: string };
  redacted: boolean;
  items: ManifestItem[];
  /** One line each: what is missing from this bundle and why. */
  missing: string[];
}

export interface CollectDeps {
  runner: Runner;
  host: WindowsHost;
  /** Reads a file a program wrote (an event export); null when it cannot be read. */
  readFile(path: string): Promise<Uint8Array | null>;
  /** Where programs may write files (Windows path). */
  tempDir: string;
  now(): Date;
  generator: { name: string; version: string };
  /** Redacts the bundle when given. */
  redactor?: Redactor | null;
  /** Told what runs, one line each. */
  progress?(line: string): void;
  /**
   * Probes the service from this device, in its own proxy context, given the capture just taken;
   * returns the report as Markdown, which goes in the bundle as `probe.md`.
   */
  probe?: (capture: DsregCapture | null) => Promise<string>;
}

export interface CollectResult {
  zip: Uint8Array;
  manifest: Manifest;
  /** Lines for the user: the context, and each failure. */
  lines: string[];
}

export async function collect(deps: CollectDeps): Promise<CollectResult> {
  const redactor = deps.redactor ?? null;
  const context = await readProcessContext(deps);
  const plan = buildPlan(deps.host, { tempDir: deps.tempDir, redact: redactor !== null });
  const lines: string[] = [];
  const elevated = context.context === 'elevated' || context.context === 'system';
  if (!elevated) lines.push(notElevatedLine(plan, context));
  const files: ZipInput[] = [];
  const items: ManifestItem[] = [];
  const modified = deps.now();
  let rawStatus: Uint8Array | null = null;
  for (const step of plan) {
    deps.progress?.(`collecting ${step.title}…`);
    const { item, bytes, raw } = await runStep(step, deps, redactor);
    if (step.id === 'dsregcmd-status') rawStatus = raw ?? null;
    items.push(item);
    if (bytes) files.push({ name: step.entry, bytes, modified });
    if (item.status === 'failed' || (item.status === 'absent' && step.kind === 'capture'))
      lines.push(`not collected: ${item.title}: ${item.reason}`);
  }
  if (deps.probe) {
    deps.progress?.('probing the registration endpoints…');
    const status = files.find((f) => f.name === 'dsregcmd-status.txt');
    // The probes read the capture as taken; redaction applies to their report afterwards.
    const capture = rawStatus ? (readCaptures(decodeBytes(rawStatus).text)[0] ?? null) : null;
    const item: ManifestItem = {
      id: 'probe',
      title: 'network probes from this device (endpoints, proxy, TLS, clock, discovery, realm)',
      kind: 'probe',
      entry: PROBE_ENTRY,
      how: 'dsreg-doctor probe, with the WinHTTP proxy of this device',
      status: 'collected',
      exitCode: null,
      bytes: 0,
      reason: null,
    };
    try {
      let text = await deps.probe(capture);
      if (redactor) text = redactor.text(text);
      const bytes = new TextEncoder().encode(text);
      files.splice(status ? files.indexOf(status) + 1 : files.length, 0, {
        name: PROBE_ENTRY,
        bytes,
        modified,
      });
      items.push({ ...item, bytes: bytes.length });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      items.push({ ...item, entry: null, status: 'failed', reason });
      lines.push(`not collected: ${item.title}: ${reason}`);
    }
  }
  const missing = items
    .filter((i) => i.status !== 'collected')
    .map((i) => `${i.title}: ${i.status === 'absent' ? 'absent' : 'failed'} (${i.reason})`);
  const computer = deps.host.env.COMPUTERNAME ?? null;
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    generator: deps.generator,
    collectedAt: modified.toISOString(),
    computerName: computer && redactor ? redactor.pseudonym('device', computer) : computer,
    context: { kind: context.context, administrator: context.administrator, note: context.note },
    redacted: redactor !== null,
    items,
    missing,
  };
  files.push({ name: MANIFEST_ENTRY, bytes: new TextEncoder().encode(manifestMarkdown(manifest)), modified });
  return { zip: writeZip(files), manifest, lines };
}

function manifestMarkdown(m: Manifest): string {
  const rows = m.items.map(
    (i) =>
      `| ${i.status} | ${i.title.replace(/\|/g, '\\|')} | ${i.entry ?? ''} | ${(i.reason ?? '').replace(/\|/g, '\\|')} |`,
  );
  return [
    '# dsreg-doctor collection',
    '',
    `- collected at ${m.collectedAt} on ${m.computerName ?? 'an unnamed device'} by ${m.generator.name} ${m.generator.version}`,
    `- context: ${m.context.kind}${m.context.administrator ? ' (administrator)' : ''}: ${m.context.note}`,
    `- redacted: ${m.redacted ? 'yes' : 'no'}`,
    '',
    '| status | what | file | note |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '```json',
    JSON.stringify(m, null, 2),
    '```',
    '',
  ].join('\n');
}

/** The manifest of a bundle from the text of its `manifest.md`; null when it holds none. */
export function readManifest(text: string): Manifest | null {
  const block = /```json\r?\n([\s\S]*?)\r?\n```/.exec(text)?.[1];
  if (!block) return null;
  try {
    const value = JSON.parse(block) as Manifest;
    return value && value.schema === MANIFEST_SCHEMA ? value : null;
  } catch {
    return null;
  }
}

function notElevatedLine(plan: readonly CollectStep[], context: ContextReading): string {
  const needs = plan.filter((s) => s.needsElevation).map((s) => s.title.replace(/^event log /, ''));
  const who =
    context.context === 'unknown'
      ? 'collect could not tell whether it runs elevated'
      : 'collect runs un-elevated';
  return `${who}: ${needs.length} items may be refused (${needs.join(', ')}) and dsregcmd's device tests are limited; run it from an elevated prompt for a complete bundle`;
}

async function runStep(
  step: CollectStep,
  deps: CollectDeps,
  redactor: Redactor | null,
): Promise<{ item: ManifestItem; bytes: Uint8Array | null; raw?: Uint8Array | null }> {
  const how = [step.request.program, ...step.request.args].map(quote).join(' ');
  const base = { id: step.id, title: step.title, kind: step.kind, how };
  const result = await deps.runner(step.request);
  const said = firstLine(result.stderr) || firstLine(result.stdout);
  if (result.failure !== null) {
    const reason =
      result.failure === 'timeout'
        ? `did not finish within ${step.request.timeoutMs / 1000} s`
        : result.failure === 'not-found'
          ? `${step.request.program} does not exist on this Windows`
          : (result.message ?? result.failure);
    return {
      item: { ...base, entry: null, status: 'failed', exitCode: null, bytes: 0, reason },
      bytes: null,
    };
  }
  const exitCode = result.exitCode;
  const absent = exitCode !== null ? step.absentWhen?.[exitCode] : undefined;
  if (absent !== undefined)
    return {
      item: { ...base, entry: null, status: 'absent', exitCode, bytes: 0, reason: absent },
      bytes: null,
    };
  let bytes: Uint8Array | null = result.stdout;
  if (step.outputFile) bytes = exitCode === 0 ? await deps.readFile(step.outputFile) : null;
  // A capture with an error exit still says a lot: kept, and the reason recorded.
  const keep = bytes !== null && bytes.length > 0 && (exitCode === 0 || step.kind === 'capture');
  if (!keep) {
    const reason =
      exitCode !== 0
        ? `exit code ${exitCode}${said ? `: ${said}` : ''}${exitCode === 5 ? ' (run elevated)' : ''}`
        : step.outputFile
          ? `the export file ${step.outputFile} could not be read`
          : 'the program wrote nothing';
    return {
      item: { ...base, entry: null, status: 'failed', exitCode, bytes: 0, reason },
      bytes: null,
      raw: null,
    };
  }
  if (step.kind === 'events' && holdsNoEvents(bytes as Uint8Array)) {
    return {
      item: {
        ...base,
        entry: null,
        status: 'absent',
        exitCode,
        bytes: 0,
        reason: 'the channel holds no events',
      },
      bytes: null,
    };
  }
  const redactedBytes = redactor ? redactEntry(step, bytes as Uint8Array, redactor) : (bytes as Uint8Array);
  const out = step.kind === 'system' ? settingsMarkdown(step, how, exitCode, redactedBytes) : redactedBytes;
  return {
    item: {
      ...base,
      entry: step.entry,
      status: 'collected',
      exitCode,
      bytes: out.length,
      reason: exitCode === 0 ? null : `exit code ${exitCode}; the output is kept as written`,
    },
    bytes: out,
    raw: bytes as Uint8Array,
  };
}

/**
 * An export without a single event: an XML export with no `<Event`, or an EVTX file that is its
 * file header alone (4 KiB). Left out of the bundle and said in the manifest, so `analyze` is not
 * handed an empty log.
 */
function holdsNoEvents(bytes: Uint8Array): boolean {
  const evtx =
    bytes.length >= 8 && bytes[0] === 0x45 && bytes[1] === 0x6c && bytes[2] === 0x66 && bytes[7] === 0;
  if (evtx) return bytes.length <= 4096;
  return !decodeBytes(bytes).text.includes('<Event ') && !decodeBytes(bytes).text.includes('<Event>');
}

/** A settings entry: what ran, then its output exactly as written (decoded), fenced. */
function settingsMarkdown(
  step: CollectStep,
  how: string,
  exitCode: number | null,
  bytes: Uint8Array,
): Uint8Array {
  const text = decodeBytes(bytes).text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  let fence = '~~~~';
  while (text.includes(fence)) fence += '~';
  return new TextEncoder().encode(
    `# ${step.title}\n\n- command: \`${how}\`\n- exit code: ${exitCode}\n\n${fence}text\n${text}\n${fence}\n`,
  );
}

/** Captures keep their layout (so they read back the same); other text is redacted as text. */
function redactEntry(step: CollectStep, bytes: Uint8Array, redactor: Redactor): Uint8Array {
  const { text } = decodeBytes(bytes);
  if (step.kind === 'capture') {
    return new TextEncoder().encode(redactCaptureText(text, readCaptures(text), redactor));
  }
  learnMentions(redactor, text);
  return new TextEncoder().encode(redactor.text(text));
}

function firstLine(bytes: Uint8Array): string {
  return (
    asciiText(bytes)
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? ''
  ).slice(0, 200);
}

function quote(arg: string): string {
  return /[\s"]/.test(arg) && !arg.startsWith('"') ? `"${arg}"` : arg;
}
