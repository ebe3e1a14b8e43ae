/**
 * Windows Hello for Business prerequisites (checklist I1–I3): which check blocks provisioning,
 * per trust model. Certificate trust shows CertEnrollment `enrollment authority` with the AD FS
 * checks; cloud Kerberos trust shows `none` with OnPremTGT (CloudTGT before Windows 11 23H2).
 * @module
 */

import { explain } from '../knowledge/codes/index.ts';
import type { FieldName } from '../knowledge/fields.ts';
import type { CaptureField } from '../model/capture.ts';
import type { Evidence } from '../model/diagnosis.ts';
import { REFS } from './finding.ts';
import type { JoinReading } from './join-state.ts';
import { defineRule, type Reported, type Rule } from './rule.ts';
import { type CaptureView, evidenceFor, evidenceOf } from './view.ts';

const SECTION = 'ngc-prerequisite-check' as const;

/** What a NO means for provisioning, per prerequisite. */
const COMMON_BLOCKERS: ReadonlyArray<readonly [FieldName, string]> = [
  ['IsDeviceJoined', 'the device is not Microsoft Entra joined or hybrid joined (yet)'],
  [
    'IsUserAzureAD',
    'the signed-in user is not a Microsoft Entra user (a local account, or a user not synced)',
  ],
  ['PolicyEnabled', 'no Windows Hello for Business policy is enabled for this device or user'],
  [
    'DeviceEligible',
    'the device does not meet the hardware requirements (for example a TPM required by policy)',
  ],
  ['SessionIsNotRemote', 'the user is signed in remotely; provisioning does not start in a remote session'],
];

/** Prerequisites that are NO on any device that is not joined: the join, the user, the policy. */
const JOIN_BOUND = new Set(['IsDeviceJoined', 'IsUserAzureAD', 'PolicyEnabled']);

const CERT_TRUST_BLOCKERS: ReadonlyArray<readonly [FieldName, string]> = [
  ['AdfsRefreshToken', 'no enterprise PRT from AD FS for this user (certificate trust needs it)'],
  [
    'AdfsRaIsReady',
    'AD FS does not advertise itself as the Windows Hello registration authority, or the logon certificate template is not available',
  ],
  ['LogonCertTemplateReady', 'the Windows Hello logon certificate template is not valid'],
];

/** Cloud Kerberos trust needs a cloud TGT for on-premises resources. */
const CLOUD_TRUST_FIELDS = ['OnPremTgt', 'CloudTgt'] as const;

