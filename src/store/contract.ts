/**
 * The contract every {@link FleetStore} meets, as one test suite run against each engine
 * (SQLite, PostgreSQL server, PGlite): the same inputs give the same rows, pages and roll-ups.
 * Expectations are written down by hand from the fixtures below.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressText, contentHash } from '../fleet/capture.ts';
import type { Finding } from '../model/diagnosis.ts';
import type { AdComputerRecord, CaptureInput, EntraRecord, FleetStore } from './types.ts';

const TENANT = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';
const ID_A = '11111111-aaaa-4bbb-8ccc-000000000001';
const ID_B = '11111111-aaaa-4bbb-8ccc-000000000002';
const ID_C = '11111111-aaaa-4bbb-8ccc-000000000003';
const ID_GONE = '11111111-aaaa-4bbb-8ccc-000000000099';
const ID_5 = '11111111-aaaa-4bbb-8ccc-000000000005';
const ID_VDI = '11111111-aaaa-4bbb-8ccc-000000000010';
const ID_AD_ONLY = '11111111-aaaa-4bbb-8ccc-000000000006';
const THUMB_A = 'AA11BB22CC33DD44EE55FF66AA77BB88CC99DD00';

function finding(id: string, codes: string[] = []): Finding {
  return {
    id,
    severity: 'error',
    checks: [],
    codes,
    title: id,
    evidence: [],
    explanation: '',
    causes: [],
    steps: [],
    references: [],
  };
}

/** A capture row with sensible defaults: a healthy hybrid joined device. */
export function captureFixture(over: Partial<CaptureInput> & { text: string }): CaptureInput {
  const { text, ...rest } = over;
  const z = compressText(text);
  const deviceId = rest.deviceId === undefined ? ID_A : rest.deviceId;
  return {
    deviceKey: deviceId ? `entra:${TENANT}/${deviceId}` : `name:${(rest.computer ?? 'PC').toLowerCase()}`,
    keyKind: deviceId ? 'entra' : 'name',
    tenantId: deviceId ? TENANT : null,
    deviceId,
    computer: 'PC-0001',
    domain: 'contoso.com',
    contentHash: contentHash(text),
    rawCompressed: z.compressed,
    rawSize: z.size,
    capturedAt: '2026-11-20T08:00:00.000Z',
    capturedAtSource: 'client-time',
    context: 'user',
    source: 'captures/pc-0001.txt',
    shape: 'text',
    lossy: [],
    joinState: 'hybrid-joined',
    workplaceJoined: false,
    health: 'healthy',
    failedPhase: null,
    errorCode: null,
    subErrorCode: null,
    summary: 'Microsoft Entra hybrid joined; no problems found.',
    confidence: 'high',
    confidenceScore: 1,
    prt: true,
    whfbReady: true,
    tpmProtected: true,
    thumbprint: THUMB_A,
    osVersion: '10.0.22631.3880',
    domainJoined: true,
    findings: [],
    codes: [],
    events: null,
    ...rest,
  };
}

