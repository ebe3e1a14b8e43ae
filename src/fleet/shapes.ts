/**
 * The shapes fleet collection produces besides raw `dsregcmd /status` text: the logon-script
 * file (`<user>--<computer>.txt` with `systeminfo` lines appended), JSON from PowerShell
 * collection scripts (flat key/value, per-section, typed, hashtables), osquery/kolide rows,
 * Intune Remediations results (CSV or Graph JSON, the capture in
 * `preRemediationDetectionScriptOutput`) and CSV with one device per row. Each is turned back
 * into `dsregcmd` text for the one reader, with what the shape could not hold said in `lossy`.
 * Pure.
 * @module
 */
import { lookupField, SECTION_TITLES } from '../knowledge/fields.ts';
import type { SectionId } from '../model/capture.ts';
import type { CaptureShape } from '../store/types.ts';
import { parseCsv } from './csv.ts';

/** One capture found in a collection file. */
export interface ShapedCapture {
  /** `dsregcmd /status` text: the file itself, or rebuilt from the shape's values. */
  text: string;
  shape: CaptureShape;
  lossy: string[];
  /** Computer name the wrapper names (file name, row column), or null. */
  computer: string | null;
  osVersion: string | null;
  /** A capture time the wrapper states (remediation update time), ISO; or null. */
  time: string | null;
  /** Where in the file (`#row 3`, `[2]`), or empty for the whole file. */
  where: string;
}

export interface ShapeResult {
  items: ShapedCapture[];
  /** Parts that could not be read, one sentence each with where. */
  problems: string[];
  /** A note on the whole file (`Entra export: use fleet import-entra`). */
  note: string | null;
}

const LOGON = /^(?<user>[^\\/]+?)--(?<computer>[^\\/]+?)\.(txt|log)$/i;
const SYSTEMINFO = /^\s*OS (Name|Version):\s+(.*)$/;
const DIGIT_LOSS =
  'the collection script drops values that start with a digit (device and tenant IDs, times, codes)';
const DUPLICATE_LOSS = 'a field printed twice (the second AzureAdPrt block) keeps only one value';
const TYPED_LOSS = 'the script converted YES/NO and times itself: the capture’s own text is not kept';
const SYSTEM_LOSS = 'collected by an agent running as SYSTEM: no user state (PRT, Windows Hello)';
const CAP_LOSS = 'Remediations output is capped at 2,048 characters: the capture is cut off';

/** The logon-script shape: `<user>--<computer>.txt`, `systeminfo` lines after the capture. */
export function readLogonScript(text: string, fileName: string): ShapedCapture | null {
  const m = LOGON.exec(fileName);
  if (!m?.groups) return null;
  const lines = text.split(/\r\n|\r|\n/);
  let osName: string | null = null;
  let osVersion: string | null = null;
  const kept: string[] = [];
  for (const line of lines) {
    const s = SYSTEMINFO.exec(line);
    if (s) {
      if (s[1] === 'Name') osName = (s[2] ?? '').trim();
      else osVersion = (s[2] ?? '').trim();
      continue;
    }
    kept.push(line);
  }
  const build = /(\d+\.\d+\.\d+)/.exec(osVersion ?? '')?.[1] ?? null;
  return {
    text: kept.join('\n'),
    shape: 'logon-script',
    lossy: [],
    computer: m.groups.computer ?? null,
    osVersion: build ?? (osName || null),
    time: null,
    where: '',
  };
}

/** Reads a JSON or CSV collection file; null when the text is neither (or is an event export). */
export function readCollection(text: string, fileName: string): ShapeResult | null {
  const t = text.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(t);
    } catch {
      return /\.json$/i.test(fileName)
        ? {
            items: [],
            problems: ['the JSON is not valid (cut off or not JSON): export it again'],
            note: null,
          }
        : null;
    }
    return readJson(data);
  }
  if (/\.(csv|tsv)$/i.test(fileName) || looksLikeCollectionCsv(t)) return readCsv(text);
  return null;
}

