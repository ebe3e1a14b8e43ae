/**
 * What Entra knows about devices, read from the files admins have: the portal's "Download
 * devices" CSV (current 17 columns, the older 16-column preview dialect, translated headers read
 * by position), Microsoft Graph `device` JSON (REST camelCase, SDK PascalCase with
 * `AdditionalProperties`, `/devices` pages, `Get-MgDevice | ConvertTo-Json`), and the MSOnline /
 * AzureAD module exports. Pure; never throws on content.
 * @module
 */
import type { EntraRecord } from '../store/types.ts';
import { parseCsv } from './csv.ts';

export interface EntraReadResult {
  records: EntraRecord[];
  /** `portal CSV (current)`, `portal CSV (older preview)`, `portal CSV (translated, by position)`, `Graph JSON`… */
  dialect: string | null;
  /** Rows or objects that could not be read, and why. */
  problems: string[];
}

type Field =
  | 'displayName'
  | 'accountEnabled'
  | 'operatingSystem'
  | 'operatingSystemVersion'
  | 'trustType'
  | 'registrationTime'
  | 'lastSignIn'
  | 'deviceId'
  | 'objectId'
  | 'profileType'
  | 'isCompliant'
  | 'isManaged'
  | 'mdmAppId'
  | 'alternativeSecurityIds'
  | 'physicalIds'
  | 'onPremisesSyncEnabled'
  | 'deviceTrustLevel';

/** Column or property names (lower case, no spaces) for each field, across dialects and modules. */
const NAMES: Record<Field, string[]> = {
  displayName: ['displayname'],
  accountEnabled: ['accountenabled', 'enabled'],
  operatingSystem: ['operatingsystem', 'deviceostype'],
  operatingSystemVersion: ['operatingsystemversion', 'deviceosversion'],
  trustType: ['jointype(trusttype)', 'trusttype', 'devicetrusttype', 'jointype'],
  registrationTime: ['registrationtime', 'registrationdatetime', 'registered'],
  lastSignIn: [
    'approximatelastsignindatetime',
    'approximatelastlogontimestamp',
    'approximatelastlogontimestamp',
    'activity',
  ],
  deviceId: ['deviceid'],
  objectId: ['objectid', 'id'],
  profileType: ['profiletype'],
  isCompliant: ['iscompliant'],
  isManaged: ['ismanaged'],
  mdmAppId: ['mdmappid'],
  alternativeSecurityIds: ['alternativesecurityids'],
  physicalIds: ['physicalids', 'devicephysicalids'],
  onPremisesSyncEnabled: ['onpremisessyncenabled', 'dirsyncenabled'],
  deviceTrustLevel: ['devicetrustlevel'],
};

/** The current portal export, in order. */
const CURRENT: Field[] = [
  'displayName',
  'accountEnabled',
  'operatingSystem',
  'operatingSystemVersion',
  'trustType',
  'displayName', // registeredOwners: not kept
  'displayName', // userNames: not kept
  'displayName', // mdmDisplayName: not kept
  'isCompliant',
  'registrationTime',
  'lastSignIn',
  'deviceId',
  'isManaged',
  'objectId',
  'profileType',
  'displayName', // systemLabels: not kept
  'displayName', // model: not kept
];
const CURRENT_KEPT = new Set([0, 1, 2, 3, 4, 8, 9, 10, 11, 12, 13, 14]);

/** The older "Download devices (preview)" export, in order. */
const OLDER: Array<Field | null> = [
  'accountEnabled',
  'lastSignIn',
  'operatingSystem',
  'operatingSystemVersion',
  'trustType',
  'onPremisesSyncEnabled',
  'displayName',
  'isCompliant',
  'isManaged',
  null, // lastDirSyncTime
  'objectId',
  'profileType',
  null, // registeredOwners
  null, // systemLabels
  'registrationTime',
  null, // mdmDisplayName
];

const key = (s: string) => s.replace(/[\s_]/g, '').toLowerCase();
const fieldByName = new Map<string, Field>();
for (const [f, names] of Object.entries(NAMES) as Array<[Field, string[]]>)
  for (const n of names) fieldByName.set(n, f);

/** Reads an Entra export (CSV or JSON) of any known dialect. */
export function readEntra(text: string, source: string): EntraReadResult {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const trimmed = t.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return readGraphJson(trimmed, source);
  return readPortalCsv(t, source);
}

