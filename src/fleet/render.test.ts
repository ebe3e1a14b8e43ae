/**
 * The fleet's outputs with hostile values: HTML escapes every value and loads nothing, CSV cells
 * cannot start a spreadsheet formula, Markdown tables keep their shape.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { entraFixture } from '../store/contract.ts';
import type { DeviceRow, FleetSummary } from '../store/types.ts';
import { devicesCsvRows, notCapturedCsvRows, notCapturedText, renderSummary } from './render.ts';

const summary: FleetSummary = {
  now: '2026-12-01T00:00:00.000Z',
  devices: 3,
  captures: 4,
  entraObjects: 0,
  adComputers: 0,
  staleness: { staleDays: 90, vdiStaleDays: 15, vdiPrefixes: ['NPVDI-'] },
  stateHealth: [
    { joinState: 'hybrid-joined', health: 'healthy', devices: 2 },
    { joinState: 'domain-joined', health: 'failing', devices: 1 },
  ],
  hybridFunnel: { inScope: 3, certificate: null, synced: null, registered: 2, prt: 1 },
  topPhases: [{ key: 'discover', devices: 1 }],
  topCodes: [
    { key: '0x801c001d', devices: 1 },
    { key: '<img src=x onerror=alert(1)>|', devices: 1 },
  ],
  prt: { yes: 1, no: 1, unknown: 0 },
  whfb: { ready: 1, notReady: 1, unknown: 0 },
  osVersions: [{ key: '10.0.22631.3880', devices: 3 }],
  contexts: [{ key: 'user', devices: 3 }],
  freshness: { day: 1, week: 1, month: 1, quarter: 0, older: 0 },
  entra: {
    'unknown-to-entra': 0,
    pending: 0,
    'wrong-join-type': 0,
    'registered-twice': 0,
    disabled: 0,
    'thumbprint-mismatch': 0,
    stale: 0,
    'duplicate-name': 0,
    'not-captured': 0,
    'ad-no-certificate': 0,
    'ad-no-valid-certificate': 0,
    'ad-cloud-filtered': 0,
  },
  changes: null,
};

describe('fleet rendering', () => {
  it('HTML: one page, inline SVG, every value escaped, no script or external load', () => {
    const html = renderSummary(summary, 'html');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;|');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<script|<link|src="|href=/i);
    expect(html.match(/<svg /g)?.length).toBe(5);
    expect(html).toContain("default-src 'none'");
  });

  it('Markdown: a pipe in a value does not break the table; the code meaning comes from the catalog', () => {
    const md = renderSummary(summary, 'markdown');
    expect(md).toContain('| &lt;img src=x onerror=alert(1)&gt;\\| | 1 |  |');
    expect(md).toContain(
      '| 0x801c001d | 1 | DSREG_AUTOJOIN_ADCONFIG_READ_FAILED: The device could not read the service connection point (SCP) to learn its Entra tenant. |',
    );
  });

  it('CSV: a cell that would start a formula is quoted and defused', () => {
    const row = {
      deviceKey: 'name:pc',
      computer: '=HYPERLINK("http://example.com")',
      summary: 'a, "quoted" summary',
      entraIssues: [],
      joinState: 'domain-joined',
      health: 'failing',
      context: 'user',
      lastCapturedAt: '2026-11-30T10:00:00.000Z',
      captures: 1,
    } as unknown as DeviceRow;
    const line = devicesCsvRows([row]);
    expect(line.startsWith('name:pc,"\'=HYPERLINK(""http://example.com"")",')).toBe(true);
    expect(line.endsWith(',"a, ""quoted"" summary"\r\n')).toBe(true);
  });

  it('text: the hybrid funnel with the AD certificate step, the Entra and AD findings, the thresholds used', () => {
    const withAd: FleetSummary = {
      ...summary,
      devices: 10,
      captures: 12,
      entraObjects: 9,
      adComputers: 8,
      staleness: { staleDays: 120, vdiStaleDays: 15, vdiPrefixes: ['NPVDI-', 'POOL-'] },
      stateHealth: [{ joinState: 'hybrid-joined', health: 'healthy', devices: 10 }],
      hybridFunnel: { inScope: 8, certificate: 6, synced: 5, registered: 4, prt: 3 },
      topPhases: [],
      topCodes: [],
      entra: {
        ...summary.entra,
        pending: 1,
        stale: 2,
        'not-captured': 3,
        'ad-no-certificate': 1,
        'ad-no-valid-certificate': 1,
        'ad-cloud-filtered': 2,
      },
    };
    const text = renderSummary(withAd, 'text');
    const section = (title: string) => {
      const from = text.indexOf(title);
      return text.slice(from, text.indexOf('\n\n', from));
    };
    expect(section('Hybrid join funnel')).toBe(
      [
        'Hybrid join funnel (domain joined devices)',
        '  step                                     devices  of in scope',
        '  in AD scope (domain joined)              8        100%',
        '  valid hybrid join certificate in AD      6        75%',
        '  synced to Entra (ServerAd object)        5        62.5%',
        '  registered (hybrid joined, not Pending)  4        50%',
        '  holding a PRT                            3        37.5%',
      ].join('\n'),
    );
    expect(section('What Entra knows')).toBe(
      [
        'What Entra knows (9 objects imported, 8 AD computers from the certificate report)',
        '  finding                                                      devices',
        '  The device ID it reports does not exist in Entra             0',
        '  Pending in Entra: synced but not registered                  1',
        '  Entra holds a different join type than the device reports    0',
        '  Hybrid joined and also registered (dual state)               0',
        '  The Entra object is disabled                                 0',
        '  The device certificate does not match the Entra object       0',
        '  Stale in Entra (over 120 days; 15 for NPVDI-, POOL-)         2',
        '  Several Entra objects carry this name                        0',
        '  No hybrid join certificate in AD (NotStarted, SCP not read)  1',
        '  Certificates in AD, but no valid hybrid join certificate     1',
        '  CloudFiltered: Entra Connect does not sync this computer     2',
        '  In Entra but no capture from the device                      3',
      ].join('\n'),
    );
    const html = renderSummary(withAd, 'html');
    expect(html).toContain('>certificate in AD</text>');
    expect(html.match(/<svg /g)?.length).toBe(5);
  });

  it('without a certificate report the funnel says so and the AD findings are not listed', () => {
    const text = renderSummary({ ...summary, entraObjects: 2 }, 'text');
    expect(text).toContain('  valid hybrid join certificate in AD      no certificate report  –');
    expect(text).not.toContain('CloudFiltered');
  });

  it('Entra objects without a capture: text and CSV', () => {
    const row = {
      objectKey: 'b0000000-0000-4000-8000-000000000005',
      ...entraFixture({
        objectId: 'b0000000-0000-4000-8000-000000000005',
        deviceId: '11111111-aaaa-4bbb-8ccc-000000000005',
        displayName: 'PC-0005',
        registrationTime: null,
        isCompliant: null,
        isManaged: null,
        source: 'devices.csv (portal CSV (current))',
      }),
    };
    expect(notCapturedText([row], true)).toBe(
      'NAME                 DEVICE ID                             JOIN TYPE  ENABLED  LAST ACTIVITY\n' +
        'PC-0005              11111111-aaaa-4bbb-8ccc-000000000005  ServerAd   yes      2026-11-25\n',
    );
    expect(notCapturedCsvRows([row])).toBe(
      'b0000000-0000-4000-8000-000000000005,PC-0005,11111111-aaaa-4bbb-8ccc-000000000005,b0000000-0000-4000-8000-000000000005,ServerAd,true,2026-11-25T00:00:00.000Z,Windows,10.0.22631.3880,devices.csv (portal CSV (current))\r\n',
    );
  });
});
