/**
 * Post-join rules (checklist H): device key health and recovery.
 * @module
 */
import { codesInMessage, explain, isHexCode } from '../knowledge/codes/index.ts';
import { REFS } from './finding.ts';
import { defineRule, type Rule } from './rule.ts';
import { evidenceFor, evidenceOf } from './view.ts';

const recovery = defineRule({
  id: 'aad-recovery-enabled',
  checks: ['H1'],
  evidence: ['capture'],
  findings: {
    'aad-recovery-enabled': { title: 'The device is marked for recovery: its keys are not usable' },
  },
  run({ capture: { view, join }, report }) {
    if (view.bool('AadRecoveryEnabled', 'any') !== true) return;
    const silent = join.joinState === 'hybrid-joined';
    report('aad-recovery-enabled', {
      severity: 'warning',
      checks: ['H1'],
      title: 'The device is marked for recovery: its keys are not usable',
      evidence: evidenceFor(view, ['AadRecoveryEnabled', 'KeySignTest'], 'any'),
      explanation:
        'The keys stored for the device registration cannot be used. The next sign-in starts recovery and ' +
        're-registers the device' +
        (silent
          ? ' (silently, because the device is hybrid joined).'
          : ' (the user is asked to authenticate unless the device is hybrid joined).'),
      causes: ['The TPM was cleared or reset.', 'The key container was deleted or corrupted.'],
      steps: [
        'Have the user sign in (or lock and unlock) while connected, then run `dsregcmd /status` again.',
      ],
      references: [REFS.dsregcmd],
    });
    return;
  },
});

const keySign = defineRule({
  id: 'key-sign-test',
  checks: ['H2'],
  evidence: ['capture'],
  findings: {
    'key-sign-test-failed': { title: 'KeySignTest failed: the device key cannot sign' },
    'key-sign-test-not-run': { title: 'KeySignTest did not run: the command was not elevated' },
  },
  run({ capture: { view }, report }) {
    const field = view.get('KeySignTest', 'any');
    if (field?.value.kind !== 'test') return;
    const { outcome, text, code } = field.value;
    if (outcome === 'fail') {
      // Every code it printed, in any form (`0x80280036`, `-2144862154`, `NTE_BAD_KEYSET`), read.
      const codes = [...new Set([...(code ? [code] : []), ...codesInMessage(text)])].filter(isHexCode);
      const read = codes.map((c) => explain(c)).filter((e) => e.catalogued);
      report('key-sign-test-failed', {
        severity: 'error',
        checks: ['H2'],
        codes,
        title: 'KeySignTest failed: the device key cannot sign',
        evidence: [evidenceOf(field), ...evidenceFor(view, ['AadRecoveryEnabled', 'TpmProtected'], 'any')],
        explanation:
          'The device proves its identity by signing with its private key. The test failed, so device authentication and the PRT will fail; the device is usually marked for recovery.' +
          read.map((e) => ` Error ${e.code}${e.name ? ` (${e.name})` : ''}: ${e.meaning}`).join(''),
        causes: ['The TPM was cleared, locked out or is in a bad state.', 'The key was deleted.'],
        steps: [
          'Sign in again while connected to trigger recovery (silent on hybrid joined devices).',
          'If recovery does not happen: hybrid joined `dsregcmd /leave` as administrator and restart; Microsoft Entra joined `dsregcmd /forcerecovery`.',
        ],
        references: [REFS.dsregcmd],
      });
      return;
    }
    if (outcome === 'other' && /elevat/i.test(text)) {
      report('key-sign-test-not-run', {
        severity: 'info',
        checks: ['H2', 'F1'],
        title: 'KeySignTest did not run: the command was not elevated',
        evidence: [evidenceOf(field)],
        explanation:
          'KeySignTest needs administrator rights; without it the health of the device key is unknown.',
        steps: ['Run `dsregcmd /status` from an elevated command prompt to test the device key.'],
        references: [REFS.dsregcmd],
      });
      return;
    }
    return;
  },
});

export const POSTJOIN_RULES: readonly Rule[] = [recovery, keySign];
