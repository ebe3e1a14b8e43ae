import { type CodeExplanation, explain, findCodes } from '../knowledge/codes/index.ts';
import type { CaptureField } from '../model/capture.ts';
import { REFS } from './finding.ts';
import { WINDOWS_BUILDS, windowsBuild } from './guide.ts';
import { joinedToEntra } from './join-state.ts';
import { defineRule, type Rule } from './rule.ts';
import { daysBetween, formatUtc, timeOf } from './time.ts';
import { evidenceFor, evidenceOf } from './view.ts';

const JOIN_FIELDS = ['AzureAdJoined', 'EnterpriseJoined', 'DomainJoined'] as const;

/** Certificates closer to expiry than this get a warning (checklist C1). */
export const CERT_WARNING_DAYS = 30;

const inconsistentJoin = defineRule({
  id: 'join-state-inconsistent',
  checks: ['B1', 'B3'],
  evidence: ['capture'],
  findings: {
    'join-state-inconsistent': { title: 'AzureAdJoined and EnterpriseJoined are both YES' },
  },
  run({ capture: { join, view }, report }) {
    if (join.joinState !== 'inconsistent') return;
    report('join-state-inconsistent', {
      // The capture, not the device, is what is known to be wrong: the health stays unknown.
      severity: 'warning',
      checks: ['B3'],
      title: 'AzureAdJoined and EnterpriseJoined are both YES',
      evidence: evidenceFor(view, JOIN_FIELDS),
      explanation:
        'A device is joined either to Microsoft Entra ID or to an on-premises DRS (AD FS), never to both. ' +
        'Windows does not print this combination: the capture was edited, merged from two runs, or mangled when copied.',
      causes: ['The text was pieced together from two captures or edited by hand.'],
      steps: ['Run `dsregcmd /status` again on the device and diagnose the unedited output.'],
      references: [REFS.dsregcmd],
    });
    return;
  },
});

const notDomainJoined = defineRule({
  id: 'not-domain-joined',
  checks: ['B4'],
  evidence: ['capture'],
  findings: {
    'not-domain-joined': { title: 'Not joined to an Active Directory domain: hybrid join is not possible' },
  },
  run({ capture: { join, view }, report }) {
    if (
      join.domainJoined !== false ||
      join.joinState === 'entra-joined' ||
      join.joinState === 'inconsistent'
    ) {
      return;
    }
    report('not-domain-joined', {
      severity: 'info',
      checks: ['B4'],
      title: 'Not joined to an Active Directory domain: hybrid join is not possible',
      evidence: evidenceFor(view, ['DomainJoined']),
      explanation:
        'Microsoft Entra hybrid join starts from a domain-joined computer. With DomainJoined NO the device can ' +
        'only be Microsoft Entra joined or registered.',
      steps: [
        'If this device should be hybrid joined, join it to the on-premises domain first.',
        'If it should be Microsoft Entra joined, join it from Settings > Accounts > Access work or school.',
      ],
      references: [REFS.hybridJoin],
    });
    return;
  },
});

const registeredOnly = defineRule({
  id: 'entra-registered',
  checks: ['B2'],
  evidence: ['capture'],
  findings: {
    'entra-registered': { title: 'Microsoft Entra registered (workplace joined) for this user' },
  },
  run({ capture: { join, view }, report }) {
    if (join.joinState !== 'entra-registered') return;
    report('entra-registered', {
      severity: 'info',
      checks: ['B2'],
      title: 'Microsoft Entra registered (workplace joined) for this user',
      evidence: evidenceFor(view, [...JOIN_FIELDS, 'WorkplaceJoined']),
      explanation:
        'The device is neither domain joined nor Microsoft Entra joined; a work or school account was added for ' +
        'the user who ran the command. Registration is per user: other users of this device may not be registered.',
      references: [REFS.dsregcmd],
    });
    return;
  },
});

