import { describe, expect, it, vi } from 'vitest';
import { readCaptures } from '../read/index.ts';
import { compareFields } from './index.ts';

function captureOf(text: string) {
  const [capture] = readCaptures(text);
  if (!capture) throw new Error('no capture read');
  return capture;
}

/** A collapsed paste: one section with `n` repeats of a field; `changed` repeats hold another value. */
function repeated(n: number, changed: number): string {
  const lines = ['| Tenant Details |', ''];
  for (let i = 0; i < n; i++)
    lines.push(`   MdmUrl : https://enrollment.contoso.com/${i < changed ? 'new' : 'old'}`);
  return lines.join('\n');
}

describe('compareFields', () => {
  it('numbers repeats of a field and reports each one that changed', () => {
    const before = captureOf(repeated(3, 0));
    const after = captureOf(`${repeated(3, 2)}\n   MdmUrl : https://enrollment.contoso.com/extra`);
    expect(compareFields(before, after)).toEqual([
      {
        what: 'Tenant Details › MdmUrl',
        before: 'https://enrollment.contoso.com/old',
        after: 'https://enrollment.contoso.com/new',
      },
      {
        what: 'Tenant Details › MdmUrl #2',
        before: 'https://enrollment.contoso.com/old',
        after: 'https://enrollment.contoso.com/new',
      },
      { what: 'Tenant Details › MdmUrl #4', before: null, after: 'https://enrollment.contoso.com/extra' },
    ]);
  });

  it('does work linear in the number of repeats (8x the repeats: 8x the map lookups, not 64x)', () => {
    // Counted, not timed: each repeat is numbered with one lookup, where probing #2…#n for the
    // n-th repeat made 16,000 repeats cost 64 times the lookups of 2,000.
    const lookups = (n: number) => {
      const pair = [captureOf(repeated(n, 0)), captureOf(repeated(n, n / 2))] as const;
      const has = vi.spyOn(Map.prototype, 'has');
      const get = vi.spyOn(Map.prototype, 'get');
      try {
        expect(compareFields(...pair)).toHaveLength(n / 2);
        return has.mock.calls.length + get.mock.calls.length;
      } finally {
        has.mockRestore();
        get.mockRestore();
      }
    };
    const small = lookups(2_000);
    const large = lookups(16_000);
    expect(large / small).toBeLessThan(9);
  });
});
