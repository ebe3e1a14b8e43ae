/**
 * What a report shows, independent of format: the verdict headline, the error chain with the
 * meaning of each code, findings by severity, and the capture fields worth a glance. The text,
 * markdown and HTML renderers only lay this out.
 * @module
 */
import { lookupCode, matchServerMessage, readingFor } from '../knowledge/codes/index.ts';
import type { CaptureField, CaptureSection, DsregCapture, FieldValue, SectionId } from '../model/capture.ts';
import type { Finding, Health, JoinState, Phase, Severity, Verdict } from '../model/diagnosis.ts';
import type { DeviceReport } from '../model/report.ts';

const STATE_LABELS: Record<JoinState, string> = {
  'entra-joined': 'Entra joined',
  'hybrid-joined': 'Hybrid joined',
  'domain-joined': 'Domain joined',
  'drs-joined': 'DRS joined',
  'entra-registered': 'Entra registered',
  'not-joined': 'Not joined',
  inconsistent: 'Inconsistent state',
  unknown: 'State unknown',
};

export function joinStateLabel(state: JoinState): string {
  return STATE_LABELS[state];
}

export function stateLabel(verdict: Verdict): string {
  const base = STATE_LABELS[verdict.joinState];
  // Dual state (joined and also registered) is worth saying: it is a known source of trouble.
  return verdict.workplaceJoined === true && verdict.joinState !== 'entra-registered'
    ? `${base} + Entra registered`
    : base;
}

export function healthLabel(health: Health): string {
  return health === 'unknown' ? 'health unknown' : health;
}

/** `HYBRID JOINED · FAILING`: the line an admin reads first. */
export function headline(verdict: Verdict): string {
  return `${stateLabel(verdict).toUpperCase()} · ${healthLabel(verdict.health).toUpperCase()}`;
}

export interface ChainLink {
  /** `Client error`, `Sub-error`, `Server error`, `Server message`, `Request Id`... */
  label: string;
  value: string;
  /** The catalog's name for a code (`DSREG_E_DIRECTORY_FAILURE`), when it has one. */
  name: string | null;
  /** What the code means in the failing phase, when the catalog knows it. */
  meaning: string | null;
  /** True for a code (shown as code), false for free text such as a server message. */
  code: boolean;
}

export interface ErrorChain {
  phase: Phase | null;
  links: ChainLink[];
}

/** Fields that explain a failure when they sit beside its code. */
const CHAIN_FIELDS: [string, string, boolean][] = [
  ['Server ErrorCode', 'Server error', true],
  ['Server Error Code', 'Server error', true],
  ['Server Message', 'Server message', false],
  ['Server Error Description', 'Server message', false],
  ['Https Status', 'HTTP status', true],
  ['HTTP status', 'HTTP status', true],
  ['HTTP Error', 'HTTP error', true],
  ['Endpoint URI', 'Endpoint', false],
  ['Request Id', 'Request Id', false],
  ['Correlation ID', 'Correlation ID', false],
];

const AADSTS_RE = /\bAADSTS\d{4,6}\b/g;

/** The failing phase and the codes behind it, each with what it means there. */
export function errorChain(report: DeviceReport): ErrorChain | null {
  const v = report.verdict;
  if (v.errorCode === null && v.subErrorCode === null && v.failedPhase === null) return null;
  const block = neighbours(report.capture, v.errorCode);
  // PRT diagnostics read codes as a sign-in attempt, not as a registration phase.
  const context = block.some((f) => f.scope?.toLowerCase().includes('prt')) ? 'PRT attempt' : undefined;
  const links: ChainLink[] = [];
  if (v.errorCode) links.push(codeLink('Client error', v.errorCode, v.failedPhase, context));
  if (v.subErrorCode) links.push(codeLink('Sub-error', v.subErrorCode, v.failedPhase, context));
  for (const field of block) {
    const spec = CHAIN_FIELDS.find(([name]) => name === field.name);
    if (!spec || field.raw.trim() === '') continue;
    const [, label, isCode] = spec;
    if (isCode) {
      links.push(codeLink(label, field.raw.trim(), v.failedPhase, context));
      continue;
    }
    links.push(
      label === 'Server message'
        ? serverMessageLink(block, field.raw.trim())
        : textLink(label, field.raw.trim()),
    );
    // A server message often quotes an AADSTS code: explain it too.
    if (label === 'Server message') {
      for (const aadsts of new Set(field.raw.match(AADSTS_RE) ?? [])) {
        links.push(codeLink('Server code', aadsts, v.failedPhase, context));
      }
    }
  }
  return { phase: v.failedPhase, links };
}