const workplaceOnDomainDevice = defineRule({
  id: 'workplace-joined-on-domain-device',
  checks: ['B5', 'M3'],
  evidence: ['capture'],
  findings: {
    'workplace-joined-on-domain-device': { title: 'WorkplaceJoined is YES on a domain-joined device' },
  },
  run({ capture: { join, view, context }, report }) {
    if (join.workplaceJoined !== true || join.domainJoined !== true) return;
    const hybrid = join.joinState === 'hybrid-joined';
    report('workplace-joined-on-domain-device', {
      severity: hybrid ? 'info' : 'warning',
      checks: ['B5'],
      title: 'WorkplaceJoined is YES on a domain-joined device',
      evidence: evidenceFor(view, ['DomainJoined', 'AzureAdJoined', 'WorkplaceJoined']),
      explanation:
        'The expected value on a domain-joined (and hybrid joined) device is NO. YES means a work or school account ' +
        'was added before the hybrid join completed, so the device is also Microsoft Entra registered for this user. ' +
        'From Windows 10 1607 on, Windows ignores that registration once the device is hybrid joined.' +
        (context.userFieldsTrusted
          ? ''
          : ' This capture was not taken as the signed-in user, so this value may not be theirs.'),
      causes: [
        'A user added a work or school account under Settings > Accounts > Access work or school before the hybrid join finished.',
      ],
      steps: [
        'Remove the work or school account from Settings > Accounts > Access work or school if it is not needed.',
        'Prevent the dual state with the policy `HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WorkplaceJoin\\BlockAADWorkplaceJoin` = 1.',
        'Two accounts (one Entra ID, one on-premises) shown under Access work or school on a hotspot or external Wi-Fi is a known display issue without functional impact.',
      ],
      references: [REFS.hybridJoin, REFS.faq],
    });
    return;
  },
});

const hybridNotComplete = defineRule({
  id: 'hybrid-join-not-complete',
  checks: ['B6', 'B7'],
  evidence: ['capture'],
  findings: {
    'hybrid-join-not-complete': { title: 'Hybrid join not complete' },
  },
  run({ capture: { capture, join, view, phase }, report }) {
    if (join.joinState !== 'domain-joined' || join.inferred) return;
    const failed = phase.phase !== null || phase.errorCode !== null;
    // Before 1803 the output has no Diagnostic Data: "no failed attempt shown" would say nothing.
    const build = windowsBuild(capture.windowsVersion);
    const attemptsHidden =
      !failed && (capture.read.layout === 'flat' || (build !== null && build.build < WINDOWS_BUILDS.v1803));
    report('hybrid-join-not-complete', {
      severity: failed ? 'info' : 'warning',
      checks: ['B6', 'B7'],
      title: failed
        ? 'Hybrid join has not completed (AzureAdJoined NO)'
        : attemptsHidden
          ? 'Hybrid join has not completed; this layout does not show whether an attempt failed'
          : 'Hybrid join has not completed, and the capture shows no failed attempt',
      evidence: evidenceFor(view, JOIN_FIELDS),
      explanation: failed
        ? 'AzureAdJoined is NO: the join attempt failed; the finding about the failing phase says where and why.'
        : attemptsHidden
          ? 'AzureAdJoined is NO. Windows 10 before 1803 prints no record of join attempts, so whether hybrid join ' +
            'is not configured, not attempted yet, or failing is told by the User Device Registration event log.'
          : 'AzureAdJoined is NO and the capture shows no failed attempt. Either hybrid join is not configured for ' +
            'this computer, or it has not been attempted yet (it runs at startup and sign-in).',
      causes: [
        'Hybrid join is not configured for this computer (no SCP or client-side targeting, or the computer is out of scope).',
        'No line of sight to a domain controller when the join task ran.',
        'The computer cannot reach Microsoft Entra ID or the registration service, or cannot find or authenticate to its HTTP proxy in the SYSTEM context.',
        'Computer authentication failed, or the federation service lacks WS-Trust endpoints or refuses Integrated Windows Authentication from computers.',
        'A TPM in a bad state.',
        'No service connection point that names a verified domain.',
      ],
      steps: [
        'On Windows 10 1803 and later, run `dsregcmd /status` from an elevated prompt and read Diagnostic Data.',
        'On earlier versions, read events 304, 305 and 307 in Applications and Services Logs > Microsoft > Windows > User Device Registration.',
      ],
      references: [REFS.hybridJoin],
    });
    return;
  },
});

