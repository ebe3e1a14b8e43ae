/**
 * Redaction on adversarial single lines (long dotted, dashed, escaped or path-like runs): each
 * must take time linear in its length, so the figures for 1x and 4x the length should differ
 * by about 4x. Figures only; no assertions.
 */
import { createRedactor, learnMentions } from '../src/redact/index.ts';

const SHAPES: Record<string, (n: number) => string> = {
  'dotted run': (n) => `x ${'a.'.repeat(n)}b`,
  'dotted words': (n) => `${'Ab.'.repeat(n)}\\u`,
  'dashed run': (n) => 'A-'.repeat(n),
  'one long word': (n) => 'a'.repeat(2 * n),
  'escaped query': (n) => `https://portal.contoso.com/?q=${'%41'.repeat(n)}`,
  'profile folders': (n) => '\\Users\\'.repeat(n),
  accounts: (n) => 'A\\b '.repeat(n),
  'personal site': (n) => `https://contoso-my.sharepoint.com/personal/${'a_'.repeat(n)}`,
  'hex pairs': (n) => '9f '.repeat(n),
  'colon groups': (n) => 'fe80:'.repeat(n),
  'domain components': (n) => 'DC=a,'.repeat(n),
  'unc servers': (n) => '\\\\a'.repeat(n),
  'dotted quads': (n) => '10.1.'.repeat(n),
};

function millis(text: string): number {
  const redactor = createRedactor();
  const start = performance.now();
  learnMentions(redactor, text);
  redactor.text(text);
  return performance.now() - start;
}

export function benchRedact(): void {
  const base = 50_000;
  for (const [name, make] of Object.entries(SHAPES)) {
    const small = millis(make(base));
    const large = millis(make(4 * base));
    console.log(
      `redact: ${name.padEnd(16)} ${small.toFixed(0).padStart(6)} ms at ${make(base).length.toLocaleString('en-US')} chars, ${large.toFixed(0).padStart(6)} ms at 4x (${(large / Math.max(small, 0.001)).toFixed(1)}x)`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) benchRedact();