function textLink(label: string, value: string): ChainLink {
  return { label, value, name: null, meaning: null, code: false };
}

function codeLink(label: string, value: string, phase: Phase | null, context?: string): ChainLink {
  const { name, meaning } = explainCode(value, phase, context);
  return { label, value, name, meaning, code: true };
}

/** What the server's message says, matched against the known messages for its error code. */
function serverMessageLink(block: CaptureField[], message: string): ChainLink {
  const raw = (name: string) => block.find((f) => f.name === name)?.raw.trim() ?? null;
  const serverCode = raw('Server ErrorCode') ?? raw('Server Error Code');
  const type =
    raw('Registration Type')
      ?.toLowerCase()
      .replace(/[\s-]+/g, '_') ?? null;
  const registration = type === 'sync' || type === 'federated' || type === 'fallback_sync' ? type : null;
  const match = matchServerMessage(serverCode, message, registration);
  return {
    label: 'Server message',
    value: message,
    name: match?.title ?? null,
    meaning: match?.meaning ?? null,
    code: false,
  };
}

/** The catalog's name and meaning of a code, reading it in the phase (or context) it failed in. */
export function explainCode(
  code: string,
  phase: Phase | null,
  context?: string,
): { name: string | null; meaning: string | null } {
  const entry = lookupCode(code).entry;
  if (!entry) return { name: null, meaning: null };
  const reading = entry.readings.length > 0 ? readingFor(entry, phase, context) : null;
  return { name: entry.name, meaning: reading?.meaning ?? entry.summary };
}

/**
 * The fields in the same block as the failing code (the `Previous Registration` block, or the
 * PRT diagnostics of a failed attempt): server error, message and request ids belong to it.
 */
function neighbours(capture: DsregCapture | null, code: string | null): CaptureField[] {
  if (!capture || code === null) return [];
  for (const section of capture.sections) {
    const holder = section.fields.find((f) => codeOf(f.value) === code);
    if (holder) return section.fields.filter((f) => f.scope === holder.scope);
  }
  return [];
}

function codeOf(value: FieldValue): string | null {
  switch (value.kind) {
    case 'error':
    case 'code':
    case 'test':
    case 'status':
      return value.code;
    default:
      return null;
  }
}

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

export function findingsBySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
  );
}

export function severityCounts(findings: readonly Finding[]): string {
  const parts = SEVERITY_ORDER.map((s) => {
    const n = findings.filter((f) => f.severity === s).length;
    return n === 0 ? null : `${n} ${s}${n === 1 ? '' : s === 'info' ? '' : 's'}`;
  }).filter((p) => p !== null);
  return parts.length === 0 ? 'no findings' : parts.join(', ');
}

