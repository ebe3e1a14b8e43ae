/**
 * The join of a device with Entra's objects: by device ID, else by name, and the documented
 * Pending tests, stale thresholds (the 21-day floor, VDI's 15 days, given as options) and the AD side
 * (Entra Connect's certificate report).
 * @module
 */
import { describe, expect, it } from 'vitest';
import type { AdComputerRecord, EntraRecord } from '../store/types.ts';
import { adHasCertificate, adIssues, isPending, isStale, joinDevice, staleThresholds } from './join.ts';

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

  it('stale only when asked: 90 days by default, 15 days for NPVDI- names, blank is not stale', () => {
    const at = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();
    const asked = { ...opts, stale: {} };
    expect(joinDevice(device, [rec({ lastSignIn: at(91) })], opts).issues).toEqual([]);
    expect(joinDevice(device, [rec({ lastSignIn: at(91) })], asked).issues).toEqual(['stale']);
    expect(joinDevice(device, [rec({ lastSignIn: at(89) })], asked).issues).toEqual([]);
    const vdi = { ...device, computer: 'NPVDI-0007' };
    expect(joinDevice(vdi, [rec({ displayName: 'NPVDI-0007', lastSignIn: at(16) })], asked).issues).toEqual([
      'stale',
    ]);
    expect(joinDevice(device, [rec({ lastSignIn: null })], asked).issues).toEqual([]);
  });

  it('stale thresholds as options: 100 days old is stale at 90, not at 120; the 21-day floor holds', () => {
    const at = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();
    expect(isStale(at(100), 'PC-0152', NOW, { staleDays: 90 })).toBe(true);
    expect(isStale(at(100), 'PC-0152', NOW, { staleDays: 120 })).toBe(false);
    expect(isStale(at(121), 'PC-0152', NOW, { staleDays: 120 })).toBe(true);
    // A general threshold under 21 days is raised to 21: a 20-day-old timestamp says nothing.
    expect(isStale(at(20), 'PC-0152', NOW, { staleDays: 7 })).toBe(false);
    expect(isStale(at(22), 'PC-0152', NOW, { staleDays: 7 })).toBe(true);
    // VDI: Microsoft's 15 days by default, any threshold given, any prefix given, case ignored.
    expect(isStale(at(16), 'npvdi-0007', NOW)).toBe(true);
    expect(isStale(at(16), 'NPVDI-0007', NOW, { vdiStaleDays: 30 })).toBe(false);
    expect(isStale(at(31), 'NPVDI-0007', NOW, { vdiStaleDays: 30 })).toBe(true);
    expect(isStale(at(16), 'POOL-A-01', NOW)).toBe(false);
    expect(isStale(at(16), 'POOL-A-01', NOW, { vdiPrefixes: ['NPVDI-', 'pool-a-'] })).toBe(true);
    // Prefixes replace the default: NPVDI- names are then judged by the general threshold.
    expect(isStale(at(16), 'NPVDI-0007', NOW, { vdiPrefixes: ['POOL-'] })).toBe(false);
    expect(isStale(at(100), 'PC-0152', 'not a time')).toBe(false);
  });

  it('fills the defaults and keeps the floor', () => {
    expect(staleThresholds()).toEqual({ staleDays: 90, vdiStaleDays: 15, vdiPrefixes: ['npvdi-'] });
    expect(staleThresholds({ staleDays: 5, vdiStaleDays: 3, vdiPrefixes: [' VDI-', 'vdi-', ''] })).toEqual({
      staleDays: 21,
      vdiStaleDays: 3,
      vdiPrefixes: ['vdi-'],
    });
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

  it('the AD side: joined by objectGUID, else by name when the device has no ID; what the report says', () => {
    const ad = (over: Partial<AdComputerRecord>): AdComputerRecord => ({
      objectGuid: ID,
      objectDn: 'CN=PC-0152,OU=Workstations,DC=contoso,DC=com',
      name: 'PC-0152',
      totalEntries: 1,
      certs: 1,
      validCerts: 1,
      hybridJoinCerts: 1,
      cloudFiltered: false,
      source: 'report.csv',
      ...over,
    });
    expect(joinDevice(device, [rec({})], opts, [ad({})])).toMatchObject({
      ad: { objectGuid: ID },
      issues: [],
    });
    // Expired certificates: present, none valid; Connect filters the computer.
    const expired = ad({ totalEntries: 2, certs: 2, validCerts: 0, hybridJoinCerts: 0, cloudFiltered: true });
    expect(joinDevice(device, [rec({})], opts, [expired]).issues).toEqual([
      'ad-no-valid-certificate',
      'ad-cloud-filtered',
    ]);
    // NotStarted: an empty userCertificate (rows some versions of the script list).
    const empty = ad({ totalEntries: 0, certs: 0, validCerts: 0, hybridJoinCerts: 0, cloudFiltered: true });
    expect(adIssues(empty)).toEqual(['ad-no-certificate', 'ad-cloud-filtered']);
    // A domain joined device before its join has no device ID: matched by the DN's name.
    const before = { ...device, deviceId: null, joinState: 'domain-joined' as const };
    expect(joinDevice(before, [], { ...opts, entraHasDeviceIds: false }, [expired]).issues).toEqual([
      'ad-no-valid-certificate',
      'ad-cloud-filtered',
    ]);
    // A device with an ID never matches another computer by name.
    const other = ad({ objectGuid: '00000000-1111-4222-8333-444444444444' });
    expect(joinDevice(device, [rec({})], opts, [other]).ad).toBeNull();
    expect(adHasCertificate(ad({}))).toBe(true);
    expect(adHasCertificate(expired)).toBe(false);
    expect(adHasCertificate(null)).toBeNull();
  });
});
