/**
 * Entra's view of devices from every export an admin has: the portal CSV in its three header
 * dialects and Graph JSON (REST pages, PowerShell SDK), with Pending, thumbprints and dates read.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { altSecurityKeys, dateOf, readEntra, trustOf } from './entra.ts';

const DIR = join(import.meta.dirname, '../../test/fixtures/fleet/entra');
const read = (name: string) => readEntra(readFileSync(join(DIR, name), 'utf8'), name);

describe('Entra exports', () => {
  it('portal CSV, current 17 columns: join type names, Pending, US dates, a quoted name with a comma', () => {
    const r = read('portal-current.csv');
    expect(r.dialect).toBe('portal CSV (current)');
    expect(r.problems).toEqual([]);
    expect(
      r.records.map((x) => [
        x.displayName,
        x.trustType,
        x.accountEnabled,
        x.pendingLabel,
        x.registrationTime,
        x.lastSignIn,
      ]),
    ).toEqual([
      ['PC-0152', 'ServerAd', true, false, '2025-02-03T07:41:09.000Z', '2026-11-20T09:12:44.000Z'],
      ['PC-0150', 'ServerAd', true, true, null, null],
      ['LT-0300', 'AzureAd', false, false, '2024-06-01T10:00:00.000Z', '2026-03-02T16:05:00.000Z'],
      ['MAC-01, design', 'Workplace', true, false, '2026-01-15T13:00:00.000Z', '2026-11-28T08:00:00.000Z'],
    ]);
    expect(r.records[0]?.deviceId).toBe('3f2c1a9e-4b7d-4e8a-9c61-0d5e2b7a1f43');
    expect(r.records[0]?.objectId).toBe('c1000000-0000-4000-8000-000000000001');
    expect(r.records[0]?.hasCertificateKey).toBeNull();
  });

  it('portal CSV, older 16-column preview: deviceTrustType and last logon, no device ID', () => {
    const r = read('portal-older.csv');
    expect(r.dialect).toBe('portal CSV (older preview)');
    expect(
      r.records.map((x) => [
        x.displayName,
        x.deviceId,
        x.objectId,
        x.trustType,
        x.lastSignIn,
        x.onPremisesSyncEnabled,
      ]),
    ).toEqual([
      ['PC-0152', null, 'c1000000-0000-4000-8000-000000000001', 'ServerAd', '2026-11-20T09:12:44.000Z', true],
      ['PC-0150', null, 'c1000000-0000-4000-8000-000000000002', 'ServerAd', null, true],
    ]);
  });

  it('portal CSV with translated headers: read by position, day-first dates', () => {
    const r = read('portal-translated.csv');
    expect(r.dialect).toBe('portal CSV (translated headers, read by position)');
    expect(r.records.map((x) => [x.displayName, x.deviceId, x.trustType, x.lastSignIn])).toEqual([
      ['PC-0152', '3f2c1a9e-4b7d-4e8a-9c61-0d5e2b7a1f43', 'ServerAd', '2026-11-20T09:12:00.000Z'],
    ]);
  });

  it('Graph /devices page (REST camelCase): thumbprint from alternativeSecurityIds, Autopilot, no key = Pending signal', () => {
    const r = read('graph-devices-page.json');
    expect(r.dialect).toBe('Graph JSON');
    expect(
      r.records.map((x) => [x.displayName, x.thumbprints, x.hasCertificateKey, x.autopilot, x.profileType]),
    ).toEqual([
      ['PC-0152', ['0F1E2D3C4B5A69788796A5B4C3D2E1F00A1B2C3D'], true, true, 'RegisteredDevice'],
      ['PC-0150', [], false, false, null],
    ]);
  });

  it('Get-MgDevice | ConvertTo-Json (PascalCase): key as a byte array, /Date()/ times, AdditionalProperties', () => {
    const r = read('get-mgdevice.json');
    expect(r.dialect).toBe('Graph JSON (PowerShell, PascalCase)');
    expect(r.records.map((x) => [x.objectId, x.thumbprints, x.lastSignIn, x.registrationTime])).toEqual([
      [
        'c1000000-0000-4000-8000-000000000001',
        ['FFFF2D3C4B5A69788796A5B4C3D2E1F00A1B2C3D'],
        '2026-05-28T09:00:00.000Z',
        '2025-02-03T07:41:09.000Z',
      ],
    ]);
  });

  it('a CSV with an unknown header and an odd column count says what to do', () => {
    const r = readEntra('a;b;c\r\n1;2;3\r\n', 'x.csv');
    expect(r.records).toEqual([]);
    expect(r.problems).toEqual([
      'the header names no known Entra column and has 3 columns (the portal export has 17, its older form 16): export "Download devices" again or use Graph JSON',
    ]);
  });

  it('trust types from portal names, Graph values and MSOnline values', () => {
    expect(
      [
        'Microsoft Entra hybrid joined',
        'Hybrid Azure AD joined',
        'Microsoft Entra joined',
        'Azure AD joined',
        'Microsoft Entra registered',
        'Domain Joined',
        'Workplace Joined',
        'AzureAd',
        'Workplace',
        'ServerAd',
        'something else',
      ].map(trustOf),
    ).toEqual([
      'ServerAd',
      'ServerAd',
      'AzureAd',
      'AzureAd',
      'Workplace',
      'ServerAd',
      'Workplace',
      'AzureAd',
      'Workplace',
      'ServerAd',
      null,
    ]);
  });

  it('dates in the forms exports use', () => {
    expect(dateOf('11/20/2026 9:12:44 PM')).toBe('2026-11-20T21:12:44.000Z');
    expect(dateOf('11/20/2026 12:05 AM')).toBe('2026-11-20T00:05:00.000Z');
    expect(dateOf('20.11.2026 09:12')).toBe('2026-11-20T09:12:00.000Z');
    expect(dateOf('2026-11-20 09:12:44')).toBe('2026-11-20T09:12:44.000Z');
    expect(dateOf('/Date(1779958800000)/')).toBe('2026-05-28T09:00:00.000Z');
    expect(dateOf('Pending')).toBeNull();
  });

  it('MSOnline AlternativeSecurityIds text: X509 keys joined with ;, others are no certificate', () => {
    expect(
      altSecurityKeys(
        'X509:<SHA1-TP-PUBKEY>0f1e2d3c4b5a69788796a5b4c3d2e1f00a1b2c3dq0Wp3vJ2;X509:<SHA1-TP-PUBKEY>AA',
      ),
    ).toEqual({
      x509: true,
      thumbprints: ['0F1E2D3C4B5A69788796A5B4C3D2E1F00A1B2C3D'],
    });
    expect(altSecurityKeys('')).toEqual({ x509: false, thumbprints: [] });
  });
});
