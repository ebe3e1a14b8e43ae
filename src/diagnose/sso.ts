/**
 * SSO rules (checklist F): whether the user has a PRT, how fresh it is, and what the last failed
 * PRT attempt says (F3): Attempt Status, HTTP Error and the server's code and description are each
 * decoded through the catalog, for the Entra PRT or the enterprise (AD FS) PRT it belongs to.
 * @module
 */
import type { Finding } from '../model/diagnosis.ts';
import { codesInText, explainCode } from './catalog.ts';
import { finding, REFS } from './finding.ts';
import { isCloudJoined } from './join-state.ts';
import type { Rule, RuleContext } from './rule.ts';
import { describeDuration, formatUtc, hoursBetween } from './time.ts';
import { type CaptureView, evidenceFor, evidenceOf } from './view.ts';

/** A PRT not updated for longer than this has a refresh problem (PRT troubleshooting article). */
export const PRT_STALE_HOURS = 4;

const PRT_OWNERS = {
  AzureAdPrt: { label: 'Microsoft Entra PRT', prefix: 'AzureAdPrt' },
  EnterprisePrt: { label: 'enterprise (AD FS) PRT', prefix: 'EnterprisePrt' },
} as const;
type Owner = keyof typeof PRT_OWNERS;

const DIAGNOSTIC_FIELDS = [
  'Previous Prt Attempt',
  'Attempt Status',
  'User Identity',
  'Credential Type',
  'Correlation ID',
  'Endpoint URI',
  'HTTP Method',
  'HTTP Error',
  'HTTP status',
  'Server Error Code',
  'Server Error Description',
] as const;

const prtMissing: Rule = {
  id: 'prt-missing',
  checks: ['F1'],
  findings: ['prt-missing'],
  run({ view, join, context }) {
    const field = view.get('AzureAdPrt', 'any');
    if (field?.value.kind !== 'bool' || field.value.value) return [];
    if (!isCloudJoined(join.joinState) || !context.userFieldsTrusted) return [];
    const hasAttempt = diagnosticScopes(view).some((s) => s.owner === 'AzureAdPrt');
    return [
      finding({
        id: 'prt-missing',
        severity: 'error',
        checks: ['F1'],
        title: 'The user has no Microsoft Entra PRT: single sign-on and device-based access fail',
        evidence: [evidenceOf(field), ...evidenceFor(view, ['WamDefaultSet'], 'any')],
        explanation:
          'AzureAdPrt NO on a joined device: the user did not get a Primary Refresh Token at sign-in, so apps prompt for sign-in and device-based Conditional Access fails.' +
          (hasAttempt ? ' The failed attempt is decoded in the PRT attempt finding.' : ''),
        causes: [
          'A bad storage key in the TPM for the device registration (run `dsregcmd /status` elevated and check KeySignTest).',
          'Alternate login ID: the on-premises UPN differs from the Microsoft Entra UPN.',
          'An HTTP proxy that cannot be found or does not authenticate in the user’s sign-in context.',
          'Wrong credentials or a password not synced yet (see the PRT attempt, if any).',
        ],
        steps: [
          'Lock and unlock the device (or sign out and in) while connected to the corporate network, then run `dsregcmd /status` again as the user.',
          'Read the Microsoft-Windows-AAD/Operational log (events 1006, 1007, 1081, 1084, 1088) for the attempt.',
        ],
        references: [REFS.prt, REFS.hybridJoin],
      }),
    ];
  },
};

const prtAge: Rule = {
  id: 'prt-age',
  checks: ['F2', 'G2'],
  findings: ['prt-expired', 'prt-not-refreshed', 'enterprise-prt-expired'],
  run({ view, context }) {
    const now = context.now;
    if (!now || !context.userFieldsTrusted) return [];
    const out: Finding[] = [];
    if (view.bool('AzureAdPrt', 'any') === true) {
      const expiry = view.get('AzureAdPrtExpiryTime', 'any');
      const update = view.get('AzureAdPrtUpdateTime', 'any');
      const left = expiry?.value.kind === 'time' ? hoursBetween(now, expiry.value.iso) : null;
      const age = update?.value.kind === 'time' ? hoursBetween(update.value.iso, now) : null;
      if (left !== null && left <= 0) {
        out.push(
          finding({
            id: 'prt-expired',
            severity: 'error',
            checks: ['F2'],
            title: `The Microsoft Entra PRT expired ${describeDuration(-left)} before the capture`,
            evidence: evidenceFor(
              view,
              ['AzureAdPrtUpdateTime', 'AzureAdPrtExpiryTime', 'Client Time'],
              'any',
            ),
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
          }),
        );
      } else if (age !== null && age > PRT_STALE_HOURS) {
        out.push(
          finding({
            id: 'prt-not-refreshed',
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
          }),
        );
      }
    }
    if (view.bool('EnterprisePrt', 'any') === true) {
      const expiry = view.get('EnterprisePrtExpiryTime', 'any');
      const left = expiry?.value.kind === 'time' ? hoursBetween(now, expiry.value.iso) : null;
      if (left !== null && left <= 0) {
        out.push(
          finding({
            id: 'enterprise-prt-expired',
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
          }),
        );
      }
    }
    return out;
  },
};

