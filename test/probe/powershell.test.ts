/**
 * The PowerShell entry point cannot run here (no PowerShell on Linux CI); what can be pinned
 * without it is pinned: programs by absolute path only, and the posting contract matching what
 * the server reads.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const script = readFileSync(join(root, 'scripts', 'windows', 'dsreg-doctor.ps1'), 'utf8');
const code = script.replace(/<#[\s\S]*?#>/g, '').replace(/^\s*#.*$/gm, '');

describe('scripts/windows/dsreg-doctor.ps1', () => {
  it('runs native programs only through variables built from the system folder', () => {
    const invoked = [...code.matchAll(/&\s+(\$\w+)/g)].map((m) => m[1]);
    expect([...new Set(invoked)].sort()).toEqual(['$whoami', '$wevtutil'].sort());
    for (const name of ['dsregcmd', 'wevtutil', 'whoami']) {
      expect(code).toMatch(new RegExp(`\\$${name} = Join-Path \\$sys '${name}\\.exe'`));
      // never by bare name at the start of a command
      expect(code).not.toMatch(new RegExp(`^\\s*${name}(\\.exe)?\\s`, 'm'));
    }
    expect(code).toContain("$sys = Join-Path $root 'Sysnative'");
    expect(code).toContain('Invoke-ToFile $dsregcmd $run.args $target $run.timeout');
  });

  it('reads the context from SIDs, never with net session', () => {
    expect(code).toContain("'S-1-16-12288\\b'");
    expect(code).toContain("'S-1-5-18\\b'");
    expect(code).not.toMatch(/net(\.exe)?\s+session/i);
  });

  it.skipIf(!existsSync(join(root, 'src', 'server', 'app.ts')))(
    'posts with the headers the server reads',
    () => {
      const server = readFileSync(join(root, 'src', 'server', 'app.ts'), 'utf8');
      const sent = [...code.matchAll(/'(X-[A-Za-z-]+)'\s*=/g)].map((m) => m[1]?.toLowerCase());
      expect(sent).toEqual(['x-device-name', 'x-capture-context', 'x-captured-at', 'x-file-name']);
      for (const header of sent) expect(server).toContain(`header('${header}')`);
      expect(server).toContain("app.post('/api/captures'");
      expect(code).toContain("'/api/captures'");
    },
  );
});
