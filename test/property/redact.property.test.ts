import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/index.ts';
import type { DsregCapture } from '../../src/model/capture.ts';
import { readCaptures } from '../../src/read/index.ts';
import { createRedactor, redactCaptureText } from '../../src/redact/index.ts';
import { anyLayoutText, mutatedText } from './captures.ts';

const WELL_FORMED_CODE = /^(?:0x[0-9a-f]{8}|AADSTS\d+|MSIS\d+|[A-Za-z_]+|-?\d+)$/;

/** What a reader of the diagnosis acts on: state, health, phase and every code. */
function outcome(capture: DsregCapture) {
  const { verdict, findings } = diagnose(capture, { now: '2024-05-01T12:00:00Z' });
  return {
    joinState: verdict.joinState,
    workplaceJoined: verdict.workplaceJoined,
    health: verdict.health,
    failedPhase: verdict.failedPhase,
    errorCode: verdict.errorCode,
    subErrorCode: verdict.subErrorCode,
    // Codes as codes: a "code" that is a whole sentence with an address in it is evidence text,
    // and the address in it is rightly replaced.
    codes: [...new Set(findings.flatMap((f) => f.codes))].filter((c) => WELL_FORMED_CODE.test(c)).sort(),
    findings: findings.map((f) => `${f.id}:${f.severity}`).sort(),
  };
}

/** Lines people paste around a capture: identifiers, look-alikes of hosts, control characters. */
const noiseLine = fc.constantFrom(
  'Captured on WS-FIN-0042 by CONTOSO\\jdoe (jdoe@contoso.com) from 10.20.30.40',
  'Proxy: http://[fe80::1ff:fe23:4567:890a]:8080 via \\\\FS01\\tickets$\\case 4711',
  'See the form.Co and the Form.co pages; Microsoft.AAD.BrokerPlugin stays',
  // Small sub-authorities: the diagnosis reads a long decimal in free text as an error code.
  'Owner S-1-12-1-1111-2222-3333-4444, key 9f3c2a7b1e0d',
  'Thumbprint 9F 3C 2A 7B 1E 0D 4C 6A 8B 5F 7E 2D 1C 0B 9A 8F 7E 6D 5C 4B',
  'CN=PC-0142,OU=Workstations,DC=corp,DC=contoso,DC=com',
  'kv-contoso.vault.azure.net and contosofiles.blob.core.windows.net',
  'bell\u0007 and \u0001start\u0002 and zero\u200bwidth\u200e marks',
);

/** Tokens dropped inside lines, values included: controls, look-alikes, identifiers. */
const noiseToken = fc.constantFrom(
  '\u0001',
  '\u0002',
  '\u0007',
  '\u200b',
  '\u200e',
  ' form.Co',
  'Setup.co',
  ' 10.1.2.3',
  ' fe80::1',
  ' S-1-12-1-1-2-3-4',
  ' 9f3c2a7b1e0d4c',
  ' \\\\FS01\\share',
  ' DC=contoso,DC=com',
  ' kv1.vault.azure.net',
);

/** A capture with identifier-laden lines between its lines and tokens inside them. */
const withNoise = fc
  .tuple(
    fc.oneof(anyLayoutText, mutatedText),
    fc.array(fc.tuple(fc.nat(200), noiseLine), { maxLength: 4 }),
    fc.array(fc.tuple(fc.nat(200), noiseToken), { maxLength: 6 }),
  )
  .map(([text, inserts, tokens]) => {
    // Tokens go at the end of a line: after a field's value, where notes and stray characters
    // land in real pastes (at the start of a line, `fe80::1` would read as a field named `fe80`).
    const lines = text.split(/(?<=\r\n|\n|\r(?!\n))/);
    for (const [at, token] of tokens) {
      const i = at % lines.length;
      const line = lines[i] ?? '';
      const body = line.replace(/[\r\n]+$/, '');
      if (body.trim() !== '') lines[i] = body + token + line.slice(body.length);
    }
    for (const [at, line] of inserts) lines.splice(at % (lines.length + 1), 0, `${line}\n`);
    return lines.join('');
  });

describe('a redacted copy reads to the same diagnosis', () => {
  it('keeps state, health, phase, codes and findings for any capture (fast-check)', () => {
    fc.assert(
      fc.property(withNoise, fc.boolean(), (text, keyed) => {
        const captures = readCaptures(text);
        const redactor = createRedactor(keyed ? { key: new Uint8Array([1, 2, 3, 4]) } : {});
        const copy = redactCaptureText(text, captures, redactor);
        const again = readCaptures(copy);
        expect(again.length).toBe(captures.length);
        expect(again.map(outcome)).toEqual(captures.map(outcome));
      }),
      { numRuns: 300, seed: 13 },
    );
  });
});
