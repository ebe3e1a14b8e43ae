import { describe, expect, it } from 'vitest';
import { diagnoseFixture } from '../../test/fixtures/diagnose/load.ts';
import { confidenceLevel } from './confidence.ts';

describe('confidence', () => {
  it('is high for a complete capture taken as the user', () => {
    const { confidence } = diagnoseFixture('diagnose/hybrid-healthy.txt', {
      now: '2025-06-02T09:00:00Z',
    }).verdict;
    expect(confidence).toEqual({
      level: 'high',
      score: 0.94,
      reasons: ['missing sections: ngc-prerequisite-check'],
    });
  });

  it('is lowered by a fragment without headers', () => {
    const { confidence } = diagnoseFixture('captures/fragment-no-headers.txt').verdict;
    expect(confidence).toEqual({
      level: 'medium',
      score: 0.75,
      reasons: ['fragment: no section headers, fields placed by name'],
    });
  });

  it('is lowered where lines were elided in the paste', () => {
    const { confidence } = diagnoseFixture('captures/noise-timestamps-markdown.txt').verdict;
    expect(confidence).toEqual({
      level: 'medium',
      score: 0.72,
      reasons: [
        'missing sections: user-state, diagnostic-data, ngc-prerequisite-check',
        'elided: lines of the output were left out where it was pasted',
      ],
    });
  });

  it('is lowered by a truncated input and names the cut-off value', () => {
    const { confidence } = diagnoseFixture('captures/truncated-mid-value.txt').verdict;
    expect(confidence.reasons.slice(0, 2)).toEqual([
      'truncated: the input ends inside the output',
      'cut-off values: WamDefaultSet',
    ]);
    expect(confidence.level).toBe('medium');
  });

  it('names masked values', () => {
    const { confidence } = diagnoseFixture('captures/masked-values.txt').verdict;
    expect(confidence.reasons).toContain(
      'masked values: TenantName, TenantId, DeviceId, Thumbprint, AzureAdPrtAuthority, WamDefaultGUID',
    );
  });

  it('says when only a debug trace or an account list was given', () => {
    expect(diagnoseFixture('captures/debug-join-trace.txt').verdict.confidence.reasons[0]).toBe(
      'debug trace only: no status block',
    );
    expect(diagnoseFixture('captures/listaccounts.txt').verdict.confidence.reasons).toEqual([
      'account list only: no device or join state',
    ]);
  });

  it('uses the first of two conflicting values and says so, instead of the last one silently', () => {
    const { verdict } = diagnoseFixture('diagnose/conflicting-duplicates.txt');
    expect(verdict.joinState).toBe('domain-joined');
    expect(verdict.confidence.reasons).toContain(
      'conflicting repeated fields: AzureAdJoined (the first occurrence is used)',
    );
  });

  it('keeps Work Account values out of the device and user state', () => {
    const { verdict, findings } = diagnoseFixture('captures/unknown-section-work-accounts.txt');
    expect(verdict.joinState).toBe('entra-joined');
    expect(findings.map((f) => f.id)).not.toContain('device-key-software');
    expect(verdict.confidence.reasons).not.toContain(expect.stringContaining('conflicting'));
  });
});

describe('confidenceLevel', () => {
  it('is high from 0.8, medium from 0.5, low below', () => {
    expect([1, 0.8, 0.79, 0.5, 0.49, 0].map(confidenceLevel)).toEqual([
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
    ]);
  });
});