const prerequisites = defineRule({
  id: 'whfb-prerequisites',
  checks: ['I1', 'I2', 'I3'],
  evidence: ['capture'],
  findings: {
    'whfb-will-not-provision': { title: 'Windows Hello for Business will not provision' },
    'whfb-not-enabled': { title: 'Windows Hello for Business is not enabled by policy' },
    'whfb-will-provision': { title: 'Windows Hello for Business will provision' },
    'whfb-custom-provisioning': { title: 'Windows Hello for Business provisioning is customised' },
    'whfb-check-failed': { title: 'The Windows Hello for Business prerequisite check failed' },
    'whfb-device-not-joined': {
      title: 'Windows Hello for Business cannot provision: the device is not joined',
    },
  },
  run({ capture: { view, join, context }, report }) {
    const result = view.inSection(SECTION, 'PreReqResult');
    const policy = view.inSection(SECTION, 'PolicyEnabled');
    if (!result && !policy) return;
    const notJoined = deviceNotJoined(join);
    // Run as SYSTEM on a joined device, the check describes that account, not the user who would
    // provision Windows Hello (the finding on untrusted user fields says so); on a device not
    // joined, what the join rules out holds for every account.
    if (!context.userFieldsTrusted && !notJoined) return;
    const failed = checkFailed(view, notJoined);
    if (failed) {
      report(failed.id, failed);
      return;
    }
    const blockers: Array<{ field: CaptureField; why: string }> = [];
    for (const [name, why] of COMMON_BLOCKERS) {
      const field = view.inSection(SECTION, name);
      if (isNo(field)) blockers.push({ field: field as CaptureField, why });
    }
    const enrollment = view.inSection(SECTION, 'CertEnrollment');
    const model = trustModel(enrollment);
    if (model === 'certificate') {
      for (const [name, why] of CERT_TRUST_BLOCKERS) {
        const field = view.inSection(SECTION, name);
        if (isNo(field)) blockers.push({ field: field as CaptureField, why });
      }
    }
    if (model === 'cloud-kerberos-or-key') {
      const tgt = CLOUD_TRUST_FIELDS.map((n) => view.inSection(SECTION, n)).find((f) => f !== undefined);
      if (isNo(tgt)) {
        blockers.push({
          field: tgt as CaptureField,
          why: 'no cloud Kerberos ticket for on-premises resources: with cloud Kerberos trust, provisioning waits for it (the Microsoft Entra Kerberos server object, or line of sight to a domain controller, is missing)',
        });
      }
    }
    const willProvision = result ? /^\s*will\s*provision/i.test(result.raw) : null;
    const evidence: Evidence[] = [
      ...(result ? [evidenceOf(result)] : []),
      ...(enrollment ? [evidenceOf(enrollment)] : []),
      ...blockers.map((b) => evidenceOf(b.field)),
    ];
    const trustText =
      model === 'certificate'
        ? 'certificate trust, enrolled through AD FS as set by Group Policy'
        : model === 'mdm'
          ? 'certificates from mobile device management'
          : model === 'cloud-kerberos-or-key'
            ? 'key trust or cloud Kerberos trust, no certificate enrollment'
            : null;
    const joinBound = blockers.filter((b) => JOIN_BOUND.has(b.field.name));
    const others = blockers.filter((b) => !JOIN_BOUND.has(b.field.name));
    if (notJoined && blockers.some((b) => b.field.name === 'IsDeviceJoined')) {
      report('whfb-device-not-joined', {
        severity: 'info',
        checks: ['I1', 'I3'],
        title: 'Windows Hello for Business does not apply: the device is not joined',
        evidence: [...evidence, ...evidenceFor(view, ['AzureAdJoined', 'DomainJoined'], 'any')],
        explanation:
          `Windows Hello for Business for a work account needs a Microsoft Entra joined or hybrid joined device. This device is ${notJoinedText(join)}, so the prerequisites that depend on the join are expected to be NO: ${joinBound.map((b) => `${b.field.name} NO`).join(', ')}.` +
          (others.length > 0
            ? ` Still blocking once the device is joined: ${others.map((b) => `${b.field.name} NO, ${b.why}`).join('; ')}.`
            : '') +
          ' This is not a fault; it matters only if the device should be joined.',
        steps: [
          'If Windows Hello for Business should provision here, join the device first (see the join findings).',
        ],
        references: [REFS.dsregcmd, REFS.whfb],
      });
      return;
    }
    if (isNo(policy) && blockers.length === 1) {
      report('whfb-not-enabled', {
        severity: 'info',
        checks: ['I1', 'I3'],
        title: 'Windows Hello for Business is not enabled by policy',
        evidence,
        explanation:
          'PolicyEnabled NO: no Windows Hello for Business policy applies, so provisioning will not start. This is only a problem if the organisation intends to deploy it.',
        steps: [
          'Enable it through Group Policy (Use Windows Hello for Business) or the Intune account protection / enrollment policy.',
        ],
        references: [REFS.dsregcmd, REFS.whfb],
      });
      return;
    }
    if (blockers.length > 0 || willProvision === false) {
      report('whfb-will-not-provision', {
        severity: 'warning',
        checks: ['I1', 'I2', 'I3'],
        title: `Windows Hello for Business will not provision${blockers.length > 0 ? `: ${blockers.map((b) => b.field.name).join(', ')}` : ''}`,
        evidence,
        explanation:
          (trustText ? `Trust model: ${trustText}. ` : '') +
          (blockers.length > 0
            ? `What blocks provisioning: ${blockers.map((b) => `${b.field.name} NO, ${b.why}`).join('; ')}.`
            : 'PreReqResult says it will not provision, and no single prerequisite shows NO.'),
        causes: blockers.map((b) => `${b.field.name}: ${b.why}`),
        steps: [
          'Fix the prerequisites above in order, then sign out and in: provisioning runs after the next sign-in.',
          'Read the User Device Registration and HelloForBusiness event logs for the provisioning attempt.',
        ],
        references: [REFS.dsregcmd, REFS.whfb],
      });
      return;
    }
    const postLogon = view.inSection(SECTION, 'PostLogonEnabled');
    if (willProvision && isNo(postLogon)) {
      report('whfb-custom-provisioning', {
        severity: 'info',
        checks: ['I1'],
        title: 'Windows Hello for Business provisioning is started by a custom mechanism',
        evidence: [evidenceOf(postLogon as CaptureField), ...evidence],
        explanation:
          'PostLogonEnabled NO: Windows does not launch provisioning after sign-in itself; another tool or script must start it.',
        references: [REFS.dsregcmd],
      });
      return;
    }
    if (willProvision) {
      report('whfb-will-provision', {
        severity: 'info',
        checks: ['I3'],
        title: 'Windows Hello for Business prerequisites are met',
        evidence,
        explanation: `PreReqResult WillProvision: provisioning starts after the user's next sign-in${trustText ? ` (trust model: ${trustText})` : ''}.`,
        references: [REFS.dsregcmd],
      });
      return;
    }
    return;
  },
});