const certificateValidity = defineRule({
  id: 'device-certificate-validity',
  checks: ['C1', 'G2'],
  evidence: ['capture'],
  findings: {
    'device-certificate-expired': { title: 'The device certificate has expired' },
    'device-certificate-not-yet-valid': { title: 'The device certificate is not valid yet' },
    'device-certificate-expiring': { title: 'The device certificate expires soon' },
  },
  run({ capture: { view, context }, report }) {
    const field = view.get('DeviceCertificateValidity', 'any');
    if (field?.value.kind !== 'range' || !context.now) return;
    const { from, to } = field.value;
    const now = context.now;
    const base = {
      checks: ['C1'],
      evidence: [evidenceOf(field), ...evidenceFor(view, ['Client Time'])],
      references: [REFS.dsregcmd, REFS.faq],
    };
    const nowMs = timeOf(now) as number;
    const toMs = timeOf(to);
    const fromMs = timeOf(from);
    if (toMs !== null && toMs <= nowMs) {
      report('device-certificate-expired', {
        ...base,
        severity: 'error',
        title: `The device certificate expired on ${formatUtc(to as string)}`,
        explanation:
          'The device authenticates to Microsoft Entra ID with this certificate; once expired, device authentication, ' +
          'the PRT and device-based Conditional Access fail.',
        causes: [
          'The device was off or disconnected for the whole renewal window.',
          'The device clock is wrong.',
        ],
        steps: [
          'Check that Client Time is right.',
          'Re-register the device: hybrid joined `dsregcmd /leave` as administrator, restart and sign in with a domain account; Microsoft Entra joined `dsregcmd /forcerecovery`.',
        ],
      });
      return;
    }
    if (fromMs !== null && fromMs > nowMs) {
      report('device-certificate-not-yet-valid', {
        ...base,
        severity: 'error',
        title: `The device certificate is not valid before ${formatUtc(from as string)}`,
        explanation:
          'The certificate starts later than the capture time: the device clock is behind, or the certificate was issued against a clock that was ahead.',
        causes: ['The device clock is wrong (time sync with the domain hierarchy broken).'],
        steps: ['Fix the time source of the device (`w32tm /query /status`), then sign out and in again.'],
      });
      return;
    }
    const days = daysBetween(now, to);
    if (days !== null && days < CERT_WARNING_DAYS) {
      report('device-certificate-expiring', {
        ...base,
        severity: 'warning',
        title: `The device certificate expires in ${days} day${days === 1 ? '' : 's'}`,
        explanation: `It is valid until ${formatUtc(to as string)}. When it expires, device authentication stops working.`,
        steps: ['Make sure the device signs in online before that date, or plan a re-registration.'],
      });
      return;
    }
    return;
  },
});

/**
 * Each `Work Account` section (Windows 11) describes one Entra registration with its own
 * certificate: the device view leaves those sections out, so their certificates are read here.
 */
const workAccountCertificates = defineRule({
  id: 'work-account-certificate-validity',
  checks: ['C1'],
  evidence: ['capture'],
  findings: {
    'work-account-certificate-expired': { title: 'A work account registration certificate has expired' },
  },
  run({ capture: { capture, view, context }, report }) {
    const now = context.now ? timeOf(context.now) : null;
    if (now === null) return;
    const expired: { section: string; field: CaptureField; to: string; tenant: string | null }[] = [];
    for (const section of capture.sections) {
      if (section.id !== 'work-account') continue;
      const field = section.fields.find((f) => f.name === 'DeviceCertificateValidity');
      const to = field?.value.kind === 'range' ? field.value.to : null;
      const toMs = to ? timeOf(to) : null;
      if (!field || !to || toMs === null || toMs > now) continue;
      const tenant = section.fields.find((f) => f.name === 'WorkplaceTenantName')?.raw.trim() || null;
      expired.push({ section: section.title ?? 'Work Account', field, to, tenant });
    }
    if (expired.length === 0) return;
    const named = expired.map(
      (e) => `${e.section}${e.tenant ? ` (${e.tenant})` : ''}, expired on ${formatUtc(e.to)}`,
    );
    report('work-account-certificate-expired', {
      severity: 'error',
      checks: ['C1'],
      title: `A work account registration certificate has expired: ${named.join('; ')}`,
      evidence: [
        ...expired.map((e) => ({ ...evidenceOf(e.field), scope: e.section })),
        ...evidenceFor(view, ['Client Time']),
      ],
      explanation:
        'Each work account registered on this device (Microsoft Entra registered) authenticates with its own device certificate. ' +
        'Once it has expired, single sign-on and device-based Conditional Access for that work account fail.',
      causes: [
        'The device was off or disconnected for the whole renewal window.',
        'The device clock is wrong.',
      ],
      steps: [
        'Check that Client Time is right.',
        'Remove the work account in Settings > Accounts > Access work or school and add it again, which registers the device anew.',
      ],
      references: [REFS.dsregcmd, REFS.faq],
    });
  },
});

