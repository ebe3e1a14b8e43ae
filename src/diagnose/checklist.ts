/**
 * The checklist (`shared/spec/checklist.md`, IDs A1…M4) with what implements each item: reader
 * modules, rule ids (collected from the rules themselves), the error catalog, event-log rules and
 * guide topics. `dsreg-doctor checklist` prints it; a test fails when a judgeable item has nothing.
 * @module
 */
import { EVENT_RULES } from '../events/rules.ts';
import { eventFindings } from '../knowledge/events/index.ts';
import { GUIDE } from './guide.ts';
import { RULES } from './rules.ts';

export interface ChecklistItem {
  id: string;
  title: string;
  implementedBy: string[];
  /** True when a `dsregcmd /status` capture alone is enough to judge the item. */
  judgedFromCapture: boolean;
  /**
   * The event findings that implement the item, read from the event records
   * (`finding (provider:id, …)`), and the rules that read several events together (`rule:id`).
   */
  events: string[];
}

/** Event findings and the rules that read several events together, by checklist ID. */
function eventImplementers(id: string): string[] {
  const findings = eventFindings()
    .filter((e) => e.finding.checks.includes(id))
    .map((e) => `${e.finding.id} (${e.events.join(', ')})`);
  const rules = EVENT_RULES.filter((r) => r.checks.includes(id)).map((r) => `rule:${r.id}`);
  return [...findings, ...rules];
}

const CATALOG = 'catalog:knowledge/codes';

/** Each item: our short title, implementers outside the rules, and whether a capture can judge it. */
const ITEMS: ReadonlyArray<readonly [string, string, readonly string[], boolean]> = [
  [
    'A1',
    'Sectioned /status layout (1803+), unknown sections kept',
    ['read:index', 'read:document', 'knowledge:fields'],
    true,
  ],
  ['A2', 'Flat layout before 1803', ['read:document', 'knowledge:fields'], true],
  ['A3', 'Key/value separator variants', ['read:split'], true],
  ['A4', 'Collapsed line breaks from web pages', ['read:split', 'read:lines', 'read:noise'], true],
  ['A5', 'Field-name variants across versions', ['knowledge:fields'], true],
  ['A6', 'Test results with error and sub-error', ['read:values'], true],
  ['A7', 'Validity ranges and UTC timestamps', ['read:values'], true],
  ['A8', 'GUID with provider; YES with detail', ['read:values'], true],
  ['A9', 'KerbTopLevelNames list', ['read:values'], true],
  ['A10', 'SettingsUrl base64 JSON decoded', ['read:values'], true],
  ['A11', 'Virtual Desktop block', ['read:document', 'read:values'], true],
  ['B1', 'Join state table', ['verdict:joinState'], true],
  ['B2', 'WorkplaceJoined: Entra registered for the user', ['verdict:workplaceJoined'], true],
  ['B3', 'AzureAdJoined and EnterpriseJoined both YES is inconsistent', ['verdict:joinState'], true],
  ['B4', 'DomainJoined NO: no hybrid join possible', [], true],
  ['B5', 'WorkplaceJoined YES on a domain-joined device', [], true],
  ['B6', 'AzureAdJoined NO on a domain-joined device', [], true],
  ['B7', 'Causes of an incomplete hybrid join', [], true],
  ['C1', 'Device certificate validity against Client Time', [], true],
  ['C2', 'Software key versus TPM-protected key', [], true],
  ['C3', 'DeviceAuthStatus', [], true],
  ['C4', 'Virtual Desktop NOT SET / YES / INVALID', [], true],
  ['C5', 'Device identifiers shown and redactable', ['read:values', 'render:redact'], true],
  ['D1', 'Empty or present MDM URLs', [], true],
  ['D2', 'Tenant details and service endpoints', [], true],
  ['E1', 'Windows Hello key and CanReset', [], true],
  ['E2', 'WAM default account, ERROR when elevated', [], true],
  ['E3', 'User and SSO fields valid only in the user context', ['verdict:confidence'], true],
  ['F1', 'No PRT on a joined device', [], true],
  ['F2', 'PRT and enterprise PRT times', [], true],
  ['F3', 'PRT attempt diagnostics decoded', [CATALOG], true],
  ['F4', 'Cloud Kerberos tickets', [], true],
  ['G1', 'User Context of the pre-join tests', ['verdict:confidence'], true],
  ['G2', 'Client Time as the reference time', ['diagnose:context'], true],
  ['G3', 'AD Connectivity Test: pre-check phase', ['diagnose:phase'], true],
  ['G4', 'AD Configuration Test: discover phase, SCP', ['diagnose:phase'], true],
  ['G5', 'DRS Discovery Test: discover phase, sub-error', ['diagnose:phase', CATALOG], true],
  ['G6', 'DRS Connectivity Test', ['diagnose:phase'], true],
  ['G7', 'Token acquisition Test: auth phase, sync fallback', ['diagnose:phase'], true],
  ['G8', 'Fallback to Sync-Join', [], true],
  ['G9', 'Previous Registration time and Registration Type', ['diagnose:phase'], true],
  ['G10', 'Error Phase', ['diagnose:phase', 'verdict:failedPhase'], true],
  ['G11', 'Client ErrorCode decoded', [CATALOG, 'verdict:errorCode'], true],
  ['G12', 'Server ErrorCode and Server Message matched', [CATALOG], true],
  ['G13', 'Https Status and Request Id', [], true],
  ['H1', 'AadRecoveryEnabled', [], true],
  ['H2', 'KeySignTest', [], true],
  ['I1', 'Windows Hello prerequisites that block provisioning', [], true],
  ['I2', 'CertEnrollment and certificate trust checks', [], true],
  ['I3', 'PreReqResult and cloud Kerberos trust', [], true],
  ['J1', 'Every code of the 2019 hybrid join article', [CATALOG], true],
  ['J2', 'Any form of a code looks up the same entry', [CATALOG, 'cli:explain'], true],
  ['J3', 'Same code, different meaning per phase', [CATALOG], true],
  ['J4', 'Server error tables (federated and sync join)', [CATALOG], true],
  ['J5', 'The seed’s wrong user-realm discovery value corrected', [CATALOG], true],
  ['K1', 'User Device Registration events before 1803', ['events:304,305,307,201,204'], false],
  ['L1', 'Down-level status: autoworkplace.exe and Workplace Join log', ['events:wpj'], false],
  ['L2', 'Down-level common issues', [], false],
  ['L3', 'Down-level common causes', [], false],
  ['L4', 'Down-level registration facts', [], false],
  ['M1', 'Applicability by Windows version', [], true],
  ['M2', 'What to collect for support', ['collect-for-support'], false],
  ['M3', 'Known issue: two accounts under Access work or school', [], false],
  ['M4', 'Looking codes up in any form', ['cli:explain', CATALOG, 'collect-for-support'], false],
];

export function checklistCoverage(): ChecklistItem[] {
  return ITEMS.map(([id, title, others, judgedFromCapture]) => {
    const rules = RULES.filter((r) => r.checks.includes(id)).map((r) => r.id);
    const topics = GUIDE.filter((t) => t.checks.includes(id)).map((t) => `guide:${t.id}`);
    return {
      id,
      title,
      implementedBy: [...new Set([...others, ...rules, ...topics])],
      judgedFromCapture,
      events: eventImplementers(id),
    };
  });
}