/** The Device State says the device is neither Entra joined, hybrid joined nor DRS joined. */
function deviceNotJoined(join: JoinReading): boolean {
  return join.azureAdJoined === false && join.enterpriseJoined !== true;
}

function notJoinedText(join: JoinReading): string {
  if (join.domainJoined === true) return 'domain joined but not hybrid joined';
  if (join.workplaceJoined === true) return 'only Microsoft Entra registered (a work account was added)';
  return 'not joined';
}

/** `UNKNOWN` printed for a YES/NO prerequisite: the check did not evaluate it. */
function isUnknown(field: CaptureField | undefined): boolean {
  if (!field) return false;
  return (field.value.kind as string) === 'unknown' || field.raw.trim().toUpperCase() === 'UNKNOWN';
}

/**
 * The prerequisite check itself failed (`NgcPreReq : ERROR (0x...)`, prerequisites UNKNOWN): its
 * result says nothing about which prerequisite is missing.
 */
function checkFailed(view: CaptureView, notJoined: boolean): Reported<'whfb-check-failed'> | null {
  const ngc = view.inSection(SECTION, 'NgcPreReq');
  const error = ngc && (ngc.value.kind === 'error' || /^\s*error\b/i.test(ngc.raw)) ? ngc : undefined;
  const names: FieldName[] = [...COMMON_BLOCKERS.map(([name]) => name), 'PostLogonEnabled'];
  const unknown = names
    .map((name) => view.inSection(SECTION, name))
    .filter((f): f is CaptureField => isUnknown(f));
  unknown.sort((a, b) => a.line - b.line);
  if (!error && unknown.length === 0) return null;
  const code = error ? errorCode(error) : null;
  const explained = code ? explain(code) : null;
  const codeText = explained
    ? ` Error ${explained.code}${explained.name ? ` (${explained.name})` : ''}: ${explained.meaning}`
    : '';
  const unknownText =
    unknown.length > 0
      ? ` ${unknown.map((f) => f.name).join(', ')} show UNKNOWN: they were not evaluated.`
      : '';
  const result = view.inSection(SECTION, 'PreReqResult');
  return {
    id: 'whfb-check-failed',
    severity: notJoined ? 'info' : 'warning',
    checks: ['I1', 'I3', ...(explained?.checks ?? [])],
    codes: explained ? [explained.code] : [],
    title: notJoined
      ? 'The Windows Hello for Business prerequisite check could not run: the device is not joined'
      : `The Windows Hello for Business prerequisite check failed${code ? ` (${code})` : ''}`,
    evidence: [
      ...(error ? [evidenceOf(error)] : []),
      ...unknown.map(evidenceOf),
      ...(result ? [evidenceOf(result)] : []),
    ],
    explanation:
      (error
        ? 'NgcPreReq shows ERROR: dsregcmd could not run the prerequisite check, so PreReqResult does not say which prerequisite is missing.'
        : 'The prerequisite check did not evaluate its checks, so PreReqResult does not say which prerequisite is missing.') +
      unknownText +
      codeText +
      (notJoined
        ? ' The device is not Microsoft Entra joined or hybrid joined, so the check is expected to fail; it matters only if the device should be joined.'
        : ''),
    causes: explained?.causes ?? [],
    steps: notJoined
      ? [
          'If Windows Hello for Business should provision here, join the device first (see the join findings).',
        ]
      : [
          ...(explained?.steps ?? []),
          'Run `dsregcmd /status` again as the signed-in user, not elevated; read the User Device Registration event log.',
        ],
    references: [REFS.dsregcmd, REFS.whfb, ...(explained?.references ?? [])],
  };
}

function errorCode(field: CaptureField): string | null {
  if (field.value.kind === 'error' && field.value.code) return field.value.code;
  return /\b(0x[0-9a-f]{1,8})\b/i.exec(field.raw)?.[1]?.toLowerCase() ?? null;
}

function isNo(field: CaptureField | undefined): boolean {
  return field?.value.kind === 'bool' && field.value.value === false;
}

type TrustModel = 'certificate' | 'mdm' | 'cloud-kerberos-or-key' | null;

function trustModel(field: CaptureField | undefined): TrustModel {
  if (!field) return null;
  const t = field.raw.trim().toLowerCase();
  if (t.startsWith('enrollment authority')) return 'certificate';
  if (t.startsWith('mobile device management')) return 'mdm';
  if (t === 'none') return 'cloud-kerberos-or-key';
  return null;
}

export const NGC_RULES: readonly Rule[] = [prerequisites];