const keyProtection = defineRule({
  id: 'device-key-software',
  checks: ['C2'],
  evidence: ['capture'],
  findings: {
    'device-key-software': { title: 'The device key is stored in software, not in a TPM' },
  },
  run({ capture: { view, join }, report }) {
    if (!joinedToEntra(join) || view.bool('TpmProtected', 'any') !== false) return;
    report('device-key-software', {
      severity: 'info',
      checks: ['C2'],
      title: 'The device key is stored in software, not in a TPM',
      evidence: evidenceFor(view, ['KeyProvider', 'TpmProtected'], 'any'),
      explanation:
        'TpmProtected NO: the device private key is held by a software key storage provider and could be copied with ' +
        'the machine. This is normal on devices or virtual machines without a usable TPM; from Windows 10 1809 Windows ' +
        'also falls back to software keys when the TPM fails during hybrid join.',
      causes: [
        'No TPM 2.0, or the TPM is disabled.',
        'TPM failure during join (1809+ falls back to a software key).',
        'A virtual machine without a virtual TPM.',
      ],
      steps: [
        'If a TPM should be present, check it with `tpm.msc`; re-registering after fixing it moves the key into the TPM.',
      ],
      references: [REFS.dsregcmd, REFS.hybridJoin],
    });
    return;
  },
});

const deviceAuth = defineRule({
  id: 'device-auth-status',
  checks: ['C3'],
  evidence: ['capture'],
  findings: {
    'device-disabled-or-deleted': { title: 'The device is disabled or deleted in Microsoft Entra ID' },
    'device-auth-test-not-run': { title: 'DeviceAuthStatus could not be tested' },
    'device-auth-failed': { title: 'DeviceAuthStatus failed with an error code' },
  },
  run({ capture: { view }, report }) {
    const field = view.get('DeviceAuthStatus', 'any');
    if (field?.value.kind !== 'status' || field.value.outcome !== 'failed') return;
    const message = field.value.message ?? '';
    const code = field.value.code;
    if (/disabled|deleted/i.test(message)) {
      report('device-disabled-or-deleted', {
        severity: 'error',
        checks: ['C3'],
        codes: code ? [code] : [],
        title: 'The device is disabled or deleted in Microsoft Entra ID',
        evidence: [evidenceOf(field), ...evidenceFor(view, ['DeviceId'], 'any')],
        explanation:
          'DeviceAuthStatus checks the device against Microsoft Entra ID. The device object is disabled or gone, so ' +
          'device authentication, the PRT and device-based Conditional Access fail for every user.',
        causes: [
          'An administrator disabled or deleted the device (stale-device cleanup).',
          'For hybrid joined devices: the computer object left the Entra Connect sync scope, or was disabled on premises.',
        ],
        steps: [
          'Enable the device in the Microsoft Entra admin center if it still exists.',
          'Hybrid joined: run `dsregcmd /leave` as administrator, restart, and sign in with a domain account to re-register.',
          'Microsoft Entra joined: run `dsregcmd /forcerecovery` and sign in.',
        ],
        references: [REFS.dsregcmd, REFS.faq],
      });
      return;
    }
    // `FAILED. Error: 0x801c0002`: the check ran and the code says what went wrong; each code
    // printed (`0x801c0002 0x80072ee7`) is read.
    const codes = [...new Set([...(code ? [code] : []), ...findCodes(message)])];
    const read = codes.map((c) => explain(c)).filter((e) => e.catalogued);
    const first = read[0];
    if (first) {
      report('device-auth-failed', {
        severity: 'warning',
        checks: ['C3'],
        codes,
        title: `DeviceAuthStatus failed: ${first.code}${first.name ? ` ${first.name}` : ''}`,
        evidence: [evidenceOf(field), ...evidenceFor(view, ['DeviceId'], 'any')],
        explanation: [
          `DeviceAuthStatus checks the device against Microsoft Entra ID; the check failed with ${reading(first)}`,
          ...read.slice(1).map((e) => `It also printed ${reading(e)}`),
          'Device authentication, the PRT and device-based Conditional Access depend on this check.',
        ].join(' '),
        causes: [...new Set(read.flatMap((e) => e.causes))],
        steps: [
          ...new Set(read.flatMap((e) => e.steps)),
          'Run `dsregcmd /status` again as administrator once the cause is fixed: DeviceAuthStatus should read SUCCESS.',
        ],
        references: [REFS.dsregcmd, ...first.references],
      });
      return;
    }
    report('device-auth-test-not-run', {
      severity: 'warning',
      checks: ['C3'],
      codes: code ? [code] : [],
      title: 'DeviceAuthStatus could not be tested',
      evidence: [evidenceOf(field)],
      explanation:
        'FAILED. ERROR means the test itself did not run: it needs network access to Microsoft Entra ID in the SYSTEM context. It says nothing about the device object.',
      causes: ['No network, or no proxy that the SYSTEM context can use.'],
      steps: [
        'Check connectivity to https://login.microsoftonline.com and https://device.login.microsoftonline.com as SYSTEM, then run `dsregcmd /status` again.',
      ],
      references: [REFS.dsregcmd],
    });
    return;
  },
});

