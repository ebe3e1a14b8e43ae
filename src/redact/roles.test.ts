import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceReport, verdict, wrapReports } from '../../test/fixtures/render/build.ts';
import { lookupField } from '../knowledge/fields.ts';
import type { EventRecord } from '../model/events.ts';
import { readCaptures } from '../read/index.ts';
import { createRedactor, redactCapture, redactCaptureText, redactReport } from './index.ts';
import { IDENTITY_FIELDS } from './roles.ts';

const fixture = readFileSync(join(import.meta.dirname, '../../test/fixtures/redact/roles.txt'), 'utf8');

/** The value of each `Name : value` line of a text copy, by name. */
function values(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([^:]+?)\s+:\s(.*)$/.exec(line);
    if (m) out[m[1] ?? ''] = m[2] ?? '';
  }
  return out;
}

describe('redaction by field role', () => {
  it('names only fields the catalog has, by their canonical names', () => {
    const unknown = Object.keys(IDENTITY_FIELDS).filter((name) => lookupField(name)?.name !== name);
    expect(unknown).toEqual([]);
  });

  it('replaces a field that identifies a device, user or tenant whatever its value looks like', () => {
    const copy = values(redactCaptureText(fixture, readCaptures(fixture), createRedactor()));
    expect(copy['DomainName']).toBe('DOMAIN1');
    expect(copy['Device Name']).toBe('DEVICE1');
    expect(copy['Thumbprint']).toBe('000001');
    expect(copy['TenantName']).toBe('TENANT1');
  });

  it('keeps role values that name nobody: the null GUID, n/a, and Windows accounts', () => {
    const copy = values(redactCaptureText(fixture, readCaptures(fixture), createRedactor()));
    expect(copy['DeviceId']).toBe('00000000-0000-0000-0000-000000000000');
    expect(copy['TenantId']).toBe('n/a');
    expect(copy['Executing Account Name']).toBe('NT AUTHORITY\\SYSTEM');
  });

  it('applies the same rules to the model as to the text copy', () => {
    const [capture] = readCaptures(fixture);
    const redacted = redactCapture(capture!, createRedactor());
    const raw = Object.fromEntries(redacted.sections.flatMap((s) => s.fields.map((f) => [f.name, f.raw])));
    expect(raw['Device Name']).toBe('DEVICE1');
    expect(raw['Thumbprint']).toBe('000001');
  });

  it('without strict mode, leaves free text and unknown fields to the patterns', () => {
    const copy = values(redactCaptureText(fixture, readCaptures(fixture), createRedactor()));
    expect(copy['Favourite Pet']).toBe('Rex the dog');
    expect(copy['MdmUrl']).toBe('https://host1.domain1.example/enroll');
  });
});

describe('strict mode', () => {
  const copy = values(redactCaptureText(fixture, readCaptures(fixture), createRedactor({ strict: true })));

  it('masks values the catalog does not know to be safe, keeping the codes in them', () => {
    expect(copy['Server Message']).toBe('[redacted] AADSTS50126');
    expect(copy['Favourite Pet']).toBe('[redacted]');
    expect(copy['MdmUrl']).toBe('[redacted]');
  });

  it("keeps states, product names and Microsoft's endpoints (their identifiers replaced)", () => {
    expect(copy['AzureAdJoined']).toBe('YES');
    expect(copy['KeyProvider']).toBe('Microsoft Platform Crypto Provider');
    expect(copy['AuthCodeUrl']).toBe(
      'https://login.microsoftonline.com/00000000-0000-4000-8000-000000000001/oauth2/authorize',
    );
  });

  it('reads back with the masked values read as masked', () => {
    const text = redactCaptureText(fixture, readCaptures(fixture), createRedactor({ strict: true }));
    const [again] = readCaptures(text);
    const pet = again?.sections.flatMap((s) => s.fields).find((f) => f.name === 'Favourite Pet');
    expect(pet?.value.kind).toBe('masked');
  });
});

describe('strict mode on event records', () => {
  it('masks event messages and text data, keeping codes, numbers and flags', () => {
    const report = deviceReport('events.xml', null, verdict({}), []);
    report.events = [
      {
        channel: 'Microsoft-Windows-User Device Registration/Admin',
        provider: 'Microsoft-Windows-User Device Registration',
        eventId: 304,
        level: 'error',
        time: '2024-05-01T09:16:43Z',
        recordNumber: 2201,
        computer: 'WS-FIN-0042',
        data: { ExitCode: '0x801c03f2', Retries: '3', Note: 'call Megan at the Lisbon office' },
        message: 'Automatic registration failed at join phase. Exit code: 0x801c03f2. Ask Megan.',
        activityId: null,
        origin: null,
      } as EventRecord,
    ];
    const [out] = redactReport(wrapReports([report]), createRedactor({ strict: true })).reports;
    expect(out?.events?.[0]?.data).toEqual({ ExitCode: '0x801c03f2', Retries: '3', Note: '[redacted]' });
    expect(out?.events?.[0]?.message).toBe('[redacted] 0x801c03f2');
    expect(out?.events?.[0]?.computer).toBe('DEVICE1');
  });
});
