import { explain } from '../knowledge/codes/index.ts';
import { REFS } from './finding.ts';
import { type JoinReading, joinedToEntra } from './join-state.ts';
import { defineRule, type Rule } from './rule.ts';
import { type CaptureView, evidenceFor, evidenceOf } from './view.ts';

const USER_SECTION_FIELDS = ['NgcSet', 'WorkplaceJoined', 'WamDefaultSet', 'AzureAdPrt'] as const;

const CAN_RESET: Record<string, string> = {
  destructiveonly:
    'the key can only be reset by deleting it and provisioning a new one (PIN reset destroys the key)',
  nondestructiveonly: 'the PIN can be reset without deleting the key (non-destructive PIN reset)',
  destructiveandnondestructive: 'the PIN can be reset either way (destructive or non-destructive)',
  unknown: 'Windows could not tell how the PIN can be reset (it hit an error reading the key)',
};

const untrustedUserFields = defineRule({
  id: 'user-fields-not-from-user',
  checks: ['E3', 'G1'],
  evidence: ['capture'],
  findings: {
    'user-fields-not-from-user': { title: 'User and SSO state do not describe the signed-in user' },
  },
  run({ capture: { view, context }, report }) {
    if (context.userFieldsTrusted) return;
    const present = USER_SECTION_FIELDS.filter((name) => view.has(name));
    if (present.length === 0) return;
    const why = `the command ran as ${context.userContext === 'system' ? 'SYSTEM' : (context.executingAccount ?? 'a service account')}`;
    report('user-fields-not-from-user', {
      severity: 'info',
      checks: ['E3'],
      title: 'User and SSO state do not describe the signed-in user',
      evidence: [
        ...evidenceFor(view, ['User Context', 'Executing Account Name', 'SessionIsNotRemote'], 'any'),
        ...evidenceFor(view, present),
      ],
      explanation:
        `User State and SSO State are read for the account that ran dsregcmd, and ${why}. ` +
        'Device and pre-join results are valid; PRT, WAM and Windows Hello values are not the user’s.',
      steps: [
        'For user and SSO state, run `dsregcmd /status` in a normal (not elevated) prompt, signed in locally as the user.',
      ],
      references: [REFS.dsregcmd],
    });
    return;
  },
});

const helloKey = defineRule({
  id: 'windows-hello-key',
  checks: ['E1'],
  evidence: ['capture'],
  findings: {
    'windows-hello-key': { title: 'Windows Hello for Business key' },
    'windows-hello-key-state-unknown': { title: 'Windows Hello for Business key state unknown' },
  },
  run({ capture: { view, context }, report }) {
    const ngcSet = view.get('NgcSet', 'any');
    if (ngcSet?.value.kind !== 'bool' || !ngcSet.value.value || !context.userFieldsTrusted) return;
    const canReset = view.get('CanReset', 'any');
    const key = canReset ? canReset.raw.trim().toLowerCase() : '';
    const meaning = CAN_RESET[key];
    const unknown = key === 'unknown';
    report(unknown ? 'windows-hello-key-state-unknown' : 'windows-hello-key', {
      severity: unknown ? 'warning' : 'info',
      checks: ['E1'],
      title: unknown
        ? 'Windows Hello key present, but its reset state could not be read'
        : 'Windows Hello key set for this user',
      evidence: [evidenceOf(ngcSet), ...evidenceFor(view, ['NgcKeyId', 'CanReset'], 'any')],
      explanation: `NgcSet YES: the user has a Windows Hello key${meaning ? `; CanReset says ${meaning}` : ''}.`,
      steps: unknown
        ? [
            'If PIN reset or sign-in with Windows Hello fails, remove and re-provision the PIN (`certutil -deletehellocontainer` as the user, then sign out and in).',
          ]
        : [],
      references: [REFS.dsregcmd],
    });
    return;
  },
});

