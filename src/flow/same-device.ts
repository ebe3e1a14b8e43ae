/**
 * Several runs of one device in one input (a failed `dsregcmd /join /debug`, then a `/status`
 * pasted after it): each report says what the other runs of its device show, in the input's
 * order, so a failure a later run got past reads as history.
 *
 * Same device: the device IDs when both documents state one; else the computer names (a short
 * name matches its FQDN) with tenants that do not differ. A document that names neither (a
 * `/join /debug` trace states only its tenant) goes with the one device of its tenant in the
 * input, and with none when the input holds several.
 * @module
 */
import { codeName } from '../knowledge/codes/index.ts';
import { computerNamesAgree, deviceIdsOf } from '../model/device.ts';
import { JOIN_STATE_NAMES } from '../model/labels.ts';
import type { DeviceReport, ReportNotice } from '../model/report.ts';

interface Doc {
  report: DeviceReport;
  /** Position among the input's reports. */
  at: number;
  tenantId: string | null;
  deviceId: string | null;
  /** Short name upper case (`DEVICE-01`), or null. */
  computer: string | null;
  /** As a capture prints it, lower case (`device-01.contoso.com`), or null. */
  name: string | null;
  /** Matched by tenant alone: it names no computer and no device ID. */
  byTenant: boolean;
}

/** How many groups of one short name a document is compared with. */
const CANDIDATES = 16;

interface Group {
  tenantId: string | null;
  deviceId: string | null;
  computer: string | null;
  name: string | null;
  members: Doc[];
}

/**
 * The reports of one input's captures, in document order, each with a notice naming the other
 * runs of its device in the input (none when every capture is of another device).
 */
export function linkSameDevice(reports: readonly DeviceReport[]): DeviceReport[] {
  if (reports.length < 2) return [...reports];
  const groups = groupsOf(reports.map(docOf));
  const out = [...reports];
  for (const group of groups) {
    const { members } = group;
    const last = members[members.length - 1];
    if (members.length < 2 || !last) continue;
    // One pass: the run each member names before it is the last failed one, else the last one.
    // The document that made the group (a name or a device ID): what a trace matched by tenant joined.
    const named = members.find((m) => !m.byTenant) ?? last;
    let before: Doc | undefined;
    let failedBefore: Doc | undefined;
    for (const doc of members) {
      const others = { last: doc === last ? undefined : last, before: failedBefore ?? before, named };
      const notice = noticeFor(doc, group.computer, others);
      out[doc.at] = { ...doc.report, notices: [...(doc.report.notices ?? []), notice] };
      before = doc;
      if (failed(doc.report)) failedBefore = doc;
    }
  }
  return out;
}

function docOf(report: DeviceReport, at: number): Doc {
  const ids = report.capture
    ? deviceIdsOf(report.capture)
    : { tenantId: null, deviceId: null, computer: null, domain: null };
  const name =
    ids.computer === null
      ? null
      : `${ids.computer}${ids.domain?.includes('.') ? `.${ids.domain}` : ''}`.toLowerCase();
  return { report, at, ...ids, name, byTenant: false };
}

/** Groups in order of first document; each document looked up by key, never against every other. */
function groupsOf(docs: readonly Doc[]): Group[] {
  const groups: Group[] = [];
  const byDevice = new Map<string, Group>();
  const byShort = new Map<string, Group[]>();
  const join = (doc: Doc, found: Group | undefined): void => {
    const group = found ?? { tenantId: null, deviceId: null, computer: null, name: null, members: [] };
    if (!found) groups.push(group);
    group.members.push(doc);
    group.tenantId ??= doc.tenantId;
    if (group.deviceId === null && doc.deviceId !== null) {
      group.deviceId = doc.deviceId;
      byDevice.set(doc.deviceId, group);
    }
    if (group.computer === null && doc.computer !== null) {
      group.computer = doc.computer;
      group.name = doc.name;
      const short = doc.computer.toLowerCase();
      const list = byShort.get(short);
      if (list) list.push(group);
      else byShort.set(short, [group]);
    }
  };
  const nameless: Doc[] = [];
  for (const doc of docs) {
    if (doc.report.capture === null) continue;
    if (doc.deviceId === null && doc.computer === null) {
      nameless.push(doc);
      continue;
    }
    let found = doc.deviceId === null ? undefined : byDevice.get(doc.deviceId);
    if (!found && doc.computer !== null && doc.name !== null) {
      const name = doc.name;
      // A few groups at most share a short name; the look is bounded all the same.
      found = (byShort.get(doc.computer.toLowerCase()) ?? []).slice(0, CANDIDATES).find(
        (g) =>
          // Two device IDs that differ are two registrations, whatever the names say.
          (g.deviceId === null || doc.deviceId === null) &&
          g.name !== null &&
          computerNamesAgree(g.name, name) &&
          (g.tenantId === null || doc.tenantId === null || g.tenantId === doc.tenantId),
      );
    }
    join(doc, found);
  }
  if (nameless.length > 0) {
    const byTenant = new Map<string, Group[]>();
    for (const g of groups)
      if (g.tenantId !== null) {
        const list = byTenant.get(g.tenantId);
        if (list) list.push(g);
        else byTenant.set(g.tenantId, [g]);
      }
    for (const doc of nameless) {
      const candidates = doc.tenantId === null ? [] : (byTenant.get(doc.tenantId) ?? []);
      const [only] = candidates;
      if (candidates.length !== 1 || !only) continue;
      doc.byTenant = true;
      only.members.push(doc);
    }
    for (const g of groups) g.members.sort((a, b) => a.at - b.at);
  }
  return groups;
}

