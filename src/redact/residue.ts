/**
 * The second look: redacted output scanned once more for anything identifier-shaped that is
 * neither a stand-in nor public (a GUID, an address, a host name, a SID, a learned name that
 * slipped through), so the user is told before sharing it instead of trusting it blindly.
 * @module
 */
import type { ReportNotice } from '../model/report.ts';
import {
  EMAIL_RE,
  GUID_RE,
  HEX_ID_RE,
  HOST_RE,
  IPV4_RE,
  IPV6_RE,
  OTHER_HEX_RE,
  type Redactor,
  SID_RE,
  USER_SID_RE,
} from './engine.ts';
import {
  isGenericLabel,
  isIpv6Worth,
  isMicrosoftHost,
  isPlaceholderHost,
  isPublicGuid,
  isPublicIpv4,
  looksLikeHostName,
  splitHost,
} from './identifiers.ts';

export type ResidueKind =
  | 'GUID'
  | 'e-mail address'
  | 'SID'
  | 'hex identifier'
  | 'IP address'
  | 'host name'
  | 'name';

/** One identifier-shaped value left in redacted text, and the 1-based line it is on. */
export interface Residue {
  kind: ResidueKind;
  value: string;
  line: number;
}

/** At most this many values are kept per scan; the count stays exact. */
const MAX_KEPT = 100;

/** Every identifier-shaped value left in `text` that `redactor` did not make and is not public. */
export function scanResidue(text: string, redactor: Redactor): { count: number; found: Residue[] } {
  const found: Residue[] = [];
  let count = 0;
  const add = (kind: ResidueKind, value: string, line: number) => {
    count++;
    if (found.length < MAX_KEPT) found.push({ kind, value, line });
  };
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    for (const [kind, value] of residueInLine(line, redactor)) add(kind, value, i + 1);
  }
  return { count, found };
}

function residueInLine(line: string, r: Redactor): [ResidueKind, string][] {
  const out: [ResidueKind, string][] = [];
  const stand = (v: string) => r.isStandIn(v);
  for (const m of line.matchAll(EMAIL_RE)) {
    const at = Math.max(m[0].lastIndexOf('@'), m[0].lastIndexOf('%40'));
    const local = m[0].slice(0, at);
    const domain = m[0].slice(at + (m[0][at] === '@' ? 1 : 3));
    // An address at a placeholder domain (`someone@example.com`) names nobody.
    if (!isPlaceholderHost(domain) && !(stand(local) && hostIsClean(domain, r)))
      out.push(['e-mail address', m[0]]);
  }
  for (const m of line.matchAll(GUID_RE)) {
    const g = m[0];
    if (!isPublicGuid(g) && !/x/i.test(g) && !stand(g) && !/^[0-]+$/.test(g)) out.push(['GUID', g]);
  }
  // Hex runs inside a GUID are the GUID's, judged above.
  const rest = line.replace(GUID_RE, (g) => ' '.repeat(g.length));
  for (const m of line.matchAll(SID_RE)) if (!stand(m[1] ?? '')) out.push(['SID', m[0]]);
  for (const m of line.matchAll(USER_SID_RE)) if (!stand(m[1] ?? '')) out.push(['SID', m[0]]);
  for (const m of line.matchAll(HEX_ID_RE)) if (!stand(m[0])) out.push(['hex identifier', m[0]]);
  for (const m of rest.matchAll(OTHER_HEX_RE)) {
    if (/[a-f]/i.test(m[0]) && /\d/.test(m[0]) && m[0].length !== 40 && m[0].length !== 64 && !stand(m[0]))
      out.push(['hex identifier', m[0]]);
  }
  for (const m of line.matchAll(IPV4_RE))
    if (!isPublicIpv4(m[0]) && !stand(m[0])) out.push(['IP address', m[0]]);
  for (const m of line.matchAll(IPV6_RE)) {
    if (isIpv6Worth(m[0]) && !stand(m[0].split('%')[0] ?? '')) out.push(['IP address', m[0]]);
  }
  for (const m of line.matchAll(HOST_RE)) {
    if (looksLikeHostName(m[0]) && !hostIsClean(m[0], r)) out.push(['host name', m[0]]);
  }
  for (const name of r.namesIn(line)) out.push(['name', name]);
  return out;
}

/** A host that names nobody: Microsoft's, a placeholder, or made of stand-ins and generic labels. */
function hostIsClean(host: string, r: Redactor): boolean {
  if (isMicrosoftHost(host) || isPlaceholderHost(host)) return true;
  const { labels, registrable, suffix } = splitHost(host);
  if (suffix === null) return false;
  const own = registrable.slice(0, registrable.length - suffix.length - 1);
  return r.isStandIn(own) && labels.every((l) => isGenericLabel(l) || r.isStandIn(l));
}

/** The report notice for a scan: kinds and counts only, never the values themselves. */
export function residueNotice(scan: { count: number; found: Residue[] }): ReportNotice | null {
  if (scan.count === 0) return null;
  const byKind = new Map<ResidueKind, number>();
  for (const r of scan.found) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
  const kinds = [...byKind].map(([kind, n]) => `${n} ${n === 1 ? kind : plural(kind)}`).join(', ');
  const more = scan.count > scan.found.length ? ` and ${scan.count - scan.found.length} more` : '';
  return {
    code: 'redaction-residue',
    severity: 'warning',
    message: `After redaction, ${scan.count} identifier-shaped value${scan.count === 1 ? '' : 's'} remain (${kinds}${more}): check them before sharing.`,
    count: scan.count,
  };
}

/** Lines for a terminal, naming each value and its line: for the user's eyes, not for sharing. */
export function residueLines(scan: { count: number; found: Residue[] }, where: string): string[] {
  if (scan.count === 0) return [];
  const head = `${where}: ${scan.count} identifier-shaped value${scan.count === 1 ? '' : 's'} remain after redaction; check before sharing:`;
  const list = scan.found.slice(0, 20).map((r) => `  line ${r.line}: ${r.kind} ${r.value}`);
  const more = scan.count > list.length ? [`  … and ${scan.count - list.length} more`] : [];
  return [head, ...list, ...more];
}

function plural(kind: string): string {
  return kind.endsWith('s') ? `${kind}es` : `${kind}s`;
}
