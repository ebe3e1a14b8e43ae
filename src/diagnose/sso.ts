import { codesInMessage, explain, findCodes, withRelatedForms } from '../knowledge/codes/index.ts';
import { type FieldName, fieldsWithRole } from '../knowledge/fields.ts';
import { REFS } from './finding.ts';
import { joinedToEntra } from './join-state.ts';
import { type CaptureEvidence, defineRule, type Reported, type Rule } from './rule.ts';
import { describeDuration, formatUtc, hoursBetween } from './time.ts';
import { type CaptureView, evidenceFor, evidenceOf } from './view.ts';

/** A PRT not updated for longer than this has a refresh problem (PRT troubleshooting article). */
export const PRT_STALE_HOURS = 4;

const PRT_OWNERS = {
  AzureAdPrt: { label: 'Microsoft Entra PRT', prefix: 'AzureAdPrt' },
  EnterprisePrt: { label: 'enterprise (AD FS) PRT', prefix: 'EnterprisePrt' },
} as const;
type Owner = keyof typeof PRT_OWNERS;

/** The fields of a PRT attempt's diagnostics block, from the field catalog's roles. */
const DIAGNOSTIC_FIELDS = fieldsWithRole('prt-diagnostics');

const prtMissing = defineRule({
  id: 'prt-missing',
  checks: ['F1'],
  evidence: ['capture'],
  findings: {
    'prt-missing': {
      title: 'The user has no Microsoft Entra PRT: single sign-on and device-based access fail',
    },
  },
  run({ capture: { view, join, context }, report }) {
    const field = view.get('AzureAdPrt', 'any');
    if (field?.value.kind !== 'bool' || field.value.value) return;
    if (!joinedToEntra(join) || !context.userFieldsTrusted) return;
    const hasAttempt = diagnosticScopes(view).some((s) => s.owner === 'AzureAdPrt');
    const codes = attemptCodes(view);
    const refusedCredentials = codes.some((c) => CREDENTIAL_CODES.has(c));
    const keySign = view.get('KeySignTest', 'any');
    const keyHealthy = keySign?.value.kind === 'test' && keySign.value.outcome === 'pass';
    const credentials =
      'Wrong credentials or a password not synced yet' +
      (refusedCredentials
        ? ` (the PRT attempt says so: ${codes.filter((c) => CREDENTIAL_CODES.has(c)).join(', ')}).`
        : ' (see the PRT attempt, if any).');
    const tpm = keyHealthy
      ? 'Ruled out by this capture: a bad storage key in the TPM (KeySignTest passed).'
      : 'A bad storage key in the TPM for the device registration (run `dsregcmd /status` elevated and check KeySignTest).';
    const others = [
      'Alternate login ID: the on-premises UPN differs from the Microsoft Entra UPN.',
      'An HTTP proxy that cannot be found or does not authenticate in the user’s sign-in context.',
    ];
    // Causes in the order the evidence supports them: a refused credential comes first and a
    // cause the capture rules out goes last, marked as ruled out.
    const causes = refusedCredentials
      ? [credentials, ...others, tpm]
      : keyHealthy
        ? [...others, credentials, tpm]
        : [tpm, ...others, credentials];
    report('prt-missing', {
      severity: 'error',
      checks: ['F1'],
      title: 'The user has no Microsoft Entra PRT: single sign-on and device-based access fail',
      evidence: [evidenceOf(field), ...evidenceFor(view, ['WamDefaultSet'], 'any')],
      explanation:
        'AzureAdPrt NO on a joined device: the user did not get a Primary Refresh Token at sign-in, so apps prompt for sign-in and device-based Conditional Access fails.' +
        (hasAttempt ? ' The failed attempt is decoded in the PRT attempt finding.' : ''),
      causes,
      steps: [
        'Lock and unlock the device (or sign out and in) while connected to the corporate network, then run `dsregcmd /status` again as the user.',
        'Read the Microsoft-Windows-AAD/Operational log (events 1006, 1007, 1081, 1084, 1088) for the attempt.',
      ],
      references: [REFS.prt, REFS.hybridJoin],
    });
    return;
  },
});