const prtAttempt: Rule = {
  id: 'prt-attempt-failed',
  checks: ['F3'],
  findings: ['prt-attempt-failed'],
  run(ctx) {
    return diagnosticScopes(ctx.view).map((s) => attemptFinding(ctx, s.scope, s.owner, s.kind));
  },
};

const cloudKerberos: Rule = {
  id: 'cloud-kerberos-ticket',
  checks: ['F4'],
  findings: ['cloud-kerberos-no-onprem-ticket'],
  run({ view, join, context }) {
    const field = view.inSection('sso-state', 'OnPremTgt');
    if (field?.value.kind !== 'bool' || field.value.value) return [];
    if (join.joinState !== 'hybrid-joined' && join.joinState !== 'entra-joined') return [];
    if (!context.userFieldsTrusted) return [];
    return [
      finding({
        id: 'cloud-kerberos-no-onprem-ticket',
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
      }),
    ];
  },
};

interface DiagnosticScope {
  scope: string;
  owner: Owner;
  kind: 'acquire' | 'refresh';
}

/** `AzureAdPrt/AcquirePrtDiagnostics`-style scopes that hold a failed attempt. */
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
  return out;
}

function attemptFinding(ctx: RuleContext, scope: string, owner: Owner, kind: 'acquire' | 'refresh'): Finding {
  const { view, context } = ctx;
  const get = (name: string) => view.get(name, scope);
  const label = PRT_OWNERS[owner].label;
  const status = get('Attempt Status');
  const statusCode = status?.value.kind === 'code' ? status.value.code : null;
  const httpError = get('HTTP Error');
  const httpErrorCode =
    httpError?.value.kind === 'code' && httpError.value.code !== '0x00000000' ? httpError.value.code : null;
  const httpStatus = get('HTTP status');
  const serverCode = get('Server Error Code')?.raw.trim() || null;
  const description = get('Server Error Description')?.raw.trim() || null;
  const serverCodes = description ? codesInText(description) : [];
  const user = get('User Identity')?.raw.trim() || null;
  const credential = get('Credential Type')?.raw.trim() || null;
  const when = get('Previous Prt Attempt');
  const whenIso = when?.value.kind === 'time' ? when.value.iso : null;

  // Most specific first: the server's own code, then the client status, then the transport.
  // A PRT attempt is not a join phase: the catalog gives its general reading.
  const explained = [...serverCodes, statusCode, httpErrorCode]
    .filter((c): c is string => c !== null)
    .map((c) => explainCode(c, null));
  // The OAuth error (`invalid_grant`) is generic: explained only when no AADSTS or MSIS code says more.
  const oauth = serverCode && serverCodes.length === 0 ? explainCode(serverCode, null) : null;
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
  if (httpStatus || serverCode) {
    parts.push(
      `The server answered${httpStatus ? ` HTTP ${httpStatus.raw.trim()}` : ''}${serverCode ? ` with ${serverCode}` : ''}.`,
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
  const prtPresent = view.bool(owner, 'any');
  const severity =
    prtPresent === false && owner === 'AzureAdPrt' && context.userFieldsTrusted ? 'error' : 'warning';
  const codes = [
    ...serverCodes,
    ...(statusCode ? [statusCode] : []),
    ...(httpErrorCode ? [httpErrorCode] : []),
    ...(serverCode ? [serverCode] : []),
  ];
  return finding({
    id: 'prt-attempt-failed',
    severity,
    checks: ['F3', ...new Set(explained.flatMap((e) => e.checks))],
    codes,
    title: `Last ${label} ${kind === 'refresh' ? 'refresh' : 'acquisition'} failed${explained[0] ? `: ${explained[0].code}${explained[0].name ? ` ${explained[0].name}` : ''}` : ''}`,
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
  });
}

export const SSO_RULES: readonly Rule[] = [prtMissing, prtAge, prtAttempt, cloudKerberos];