/** The fleet the suite stores: four devices, five captures. */
export function contractFleet(): CaptureInput[] {
  return [
    // PC-0001: failing on the 10th, healthy on the 20th (stored out of order on purpose).
    captureFixture({ text: 'PC-0001 healthy\r\n', capturedAt: '2026-11-20T08:00:00.000Z' }),
    captureFixture({
      text: 'PC-0001 failing\r\n',
      capturedAt: '2026-11-10T08:00:00.000Z',
      health: 'failing',
      prt: false,
      summary: 'no PRT',
      findings: [finding('prt-missing', ['0xc000006d'])],
      codes: ['0xc000006d'],
      source: 'captures/old/pc-0001.txt',
    }),
    // PC-0002: domain joined, waiting for sync, SYSTEM context.
    captureFixture({
      text: 'PC-0002 waiting\r\n',
      deviceId: null,
      computer: 'PC-0002',
      deviceKey: 'name:pc-0002.contoso.com',
      keyKind: 'name',
      tenantId: null,
      joinState: 'domain-joined',
      health: 'attention',
      failedPhase: 'join',
      errorCode: '0x801c03f2',
      codes: ['0x801c03f2', 'DirectoryError'],
      findings: [finding('sync-join-pending', ['0x801c03f2'])],
      context: 'system',
      prt: null,
      whfbReady: null,
      thumbprint: null,
      capturedAt: '2026-11-29T09:00:00.000Z',
      osVersion: '10.0.19045.4529',
      source: 'captures/pc-0002.txt',
    }),
    // PC-0003: Entra joined, failing in auth with a timeout; old capture.
    captureFixture({
      text: 'PC-0003 auth\r\n',
      deviceId: ID_B,
      computer: 'PC-0003',
      domain: null,
      joinState: 'entra-joined',
      health: 'failing',
      failedPhase: 'auth',
      errorCode: '0xcaa82ee2',
      codes: ['0xcaa82ee2'],
      domainJoined: false,
      prt: false,
      whfbReady: false,
      thumbprint: 'BB11BB22CC33DD44EE55FF66AA77BB88CC99DD00',
      capturedAt: '2026-07-01T10:00:00.000Z',
      source: 'captures/pc-0003.txt',
    }),
    // LT-0004: hybrid joined per the device, ID unknown to Entra (deleted object).
    captureFixture({
      text: 'LT-0004 hybrid\r\n',
      deviceId: ID_GONE,
      computer: 'LT-0004',
      capturedAt: '2026-11-30T07:00:00.000Z',
      source: 'captures/lt-0004.txt',
      thumbprint: null,
      whfbReady: false,
    }),
  ];
}

/** An Entra object with everyday values, changed by `over`. */
export function entraFixture(over: Partial<EntraRecord>): EntraRecord {
  return {
    objectId: null,
    deviceId: null,
    displayName: null,
    accountEnabled: true,
    trustType: 'ServerAd',
    profileType: 'RegisteredDevice',
    registrationTime: '2025-01-01T00:00:00.000Z',
    lastSignIn: '2026-11-25T00:00:00.000Z',
    operatingSystem: 'Windows',
    operatingSystemVersion: '10.0.22631.3880',
    thumbprints: [],
    hasCertificateKey: null,
    pendingLabel: false,
    onPremisesSyncEnabled: true,
    isCompliant: true,
    isManaged: true,
    mdmAppId: null,
    autopilot: false,
    source: 'graph.json',
    ...over,
  };
}

/** What Entra knows about the contract fleet. */
export function contractEntra(): EntraRecord[] {
  return [
    // PC-0001: registered, but another certificate (thumbprint mismatch).
    entraFixture({
      objectId: 'b0000000-0000-4000-8000-000000000001',
      deviceId: ID_A,
      displayName: 'PC-0001',
      thumbprints: ['CC11BB22CC33DD44EE55FF66AA77BB88CC99DD00'],
      hasCertificateKey: true,
    }),
    // PC-0002: synced but not registered: Pending.
    entraFixture({
      objectId: 'b0000000-0000-4000-8000-000000000002',
      deviceId: ID_C,
      displayName: 'PC-0002',
      profileType: null,
      registrationTime: null,
      pendingLabel: true,
      lastSignIn: null,
    }),
    // PC-0003: Entra says hybrid (wrong join type), disabled and stale (last sign-in 200 days ago).
    entraFixture({
      objectId: 'b0000000-0000-4000-8000-000000000003',
      deviceId: ID_B,
      displayName: 'PC-0003',
      accountEnabled: false,
      lastSignIn: '2026-05-14T00:00:00.000Z',
    }),
    // A second, older PC-0003 object: duplicate name.
    entraFixture({
      objectId: 'b0000000-0000-4000-8000-000000000004',
      deviceId: '11111111-aaaa-4bbb-8ccc-000000000004',
      displayName: 'PC-0003',
      trustType: 'AzureAd',
      lastSignIn: '2025-01-01T00:00:00.000Z',
    }),
    // Only in Entra: never captured.
    entraFixture({
      objectId: 'b0000000-0000-4000-8000-000000000005',
      deviceId: '11111111-aaaa-4bbb-8ccc-000000000005',
      displayName: 'PC-0005',
    }),
  ];
}