const prtAge = defineRule({
  id: 'prt-age',
  checks: ['F2', 'G2'],
  evidence: ['capture'],
  findings: {
    'prt-expired': { title: 'The PRT has expired' },
    'prt-not-refreshed': { title: 'The PRT was not refreshed within its renewal interval' },
    'enterprise-prt-expired': { title: 'The enterprise PRT has expired' },
  },
  run({ capture: { view, context }, report }) {
    const now = context.now;
    if (!now || !context.userFieldsTrusted) return;
    if (view.bool('AzureAdPrt', 'any') === true) {
      const expiry = view.get('AzureAdPrtExpiryTime', 'any');
      const update = view.get('AzureAdPrtUpdateTime', 'any');
      const left = expiry?.value.kind === 'time' ? hoursBetween(now, expiry.value.iso) : null;
      const age = update?.value.kind === 'time' ? hoursBetween(update.value.iso, now) : null;
      if (left !== null && left <= 0) {
        report('prt-expired', {
          severity: 'error',
          checks: ['F2'],
          title: `The Microsoft Entra PRT expired ${describeDuration(-left)} before the capture`,
          evidence: evidenceFor(view, ['AzureAdPrtUpdateTime', 'AzureAdPrtExpiryTime', 'Client Time'], 'any'),
          explanation:
            'An expired PRT is no longer renewed silently: the user gets no single sign-on until the next interactive sign-in.',
          causes: [
            'The device was offline or could not reach Microsoft Entra ID for the PRT lifetime.',
            'The device clock is wrong.',
          ],
          steps: [
            'Sign out and in (or lock and unlock) while connected, then check AzureAdPrtUpdateTime again.',
          ],
          references: [REFS.prt],
        });
      } else if (age !== null && age > PRT_STALE_HOURS) {
        report('prt-not-refreshed', {
          severity: 'warning',
          checks: ['F2'],
          title: `The Microsoft Entra PRT was last updated ${describeDuration(age)} before the capture`,
          evidence: evidenceFor(view, ['AzureAdPrtUpdateTime', 'Client Time'], 'any'),
          explanation: `Windows renews the PRT every ${PRT_STALE_HOURS} hours while the user is signed in; an older update time means the refresh is failing.`,
          causes: [
            'No connectivity to Microsoft Entra ID from the user context.',
            'Refresh fails on the server side (see any RefreshPrtDiagnostics).',
          ],
          steps: [
            'Lock and unlock the device to force a refresh, then check AzureAdPrtUpdateTime again.',
            'Read the AAD Operational log for the failed refresh.',
          ],
          references: [REFS.prt],
        });
      }
    }
    if (view.bool('EnterprisePrt', 'any') === true) {
      const expiry = view.get('EnterprisePrtExpiryTime', 'any');
      const left = expiry?.value.kind === 'time' ? hoursBetween(now, expiry.value.iso) : null;
      if (left !== null && left <= 0) {
        report('enterprise-prt-expired', {
          severity: 'warning',
          checks: ['F2'],
          title: `The enterprise (AD FS) PRT expired ${describeDuration(-left)} before the capture`,
          evidence: evidenceFor(
            view,
            ['EnterprisePrtUpdateTime', 'EnterprisePrtExpiryTime', 'Client Time'],
            'any',
          ),
          explanation:
            'Single sign-on to AD FS from this device no longer uses the enterprise PRT; Windows Hello certificate trust also depends on it.',
          steps: ['Sign in again with line of sight to AD FS, then check EnterprisePrtUpdateTime.'],
          references: [REFS.dsregcmd],
        });
      }
    }
  },
});

const prtAttempt = defineRule({
  id: 'prt-attempt-failed',
  checks: ['F3'],
  evidence: ['capture'],
  findings: {
    'prt-attempt-failed': { title: 'The last PRT attempt failed' },
  },
  run({ capture, report }) {
    for (const s of diagnosticScopes(capture.view)) {
      const found = attemptFinding(capture, s.scope, s.owner, s.kind);
      report(found.id, found);
    }
  },
});