/** `0x801c0002 (DSREG_E_DEVICE_AUTHENTICATION_ERROR): The device could not be authenticated…` */
function reading(e: CodeExplanation): string {
  return `${e.code}${e.name ? ` (${e.name})` : ''}: ${e.meaning}`;
}

const virtualDesktop = defineRule({
  id: 'virtual-desktop',
  checks: ['C4'],
  evidence: ['capture'],
  findings: {
    'virtual-desktop-invalid': { title: 'Virtual Desktop metadata is present but invalid' },
    'virtual-desktop-non-persistent': { title: 'Non-persistent virtual desktop' },
  },
  run({ capture: { view }, report }) {
    const field = view.get('Virtual Desktop', 'any');
    if (!field) return;
    const state = field.raw.trim().toUpperCase();
    if (state.startsWith('INVALID')) {
      report('virtual-desktop-invalid', {
        severity: 'warning',
        checks: ['C4'],
        title: 'Virtual Desktop metadata is present but invalid',
        evidence: [evidenceOf(field), ...evidenceFor(view, ['Provider', 'Type', 'User mode'], 'any')],
        explanation:
          'The VDI metadata on this device is set but not in the form Windows expects; dsregcmd prints what it found.',
        steps: ['Check the VDI vendor configuration that writes this metadata.'],
        references: [REFS.dsregcmd],
      });
      return;
    }
    const type = view.text('Type', 'any') ?? '';
    if (state.startsWith('YES') && /non[- ]?persistent/i.test(type)) {
      report('virtual-desktop-non-persistent', {
        severity: 'info',
        checks: ['C4'],
        title: 'Non-persistent virtual desktop',
        evidence: [evidenceOf(field), ...evidenceFor(view, ['Provider', 'Type', 'User mode'], 'any')],
        explanation:
          'Device and user registration state must not roam or be captured in the image of a non-persistent VDI.',
        steps: [
          'Build the image from a machine that was never joined or registered.',
          'Set `BlockAADWorkplaceJoin` = 1 to avoid registered accounts on top of the hybrid join.',
        ],
        references: [REFS.dsregcmd],
      });
      return;
    }
    return;
  },
});

export const DEVICE_RULES: readonly Rule[] = [
  inconsistentJoin,
  notDomainJoined,
  registeredOnly,
  workplaceOnDomainDevice,
  hybridNotComplete,
  certificateValidity,
  workAccountCertificates,
  keyProtection,
  deviceAuth,
  virtualDesktop,
];