function readPortalCsv(text: string, source: string): EntraReadResult {
  const table = parseCsv(text);
  if (!table || table.rows.length === 0) {
    return { records: [], dialect: null, problems: ['no rows: the file is empty or has only a header'] };
  }
  const named = table.header.map((h) => fieldByName.get(key(h)) ?? null);
  const knownCount = named.filter((f) => f !== null).length;
  let columns: Array<Field | null>;
  let dialect: string;
  if (knownCount >= 3) {
    columns = named;
    const hasDeviceId = named.includes('deviceId');
    dialect = table.header.some((h) => key(h) === 'jointype(trusttype)')
      ? 'portal CSV (current)'
      : table.header.some((h) => key(h) === 'devicetrusttype') && !hasDeviceId
        ? 'portal CSV (older preview)'
        : 'device CSV';
  } else if (table.header.length === CURRENT.length) {
    columns = CURRENT.map((f, i) => (CURRENT_KEPT.has(i) ? f : null));
    dialect = 'portal CSV (translated headers, read by position)';
  } else if (table.header.length === OLDER.length) {
    columns = OLDER;
    dialect = 'portal CSV (older preview, translated headers, read by position)';
  } else {
    return {
      records: [],
      dialect: null,
      problems: [
        `the header names no known Entra column and has ${table.header.length} columns (the portal export has 17, its older form 16): export "Download devices" again or use Graph JSON`,
      ],
    };
  }
  const problems: string[] = [];
  if (table.ragged > 0)
    problems.push(`${table.ragged} row(s) had a different number of fields than the header`);
  const records: EntraRecord[] = [];
  table.rows.forEach((row, i) => {
    const get = (f: Field): string | null => {
      const at = columns.indexOf(f);
      const v = at >= 0 ? (row[at] ?? '').trim() : '';
      return v === '' ? null : v;
    };
    const rec = build(get, `${source} (${dialect})`);
    if (rec) records.push(rec);
    else problems.push(`row ${i + 2}: no device ID, object ID or name`);
  });
  return { records, dialect, problems };
}

function build(get: (f: Field) => unknown, source: string): EntraRecord | null {
  const s = (f: Field): string | null => {
    const v = get(f);
    if (v === null || v === undefined) return null;
    const t = String(v).trim();
    return t === '' ? null : t;
  };
  const deviceId = guid(s('deviceId'));
  const objectId = guid(s('objectId'));
  const displayName = s('displayName');
  if (!deviceId && !objectId && !displayName) return null;
  const registration = s('registrationTime');
  const pendingLabel = registration !== null && /^pending$/i.test(registration);
  const alt = get('alternativeSecurityIds');
  const altKeys = alt === null || alt === undefined ? null : altSecurityKeys(alt);
  const physical = get('physicalIds');
  const physicalList = Array.isArray(physical)
    ? physical.map(String)
    : typeof physical === 'string'
      ? physical.split(/[;,]/)
      : [];
  return {
    objectId,
    deviceId,
    displayName,
    accountEnabled: boolOf(get('accountEnabled')),
    trustType: trustOf(s('trustType')),
    profileType: s('profileType'),
    registrationTime: pendingLabel ? null : dateOf(registration),
    lastSignIn: dateOf(s('lastSignIn')),
    operatingSystem: s('operatingSystem'),
    operatingSystemVersion: s('operatingSystemVersion'),
    thumbprints: altKeys?.thumbprints ?? [],
    hasCertificateKey: altKeys ? altKeys.x509 : null,
    pendingLabel,
    onPremisesSyncEnabled: boolOf(get('onPremisesSyncEnabled')),
    isCompliant: boolOf(get('isCompliant')),
    isManaged: boolOf(get('isManaged')),
    mdmAppId: s('mdmAppId'),
    autopilot: physicalList.some((p) => /^\[ZTDID\]/i.test(p.trim())),
    source,
  };
}

function readGraphJson(text: string, source: string): EntraReadResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { records: [], dialect: null, problems: ['the JSON is not valid (cut off?): export it again'] };
  }
  const items: unknown[] = [];
  const collect = (d: unknown) => {
    if (Array.isArray(d)) {
      for (const x of d) collect(x);
      return;
    }
    if (typeof d !== 'object' || d === null) return;
    const o = d as Record<string, unknown>;
    const value = o.value ?? o.Value;
    if (Array.isArray(value) && !('deviceId' in o) && !('DeviceId' in o)) {
      for (const x of value) collect(x);
      return;
    }
    items.push(o);
  };
  collect(data);
  const records: EntraRecord[] = [];
  const problems: string[] = [];
  let pascal = false;
  items.forEach((item, i) => {
    const o = item as Record<string, unknown>;
    const extra = (o.AdditionalProperties ?? o.additionalProperties) as Record<string, unknown> | undefined;
    const byKey = new Map<string, unknown>();
    for (const [k, v] of Object.entries(extra && typeof extra === 'object' ? extra : {}))
      byKey.set(key(k), v);
    for (const [k, v] of Object.entries(o)) {
      if (/^[A-Z]/.test(k)) pascal = true;
      byKey.set(key(k), v);
    }
    const get = (f: Field): unknown => {
      for (const n of NAMES[f]) if (byKey.has(n)) return byKey.get(n);
      return null;
    };
    const rec = build(get, `${source} (Graph JSON)`);
    if (rec) records.push(rec);
    else problems.push(`object ${i}: no device ID, object ID or name`);
  });
  return { records, dialect: pascal ? 'Graph JSON (PowerShell, PascalCase)' : 'Graph JSON', problems };
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

