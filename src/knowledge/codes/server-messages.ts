/**
 * The registration service's error messages (J4), matched by pattern: the seed's tables for
 * federated and sync join. The message text comes from the service in English whatever the
 * Windows language; the patterns allow for the wording changes between article revisions
 * ("is not found" / "isn't found", "given id" / "given ID") and for GUIDs and numbers in it. The
 * Dutch translation of the article (seed 002) translated the messages and even "DirectoryError";
 * those renderings are accepted too, for text pasted from it.
 * @module
 */
import { SEED_FEDERATED_SERVER, SEED_SYNC_SERVER } from './sources.ts';
import type { RegistrationType, ServerMessageMatch } from './types.ts';

/** Entra Connect's default synchronisation interval. */
export const SYNC_CYCLE_MINUTES = 30;

const WAIT_FOR_SYNC = [
  `Wait for the next Entra Connect sync cycle (every ${SYNC_CYCLE_MINUTES} minutes by default) to export the computer object, including its userCertificate, to Entra ID.`,
  'Let the device retry: the Automatic-Device-Join task runs again at the next sign-in and then hourly; or sign out and in, or run `dsregcmd /join` as SYSTEM, once the sync has run.',
  'If it still fails after a sync cycle has completed, check that the computer OU is in the Entra Connect sync scope and that the computer object has a userCertificate value.',
];

interface Pattern {
  id: string;
  serverCodes: string[];
  test: RegExp;
  build(registrationType: RegistrationType | null, match: RegExpExecArray): Omit<ServerMessageMatch, 'id'>;
}

const PATTERNS: Pattern[] = [
  {
    id: 'drs-throttled',
    serverCodes: ['DirectoryError'],
    test: /(?:request is throttled|aanvraag is tijdelijk beperkt)(?:[^\d]*?(?:after|na) (\d+) (?:seconds|seconden))?/i,
    build: (_type, m) => ({
      serverCode: 'DirectoryError',
      title: 'Registration requests throttled by the service',
      meaning: `The device registration service is refusing requests from this device for a while because it sent too many in a short time${m[1] ? `; it asks to wait ${m[1]} seconds` : ''}. This is expected behaviour, not a configuration fault.`,
      causes: [
        'Several registration attempts in quick succession (repeated `dsregcmd /join`, scripts, or many scheduled task runs).',
        'Many devices registering at once from one place, for example a non-persistent VDI pool created in bulk.',
      ],
      steps: [
        `Wait for the cooldown${m[1] ? ` (${m[1]} seconds)` : ''} and let the next scheduled attempt run; do not retry in a loop.`,
        'If many devices are registered at once, stagger them.',
      ],
      expectedWhileSyncing: false,
      codes: ['0x801c03f2'],
      checks: ['J4', 'G12'],
      sources: [SEED_FEDERATED_SERVER],
    }),
  },
  {
    id: 'drs-tenant-not-found',
    serverCodes: ['DirectoryError'],
    test: /AADSTS90002|tenant\s+'?[^\s']*'?\s*(?:was\s+)?not\s+found/i,
    build: () => ({
      serverCode: 'DirectoryError',
      title: 'Tenant in the service connection point not found',
      meaning:
        'The registration service could not find the tenant the device asked for (AADSTS90002). The tenant ID the device read from the service connection point is wrong, or the tenant has no active subscription.',
      causes: [
        'The SCP (or the client-side CDJ\\AAD registry values) names the wrong tenant ID or domain.',
        'The tenant has no active subscription.',
      ],
      steps: [
        'Read the SCP keywords (azureADId, azureADName) in the configuration partition and compare them with the tenant ID shown in the Entra admin center.',
        'Correct the SCP with Entra Connect (Device options) or the targeted-deployment registry values, then let the device retry.',
      ],
      expectedWhileSyncing: false,
      codes: ['AADSTS90002', '0x801c03f2'],
      checks: ['J4', 'G12'],
      sources: [SEED_SYNC_SERVER],
    }),
  },
  {
    id: 'drs-device-object-not-found',
    serverCodes: ['DirectoryError'],
    test: /device object (?:by|with) the given id\b.*?(?:is not|isn't|was not|wasn't|not) found|apparaatobject met de opgegeven ID is niet gevonden/i,
    build: (type) => {
      const federated = type === 'federated';
      return {
        serverCode: 'DirectoryError',
        title: federated
          ? 'Device object not found by the registration service'
          : 'Computer object not synced to Entra ID yet',
        meaning: federated
          ? 'The registration service has no device object with this ID. In a federated join the service creates it, so this is unusual; it is the normal answer in a sync join until Entra Connect has exported the computer.'
          : `Expected in a sync (managed) join until Entra Connect has synced the computer object to Entra ID. The sync runs every ${SYNC_CYCLE_MINUTES} minutes by default; the device then succeeds at its next attempt (next sign-in, or the hourly retry of the join task).`,
        causes: [
          'Entra Connect has not run a sync cycle since the computer got its userCertificate.',
          "The computer's OU is outside the Entra Connect sync scope, or the computer object is filtered out.",
          'The device object was deleted in Entra ID.',
        ],
        steps: WAIT_FOR_SYNC,
        expectedWhileSyncing: !federated,
        codes: ['0x801c03f2'],
        checks: ['J4', 'G12'],
        sources: [SEED_SYNC_SERVER],
      };
    },
  },
  {
    id: 'drs-sid-verification',
    serverCodes: ['AuthenticationError'],
    test: /verification of the target computer'?s SID|verificatie van de SID van de doel ?computer/i,
    build: () => ({
      serverCode: 'AuthenticationError',
      title: "Computer's SID could not be verified (sync not complete)",
      meaning: `The certificate the device signed its sync-join request with does not match the one Entra ID holds for the computer. This usually means Entra Connect has not finished syncing the computer object (every ${SYNC_CYCLE_MINUTES} minutes by default); the next attempt after the sync succeeds.`,
      causes: [
        'Entra Connect has not yet exported the computer object with its current userCertificate.',
        'The computer regenerated its certificate (for example after a reset) and the new one is not synced yet.',
      ],
      steps: WAIT_FOR_SYNC,
      expectedWhileSyncing: true,
      codes: ['0x801c0002'],
      checks: ['J4', 'G12'],
      sources: [SEED_SYNC_SERVER],
    }),
  },
];

/** `DirectoryError` in any case; the Dutch article's "Directory fout" is the same code. */
function foldServerCode(serverCode: string | null): string | null {
  const folded = serverCode?.trim().toLowerCase().replace(/\s+/g, '') || null;
  return folded === 'directoryfout' ? 'directoryerror' : folded;
}

/**
 * The known case a registration server error falls into, or null. A server code, when given, must
 * agree with the pattern's; the message alone is enough when the server code is missing.
 */
export function matchServerMessage(
  serverCode: string | null,
  message: string | null,
  registrationType?: RegistrationType | null,
): ServerMessageMatch | null {
  if (!message) return null;
  const code = foldServerCode(serverCode);
  for (const pattern of PATTERNS) {
    if (code && !pattern.serverCodes.some((c) => c.toLowerCase() === code)) continue;
    const m = pattern.test.exec(message);
    if (m) return { id: pattern.id, ...pattern.build(registrationType ?? null, m) };
  }
  return null;
}
