/**
 * TPM (TPM_E_, TPM_20_E_, TBS_E_) and key storage (NTE_) codes: join-phase failures when the device
 * key is created or used, and the usual suspects behind a missing PRT or a failed KeySignTest.
 * @module
 */
import { define, reading } from './define.ts';
import {
  DEVICE_FAQ,
  HRESULT_VALUES,
  HYBRID_JOIN_CURRENT,
  SEED_JOIN_TPM,
  TPM_FUNDAMENTALS,
  TPM_NOTFIPS_JOIN,
} from './sources.ts';
import type { CodeEntry, CodeFamily } from './types.ts';

const LOCKOUT_STEPS = [
  'Wait for the TPM lockout to expire (dictionary-attack protection); the next join or sign-in attempt should then succeed.',
  'Avoid clearing the TPM to get out of it: that deletes the device key.',
];
const SOFTWARE_FALLBACK =
  'Windows 10 1809 and later detect such TPM failures and complete hybrid join without the TPM.';

function sdk(
  code: string,
  name: string,
  family: CodeFamily,
  summary: string,
  causes: string[] = [],
  steps: string[] = [],
): CodeEntry {
  return define({
    code,
    name,
    family,
    summary,
    readings: causes.length > 0 ? [reading(null, summary, causes, steps)] : [],
    sources: [HRESULT_VALUES],
  });
}

