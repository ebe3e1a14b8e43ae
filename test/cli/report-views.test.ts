/**
 * The views of `analyze` an admin reaches for in the first hour: `--brief`, `--summary`,
 * `--format csv`, the terminal text with the capture dump and informational findings folded
 * (`--capture`, `--verbose` open them), Markdown with the summary first, and `checklist` and
 * `guide` in words, wrapped to the width.
 * @module
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../src/render/rows.ts';
import { cli } from './run-cli.ts';

const examples = join(import.meta.dirname, '..', '..', 'examples');
const example = (name: string) => join(examples, name);

describe('analyze --brief', () => {
  it('prints one line per device (state, health, phase, error, name), then the totals', async () => {
    const r = await cli('analyze', examples, '--brief', '--no-color');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'STATE                             HEALTH     PHASE      ERROR       DEVICE',
        'Entra registered                  healthy    -          -           HOME-PC',
        'Hybrid joined                     healthy    -          -           PC-0142.contoso.com',
        'Hybrid joined                     healthy    -          -           PC-0388.contoso.com',
        // A capture without a Device Name is named by its file.
        'Hybrid joined                     healthy    -          -           pre-1803-flat.txt',
        'Entra joined                      failing    -          0xc000006d  LT-0318',
        'Domain joined                     failing    discover   0x801c001d  PC-0203.contoso.com',
        'Hybrid joined                     healthy    -          -           PC-0177.contoso.com',
        'Domain joined                     attention  join       0x801c03f2  PC-0177.contoso.com',
        '8 device reports: 5 healthy, 1 attention, 2 failing',
        '',
      ].join('\n'),
    );
  });

  it('names the inputs it could not read under the totals, and exits 2', async () => {
    const r = await cli(
      'analyze',
      example('scp-missing.txt'),
      join(examples, 'missing.txt'),
      '--brief',
      '--no-color',
    );
    expect(r.code).toBe(2);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[1]).toBe(
      'Domain joined                     failing    discover   0x801c001d  PC-0203.contoso.com',
    );
    expect(lines[2]).toBe('1 device report: 1 failing');
    expect(lines[3]).toBe('1 input not analysed:');
    expect(lines[4]).toMatch(/^ {2}.*missing\.txt: /);
  });

  it('is a format of its own: --brief with another --format is a usage error', async () => {
    const r = await cli('analyze', example('scp-missing.txt'), '--brief', '--format', 'json');
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([
      'dsreg-doctor: --brief and --format json: choose one (--brief is its own format) (see --help)',
    ]);
  });
});

describe('analyze --format csv', () => {
  it('writes a head and one row per device, CRLF, quoted where a cell holds a comma', async () => {
    const r = await cli('analyze', example('scp-missing.txt'), '--format', 'csv');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      'device,state,health,failed_phase,error_code,error_name,sub_error_code,sub_error_name,errors,warnings,confidence,tenant_id,device_id,source,summary\r\n' +
        'PC-0203.contoso.com,Domain joined,failing,discover,0x801c001d,DSREG_AUTOJOIN_ADCONFIG_READ_FAILED,0x80070002,HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND),1,0,high,,,' +
        `${example('scp-missing.txt')},"Domain joined, not hybrid joined: hybrid join failed in the discover phase: 0x801c001d DSREG_AUTOJOIN_ADCONFIG_READ_FAILED / 0x80070002 HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)."\r\n`,
    );
  });

  it('gives a folder one row per capture and a row for each input not read', async () => {
    const r = await cli('analyze', examples, join(examples, 'missing.txt'), '--format', 'csv');
    const rows = r.stdout.split('\r\n').filter((l) => l !== '');
    expect(rows).toHaveLength(1 + 8 + 1);
    expect(rows.at(-1)).toMatch(/^,,not analysed,,,,,,,,,,,.*missing\.txt,/);
  });

  it('keeps a spreadsheet from running a value as a formula', () => {
    expect(csvCell('=HYPERLINK("http://example.com")')).toBe(`"'=HYPERLINK(""http://example.com"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('PC-0203.contoso.com')).toBe('PC-0203.contoso.com');
  });
});

describe('analyze --summary', () => {
  it('prints only the run summary', async () => {
    const r = await cli('analyze', examples, '--summary', '--format', 'text', '--no-color', '--width', '100');
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('Summary: 8 reports\n')).toBe(true);
    expect(r.stdout).toContain('  Domain joined            ·         1         1         ·         2\n');
    expect(r.stdout).not.toContain('Findings');
  });
});

describe('analyze as text on a terminal', () => {
  it('folds informational findings and the field dump into one line each', async () => {
    const r = await cli(
      'analyze',
      example('scp-missing.txt'),
      '--format',
      'text',
      '--no-color',
      '--width',
      '100',
    );
    expect(r.stdout).toContain('\n  4 informational findings hidden (--verbose shows them)\n');
    expect(r.stdout).toContain(
      '\nCapture: sectioned layout · completeness 100% · 35 fields read (--capture shows the key fields)\n',
    );
    expect(r.stdout).not.toContain('AD Configuration Test  : FAIL');
    // Checklist IDs never in a title: in their own line.
    expect(r.stdout).not.toMatch(/check G\d/);
    expect(r.stdout).toContain('\n    Checklist: G9, G10, G11, J1, J3, G4\n');
  });

  it('opens them with --capture and --verbose, and says how many fields are shown', async () => {
    const r = await cli(
      'analyze',
      example('scp-missing.txt'),
      '--format',
      'text',
      '--no-color',
      '--width',
      '100',
      '--capture',
      '--verbose',
    );
    expect(r.stdout).toContain('  ℹ INFO  Pre-join tests did not run as SYSTEM\n');
    expect(r.stdout).toContain('    AD Configuration Test  : FAIL [0x80070002]\n');
    expect(r.stdout).toMatch(
      /Capture \(sectioned layout · completeness 100% · \d+ of 35 fields shown; JSON has every/,
    );
  });

  it('never splits a URL: one longer than the line stands on a line of its own, whole', async () => {
    const r = await cli(
      'analyze',
      example('scp-missing.txt'),
      '--format',
      'text',
      '--no-color',
      '--width',
      '60',
    );
    expect(r.stdout).toContain(
      '\n         <https://learn.microsoft.com/openspecs/windows_protocols/ms-erref/18d8fbe8-a967-4f1c-ae50-99ca8e491d2d>\n',
    );
  });
});

describe('analyze as Markdown', () => {
  it('puts the run summary first, then each device headed by its name', async () => {
    const r = await cli('analyze', examples, '--format', 'markdown');
    expect(r.stdout.startsWith('## Summary: 8 reports\n')).toBe(true);
    expect(r.stdout).toContain(`\n## PC-0203.contoso.com\n\n_${example('scp-missing.txt')}_\n`);
    // Commands stay code spans, references are links.
    expect(r.stdout).toContain('1. Run `dsregcmd /status` as SYSTEM or elevated');
    expect(r.stdout).not.toContain('\\`');
    expect(r.stdout).toContain(
      '[Troubleshoot Microsoft Entra hybrid joined devices](https://learn.microsoft.com/entra/identity/devices/troubleshoot-hybrid-join-windows-current)',
    );
    expect(r.stdout).not.toContain('seed 0');
  });
});

describe('checklist and guide', () => {
  it('checklist says what carries out each item in words, never a module name', async () => {
    const r = await cli('checklist', '--format', 'text');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\b(?:read|knowledge|diagnose|verdict|render|events|catalog|rule):[a-z]/);
    expect(r.stdout).toContain(
      'A2   Flat layout before 1803\n     findings: pre-1803-layout\n     also: reading the capture; the field catalog\n',
    );
  });

  it('guide text is wrapped to the width, addresses whole', async () => {
    const r = await cli('guide', 'applicability', '--format', 'text');
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.length > 100 && !/^ +<https:\/\/\S+>$/.test(l))).toEqual([]);
    expect(lines[0]).toBe('Which Windows versions this applies to');
    expect(lines[1]).toBe('  dsreg-doctor guide applicability · Checklist: M1');
  });
});
