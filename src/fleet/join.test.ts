/**
 * The join of a device with Entra's objects: by device ID, else by name, and the documented
 * Pending tests and stale thresholds (the 21-day floor, VDI's 15 days).
 * @module
 */
import { describe, expect, it } from 'vitest';
import type { EntraRecord } from '../store/types.ts';
import { isPending, joinDevice } from './join.ts';

const NOW = '2026-12-01T00:00:00.000Z';
const ID = '3f2c1a9e-4b7d-4e8a-9c61-0d5e2b7a1f43';

function rec(over: Partial<EntraRecord>): EntraRecord {
  return {
    objectId: 'c1000000-0000-4000-8000-000000000001',
    deviceId: ID,
    displayName: 'PC-0152',
    accountEnabled: true,
    trustType: 'ServerAd',
    profileType: 'RegisteredDevice',
    registrationTime: null,
    lastSignIn: '2026-11-25T00:00:00.000Z',
    operatingSystem: null,
    operatingSystemVersion: null,
    thumbprints: [],
    hasCertificateKey: null,
    pendingLabel: false,
    onPremisesSyncEnabled: null,
    isCompliant: null,
    isManaged: null,
    mdmAppId: null,
    autopilot: false,
    source: 'test',
    ...over,
  };
}

const device = {
  deviceId: ID,
  computer: 'PC-0152',
  joinState: 'hybrid-joined' as const,
  workplaceJoined: false,
  thumbprint: null,
};
const opts = { now: NOW, entraHasDeviceIds: true };

describe('join with Entra', () => {
  it('Pending by each documented test, and only for hybrid (ServerAd) objects', () => {
    expect(isPending(rec({ pendingLabel: true, profileType: null }))).toBe(true);
    expect(isPending(rec({ hasCertificateKey: false }))).toBe(true);
    expect(isPending(rec({ profileType: null }))).toBe(false);
    expect(isPending(rec({ profileType: 'Shared' }))).toBe(true);
    expect(isPending(rec({ trustType: 'AzureAd', pendingLabel: true }))).toBe(false);
    expect(isPending(rec({}))).toBe(false);
  });

  it('stale: 90 days by default, never under 21 days, 15 days for NPVDI- names, blank is not stale', () => {
    const at = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();
    expect(joinDevice(device, [rec({ lastSignIn: at(91) })], opts).issues).toEqual(['stale']);
    expect(joinDevice(device, [rec({ lastSignIn: at(89) })], opts).issues).toEqual([]);
    expect(joinDevice(device, [rec({ lastSignIn: at(20) })], { ...opts, staleDays: 7 }).issues).toEqual([]);
    expect(joinDevice(device, [rec({ lastSignIn: at(22) })], { ...opts, staleDays: 7 }).issues).toEqual([
      'stale',
    ]);
    const vdi = { ...device, computer: 'NPVDI-0007' };
    expect(joinDevice(vdi, [rec({ displayName: 'NPVDI-0007', lastSignIn: at(16) })], opts).issues).toEqual([
      'stale',
    ]);
    expect(joinDevice(device, [rec({ lastSignIn: null })], opts).issues).toEqual([]);
  });

  it('a name match stands in only when IDs cannot be compared', () => {
    const other = rec({ deviceId: '00000000-1111-4222-8333-444444444444' });
    expect(joinDevice(device, [other], opts)).toMatchObject({ primary: null, issues: ['unknown-to-entra'] });
    const older = rec({ deviceId: null });
    expect(joinDevice(device, [older], { ...opts, entraHasDeviceIds: false })).toMatchObject({
      matchedBy: 'name',
      issues: [],
    });
  });

  it('hybrid plus a Workplace object of the same name is registered twice', () => {
    const work = rec({
      objectId: 'c1000000-0000-4000-8000-000000000009',
      deviceId: '99999999-1111-4222-8333-444444444444',
      trustType: 'Workplace',
    });
    expect(joinDevice(device, [rec({}), work], opts).issues).toEqual(['registered-twice', 'duplicate-name']);
  });

  it('thumbprint mismatch only when both sides carry one', () => {
    const d = { ...device, thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00A1B2C3D' };
    expect(
      joinDevice(d, [rec({ thumbprints: ['FFFF2D3C4B5A69788796A5B4C3D2E1F00A1B2C3D'] })], opts).issues,
    ).toEqual(['thumbprint-mismatch']);
    expect(
      joinDevice(d, [rec({ thumbprints: ['0F1E2D3C4B5A69788796A5B4C3D2E1F00A1B2C3D'] })], opts).issues,
    ).toEqual([]);
    expect(joinDevice(d, [rec({})], opts).issues).toEqual([]);
  });
});