function guid(v: string | null): string | null {
  const m = v ? GUID.exec(v.trim()) : null;
  return m?.[1] ? m[1].toLowerCase() : null;
}

function boolOf(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === null || v === undefined) return null;
  const t = String(v).trim().toLowerCase();
  if (['true', 'yes', '1', 'enabled', 'wahr', 'vrai', 'verdadero', 'vero', 'waar'].includes(t)) return true;
  if (['false', 'no', '0', 'disabled', 'falsch', 'faux', 'falso', 'onwaar'].includes(t)) return false;
  return null;
}

/** Portal names, Graph values, MSOnline and AzureAD module values to Graph's trust types. */
export function trustOf(v: string | null): EntraRecord['trustType'] {
  if (!v) return null;
  const t = v.toLowerCase().replace(/\s+/g, ' ').trim();
  if (t === 'serverad' || t.includes('hybrid') || t === 'domain joined') return 'ServerAd';
  if (t === 'workplace' || t.includes('registered') || t === 'workplace joined') return 'Workplace';
  if (t === 'azuread' || t.includes('joined')) return 'AzureAd';
  return null;
}

/** ISO, `M/D/YYYY h:mm[:ss] [AM|PM]`, `D.M.YYYY HH:mm`, `/Date(ms)/` → ISO; else null. */
export function dateOf(v: string | null): string | null {
  if (!v) return null;
  const t = v.trim();
  const ms = /^\/Date\((-?\d+)\)\/$/.exec(t);
  if (ms) return new Date(Number(ms[1])).toISOString();
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
    const p = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(t) ? t : `${t.replace(' ', 'T')}Z`);
    return Number.isNaN(p) ? null : new Date(p).toISOString();
  }
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i.exec(t);
  const eu = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  const m = us ?? eu;
  if (!m) return null;
  const [month, day] = us ? [Number(m[1]), Number(m[2])] : [Number(m[2]), Number(m[1])];
  let hour = Number(m[4] ?? 0);
  const ampm = us ? m[7]?.toUpperCase() : undefined;
  if (ampm === 'PM' && hour < 12) hour += 12;
  if (ampm === 'AM' && hour === 12) hour = 0;
  const p = Date.UTC(Number(m[3]), month - 1, day, hour, Number(m[5] ?? 0), Number(m[6] ?? 0));
  return Number.isNaN(p) ? null : new Date(p).toISOString();
}

/**
 * The thumbprints inside `alternativeSecurityIds` keys: base64 of UTF-16LE (or UTF-8)
 * `X509:<SHA1-TP-PUBKEY>{thumbprint}{public key hash}`, as a base64 string, a byte array
 * (PowerShell), or the decoded text (MSOnline CSV, joined with `;`).
 */
export function altSecurityKeys(v: unknown): { x509: boolean; thumbprints: string[] } {
  const keys: string[] = [];
  const visit = (x: unknown) => {
    if (x === null || x === undefined) return;
    if (Array.isArray(x)) {
      if (x.length > 0 && x.every((n) => typeof n === 'number'))
        keys.push(decodeBytes(Uint8Array.from(x as number[])));
      else for (const y of x) visit(y);
      return;
    }
    if (typeof x === 'object') {
      const o = x as Record<string, unknown>;
      visit(o.key ?? o.Key);
      return;
    }
    const s = String(x).trim();
    if (s === '') return;
    for (const part of s.split(';')) {
      const p = part.trim();
      if (/^x509:/i.test(p)) keys.push(p);
      else if (/^[A-Za-z0-9+/=]+$/.test(p)) keys.push(decodeBytes(base64(p)));
      else if (p !== '') keys.push(p);
    }
  };
  visit(v);
  const thumbprints: string[] = [];
  let x509 = false;
  for (const k of keys) {
    if (!/^x509:/i.test(k)) continue;
    x509 = true;
    const m = /^X509:<SHA1-TP-PUBKEY>([0-9a-f]{40})/i.exec(k);
    if (m?.[1]) thumbprints.push(m[1].toUpperCase());
  }
  return { x509, thumbprints };
}

function base64(s: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = s.replace(/=+$/, '');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) return new Uint8Array();
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** UTF-16LE when every other byte is zero (the usual key), else UTF-8; NULs dropped. */
function decodeBytes(bytes: Uint8Array): string {
  let zeros = 0;
  for (let i = 1; i < bytes.length; i += 2) if (bytes[i] === 0) zeros++;
  const utf16 = bytes.length >= 4 && zeros >= bytes.length / 2 - 2;
  const text = new TextDecoder(utf16 ? 'utf-16le' : 'utf-8', { fatal: false }).decode(bytes);
  return text.replace(/\0/g, '');
}
