/**
 * The fleet's outputs with hostile values: HTML escapes every value and loads nothing, CSV cells
 * cannot start a spreadsheet formula, Markdown tables keep their shape.
 * @module
 */
import { describe, expect, it } from 'vitest';
import type { DeviceRow, FleetSummary } from '../store/types.ts';
import { devicesCsvRows, renderSummary } from './render.ts';

const summary: FleetSummary = {
  now: '2026-12-01T00:00:00.000Z',
  devices: 3,
  captures: 4,
  entraObjects: 0,
  stateHealth: [
    { joinState: 'hybrid-joined', health: 'healthy', devices: 2 },
    { joinState: 'domain-joined', health: 'failing', devices: 1 },
  ],
  hybridFunnel: { inScope: 3, synced: null, registered: 2, prt: 1 },
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
});
