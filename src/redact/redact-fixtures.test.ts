import { describe, expect, it } from 'vitest';
import {
  asReport,
  captureFixtures,
  loadPipeline,
  NOW,
  readFixture,
  relativeName,
} from '../../test/fixtures/render/pipeline.ts';
import type { DsregCapture } from '../model/capture.ts';
import type { DeviceReport } from '../model/report.ts';
import { render } from '../render/index.ts';
import { isMicrosoftHost, isNameWorthHiding, isPublicGuid } from './identifiers.ts';
import { createRedactor, redactCaptureText, redactReport } from './index.ts';

const analyze = await loadPipeline();

/** Fields whose whole value names a person, a device, a domain or a tenant. */
const NAME_FIELDS = new Set([
  'TenantName',
  'WorkplaceTenantName',
  'Device Name',
  'DomainName',
  'User Identity',
  'Executing Account Name',
]);

/** What the admin would not want to post: collected from the text and the model independently of the redactor. */
function identifiers(text: string, captures: readonly DsregCapture[]): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi)) {
    if (!isPublicGuid(m[0])) found.add(m[0]);
  }
  for (const m of text.matchAll(/[\w.'+-]+@[\w-]+(?:\.[\w-]+)+/g)) found.add(m[0]);
  for (const m of text.matchAll(/(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])/gi)) found.add(m[0]);
  for (const m of text.matchAll(/https?:\/\/([^/\s:?#]+)/gi)) if (!isMicrosoftHost(m[1]!)) found.add(m[1]!);
  for (const capture of captures) {
    for (const field of capture.sections.flatMap((s) => s.fields)) {
      if (!NAME_FIELDS.has(field.name) || field.value.kind === 'masked') continue;
      for (const part of field.raw.split(/[,\\]/)) if (isNameWorthHiding(part)) found.add(part.trim());
    }
  }
  return [...found];
}

function verdictOf(report: DeviceReport) {
  const { summary: _summary, ...rest } = report.verdict;
  return { verdict: rest, findings: report.findings.map((f) => `${f.severity} ${f.id}`) };
}

describe.skipIf(analyze === null)('redaction of every capture fixture', () => {
  for (const path of captureFixtures()) {
    const input = analyze?.(readFixture(path), { path: relativeName(path), now: NOW });
    if (input?.kind !== 'capture' || input.text === null) continue;
    const originals = identifiers(input.text, input.captures);

    it(`${relativeName(path)}: no identifier survives in any report format`, () => {
      const redacted = redactReport(asReport(input), createRedactor());
      for (const format of ['text', 'json', 'markdown', 'html'] as const) {
        const out = render(redacted, format).toLowerCase();
        const left = originals.filter((o) => out.includes(o.toLowerCase()));
        expect(left, format).toEqual([]);
      }
    });

    it(`${relativeName(path)}: the redacted text keeps its lines and reads to the same verdict`, () => {
      const text = redactCaptureText(input.text!, input.captures, createRedactor());
      const left = originals.filter((o) => text.toLowerCase().includes(o.toLowerCase()));
      expect(left).toEqual([]);
      expect(text.split(/\r\n|\n|\r/).length).toBe(input.text!.split(/\r\n|\n|\r/).length);
      const again = analyze!(new TextEncoder().encode(text), { path: relativeName(path), now: NOW });
      expect(again.reports.map(verdictOf)).toEqual(input.reports.map(verdictOf));
    });
  }
});

describe.skipIf(analyze === null)('names a capture states only in free text', () => {
  const path = captureFixtures().find((p) => p.endsWith('free-text-identifiers.txt'))!;
  const input = analyze?.(readFixture(path), { path: relativeName(path), now: NOW });
  /** In the prompt, an encoded login hint, a quoted address and a `DOMAIN\user`: no field states them. */
  const names = ['jdoe', 'smith', 'woodgrove', 'jane.doe'];

  it('leaves none of them in the redacted copy or in any report format', () => {
    expect(input?.kind).toBe('capture');
    for (const name of names) expect(input!.text!.toLowerCase()).toContain(name);
    const copy = redactCaptureText(input!.text!, input!.captures, createRedactor()).toLowerCase();
    expect(names.filter((n) => copy.includes(n))).toEqual([]);
    const redacted = redactReport(asReport(input!), createRedactor());
    for (const format of ['text', 'json', 'markdown', 'html'] as const) {
      const out = render(redacted, format).toLowerCase();
      expect(
        names.filter((n) => out.includes(n)),
        format,
      ).toEqual([]);
    }
  });
});