const cloudKerberos = defineRule({
  id: 'cloud-kerberos-ticket',
  checks: ['F4'],
  evidence: ['capture'],
  findings: {
    'cloud-kerberos-no-onprem-ticket': { title: 'No cloud Kerberos ticket for on-premises resources' },
  },
  run({ capture: { view, join, context }, report }) {
    const field = view.inSection('sso-state', 'OnPremTgt');
    if (field?.value.kind !== 'bool' || field.value.value) return;
    if (join.joinState !== 'hybrid-joined' && join.joinState !== 'entra-joined') return;
    if (!context.userFieldsTrusted) return;
    report('cloud-kerberos-no-onprem-ticket', {
      severity: 'info',
      checks: ['F4'],
      title: 'No cloud Kerberos ticket for on-premises resources',
      evidence: [evidenceOf(field), ...evidenceFor(view, ['CloudTgt', 'KerbTopLevelNames'], 'any')],
      explanation:
        'OnPremTgt NO: Microsoft Entra ID did not issue a partial ticket for the on-premises realm. This matters only where Windows Hello for Business cloud Kerberos trust or FIDO2 sign-in to on-premises resources is used.',
      causes: [
        'No Microsoft Entra Kerberos server object in the domain.',
        'The user is not synced from the on-premises directory.',
      ],
      steps: [
        'If cloud Kerberos trust is deployed, check the Microsoft Entra Kerberos server object (`Get-AzureADKerberosServer`).',
      ],
      references: [REFS.dsregcmd],
    });
    return;
  },
});

interface DiagnosticScope {
  /** The block scope; null for a fragment pasted without its block header. */
  scope: string | null;
  owner: Owner;
  kind: 'acquire' | 'refresh';
}

/** What makes loose lines a PRT attempt: its status or the server's answer, not a user name alone. */
const ATTEMPT_CORE: readonly FieldName[] = [
  'Attempt Status',
  'HTTP Error',
  'Server Error Code',
  'Server Error Description',
];

/**
 * `AzureAdPrt/AcquirePrtDiagnostics`-style scopes that hold a failed attempt; and, when there is
 * none, attempt lines pasted without their block header (a fragment), read as one attempt.
 */
function diagnosticScopes(view: CaptureView): DiagnosticScope[] {
  const out: DiagnosticScope[] = [];
  for (const scope of view.scopes()) {
    const parts = scope.split('/');
    const block = parts[parts.length - 1] ?? '';
    if (!/PrtDiagnostics$/i.test(block)) continue;
    const owner: Owner = parts[0] === 'EnterprisePrt' ? 'EnterprisePrt' : 'AzureAdPrt';
    const kind = /^refresh/i.test(block) ? 'refresh' : 'acquire';
    if (DIAGNOSTIC_FIELDS.some((n) => view.has(n, scope))) out.push({ scope, owner, kind });
  }
  if (out.length === 0 && ATTEMPT_CORE.some((n) => view.has(n, null))) {
    out.push({ scope: null, owner: 'AzureAdPrt', kind: 'acquire' });
  }
  return out;
}

/** Every code the capture's PRT attempts name, fragments included. */
function attemptCodes(view: CaptureView): string[] {
  const codes: string[] = [];
  for (const { scope } of diagnosticScopes(view)) {
    for (const name of ATTEMPT_CORE) {
      const field = view.get(name, scope);
      if (!field) continue;
      const found =
        field.value.kind === 'code' ? withRelatedForms(field.value.code) : codesInMessage(field.raw);
      for (const c of found) if (!codes.includes(c)) codes.push(c);
    }
  }
  return codes;
}

/** Codes that say the user's credentials were refused: the device and its TPM are not the cause. */
const CREDENTIAL_CODES: ReadonlySet<string> = new Set([
  'AADSTS50126',
  'AADSTS50053',
  'AADSTS50055',
  'AADSTS50056',
  'AADSTS50057',
  '0xc000006d',
  '0xc000006a',
  '0xc0000064',
  '0xc0000071',
  '0xc0000072',
  '0xc0000234',
]);