const INGESTED = '2026-12-01T00:00:00.000Z';
const NOW = '2026-12-01T00:00:00.000Z';

/** Registers the suite for one engine; `open` gives a fresh, empty store. */
export function fleetStoreContract(
  name: string,
  open: () => Promise<FleetStore | null>,
  options: { skipReason?: () => string | null } = {},
): void {
  describe(`FleetStore contract: ${name}`, () => {
    let store: FleetStore | null = null;
    beforeAll(async () => {
      store = await open();
    }, 60_000);
    afterAll(async () => {
      await store?.close();
    });
    const s = (): FleetStore => {
      if (!store) throw new Error(options.skipReason?.() ?? 'store not opened');
      return store;
    };

    it('stores each capture once: a batch, a duplicate inside it, and the same batch again', async (ctx) => {
      if (!store) return ctx.skip();
      const fleet = contractFleet();
      // As a bulk run that drops the query indexes from the start: every later test of this suite
      // reads what it stored, through indexes built whole at its end.
      let during = -1;
      await s().bulk(
        async () => {
          const first = await s().ingest([...fleet, fleet[0] as CaptureInput], INGESTED);
          expect(first).toEqual(['stored', 'stored', 'stored', 'stored', 'stored', 'duplicate']);
          during = (await s().stats()).deferredIndexes;
        },
        { deferIndexesAfter: 0 },
      );
      expect(during).toBe(11);
      const again = await s().ingest(fleet, INGESTED);
      expect(again).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
      const stats = await s().stats();
      expect(stats.deferredIndexes).toBe(0);
      expect(stats.devices).toBe(4);
      expect(stats.captures).toBe(5);
      expect(stats.rawBytes).toBe(17 + 17 + 17 + 14 + 16);
      expect(stats.rawCompressedBytes).toBeGreaterThan(0);
    });

    it('keeps the newest capture as the latest state, with the history oldest first', async (ctx) => {
      if (!store) return ctx.skip();
      const detail = await s().device(`entra:${TENANT}/${ID_A}`);
      expect(detail?.device.health).toBe('healthy');
      expect(detail?.device.captures).toBe(2);
      expect(detail?.device.firstCapturedAt).toBe('2026-11-10T08:00:00.000Z');
      expect(detail?.device.lastCapturedAt).toBe('2026-11-20T08:00:00.000Z');
      expect(detail?.history.map((h) => [h.source, h.health, h.findings.map((f) => f.id)])).toEqual([
        ['captures/old/pc-0001.txt', 'failing', ['prt-missing']],
        ['captures/pc-0001.txt', 'healthy', []],
      ]);
      const text = await s().captureText(detail?.history[0]?.captureId ?? -1);
      expect(text).toBe('PC-0001 failing\r\n');
      expect(await s().captureText(987654)).toBeNull();
    });

    it('finds a device by key, by Entra device ID in any case, or by computer name', async (ctx) => {
      if (!store) return ctx.skip();
      expect((await s().device(ID_B.toUpperCase()))?.device.computer).toBe('PC-0003');
      expect((await s().device(`{${ID_B}}`))?.device.computer).toBe('PC-0003');
      expect((await s().device('pc-0002'))?.device.deviceKey).toBe('name:pc-0002.contoso.com');
      expect((await s().device('PC-0002.contoso.com'))?.device.errorCode).toBe('0x801c03f2');
      expect(await s().device('NO-SUCH-PC')).toBeNull();
    });

    it('filters devices by state, health, code, phase and since, in device-key order', async (ctx) => {
      if (!store) return ctx.skip();
      const keys = async (f: Parameters<FleetStore['devices']>[0]) =>
        (await s().devices(f)).devices.map((d) => d.computer);
      expect(await keys({})).toEqual(['PC-0001', 'PC-0003', 'LT-0004', 'PC-0002']);
      expect(await keys({ state: ['hybrid-joined'] })).toEqual(['PC-0001', 'LT-0004']);
      expect(await keys({ health: ['failing', 'attention'] })).toEqual(['PC-0003', 'PC-0002']);
      expect(await keys({ code: '0x801C03F2' })).toEqual(['PC-0002']);
      expect(await keys({ code: 'directoryerror' })).toEqual(['PC-0002']);
      expect(await keys({ code: '0xc000006d' })).toEqual([]);
      expect(await keys({ phase: 'auth' })).toEqual(['PC-0003']);
      expect(await keys({ since: '2026-11-25T00:00:00Z' })).toEqual(['LT-0004', 'PC-0002']);
      expect(await keys({ state: ['hybrid-joined'], since: '2026-11-25T00:00:00Z' })).toEqual(['LT-0004']);
    });

    it('pages with a cursor until the last page', async (ctx) => {
      if (!store) return ctx.skip();
      const one = await s().devices({ limit: 3 });
      expect(one.devices.map((d) => d.computer)).toEqual(['PC-0001', 'PC-0003', 'LT-0004']);
      expect(one.next).toBe(`entra:${TENANT}/${ID_GONE}`);
      const two = await s().devices({ limit: 3, after: one.next ?? '' });
      expect(two.devices.map((d) => d.computer)).toEqual(['PC-0002']);
      expect(two.next).toBeNull();
    });

    it('rolls up states, phases, codes, PRT, WHfB, OS, contexts, freshness and changes', async (ctx) => {
      if (!store) return ctx.skip();
      const sum = await s().summary({ now: NOW, since: '2026-11-15T00:00:00Z' });
      expect(sum.devices).toBe(4);
      expect(sum.captures).toBe(5);
      expect(sum.stateHealth).toEqual([
        { joinState: 'hybrid-joined', health: 'healthy', devices: 2 },
        { joinState: 'domain-joined', health: 'attention', devices: 1 },
        { joinState: 'entra-joined', health: 'failing', devices: 1 },
      ]);
      expect(sum.topPhases).toEqual([
        { key: 'auth', devices: 1 },
        { key: 'join', devices: 1 },
      ]);
      expect(sum.topCodes).toEqual([
        { key: '0x801c03f2', devices: 1 },
        { key: '0xcaa82ee2', devices: 1 },
        { key: 'DirectoryError', devices: 1 },
      ]);
      expect(sum.prt).toEqual({ yes: 2, no: 1, unknown: 0 });
      expect(sum.whfb).toEqual({ ready: 1, notReady: 2, unknown: 0 });
      expect(sum.osVersions).toEqual([
        { key: '10.0.22631.3880', devices: 3 },
        { key: '10.0.19045.4529', devices: 1 },
      ]);
      expect(sum.contexts).toEqual([
        { key: 'user', devices: 3 },
        { key: 'system', devices: 1 },
      ]);
      expect(sum.freshness).toEqual({ day: 1, week: 1, month: 1, quarter: 0, older: 1 });
      expect(sum.hybridFunnel).toEqual({
        inScope: 3,
        certificate: null,
        synced: null,
        registered: 2,
        prt: 2,
      });
      expect(sum.adComputers).toBe(0);
      expect(sum.staleness).toEqual({ staleDays: 90, vdiStaleDays: 15, vdiPrefixes: ['NPVDI-'] });
      expect(sum.changes).toEqual({
        since: '2026-11-15T00:00:00Z',
        devices: 3,
        improved: 1,
        worsened: 0,
        new: 2,
      });
    });

    it('joins Entra: pending, deleted, disabled, stale, wrong type, thumbprint, duplicates, not captured', async (ctx) => {
      if (!store) return ctx.skip();
      const result = await s().importEntra(contractEntra(), NOW);
      expect(result).toEqual({ stored: 5, devicesJoined: 4 });
      const issues = async (id: string) => (await s().device(id, { now: NOW }))?.device.entraIssues;
      expect(await issues(ID_A)).toEqual(['thumbprint-mismatch']);
      expect(await issues('PC-0002')).toEqual(['pending']);
      expect(await issues(ID_B)).toEqual(['wrong-join-type', 'disabled', 'stale', 'duplicate-name']);
      expect(await issues(ID_GONE)).toEqual(['unknown-to-entra']);
      const sum = await s().summary({ now: NOW });
      expect(sum.entraObjects).toBe(5);
      expect(sum.entra).toEqual({
        'unknown-to-entra': 1,
        pending: 1,
        'wrong-join-type': 1,
        'registered-twice': 0,
        disabled: 1,
        'thumbprint-mismatch': 1,
        stale: 1,
        'duplicate-name': 1,
        'not-captured': 1,
        'ad-no-certificate': 0,
        'ad-no-valid-certificate': 0,
        'ad-cloud-filtered': 0,
      });
      expect(sum.hybridFunnel).toEqual({ inScope: 3, certificate: null, synced: 2, registered: 2, prt: 2 });
      const pending = await s().devices({ pending: true });
      expect(pending.devices.map((d) => d.computer)).toEqual(['PC-0002']);
      const stale = await s().devices({ stale: true, now: NOW });
      expect(stale.devices.map((d) => [d.computer, d.entraObjectId])).toEqual([
        ['PC-0003', 'b0000000-0000-4000-8000-000000000003'],
      ]);
      expect((await s().devices({ issue: 'unknown-to-entra' })).devices.map((d) => d.computer)).toEqual([
        'LT-0004',
      ]);
      const detail = await s().device('PC-0003', { now: NOW });
      expect(detail?.entra.map((e) => e.objectId)).toEqual([
        'b0000000-0000-4000-8000-000000000003',
        'b0000000-0000-4000-8000-000000000004',
      ]);
      expect(detail?.device.findingIds).toEqual([
        'entra-wrong-join-type',
        'entra-disabled',
        'entra-stale',
        'entra-duplicate-name',
      ]);
    });

    it('keeps the join current when a new capture arrives after the Entra import', async (ctx) => {
      if (!store) return ctx.skip();
      const later = captureFixture({
        text: 'PC-0001 matching certificate\r\n',
        capturedAt: '2026-11-30T08:00:00.000Z',
        thumbprint: 'CC11BB22CC33DD44EE55FF66AA77BB88CC99DD00',
        source: 'captures/new/pc-0001.txt',
      });
      expect(await s().ingest([later], INGESTED)).toEqual(['stored']);
      expect((await s().device(ID_A))?.device.entraIssues).toEqual([]);
      const sum = await s().summary({ now: NOW });
      expect(sum.entra['thumbprint-mismatch']).toBe(0);
      expect(sum.devices).toBe(4);
      expect(sum.captures).toBe(6);
      expect(sum.freshness).toEqual({ day: 2, week: 1, month: 0, quarter: 0, older: 1 });
    });

    it('judges staleness when asked, from the kept timestamp, with the thresholds asked', async (ctx) => {
      if (!store) return ctx.skip();
      // PC-0003's object was last active on 2026-05-14: 100 days before 2026-08-22.
      const AUG = '2026-08-22T00:00:00.000Z';
      const names = async (f: Parameters<FleetStore['devices']>[0]) =>
        (await s().devices(f)).devices.map((d) => d.computer);
      expect(await names({ stale: true })).toEqual([]);
      expect(await names({ stale: true, now: AUG })).toEqual(['PC-0003']);
      expect(await names({ stale: true, now: AUG, staleness: { staleDays: 120 } })).toEqual([]);
      expect(await names({ stale: false, now: AUG, staleness: { staleDays: 120 } })).toEqual([
        'PC-0001',
        'PC-0003',
        'LT-0004',
        'PC-0002',
      ]);
      expect(await names({ issue: 'stale', now: AUG })).toEqual(['PC-0003']);
      expect((await s().summary({ now: AUG })).entra.stale).toBe(1);
      expect((await s().summary({ now: AUG, staleness: { staleDays: 120 } })).entra.stale).toBe(0);
      const at120 = await s().device('PC-0003', { now: AUG, staleness: { staleDays: 120 } });
      expect(at120?.device.entraIssues).toEqual(['wrong-join-type', 'disabled', 'duplicate-name']);
      expect((await s().device('PC-0003', { now: AUG }))?.device.findingIds).toContain('entra-stale');

      // A non-persistent VDI device, last active 16 days before NOW: stale by VDI's 15 days.
      await s().importEntra(
        [
          entraFixture({
            objectId: 'b0000000-0000-4000-8000-000000000010',
            deviceId: ID_VDI,
            displayName: 'NPVDI-0001',
            lastSignIn: '2026-11-15T00:00:00.000Z',
          }),
        ],
        NOW,
      );
      const first = await s().notCaptured({ limit: 1 });
      expect(first.objects.map((o) => [o.objectKey, o.displayName])).toEqual([
        ['b0000000-0000-4000-8000-000000000005', 'PC-0005'],
      ]);
      expect(first.next).toBe('b0000000-0000-4000-8000-000000000005');
      const second = await s().notCaptured({ limit: 1, after: first.next ?? '' });
      expect(second.objects.map((o) => o.displayName)).toEqual(['NPVDI-0001']);
      expect(second.next).toBeNull();
      expect((await s().summary({ now: NOW })).entra['not-captured']).toBe(2);
      const vdi = captureFixture({
        text: 'NPVDI-0001 hybrid\r\n',
        deviceId: ID_VDI,
        computer: 'NPVDI-0001',
        capturedAt: '2026-11-30T12:00:00.000Z',
        source: 'captures/npvdi-0001.txt',
        thumbprint: null,
      });
      expect(await s().ingest([vdi], INGESTED)).toEqual(['stored']);
      // Captured after the import: no longer counted as "not captured", at once.
      expect((await s().summary({ now: NOW })).entra['not-captured']).toBe(1);
      expect(await names({ stale: true, now: NOW })).toEqual(['PC-0003', 'NPVDI-0001']);
      expect(await names({ stale: true, now: NOW, staleness: { vdiStaleDays: 30 } })).toEqual(['PC-0003']);
      expect(await names({ stale: true, now: NOW, staleness: { vdiPrefixes: ['POOL-'] } })).toEqual([
        'PC-0003',
      ]);
      expect(await names({ stale: true, now: NOW, staleness: { vdiPrefixes: ['pool-', 'npvdi-'] } })).toEqual(
        ['PC-0003', 'NPVDI-0001'],
      );
      expect((await s().summary({ now: NOW })).entra.stale).toBe(2);
      expect((await s().summary({ now: NOW, staleness: { vdiStaleDays: 30 } })).entra.stale).toBe(1);
      // Overlapping prefixes count each device once; an edge day is counted exactly.
      expect(
        (await s().summary({ now: NOW, staleness: { vdiPrefixes: ['NPVDI-', 'npvdi-0'] } })).entra.stale,
      ).toBe(2);
      // PC-0003 (2026-05-14) passes 90 days just after 2026-08-12T00:00:00Z; NPVDI-0001 (2026-11-15)
      // passes 15 days just after 2026-11-30T00:00:00Z.
      expect((await s().summary({ now: '2026-08-12T00:00:00.000Z' })).entra.stale).toBe(0);
      expect((await s().summary({ now: '2026-08-12T00:00:00.001Z' })).entra.stale).toBe(1);
      expect((await s().summary({ now: '2026-11-30T00:00:00.000Z' })).entra.stale).toBe(1);
      expect((await s().summary({ now: '2026-11-30T00:00:00.001Z' })).entra.stale).toBe(2);
      expect(await names({ stale: true, now: '2026-11-30T00:00:00.000Z' })).toEqual(['PC-0003']);
    });

    it('counts "not captured" from the current store: a capture after the import takes the object off', async (ctx) => {
      if (!store) return ctx.skip();
      expect((await s().notCaptured({})).objects.map((o) => o.deviceId)).toEqual([ID_5]);
      const pc5 = captureFixture({
        text: 'PC-0005 hybrid\r\n',
        deviceId: ID_5,
        computer: 'PC-0005',
        capturedAt: '2026-11-30T09:00:00.000Z',
        source: 'captures/pc-0005.txt',
        thumbprint: null,
      });
      expect(await s().ingest([pc5], INGESTED)).toEqual(['stored']);
      expect(await s().notCaptured({})).toEqual({ objects: [], next: null });
      expect((await s().summary({ now: NOW })).entra['not-captured']).toBe(0);
      // A new import recounts from the store and finds the same.
      expect(await s().importEntra(contractEntra(), NOW)).toEqual({ stored: 5, devicesJoined: 6 });
      expect((await s().summary({ now: NOW })).entra['not-captured']).toBe(0);
      expect(await s().notCaptured({})).toEqual({ objects: [], next: null });
    });

    it('joins the AD side: certificate findings, the funnel, and a device captured after the report', async (ctx) => {
      if (!store) return ctx.skip();
      const ad = (
        over: Partial<AdComputerRecord> & { objectGuid: string; name: string },
      ): AdComputerRecord => ({
        objectDn: `CN=${over.name},OU=Workstations,DC=contoso,DC=com`,
        totalEntries: 1,
        certs: 1,
        validCerts: 1,
        hybridJoinCerts: 1,
        cloudFiltered: false,
        source: 'certificate-report.csv',
        ...over,
      });
      const none = { totalEntries: 0, certs: 0, validCerts: 0, hybridJoinCerts: 0, cloudFiltered: true };
      const result = await s().importAd(
        [
          ad({ objectGuid: ID_A, name: 'PC-0001' }),
          // PC-0002's capture has no device ID: matched by the DN's name. Expired certificates.
          ad({
            objectGuid: ID_C,
            name: 'PC-0002',
            totalEntries: 2,
            certs: 2,
            validCerts: 0,
            hybridJoinCerts: 0,
            cloudFiltered: true,
          }),
          ad({ objectGuid: ID_AD_ONLY, name: 'PC-0006' }),
          ad({ objectGuid: '11111111-aaaa-4bbb-8ccc-000000000007', name: 'PC-0007', ...none }),
        ],
        NOW,
      );
      expect(result).toEqual({ stored: 4, devicesJoined: 6 });
      const issues = async (id: string) => (await s().device(id, { now: NOW }))?.device.entraIssues;
      expect(await issues(ID_A)).toEqual([]);
      expect(await issues('PC-0002')).toEqual(['pending', 'ad-no-valid-certificate', 'ad-cloud-filtered']);
      expect((await s().device('PC-0002'))?.ad?.objectGuid).toBe(ID_C);
      expect((await s().device('PC-0003'))?.ad).toBeNull();
      let sum = await s().summary({ now: NOW });
      expect(sum.adComputers).toBe(4);
      expect(sum.hybridFunnel).toEqual({ inScope: 5, certificate: 1, synced: 4, registered: 4, prt: 4 });
      expect([
        sum.entra['ad-no-certificate'],
        sum.entra['ad-no-valid-certificate'],
        sum.entra['ad-cloud-filtered'],
      ]).toEqual([0, 1, 1]);
      expect((await s().devices({ issue: 'ad-cloud-filtered' })).devices.map((d) => d.computer)).toEqual([
        'PC-0002',
      ]);

      // Captured after the report: a domain joined device that never wrote its certificate.
      const pc7 = captureFixture({
        text: 'PC-0007 domain joined\r\n',
        deviceId: null,
        computer: 'PC-0007',
        joinState: 'domain-joined',
        health: 'attention',
        prt: null,
        whfbReady: null,
        thumbprint: null,
        capturedAt: '2026-11-30T10:00:00.000Z',
        source: 'captures/pc-0007.txt',
      });
      expect(await s().ingest([pc7], INGESTED)).toEqual(['stored']);
      expect(await issues('PC-0007')).toEqual(['ad-no-certificate', 'ad-cloud-filtered']);
      sum = await s().summary({ now: NOW });
      expect(sum.hybridFunnel).toEqual({ inScope: 6, certificate: 1, synced: 4, registered: 4, prt: 4 });
      expect([sum.entra['ad-no-certificate'], sum.entra['ad-cloud-filtered']]).toEqual([1, 2]);
    });

    it("rebuilds the indexes when a bulk run throws, and reports the run's own error", async (ctx) => {
      if (!store) return ctx.skip();
      const pc8 = captureFixture({
        text: 'PC-0008 healthy\r\n',
        deviceId: null,
        computer: 'PC-0008',
        capturedAt: '2026-11-30T23:00:00.000Z',
        source: 'captures/pc-0008.txt',
      });
      const run = s().bulk(
        async () => {
          await s().ingest([pc8], INGESTED);
          throw new Error('the disk is full');
        },
        { deferIndexesAfter: 0 },
      );
      await expect(run).rejects.toThrow('the disk is full');
      expect((await s().stats()).deferredIndexes).toBe(0);
      expect(
        (await s().devices({ health: ['healthy'], since: '2026-11-30T22:00:00Z' })).devices.map(
          (d) => d.computer,
        ),
      ).toEqual(['PC-0008']);
      // A run that stores fewer captures than its threshold keeps its indexes throughout.
      let during = -1;
      await s().bulk(async () => {
        await s().ingest(contractFleet(), INGESTED);
        during = (await s().stats()).deferredIndexes;
      });
      expect(during).toBe(0);
    });

    it('compares the latest capture with the one before it, whatever order the captures arrive in', async (ctx) => {
      if (!store) return ctx.skip();
      // Each device: failing on the 2nd, attention on the 3rd, healthy on the 4th of December.
      const three = (computer: string) =>
        (
          [
            ['2026-12-02T08:00:00.000Z', 'failing'],
            ['2026-12-03T08:00:00.000Z', 'attention'],
            ['2026-12-04T08:00:00.000Z', 'healthy'],
          ] as const
        ).map(([capturedAt, health]) =>
          captureFixture({
            text: `${computer} ${health}\r\n`,
            deviceId: null,
            computer,
            deviceKey: `name:${computer.toLowerCase()}.contoso.com`,
            keyKind: 'name',
            tenantId: null,
            capturedAt,
            health,
            source: `captures/${computer.toLowerCase()}-${health}.txt`,
          }),
        );
      const [a1, a2, a3] = three('PC-0901');
      const [b1, b2, b3] = three('PC-0902');
      const [c1, c2, c3] = three('PC-0903');
      // In one batch; newest first, each in its own batch; the middle one last.
      await s().ingest([a3, a1, a2] as CaptureInput[], INGESTED);
      for (const c of [b3, b1, b2] as CaptureInput[]) await s().ingest([c], INGESTED);
      for (const batch of [[c1, c3], [c2]] as CaptureInput[][]) await s().ingest(batch, INGESTED);
      const sum = await s().summary({ now: NOW, since: '2026-12-04T00:00:00Z' });
      expect(sum.changes).toEqual({
        since: '2026-12-04T00:00:00Z',
        devices: 3,
        improved: 3,
        worsened: 0,
        new: 0,
      });
      for (const name of ['PC-0901', 'PC-0902', 'PC-0903']) {
        const d = await s().device(name);
        expect([d?.device.health, d?.device.captures, d?.device.firstCapturedAt]).toEqual([
          'healthy',
          3,
          '2026-12-02T08:00:00.000Z',
        ]);
      }
    });
  });
}
