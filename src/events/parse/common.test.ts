import { describe, expect, it } from 'vitest';
import { intOrNull, levelFrom, readTime } from './common.ts';

describe('readTime', () => {
  it.each([
    ['2025-01-31T09:16:43.1234567Z', '2025-01-31T09:16:43.1234567Z', false],
    ['2018-07-06 18:45:46.966627', '2018-07-06T18:45:46.966627Z', true],
    ['/Date(1738315003100)/', '2025-01-31T09:16:43.100Z', false],
    ['\\/Date(1738315003100)\\/', '2025-01-31T09:16:43.100Z', false],
    ['2025-02-03T10:10:01.1234567+01:00', '2025-02-03T09:10:01.123Z', false],
    ['1/31/2025 9:16:43 AM', '2025-01-31T09:16:43Z', true],
    ['1/31/2025 12:05:00 PM', '2025-01-31T12:05:00Z', true],
    ['1/31/2025 12:05:00 AM', '2025-01-31T00:05:00Z', true],
    ['31.01.2025 21:16:43', '2025-01-31T21:16:43Z', true],
    ['2025-01-31T09:16:02.500', '2025-01-31T09:16:02.500Z', false],
  ])('%s → %s', (text, iso, local) => {
    const reading = readTime(text);
    expect(reading.iso).toBe(iso);
    if (local) expect(reading.local || text.includes(' ')).toBe(true);
  });

  it('gives null for what is not a time', () => {
    expect(readTime('yesterday').iso).toBeNull();
    expect(readTime('').iso).toBeNull();
    expect(readTime('13/45/2025 9:00:00 AM').iso).toBeNull();
  });
});

describe('levelFrom', () => {
  it('reads numbers and names, and LogAlways (0) as information', () => {
    expect(['1', '2', '3', '4', '5', '0'].map(levelFrom)).toEqual([
      'critical',
      'error',
      'warning',
      'information',
      'verbose',
      'information',
    ]);
    expect(levelFrom('Error')).toBe('error');
    expect(levelFrom('Information')).toBe('information');
    expect(levelFrom('Audit Failure')).toBe('warning');
    expect(levelFrom('Fehler')).toBe('unknown');
  });
});

describe('intOrNull', () => {
  it('keeps empty fields empty instead of reading them as 0', () => {
    expect(intOrNull('')).toBeNull();
    expect(intOrNull('1201')).toBe(1201);
    expect(intOrNull('12a')).toBeNull();
  });
});