export const TPM_ENTRIES: CodeEntry[] = [
  define({
    code: '0x80090016',
    name: 'NTE_BAD_KEYSET',
    family: 'nte',
    summary: 'The key container does not exist: the device key is gone or was never there.',
    messages: ['Keyset does not exist'],
    readings: [
      reading(
        ['join'],
        'A TPM or key-storage operation failed because the expected key container does not exist.',
        [
          'The device was installed from a sysprep image of a machine that was already registered, hybrid joined or Entra joined.',
          'The TPM was cleared, deleting the keys.',
        ],
        [
          'Build images only from machines that were never joined or registered with Entra ID.',
          'Do not clear the TPM on registered devices.',
          'Unjoin (`dsregcmd /leave` as SYSTEM) and let the device join again.',
        ],
      ),
      reading(
        null,
        'The device or user key is no longer in the TPM; PRT and Windows Hello requests fail.',
        ['The TPM was cleared.', 'Several WAM accounts left over after a key loss.'],
        ['Remove and re-add the affected work accounts, or re-register the device.'],
        'PRT attempt',
      ),
    ],
    checks: ['J1', 'H2'],
    sources: [SEED_JOIN_TPM, HYBRID_JOIN_CURRENT],
  }),
  define({
    code: '0x80290407',
    name: 'TPM_E_PCP_INTERNAL_ERROR',
    family: 'tpm',
    summary: 'A generic error of the TPM Platform Crypto Provider.',
    readings: [
      reading(
        ['join'],
        `The TPM failed while creating or using the device key. ${SOFTWARE_FALLBACK}`,
        ['TPM firmware faults.', 'A TPM in a bad state.'],
        [
          'Update the TPM firmware.',
          'On builds before 1809, disable the TPM on affected devices so the join uses a software key.',
          'Move to Windows 10 1809 or later.',
        ],
      ),
    ],
    checks: ['J1'],
    sources: [SEED_JOIN_TPM, HYBRID_JOIN_CURRENT],
    windows: 'Before 1809 the join fails; from 1809 Windows falls back to a software key.',
  }),
  define({
    code: '0x80280036',
    name: 'TPM_E_NOTFIPS',
    family: 'tpm',
    summary: 'The TPM is in FIPS mode, which is not supported for registration (TPM 1.2).',
    messages: ['The TPM is attempting to execute a command only available when in FIPS mode'],
    readings: [
      reading(
        ['join'],
        `The TPM refused the command because it runs in FIPS mode; registration supports FIPS-compliant TPM 2.0 only, not TPM 1.2 in FIPS mode. ${SOFTWARE_FALLBACK}`,
        ['A TPM 1.2 chip in FIPS mode.'],
        [
          'Disable the TPM for registration on these devices, or move to TPM 2.0.',
          'Use Windows 10 1809 or later, which completes the join without the TPM.',
        ],
      ),
    ],
    checks: ['J1'],
    sources: [SEED_JOIN_TPM, DEVICE_FAQ, TPM_NOTFIPS_JOIN],
    windows: 'Before 1809 the join fails; from 1809 Windows falls back to a software key.',
  }),
  define({
    code: '0x80090031',
    name: 'NTE_AUTHENTICATION_IGNORED',
    family: 'nte',
    summary: 'The TPM is locked out (dictionary-attack protection); transient.',
    readings: [
      reading(
        ['join'],
        'The TPM ignored the authorization because its anti-hammering lockout is active. It clears by itself after the cooldown.',
        ['Too many failed TPM authorizations (for example repeated PIN failures).'],
        LOCKOUT_STEPS,
      ),
    ],
    checks: ['J1'],
    sources: [SEED_JOIN_TPM, TPM_FUNDAMENTALS],
  }),
  define({
    code: '0x80290409',
    name: 'TPM_E_PCP_AUTHENTICATION_IGNORED',
    family: 'tpm',
    summary: 'The TPM ignored the authorization because of its lockout.',
    readings: [
      reading(
        null,
        'The Platform Crypto Provider reports the TPM lockout.',
        ['Too many failed TPM authorizations.'],
        LOCKOUT_STEPS,
      ),
    ],
    sources: [HRESULT_VALUES, TPM_FUNDAMENTALS],
  }),
  define({
    code: '0x80280921',
    name: 'TPM_20_E_LOCKOUT',
    family: 'tpm',
    summary: 'The TPM 2.0 is in dictionary-attack lockout.',
    readings: [
      reading(
        null,
        'The TPM refuses authorizations until its lockout expires.',
        ['Too many failed TPM authorizations.'],
        LOCKOUT_STEPS,
      ),
    ],
    sources: [HRESULT_VALUES, TPM_FUNDAMENTALS],
  }),
  define({
    code: '0x80280803',
    name: 'TPM_E_DEFEND_LOCK_RUNNING',
    family: 'tpm',
    summary: 'The TPM is in a dictionary-attack timeout.',
    readings: [
      reading(
        null,
        'The TPM is waiting out a lockout timeout.',
        ['Too many failed TPM authorizations.'],
        LOCKOUT_STEPS,
      ),
    ],
    sources: [HRESULT_VALUES, TPM_FUNDAMENTALS],
  }),
  define({
    code: '0x80090023',
    name: 'NTE_TOKEN_KEYSET_STORAGE_FULL',
    family: 'nte',
    summary: 'The key storage (TPM) has no room for another key container.',
    readings: [
      reading(
        ['join'],
        'The TPM or key storage provider could not hold another key.',
        ['Many leftover keys in the TPM from earlier registrations or Windows Hello enrollments.'],
        [
          'Remove stale registrations and Windows Hello containers; as a last resort, clear the TPM and re-register.',
        ],
      ),
    ],
    sources: [HRESULT_VALUES],
  }),
  sdk(
    '0x8009000d',
    'NTE_NO_KEY',
    'nte',
    'The requested key does not exist.',
    ['The device or Windows Hello key was deleted.'],
    ['Re-register the device or re-provision Windows Hello.'],
  ),
  sdk('0x80090011', 'NTE_NOT_FOUND', 'nte', 'The key or object was not found in the provider.'),
  sdk(
    '0x80090030',
    'NTE_DEVICE_NOT_READY',
    'nte',
    'The device (TPM) behind the key provider is not ready.',
    ['The TPM is not ready or is in reduced functionality.'],
    ['Check `tpm.msc` or Get-Tpm; update TPM firmware.'],
  ),
  sdk('0x80090010', 'NTE_PERM', 'nte', 'The key provider refused access to the key.'),
  sdk('0x80090029', 'NTE_NOT_SUPPORTED', 'nte', 'The key provider does not support the operation.'),
  sdk('0x80090003', 'NTE_BAD_KEY', 'nte', 'The key is unusable.'),
  sdk('0x80090027', 'NTE_INVALID_PARAMETER', 'nte', 'A parameter passed to the key provider is not valid.'),
  sdk('0x8009002d', 'NTE_INTERNAL_ERROR', 'nte', 'An internal error of the key provider.'),
  sdk('0x80090020', 'NTE_FAIL', 'nte', 'A generic error of the key provider.'),
  sdk(
    '0x80290401',
    'TPM_E_PCP_DEVICE_NOT_READY',
    'tpm',
    'The TPM is not ready for the Platform Crypto Provider.',
    ['The TPM is not provisioned or is disabled.'],
    ['Check `tpm.msc`; initialise the TPM.'],
  ),
  sdk('0x80290408', 'TPM_E_PCP_AUTHENTICATION_FAILED', 'tpm', 'Authorization to use a TPM key failed.'),
  sdk(
    '0x80290405',
    'TPM_E_PCP_NOT_SUPPORTED',
    'tpm',
    'The Platform Crypto Provider does not support the operation.',
  ),
  sdk(
    '0x80290422',
    'TPM_E_PCP_KEY_HANDLE_INVALIDATED',
    'tpm',
    'The TPM key handle was invalidated by a hardware or firmware problem.',
    ['TPM firmware problems.'],
    ['Update the TPM firmware.'],
  ),
  sdk('0x8029040f', 'TPM_E_KEY_NOT_LOADED', 'tpm', 'The TPM key is not loaded.'),
  sdk(
    '0x80280101',
    'TPM_20_E_FAILURE',
    'tpm',
    'The TPM 2.0 is in failure mode and refuses commands.',
    ['A TPM firmware fault.'],
    ['Restart the device; update the TPM firmware.'],
  ),
  sdk(
    '0x80280006',
    'TPM_E_DEACTIVATED',
    'tpm',
    'The TPM 1.2 is deactivated.',
    ['The TPM is deactivated in firmware.'],
    ['Activate the TPM in the firmware settings.'],
  ),
  sdk(
    '0x80280007',
    'TPM_E_DISABLED',
    'tpm',
    'The TPM 1.2 is disabled.',
    ['The TPM is disabled in firmware.'],
    ['Enable the TPM in the firmware settings.'],
  ),
  sdk(
    '0x80284008',
    'TBS_E_SERVICE_NOT_RUNNING',
    'tpm',
    'The TPM Base Services are not running.',
    ['The TBS service is stopped.'],
    ['Start the TPM Base Services service.'],
  ),
  sdk(
    '0x80284010',
    'TBS_E_SERVICE_DISABLED',
    'tpm',
    'The TPM Base Services are disabled.',
    ['The TBS service is disabled.'],
    ['Set the TPM Base Services service to start.'],
  ),
  sdk(
    '0x8028400f',
    'TBS_E_TPM_NOT_FOUND',
    'tpm',
    'No compatible TPM was found.',
    ['No TPM, or it is hidden in firmware.'],
    ['Enable the TPM in firmware; without one, keys are kept in software.'],
  ),
];
