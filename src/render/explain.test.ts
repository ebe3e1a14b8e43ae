import { describe, expect, it } from 'vitest';
import { lookupCode } from '../knowledge/codes/index.ts';
import { renderExplanations } from './explain.ts';
import { columns } from './wrap.ts';

describe('explain as text', () => {
  const asked = ['0x801c03f2', 'SEC_E_TIME_SKEW', 'AADSTS50126', '0xdeadbeef'].map(lookupCode);

  it('keeps every line within the width, continuation lines indented under their text', () => {
    for (const width of [40, 60, 100]) {
      const lines = renderExplanations(asked, 'text', width).split('\n');
      expect(lines.filter((line) => columns(line) > width)).toEqual([]);
    }
    const lines = renderExplanations([lookupCode('0x801c03f2')], 'text', 60).split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '0x801c03f2 DSREG_E_DIRECTORY_FAILURE (dsreg)',
      '  hex 0x801C03F2 · signed -2145647630 · unsigned 2149319666',
      '  The registration service answered with ErrorCode',
      '    "DirectoryError"; the server message says why.',
    ]);
  });
});