function attemptFinding(
  ctx: CaptureEvidence,
  scope: string | null,
  owner: Owner,
  kind: 'acquire' | 'refresh',
): Reported<'prt-attempt-failed'> {
  const { view, context } = ctx;
  const get = (name: FieldName) => view.get(name, scope);
  const label = PRT_OWNERS[owner].label;
  const status = get('Attempt Status');
  const statusCodes =
    status?.value.kind === 'code' ? withRelatedForms(status.value.code) : status ? findCodes(status.raw) : [];
  const statusCode = statusCodes[0] ?? null;
  const httpError = get('HTTP Error');
  const httpErrorCode =
    httpError?.value.kind === 'code' && httpError.value.code !== '0x00000000' ? httpError.value.code : null;
  const httpStatus = get('HTTP status');
  const serverCode = get('Server Error Code')?.raw.trim() || null;
  const description = get('Server Error Description')?.raw.trim() || null;
  const serverCodes = description ? codesInMessage(description) : [];
  const user = get('User Identity')?.raw.trim() || null;
  const credential = get('Credential Type')?.raw.trim() || null;
  const when = get('Previous Prt Attempt');
  const whenIso = when?.value.kind === 'time' ? when.value.iso : null;

  // Most specific first: the server's own code, then the client status, then the transport.
  // A PRT attempt is not a join phase: the catalog gives its general reading.
  const explained = [...serverCodes, statusCode, httpErrorCode]
    .filter((c): c is string => c !== null)
    .map((c) => explain(c));
  // The OAuth error (`invalid_grant`) is generic: explained only when no AADSTS or MSIS code says more.
  const oauth = serverCode && serverCodes.length === 0 ? explain(serverCode) : null;
  if (oauth?.catalogued) explained.push(oauth);
  const parts: string[] = [];
  parts.push(
    `${kind === 'refresh' ? 'Refreshing' : 'Acquiring'} the ${label} failed` +
      (whenIso ? ` at ${formatUtc(whenIso)}` : '') +
      (user ? ` for ${user}` : '') +
      (credential ? ` with credential type ${credential}` : '') +
      '.',
  );
  for (const e of explained) {
    parts.push(`${e.code}${e.name ? ` (${e.name})` : ''}: ${e.meaning || 'not in the catalog.'}`);
  }
  // `HTTP status : 0` is no answer: the request never got one (the transport error says why).
  const http = httpStatus?.raw.trim() || null;
  const answered = http !== null && http !== '0';
  if (http === '0' && !serverCode) parts.push('No HTTP response was received (HTTP status 0).');
  else if (answered || serverCode) {
    parts.push(
      `The server answered${answered ? ` HTTP ${http}` : ''}${serverCode ? ` with ${serverCode}` : ''}.`,
    );
  }
  if (context.now && whenIso) {
    const age = hoursBetween(whenIso, context.now);
    if (age !== null && age >= 0) parts.push(`The attempt was ${describeDuration(age)} before the capture.`);
  }
  parts.push(
    'These diagnostics are shown only when the failure is newer than the last successful PRT update, and on a shared device the attempt may be another user’s' +
      (user ? ` (check that ${user} is the user you are troubleshooting).` : '.'),
  );
  const fragment = scope === null;
  if (fragment) {
    parts.push(
      'These lines were pasted without their block header (AcquirePrtDiagnostics or RefreshPrtDiagnostics under AzureAdPrt or EnterprisePrt): they are read as one attempt to get a PRT, but which PRT and whether it was an acquisition or a refresh is not shown.',
    );
  }
  const prtPresent = view.bool(owner, 'any');
  const severity =
    prtPresent === false && owner === 'AzureAdPrt' && context.userFieldsTrusted && !fragment
      ? 'error'
      : 'warning';
  const codes = [
    ...serverCodes,
    ...statusCodes,
    ...(httpErrorCode ? [httpErrorCode] : []),
    ...(serverCode ? [serverCode] : []),
  ];
  return {
    id: 'prt-attempt-failed',
    severity,
    checks: ['F3', ...new Set(explained.flatMap((e) => e.checks))],
    codes,
    title: `${fragment ? 'A PRT attempt (lines without their block header)' : `Last ${label} ${kind === 'refresh' ? 'refresh' : 'acquisition'}`} failed${explained[0] ? `: ${explained[0].code}${explained[0].name ? ` ${explained[0].name}` : ''}` : ''}`,
    evidence: DIAGNOSTIC_FIELDS.map((n) => get(n))
      .filter((f) => f !== undefined)
      .map(evidenceOf),
    explanation: parts.join(' '),
    causes: explained.flatMap((e) => e.causes),
    steps: [
      ...explained.flatMap((e) => e.steps),
      'Match the Correlation ID with the Microsoft Entra sign-in logs for the server-side view of this attempt.',
    ],
    references: [REFS.prt, ...explained.flatMap((e) => e.references)],
  };
}

export const SSO_RULES: readonly Rule[] = [prtMissing, prtAge, prtAttempt, cloudKerberos];