/** The fields worth a glance per section; the rest stays in the JSON and the full HTML view. */
const KEY_FIELDS: Partial<Record<SectionId, string[]>> = {
  'device-state': [
    'AzureAdJoined',
    'EnterpriseJoined',
    'DomainJoined',
    'DomainName',
    'Device Name',
    'Virtual Desktop',
  ],
  'device-details': [
    'DeviceId',
    'Thumbprint',
    'DeviceCertificateValidity',
    'KeyProvider',
    'TpmProtected',
    'DeviceAuthStatus',
  ],
  'tenant-details': ['TenantName', 'TenantId', 'Idp', 'MdmUrl'],
  'user-state': ['NgcSet', 'WorkplaceJoined', 'WamDefaultSet', 'WorkplaceTenantName'],
  'sso-state': [
    'AzureAdPrt',
    'AzureAdPrtUpdateTime',
    'AzureAdPrtExpiryTime',
    'EnterprisePrt',
    'OnPremTgt',
    'CloudTgt',
  ],
  'diagnostic-data': [
    'User Context',
    'Client Time',
    'AD Connectivity Test',
    'AD Configuration Test',
    'DRS Discovery Test',
    'DRS Connectivity Test',
    'Token acquisition Test',
    'Fallback to Sync-Join',
    'Registration Type',
    'Error Phase',
    'Client ErrorCode',
    'Server ErrorCode',
    'Server Message',
    'Attempt Status',
    'Server Error Code',
    'Server Error Description',
  ],
  'ngc-prerequisite-check': [
    'IsDeviceJoined',
    'IsUserAzureAD',
    'PolicyEnabled',
    'DeviceEligible',
    'PreReqResult',
  ],
};

export interface FieldGroup {
  title: string;
  fields: CaptureField[];
}

/** Key fields per section, plus any field a finding cites, in capture order. */
export function keyFields(capture: DsregCapture, findings: readonly Finding[]): FieldGroup[] {
  const cited = new Set(findings.flatMap((f) => f.evidence.map((e) => e.line)).filter((l) => l !== null));
  return capture.sections
    .map((section) => ({
      title: sectionTitle(section),
      fields: section.fields.filter(
        (f) => cited.has(f.line) || (KEY_FIELDS[section.id] ?? []).includes(f.name),
      ),
    }))
    .filter((g) => g.fields.length > 0);
}

export function sectionTitle(section: CaptureSection): string {
  if (section.title) return section.title;
  return section.id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/** `AzureAdPrt › Attempt Status` where a name repeats in several blocks. */
export function fieldLabel(field: CaptureField): string {
  return field.scope ? `${field.scope} › ${field.name}` : field.name;
}

export function sourceLabel(report: DeviceReport): string {
  const s = report.source;
  const doc = s.kind === 'capture' && s.document > 0 ? ` (capture ${s.document + 1})` : '';
  const records = s.records !== undefined ? ` (${s.records} event record${s.records === 1 ? '' : 's'})` : '';
  return `${s.path}${doc}${records}`;
}

export function readLine(capture: DsregCapture): string {
  const r = capture.read;
  const parts = [`${r.layout} layout`, `completeness ${Math.round(r.completeness.score * 100)}%`];
  if (r.completeness.truncated) parts.push('truncated');
  if (r.completeness.missingSections.length > 0)
    parts.push(`missing ${r.completeness.missingSections.join(', ')}`);
  if (capture.windowsVersion) parts.push(`Windows ${capture.windowsVersion}`);
  return parts.join(' · ');
}

/** What a debug trace states, in a few lines: the command, the pre-check and the failure lines. */
export function traceNotes(capture: DsregCapture): string[] {
  const t = capture.trace;
  if (!t) return [];
  const head = [
    t.command ?? 'dsregcmd debug trace',
    t.preCheckResult ? `pre-check ${t.preCheckResult}` : null,
  ];
  const notes = [head.filter((x) => x !== null).join(' · ')];
  const tenant = [t.tenantName, t.tenantType].filter((x) => x !== null && x !== '');
  if (tenant.length > 0) notes.push(`tenant ${tenant.join(', ')}`);
  for (const f of t.failures.slice(0, TRACE_FAILURES_SHOWN)) notes.push(`line ${f.line}: ${f.text}`);
  if (t.failures.length > TRACE_FAILURES_SHOWN)
    notes.push(`${t.failures.length - TRACE_FAILURES_SHOWN} more failure line(s)`);
  return notes;
}

const TRACE_FAILURES_SHOWN = 5;
