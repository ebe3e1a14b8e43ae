import { describe, expect, it } from 'vitest';
import { matchServerMessage, SYNC_CYCLE_MINUTES } from './index.ts';

/** Server messages as seed 001 (and the current article) print them (J4). */
const THROTTLED = 'Your request is throttled temporarily. Please try after 300 seconds.';
const TENANT =
  'AADSTS90002: Tenant aaaabbbb-0000-cccc-1111-dddd2222eeee not found. This error may happen if there are no active subscriptions for the tenant. Check with your subscription administrator.';
const DEVICE_SAMPLE =
  'The device object by the given id (e92325d0-xxxx-xxxx-xxxx-94ae875d5245) is not found.';
const DEVICE_TABLE = 'The device object by the given ID is not found.';
const DEVICE_CURRENT =
  "The device object by the given id (aaaabbbb-0000-cccc-1111-dddd2222eeee) isn't found.";
const SID = "The verification of the target computer's SID";

describe('matchServerMessage (J4)', () => {
  it('federated DirectoryError throttling: wait for the cooldown', () => {
    const m = matchServerMessage('DirectoryError', THROTTLED, 'federated');
    expect(m).toMatchObject({
      id: 'drs-throttled',
      serverCode: 'DirectoryError',
      expectedWhileSyncing: false,
    });
    expect(m?.meaning).toContain('300 seconds');
    expect(m?.steps[0]).toContain('300 seconds');
  });

  it('sync-join DirectoryError AADSTS90002: wrong tenant in the SCP', () => {
    const m = matchServerMessage('DirectoryError', TENANT, 'sync');
    expect(m).toMatchObject({ id: 'drs-tenant-not-found', expectedWhileSyncing: false });
    expect(m?.codes).toContain('AADSTS90002');
    expect(m?.causes[0]).toContain('SCP');
  });

  it.each([DEVICE_SAMPLE, DEVICE_TABLE, DEVICE_CURRENT])(
    'sync-join "device object not found" is expected until Entra Connect syncs: %s',
    (message) => {
      const m = matchServerMessage('DirectoryError', message, 'sync');
      expect(m).toMatchObject({
        id: 'drs-device-object-not-found',
        expectedWhileSyncing: true,
        codes: ['0x801c03f2'],
      });
      expect(m?.meaning).toContain(`every ${SYNC_CYCLE_MINUTES} minutes`);
      expect(m?.meaning).toContain('hourly');
    },
  );

  it('the same message after a fallback sync join, or with no registration type, is still expected', () => {
    expect(matchServerMessage('DirectoryError', DEVICE_SAMPLE, 'fallback_sync')?.expectedWhileSyncing).toBe(
      true,
    );
    expect(matchServerMessage('DirectoryError', DEVICE_SAMPLE)?.expectedWhileSyncing).toBe(true);
  });

  it('in a federated join the device object not found is not the sync wait', () => {
    const m = matchServerMessage('DirectoryError', DEVICE_SAMPLE, 'federated');
    expect(m?.id).toBe('drs-device-object-not-found');
    expect(m?.expectedWhileSyncing).toBe(false);
  });

  it('AuthenticationError SID verification: sync not complete', () => {
    const m = matchServerMessage('AuthenticationError', SID, 'sync');
    expect(m).toMatchObject({
      id: 'drs-sid-verification',
      expectedWhileSyncing: true,
      serverCode: 'AuthenticationError',
    });
  });

  it('matches on the message alone when the server code is missing', () => {
    expect(matchServerMessage(null, THROTTLED)?.id).toBe('drs-throttled');
  });

  it('does not match a message under the wrong server code, or an unknown message', () => {
    expect(matchServerMessage('AuthenticationError', DEVICE_SAMPLE, 'sync')).toBeNull();
    expect(matchServerMessage('DirectoryError', 'Something else went wrong.', 'sync')).toBeNull();
    expect(matchServerMessage('DirectoryError', null, 'sync')).toBeNull();
  });
});

describe('matchServerMessage on text pasted from the Dutch article (seed 002)', () => {
  it.each([
    [
      'Directory fout',
      'Uw aanvraag is tijdelijk beperkt. Probeer na 300 seconden een ogen blik.',
      'drs-throttled',
    ],
    [
      'Directory fout',
      'AADSTS90002: De <UUID> Tenant is niet gevonden. Deze fout kan optreden als er geen actieve abonnementen voor de Tenant zijn.',
      'drs-tenant-not-found',
    ],
    [
      'Directory fout',
      'Het apparaatobject met de opgegeven ID is niet gevonden.',
      'drs-device-object-not-found',
    ],
    ['AuthenticationError', 'De verificatie van de SID van de doel computer', 'drs-sid-verification'],
  ])('%s: %s', (code, message, id) => {
    expect(matchServerMessage(code, message, 'sync')?.id).toBe(id);
  });

  it('reads the cooldown from the Dutch throttling text', () => {
    const m = matchServerMessage(
      'Directory fout',
      'Uw aanvraag is tijdelijk beperkt. Probeer na 300 seconden een ogen blik.',
    );
    expect(m?.meaning).toContain('300 seconds');
  });
});
