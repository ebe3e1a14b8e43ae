/**
 * The AD side of the hybrid join, read from Entra Connect's certificate report
 * (`Export-ADSyncToolsHybridAzureADjoinCertificateReport.ps1`): a `;`-separated CSV with the
 * columns `ObjectDN;ObjectGUID;TotalEntriesCount;CertsCount;ValidCertsCount;HybridJoinCertsCount;
 * CloudFiltered`. Read by header name (any order, any case, extra columns ignored), with or
 * without quotes, a byte-order mark, CRLF or LF. Pure; never throws on content.
 * @module
 */
import type { AdComputerRecord } from '../store/types.ts';
import { parseCsv } from './csv.ts';

export interface AdReadResult {
  records: AdComputerRecord[];
  /** Rows that could not be read, and why. */
  problems: string[];
}

type Column = 'dn' | 'guid' | 'total' | 'certs' | 'valid' | 'hybrid' | 'filtered';

const COLUMNS: Record<string, Column> = {
  objectdn: 'dn',
  objectguid: 'guid',
  totalentriescount: 'total',
  certscount: 'certs',
  validcertscount: 'valid',
  hybridjoincertscount: 'hybrid',
  cloudfiltered: 'filtered',
};

const key = (s: string) =>
  s
    .replace(/^\uFEFF/, '')
    .replace(/[\s_"]/g, '')
    .toLowerCase();

/** The header line of a text (after a byte-order mark), lower case, quotes and spaces removed. */
function headerOf(text: string): string[] {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const end = t.search(/\r|\n/);
  const first = end < 0 ? t : t.slice(0, end);
  return first.split(/[;,\t]/).map(key);
}

/**
 * Whether a text is the certificate report: its header names ObjectGUID and
 * HybridJoinCertsCount (no Entra export has either).
 */
export function isAdCertificateReport(text: string): boolean {
  const header = headerOf(text);
  return header.includes('objectguid') && header.includes('hybridjoincertscount');
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** Reads the report; rows without a readable ObjectGUID are named in `problems`. */
export function readAdCertificateReport(text: string, source: string): AdReadResult {
  const table = parseCsv(text);
  if (!table || table.rows.length === 0)
    return { records: [], problems: ['no rows: the report is empty or has only a header'] };
  const at = new Map<Column, number>();
  table.header.forEach((h, i) => {
    const c = COLUMNS[key(h)];
    if (c && !at.has(c)) at.set(c, i);
  });
  if (!at.has('guid'))
    return {
      records: [],
      problems: ['the header has no ObjectGUID column: pass the report as the script wrote it'],
    };
  const problems: string[] = [];
  if (table.ragged > 0)
    problems.push(`${table.ragged} row(s) had a different number of fields than the header`);
  const records: AdComputerRecord[] = [];
  table.rows.forEach((row, i) => {
    const cell = (c: Column): string | null => {
      const index = at.get(c);
      const v = index === undefined ? '' : (row[index] ?? '').trim();
      return v === '' ? null : v;
    };
    const guid = GUID.exec(cell('guid') ?? '')?.[1]?.toLowerCase();
    if (!guid) {
      problems.push(`row ${i + 2}: no ObjectGUID`);
      return;
    }
    const dn = cell('dn');
    records.push({
      objectGuid: guid,
      objectDn: dn,
      name: firstCn(dn),
      totalEntries: count(cell('total')),
      certs: count(cell('certs')),
      validCerts: count(cell('valid')),
      hybridJoinCerts: count(cell('hybrid')),
      cloudFiltered: flag(cell('filtered')),
      source,
    });
  });
  return { records, problems };
}

function count(v: string | null): number | null {
  if (v === null || !/^\d{1,9}$/.test(v)) return null;
  return Number(v);
}

function flag(v: string | null): boolean | null {
  const t = v?.toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  return null;
}

/** The value of the first `CN=` of a distinguished name (`\,` and other escapes undone). */
export function firstCn(dn: string | null): string | null {
  if (!dn || !/^cn=/i.test(dn)) return null;
  let out = '';
  for (let i = 3; i < dn.length; i++) {
    const ch = dn[i] as string;
    if (ch === '\\' && i + 1 < dn.length) {
      out += dn[i + 1];
      i++;
    } else if (ch === ',') break;
    else out += ch;
  }
  const name = out.trim();
  return name === '' ? null : name;
}
