import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/input/decode.ts';
import { cli } from './run-cli.ts';

const examples = join(import.meta.dirname, '..', '..', 'examples');
const example = (name: string) => join(examples, name);
const scratch = () => mkdtempSync(join(tmpdir(), 'dsreg-doctor-redact-'));

async function verdictOf(path: string) {
  const { joinState, health, failedPhase, errorCode } = JSON.parse(
    (await cli('analyze', path, '--format', 'json', '--exit-zero')).stdout,
  ).reports[0].verdict;
  return { joinState, health, failedPhase, errorCode };
}

describe('redact keeps the encoding of the capture', () => {
  it('writes a UTF-16LE capture with a BOM (Windows PowerShell 5.1 `>`) back as UTF-16LE with a BOM', async () => {
    const dir = scratch();
    const source = join(dir, 'status.txt');
    writeFileSync(source, readFileSync(example('powershell-utf16.txt')));
    const r = await cli('redact', source);
    expect(r.code).toBe(0);
    expect(r.stderr).toEqual([`wrote ${join(dir, 'status.redacted.txt')}`]);
    const bytes = new Uint8Array(readFileSync(join(dir, 'status.redacted.txt')));
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x0d, 0x00]);
    const decoded = decodeBytes(bytes);
    expect(decoded.encoding).toBe('utf-16le-bom');
    expect(decoded.warnings).toEqual([]);
    const original = decodeBytes(new Uint8Array(readFileSync(source))).text;
    expect(decoded.text.split('\r\n')).toHaveLength(original.split('\r\n').length);
    expect(original).toContain('contoso.com');
    expect(decoded.text).not.toContain('contoso.com');
    expect(await verdictOf(join(dir, 'status.redacted.txt'))).toEqual(await verdictOf(source));
  });

  it('keeps the BOM of a UTF-8 capture that has one, and adds none to one that has not', async () => {
    const dir = scratch();
    const text = readFileSync(example('hybrid-joined-healthy.txt'), 'utf8');
    writeFileSync(join(dir, 'bom.txt'), `\uFEFF${text}`);
    writeFileSync(join(dir, 'plain.txt'), text);
    const r = await cli('redact', join(dir, 'bom.txt'), join(dir, 'plain.txt'));
    expect(r.code).toBe(0);
    const bom = new Uint8Array(readFileSync(join(dir, 'bom.redacted.txt')));
    expect([...bom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bom[3]).not.toBe(0xef);
    expect(decodeBytes(bom).encoding).toBe('utf-8-bom');
    const plain = new Uint8Array(readFileSync(join(dir, 'plain.redacted.txt')));
    expect(decodeBytes(plain).encoding).toBe('utf-8');
    expect(plain.subarray(3)).toEqual(bom.subarray(6));
  });

  it('writes a Windows-1252 capture back in Windows-1252', async () => {
    const dir = scratch();
    const text = readFileSync(example('hybrid-joined-healthy.txt'), 'latin1').replace(
      'AzureAdJoined : YES',
      'AzureAdJoined : YES\r\n\r\nGeprüft von Jürgen Müller',
    );
    expect(text).toContain('Jürgen');
    writeFileSync(join(dir, 'ansi.txt'), Buffer.from(text, 'latin1'));
    expect((await cli('redact', join(dir, 'ansi.txt'))).code).toBe(0);
    const bytes = new Uint8Array(readFileSync(join(dir, 'ansi.redacted.txt')));
    expect(decodeBytes(bytes).encoding).toBe('windows-1252');
    expect(Buffer.from(bytes).toString('latin1')).toContain('Geprüft von Jürgen Müller');
  });
});

describe('redact --out-dir', () => {
  it('creates the folder, nested, when it does not exist', async () => {
    const dir = scratch();
    const source = join(dir, 'status.txt');
    writeFileSync(source, readFileSync(example('sync-join-waiting-for-sync.txt')));
    const out = join(dir, 'redacted', 'tickets', '2024');
    expect(existsSync(out)).toBe(false);
    const r = await cli('redact', source, '--out-dir', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toEqual([`wrote ${join(out, 'status.redacted.txt')}`]);
    const redacted = readFileSync(join(out, 'status.redacted.txt'), 'utf8');
    expect(readFileSync(source, 'utf8')).toContain('contoso.com');
    expect(redacted).not.toContain('contoso.com');
    expect(existsSync(join(dir, 'status.redacted.txt'))).toBe(false);
  });

  it('says so in one line and exits 2 when the folder cannot be made', async () => {
    const dir = scratch();
    const source = join(dir, 'status.txt');
    writeFileSync(source, readFileSync(example('sync-join-waiting-for-sync.txt')));
    writeFileSync(join(dir, 'taken'), 'a file where the folder would go');
    const r = await cli('redact', source, '--out-dir', join(dir, 'taken', 'sub'));
    expect(r.code).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(/taken.sub.status\.redacted\.txt: cannot write the results \(\w+\)/);
  });
});
