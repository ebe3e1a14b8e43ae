import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.ts';
import { chooseFormat, parseNow, useColor, widthFor } from './format.ts';
import type { Output } from './output.ts';

const terminal: Output = {
  isTerminal: true,
  columns: 120,
  write: async () => {},
  close: async () => {},
  abort: async () => {},
};
const pipe: Output = { ...terminal, isTerminal: false, columns: undefined };

describe('output choices', () => {
  it('defaults to text on a terminal and JSON in a pipe', () => {
    expect(chooseFormat(undefined, ['text', 'json'] as const, terminal)).toBe('text');
    expect(chooseFormat(undefined, ['text', 'json'] as const, pipe)).toBe('json');
    expect(chooseFormat('MD', ['text', 'markdown'] as const, pipe)).toBe('markdown');
    expect(() => chooseFormat('pdf', ['text', 'json'] as const, pipe)).toThrow(UsageError);
  });

  it('colours only a terminal, and NO_COLOR and FORCE_COLOR win over that', () => {
    expect(useColor(terminal, undefined, {})).toBe(true);
    expect(useColor(pipe, undefined, {})).toBe(false);
    expect(useColor(terminal, undefined, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(pipe, undefined, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor(pipe, undefined, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColor(terminal, false, { FORCE_COLOR: '1' })).toBe(false);
  });

  it('turns colour off on a terminal for FORCE_COLOR=0 or false, and on for an empty FORCE_COLOR', () => {
    expect(useColor(terminal, undefined, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColor(terminal, undefined, { FORCE_COLOR: 'false' })).toBe(false);
    expect(useColor(pipe, undefined, { FORCE_COLOR: '' })).toBe(true);
    expect(useColor(pipe, undefined, { FORCE_COLOR: 'true' })).toBe(true);
  });

  it('takes the width from --width, then COLUMNS, then the terminal, within 60 to 160', () => {
    expect(widthFor(pipe, undefined, {})).toBe(100);
    expect(widthFor(pipe, undefined, { COLUMNS: '72' })).toBe(72);
    expect(widthFor(terminal, undefined, { COLUMNS: '72' })).toBe(72);
    expect(widthFor(terminal, undefined, {})).toBe(120);
    expect(widthFor(pipe, '90', { COLUMNS: '72' })).toBe(90);
    expect(widthFor(pipe, undefined, { COLUMNS: '20' })).toBe(60);
    expect(widthFor(pipe, undefined, { COLUMNS: '1000' })).toBe(160);
    for (const invalid of ['', '0', '-80', '80px', 'wide']) {
      expect(widthFor(terminal, undefined, { COLUMNS: invalid })).toBe(120);
    }
  });

  it('reads --now as UTC and refuses what is not a time', () => {
    expect(parseNow('2024-05-06 09:16:50Z')).toBe('2024-05-06T09:16:50.000Z');
    expect(() => parseNow('yesterday')).toThrow(UsageError);
  });

  it('refuses a --now day that does not exist instead of rolling it over', () => {
    expect(parseNow('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
    for (const impossible of [
      '2024-02-30T00:00:00Z',
      '2023-02-29',
      '2024-04-31',
      'Feb 30 2024',
      '30 Feb 2024',
    ]) {
      expect(() => parseNow(impossible)).toThrow(UsageError);
    }
  });

  it('takes --width in decimal digits only', () => {
    expect(widthFor(pipe, '080', {})).toBe(80);
    for (const invalid of ['0x50', '1e2', '80.0', ' 80', '+80', '']) {
      expect(() => widthFor(pipe, invalid, {})).toThrow(UsageError);
    }
  });
});
