import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose/index.ts';
import type { DsregCapture } from '../model/capture.ts';
import { readCaptures } from '../read/index.ts';
import { buildErrorChain } from './error-chain.ts';

const box = (title: string) => `+${'-'.repeat(70)}+\n| ${title.padEnd(69)}|\n+${'-'.repeat(70)}+`;

function chainOf(lines: string[]) {
  const [capture] = readCaptures(lines.join('\n'));
  const d = diagnose(capture as DsregCapture);
  return buildErrorChain(d.verdict, capture as DsregCapture);
}

describe('the error chain', () => {
  const registration = [
    box('Diagnostic Data'),
    '     Previous Registration : 2025-04-07 09:55:00.000 UTC',
    '         Registration Type : sync',
    '               Error Phase : join',
    '          Client ErrorCode : 0x801c03f2',
  ];

  it('gives each code of a field that holds several its own link, each with its reading', () => {
    const chain = chainOf([...registration, '          Server ErrorCode : 0x80090016 0x80290407']);
    expect(chain?.phase).toBe('join');
    expect(chain?.links.map((l) => [l.label, l.value, l.name])).toEqual([
      ['Client error', '0x801c03f2', 'DSREG_E_DIRECTORY_FAILURE'],
      ['Server error', '0x80090016', 'NTE_BAD_KEYSET'],
      ['Server error', '0x80290407', 'TPM_E_PCP_INTERNAL_ERROR'],
    ]);
    expect(chain?.links[1]?.meaning).toBe(
      'A TPM or key-storage operation failed because the expected key container does not exist.',
    );
  });

  it('puts the codes a server message quotes after it, and names no client error the capture does not show', () => {
    const chain = chainOf([
      'Server Message : Request failed: 0xcaa82ee2 ERROR_WINHTTP_TIMEOUT (AADSTS50126)',
    ]);
    expect(chain?.links.map((l) => [l.label, l.value, l.name])).toEqual([
      ['Server message', 'Request failed: 0xcaa82ee2 ERROR_WINHTTP_TIMEOUT (AADSTS50126)', null],
      ['Server code', '0xcaa82ee2', 'ERROR_ADAL_INTERNET_TIMEOUT'],
      ['Server code', 'AADSTS50126', 'InvalidUserNameOrPassword'],
    ]);
  });

  it('reads the server’s sub-code as a link of its own', () => {
    const chain = chainOf([
      ...registration,
      '          Server ErrorCode : DirectoryError',
      '       Server ErrorSubCode : error_missing_device',
    ]);
    expect(chain?.links.map((l) => [l.label, l.value])).toEqual([
      ['Client error', '0x801c03f2'],
      ['Server error', 'DirectoryError'],
      ['Server sub-code', 'error_missing_device'],
    ]);
    expect(chain?.links[2]?.meaning).toMatch(
      /^The service expected the request to come from a registered device/,
    );
  });

  it('gives every code of a multi-code client error and keeps the rest of its block', () => {
    const chain = chainOf([
      box('Diagnostic Data'),
      '     Previous Registration : 2025-04-07 09:55:00.000 UTC',
      '               Error Phase : join',
      '          Client ErrorCode : 0x80090016 0x80290407',
      '              Https Status : 400',
    ]);
    expect(chain?.links.map((l) => [l.label, l.value])).toEqual([
      ['Client error', '0x80090016'],
      ['Client error', '0x80290407'],
      ['HTTP status', '400'],
    ]);
  });

  it('keeps a server error of one word as one link, and an HRESULT_FROM_NT value beside its NTSTATUS', () => {
    const word = chainOf([...registration, '          Server ErrorCode : DirectoryError']);
    expect(word?.links.map((l) => [l.label, l.value])).toEqual([
      ['Client error', '0x801c03f2'],
      ['Server error', 'DirectoryError'],
    ]);
    const nt = chainOf([...registration, '          Server ErrorCode : 0xd000006d']);
    expect(nt?.links.map((l) => [l.label, l.value, l.name])).toEqual([
      ['Client error', '0x801c03f2', 'DSREG_E_DIRECTORY_FAILURE'],
      ['Server error', '0xd000006d', 'HRESULT_FROM_NT(STATUS_LOGON_FAILURE)'],
      ['Server error', '0xc000006d', 'STATUS_LOGON_FAILURE'],
    ]);
  });
});
