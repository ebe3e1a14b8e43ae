import { describe, expect, it } from 'vitest';
import { lookupCode } from '../knowledge/codes/index.ts';
import { renderExplanations } from './explain.ts';
import { columns } from './wrap.ts';

describe('explain as text', () => {
  const asked = ['0x801c03f2', 'SEC_E_TIME_SKEW', 'AADSTS50126', '0xdeadbeef'].map(lookupCode);

  it('keeps every line within the width, continuation lines indented under their text', () => {
    for (const width of [40, 60, 100]) {
      const lines = renderExplanations(asked, 'text', width).split('\n');
      // Only an address longer than the line may pass the width: whole, on a line of its own.
      expect(lines.filter((line) => columns(line) > width && !/^ {6}<https:\/\/\S+>$/.test(line))).toEqual(
        [],
      );
    }
    const lines = renderExplanations([lookupCode('0x801c03f2')], 'text', 60).split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '0x801c03f2 DSREG_E_DIRECTORY_FAILURE (dsreg)',
      '  hex 0x801C03F2 · signed -2145647630 · unsigned 2149319666',
      '  The registration service answered with ErrorCode',
      '    "DirectoryError"; the server message says why.',
    ]);
  });

  it('lists each source on its own line with its whole address', () => {
    const text = renderExplanations([lookupCode('0x801c001d')], 'text', 60);
    expect(text).toContain(
      '  Sources:\n    - Troubleshoot Microsoft Entra hybrid joined devices,\n      Step 4, Discover phase, common error codes\n      <https://learn.microsoft.com/entra/identity/devices/troubleshoot-hybrid-join-windows-current>\n',
    );
    expect(text).not.toContain('seed');
  });

  it('links the sources in Markdown and keeps code spans of the catalog as code', () => {
    const md = renderExplanations([lookupCode('0x801c001d')], 'markdown');
    expect(md).toContain(
      '- [Troubleshoot Microsoft Entra hybrid joined devices, Step 4, Discover phase, common error codes](https://learn.microsoft.com/entra/identity/devices/troubleshoot-hybrid-join-windows-current)',
    );
    expect(md).not.toContain('\\`');
  });
});

describe('explain: HRESULT_FROM_NT', () => {
  it('says which NTSTATUS an HRESULT_FROM_NT value carries, in text and markdown', () => {
    const lookup = lookupCode('0xD000006D');
    const text = renderExplanations([lookup], 'text', 200);
    expect(text).toContain(
      '0xd000006d is HRESULT_FROM_NT(0xc000006d STATUS_LOGON_FAILURE): the NTSTATUS 0xc000006d carried as an HRESULT; it means what 0xc000006d means.',
    );
    const md = renderExplanations([lookup], 'markdown');
    expect(md).toContain('HRESULT\\_FROM\\_NT(0xc000006d STATUS\\_LOGON\\_FAILURE)');
  });
});