const wamDefault = defineRule({
  id: 'wam-default-account',
  checks: ['E2', 'F1'],
  evidence: ['capture'],
  findings: {
    'wam-default-error-elevated': { title: 'WamDefaultSet shows ERROR because the command ran elevated' },
    'wam-default-error': { title: 'WamDefaultSet shows ERROR' },
    'wam-default-error-not-joined': {
      title: 'WamDefaultSet shows ERROR: expected without a join or a work account',
    },
    'wam-default-not-set': { title: 'No default WAM account for this user' },
    'wam-default-personal-account': { title: 'The default WAM account is a personal Microsoft account' },
  },
  run({ capture: { view, context, join }, report }) {
    const field = view.get('WamDefaultSet', 'any');
    if (!field) return;
    if (field.value.kind === 'error' && context.elevated !== true && noWorkIdentity(view, join)) {
      // Neither joined nor a work account: there is no Entra account for WAM to default to.
      const code = field.value.code ? explain(field.value.code) : null;
      report('wam-default-error-not-joined', {
        severity: 'info',
        checks: ['E2'],
        codes: code ? [code.code] : [],
        title: 'WamDefaultSet shows ERROR: expected without a join or a work account',
        evidence: [
          evidenceOf(field),
          ...evidenceFor(
            view,
            ['AzureAdJoined', 'DomainJoined', 'WorkplaceJoined', 'WorkAccountCount'],
            'any',
          ),
        ],
        explanation:
          'The device is not Microsoft Entra joined or hybrid joined and the user has no work or school account, so there is no Microsoft Entra account for the token broker (WAM) to hold as default; dsregcmd reports the failed query as ERROR.' +
          (code ? ` Error ${code.code}${code.name ? ` (${code.name})` : ''}: ${code.meaning}` : ''),
        steps: ['Nothing to fix for WAM: if the device should be joined, diagnose the join first.'],
        references: [REFS.dsregcmd],
      });
    } else if (field.value.kind === 'error') {
      const expected = context.elevated === true;
      report(expected ? 'wam-default-error-elevated' : 'wam-default-error', {
        severity: expected ? 'info' : 'warning',
        checks: ['E2'],
        codes: field.value.code ? [field.value.code] : [],
        title: expected
          ? 'WamDefaultSet shows ERROR because the command ran elevated'
          : 'WamDefaultSet shows ERROR',
        evidence: [evidenceOf(field), ...evidenceFor(view, ['User Context'], 'any')],
        explanation: expected
          ? 'From an elevated prompt dsregcmd cannot read the WAM accounts of the signed-in user; the error is expected and says nothing about the user.'
          : 'dsregcmd could not read the default WAM account of this user. This is expected when the prompt was elevated; if it was not, the token broker state of the user is damaged.',
        steps: expected
          ? ['Run `dsregcmd /status` without elevation as the user to see the real value.']
          : [
              'Run `dsregcmd /status` without elevation as the user; if it still shows ERROR, sign out and in, then check the AAD Operational event log.',
            ],
        references: [REFS.dsregcmd],
      });
    } else if (
      field.value.kind === 'bool' &&
      !field.value.value &&
      context.userFieldsTrusted &&
      joinedToEntra(join)
    ) {
      report('wam-default-not-set', {
        severity: 'warning',
        checks: ['E2', 'F1'],
        title: 'No default WAM account for this user',
        evidence: [evidenceOf(field), ...evidenceFor(view, ['AzureAdPrt'], 'any')],
        explanation:
          'WamDefaultSet NO on a joined device: the user did not authenticate to Microsoft Entra ID at sign-in, so apps cannot get single sign-on.',
        causes: [
          'The sign-in did not produce a PRT (see the SSO findings).',
          'A bad storage key in the TPM (check KeySignTest, elevated).',
          'Alternate login ID: the on-premises UPN is not the Entra UPN.',
          'An HTTP proxy the user context cannot find.',
        ],
        steps: [
          'Lock and unlock, or sign out and in, while connected; then run `dsregcmd /status` again as the user.',
        ],
        references: [REFS.hybridJoin, REFS.prt],
      });
    }
    const guid = view.get('WamDefaultGUID', 'any');
    if (
      guid?.value.kind === 'guid' &&
      guid.value.provider &&
      /microsoft\s*account|msa/i.test(guid.value.provider)
    ) {
      report('wam-default-personal-account', {
        severity: 'info',
        checks: ['E2'],
        title: 'The default WAM account is a personal Microsoft account',
        evidence: [evidenceOf(guid), ...evidenceFor(view, ['WamDefaultAuthority', 'WamDefaultId'], 'any')],
        explanation:
          'For a work account the provider is AzureAd, the authority `organizations` and the ID https://login.microsoft.com. Here the default account belongs to the Microsoft account provider.',
        references: [REFS.dsregcmd],
      });
    }
  },
});

const PRT_AUTHORITIES = ['AzureAdPrtAuthority', 'EnterprisePrtAuthority'] as const;

/** Not joined to Entra ID or a DRS in any form, and no work account registered for the user. */
function noWorkIdentity(view: CaptureView, join: JoinReading): boolean {
  if (join.azureAdJoined !== false || join.enterpriseJoined === true) return false;
  if (join.workplaceJoined !== false) return false;
  const accounts = view.get('WorkAccountCount', 'any');
  if (accounts?.value.kind === 'number' && accounts.value.value > 0) return false;
  // A PRT authority means the user signed in with an Entra or AD FS account after all.
  return !PRT_AUTHORITIES.some((name) => view.authority(name) !== null);
}

export const USER_RULES: readonly Rule[] = [untrustedUserFields, helloKey, wamDefault];