function looksLikeCollectionCsv(text: string): boolean {
  const first = text.slice(0, Math.max(0, text.search(/\r|\n/))) || text.slice(0, 4096);
  if (/pre-?remediation ?detection ?(script ?)?output/i.test(first)) return true;
  const known = first.split(/[,;\t]/).filter((h) => lookupField(h.replace(/"/g, '').trim()));
  return known.length >= 3;
}

function readJson(data: unknown): ShapeResult | null {
  const items = unwrap(data);
  if (items.length === 0) return { items: [], problems: ['the JSON holds no objects'], note: null };
  if (items.every(isEntraObject)) {
    return {
      items: [],
      problems: [],
      note: 'this is an Entra device export: load it with `fleet import-entra`',
    };
  }
  if (items.every(isOsqueryRow)) return { items: osqueryItems(items), problems: [], note: null };
  const out: ShapedCapture[] = [];
  const problems: string[] = [];
  items.forEach((item, i) => {
    const where = items.length > 1 ? `[${i}]` : '';
    const remediation = remediationOutput(item);
    if (remediation !== undefined) {
      const shaped = fromRemediation(String(remediation ?? ''), item, where);
      if (shaped) out.push(shaped);
      else problems.push(`${where || 'the object'}: the remediation output is empty`);
      return;
    }
    const shaped = fromObject(item, where);
    if (shaped) out.push(shaped);
    else problems.push(`${where || 'the object'}: no dsregcmd fields in it`);
  });
  return { items: out, problems, note: null };
}

function unwrap(data: unknown): Record<string, unknown>[] {
  if (Array.isArray(data)) return data.filter(isObject);
  if (isObject(data)) {
    const value = data.value ?? data.Value;
    if (Array.isArray(value) && (data['@odata.context'] !== undefined || Object.keys(data).length <= 3)) {
      return value.filter(isObject);
    }
    return [data];
  }
  return [];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fieldOf(obj: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

const REMEDIATION_OUTPUT = /^pre-?remediation ?detection ?(script ?)?output$/i;

/** The detection output of a Remediations result (Graph property or export column). */
function remediationOutput(obj: Record<string, unknown>): unknown {
  for (const k of Object.keys(obj)) if (REMEDIATION_OUTPUT.test(k.trim())) return obj[k] ?? '';
  return undefined;
}

function isEntraObject(o: Record<string, unknown>): boolean {
  return (
    fieldOf(o, 'trustType') !== undefined ||
    fieldOf(o, 'approximateLastSignInDateTime') !== undefined ||
    fieldOf(o, 'alternativeSecurityIds') !== undefined
  );
}

function isOsqueryRow(o: Record<string, unknown>): boolean {
  return typeof fieldOf(o, 'fullkey') === 'string' && fieldOf(o, 'value') !== undefined;
}

const HOST_KEYS = ['hostname', 'host', 'computer_name', 'computername', 'host_identifier', 'devicename'];

function hostOf(o: Record<string, unknown>): string | null {
  for (const k of HOST_KEYS) {
    const v = fieldOf(o, k);
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  const deco = fieldOf(o, 'decorations');
  if (isObject(deco)) return hostOf(deco);
  return null;
}

/** osquery/kolide rows (`fullkey` `Device State/AzureAdJoined`), grouped by host when named. */
function osqueryItems(rows: Record<string, unknown>[]): ShapedCapture[] {
  const byHost = new Map<string, Array<[string, string, unknown]>>();
  for (const r of rows) {
    const host = hostOf(r) ?? '';
    const full = String(fieldOf(r, 'fullkey'));
    const slash = full.indexOf('/');
    const section = slash > 0 ? full.slice(0, slash) : String(fieldOf(r, 'parent') ?? '');
    const key = slash > 0 ? full.slice(slash + 1) : String(fieldOf(r, 'key') ?? full);
    const list = byHost.get(host) ?? [];
    list.push([section, key, fieldOf(r, 'value')]);
    byHost.set(host, list);
  }
  const out: ShapedCapture[] = [];
  for (const [host, list] of byHost) {
    const sections = new Map<string, Record<string, unknown>>();
    for (const [section, key, value] of list) {
      const s = sections.get(section) ?? {};
      s[key] = value; // last wins, as the agent's map does
      sections.set(section, s);
    }
    const text = renderCapture([...sections.entries()].map(([title, fields]) => [titleOf(title), fields]));
    out.push({
      text,
      shape: 'osquery',
      lossy: [SYSTEM_LOSS, DUPLICATE_LOSS],
      computer: host || null,
      osVersion: null,
      time: null,
      where: host ? `[${host}]` : '',
    });
  }
  return out;
}

function fromRemediation(output: string, item: Record<string, unknown>, where: string): ShapedCapture | null {
  const text = output.trim();
  if (text === '') return null;
  const computer = wrapperName(item);
  const timeValue = fieldOf(item, 'lastStateUpdateDateTime') ?? fieldOf(item, 'Last state update');
  const time =
    typeof timeValue === 'string' && !Number.isNaN(Date.parse(timeValue))
      ? new Date(timeValue).toISOString()
      : null;
  const lossy = text.length >= 2000 ? [CAP_LOSS] : [];
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      const inner = unwrap(JSON.parse(text))[0];
      const shaped = inner ? fromObject(inner, where) : null;
      if (shaped) {
        return {
          ...shaped,
          shape: 'remediation-csv',
          lossy: [...lossy, ...shaped.lossy],
          computer: shaped.computer ?? computer,
          time,
        };
      }
    } catch {
      lossy.push('the remediation output is JSON cut off at the output cap');
    }
  }
  return { text, shape: 'remediation-csv', lossy, computer, osVersion: null, time, where };
}

function wrapperName(item: Record<string, unknown>): string | null {
  for (const k of ['DeviceName', 'Device name', 'Device', 'ComputerName', 'managedDeviceName', 'hostname']) {
    const v = fieldOf(item, k);
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  const md = fieldOf(item, 'managedDevice');
  if (isObject(md)) return wrapperName(md);
  return null;
}

/** A script's object: flat (values as strings or typed), hashtable, or per-section. */
function fromObject(obj: Record<string, unknown>, where: string): ShapedCapture | null {
  const entries = Object.entries(obj);
  const sectioned = entries.filter(([k, v]) => isObject(v) && sectionOfTitle(k) !== null);
  let groups: Array<[string, Record<string, unknown>]>;
  let shape: CaptureShape;
  if (sectioned.length > 0) {
    groups = sectioned.map(([k, v]) => [titleOf(k), v as Record<string, unknown>]);
    shape = 'json-sections';
  } else {
    groups = [['', obj]];
    shape = 'json-flat';
  }
  const values = groups.flatMap(([, g]) => Object.entries(g));
  const known = values.filter(([k]) => lookupField(k) !== undefined);
  if (known.length === 0) return null;
  const typed = values.some(([, v]) => typeof v === 'boolean' || isObject(v) || v === null);
  // A hashtable (`(.+) : (.+)`) keeps every value and the printed key; the common flat snippet
  // keeps only values that start with a letter, so a digit-led value tells the two apart.
  const digitLead = values.some(([, v]) => typeof v === 'string' && /^\s*\d/.test(v));
  const spaced = shape === 'json-flat' && values.some(([k]) => / /.test(k.trim()));
  if (shape === 'json-flat' && typed) shape = 'json-typed';
  else if (spaced && !typed && digitLead) shape = 'hashtable';
  const lossy: string[] = [];
  if (typed) lossy.push(TYPED_LOSS);
  if (!typed && !digitLead) lossy.push(DIGIT_LOSS);
  if (shape !== 'hashtable') lossy.push(DUPLICATE_LOSS);
  else lossy.push('a hashtable keeps the first of a repeated field and fails on the second');
  const text = renderCapture(groups);
  const computer = wrapperName(obj);
  const os =
    fieldOf(obj, 'OSVersion') ?? fieldOf(obj, 'OS Version') ?? fieldOf(obj, 'OperatingSystemVersion');
  return {
    text,
    shape,
    lossy,
    computer,
    osVersion: typeof os === 'string' && os.trim() !== '' ? os.trim() : null,
    time: null,
    where,
  };
}

/** CSV: Remediations export (capture in a column) or one device per row with fields as columns. */
function readCsv(text: string): ShapeResult | null {
  const table = parseCsv(text);
  if (!table) return null;
  const output = table.header.findIndex((h) => REMEDIATION_OUTPUT.test(h));
  const problems: string[] = [];
  if (table.ragged > 0)
    problems.push(`${table.ragged} row(s) had a different number of fields than the header`);
  const items: ShapedCapture[] = [];
  if (output >= 0) {
    table.rows.forEach((row, i) => {
      const item: Record<string, unknown> = {};
      table.header.forEach((h, j) => {
        item[h] = row[j] ?? '';
      });
      const shaped = fromRemediation(row[output] ?? '', item, `#row ${i + 2}`);
      if (shaped) items.push(shaped);
      else
        problems.push(
          `row ${i + 2}: the remediation output is empty (the detection script did not run or printed nothing)`,
        );
    });
    return { items, problems, note: null };
  }
  const knownCols = table.header.filter((h) => lookupField(h) !== undefined).length;
  if (knownCols < 3) return null;
  table.rows.forEach((row, i) => {
    const item: Record<string, unknown> = {};
    table.header.forEach((h, j) => {
      const v = row[j] ?? '';
      if (v !== '') item[h] = v;
    });
    const shaped = fromObject(item, `#row ${i + 2}`);
    if (shaped) items.push({ ...shaped, shape: 'csv' });
    else problems.push(`row ${i + 2}: no dsregcmd values in it`);
  });
  return { items, problems, note: null };
}

/** The catalog's title a key names (`ieProxyConfigForSystemAccount`), with its section. */
function titleEntry(key: string): readonly [string, SectionId] | null {
  const k = key.replace(/[\s_-]/g, '').toLowerCase();
  for (const entry of SECTION_TITLES) {
    const [title, id] = entry;
    if (
      k === title.replace(/\s/g, '').toLowerCase() ||
      (id === 'work-account' && k.startsWith('workaccount'))
    )
      return entry;
  }
  return null;
}

function sectionOfTitle(key: string): SectionId | null {
  return titleEntry(key)?.[1] ?? null;
}

/** The title as dsregcmd prints it: the catalog's spelling of the title the key names. */
function titleOf(key: string): string {
  return titleEntry(key)?.[0] ?? key;
}

const BAR = `+${'-'.repeat(70)}+`;

/** Writes sections of fields as `dsregcmd /status` prints them. */
function renderCapture(groups: Array<[string, Record<string, unknown>]>): string {
  const bySection = new Map<string, string[]>();
  const order = SECTION_TITLES.map(([t]) => t);
  for (const [title, fields] of groups) {
    for (const [key, value] of Object.entries(fields)) {
      const def = lookupField(key);
      const sectionTitle =
        title !== ''
          ? title
          : def
            ? (SECTION_TITLES.find(([, s]) => s === def.section)?.[0] ?? 'Diagnostic Data')
            : 'Diagnostic Data';
      const rendered = renderValue(value);
      if (rendered === null) continue;
      const name = def?.name ?? key;
      const lines = bySection.get(sectionTitle) ?? [];
      lines.push(`${name.padStart(26)} : ${rendered}`);
      bySection.set(sectionTitle, lines);
    }
  }
  const titles = [...bySection.keys()].sort((a, b) => rank(order, a) - rank(order, b));
  const out: string[] = [];
  for (const t of titles) {
    out.push(BAR, `| ${t.padEnd(69)}|`, BAR, '', ...(bySection.get(t) ?? []), '');
  }
  return out.join('\n');
}

function rank(order: string[], title: string): number {
  const i = order.indexOf(title);
  return i < 0 ? order.length : i;
}

function renderValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'YES' : 'NO';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((v) => renderValue(v) ?? '').join(',');
  if (isObject(value)) {
    const from = fieldOf(value, 'ValidFrom');
    const to = fieldOf(value, 'ValidTo');
    if (from !== undefined || to !== undefined)
      return `[ ${renderValue(from) ?? ''} -- ${renderValue(to) ?? ''} ]`;
    const dt = fieldOf(value, 'DateTime') ?? fieldOf(value, 'value');
    if (dt !== undefined) return renderValue(dt);
    return JSON.stringify(value);
  }
  const text = String(value).replace(/\r?\n/g, ' ');
  const msDate = /^\/Date\((-?\d+)\)\/$/.exec(text);
  if (msDate) return utc(Number(msDate[1]));
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) && !Number.isNaN(Date.parse(text)))
    return utc(Date.parse(text));
  return text;
}

function utc(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}