const JOINED = new Set(['entra-joined', 'hybrid-joined', 'drs-joined']);

function failed(report: DeviceReport): boolean {
  return report.verdict.failedPhase !== null || report.verdict.health === 'failing';
}

/** Joined, with no failure: a run that shows the device got past an earlier failure. */
function joinedWell(report: DeviceReport): boolean {
  return JOINED.has(report.verdict.joinState) && !failed(report);
}

/**
 * The notice of one run: the last run of its device after it (`last`), the run before it that
 * matters most (`before`: the last failed one, else the last one), and the run that names the
 * device (`named`).
 */
function noticeFor(
  doc: Doc,
  computer: string | null,
  { last, before, named }: { last: Doc | undefined; before: Doc | undefined; named: Doc },
): ReportNotice {
  // Only a name the run's own capture states: a name from another capture would reach the report
  // before anything in it (what redaction learns names from) says it.
  const device = doc.computer !== null && computer !== null ? computer : 'this device';
  const parts: string[] = [];
  let history = false;
  if (last) {
    history = failed(doc.report) && joinedWell(last.report);
    parts.push(
      `a later run of ${device} in this input (${label(last)}) ${outcome(last.report)}${history ? `: this failure is history; read capture ${last.report.source.document + 1} for the device's state` : ''}`,
    );
  }
  if (before) {
    const past = failed(before.report) && joinedWell(doc.report);
    parts.push(
      `an earlier run of ${device} in this input (${label(before)}) ${outcome(before.report)}${past ? ': the device got past that failure' : ''}`,
    );
  }
  if (doc.byTenant)
    parts.push(
      `this run names no computer and no device ID, only its tenant: it is taken as the device of capture ${named.report.source.document + 1}, the only device of that tenant in this input`,
    );
  return { code: 'same-device-runs', severity: history ? 'warning' : 'info', message: parts.join('; ') };
}

/** `capture 2`: the document as the report's heading numbers it (and how it was matched). */
function label(doc: Doc): string {
  return `capture ${doc.report.source.document + 1}${doc.byTenant ? ', matched by its tenant' : ''}`;
}

/** What a run shows, in a few words: how it failed, else the join state and health. */
function outcome(report: DeviceReport): string {
  const v = report.verdict;
  if (failed(report)) {
    const name = v.errorCode ? codeName(v.errorCode) : null;
    const code = v.errorCode ? ` (${v.errorCode}${name ? ` ${name}` : ''})` : '';
    if (v.failedPhase === null && v.errorCode === null) return `fails: ${v.summary.replace(/\.$/, '')}`;
    return `failed${v.failedPhase ? ` in the ${v.failedPhase} phase` : ''}${code}`;
  }
  const health =
    v.health === 'healthy' ? 'healthy' : v.health === 'attention' ? 'needs attention' : 'health unknown';
  if (v.joinState === 'unknown') return `shows no join state (${health})`;
  const state = JOIN_STATE_NAMES[v.joinState];
  const named = state.startsWith('Microsoft') ? state : `${state[0]?.toLowerCase() ?? ''}${state.slice(1)}`;
  return `shows the device ${named} (${health})`;
}
