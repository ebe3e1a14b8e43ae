/**
 * The page weight budget, printed by every build: what the first load costs gzipped (the HTML,
 * the entry script and what it imports statically, the style sheets), against the budget; the
 * chunks loaded on first use (the analysis core, the charts) listed apart. Over budget fails the build.
 * @module
 */
import { gzipSync } from 'node:zlib';
import type { OutputBundle } from 'rollup';
import type { Plugin } from 'vite';

/** First load, gzipped, without the analysis core. */
export const FIRST_LOAD_BUDGET = 250 * 1024;

export interface WeightLine {
  file: string;
  bytes: number;
  gzip: number;
  firstLoad: boolean;
}

/** Sizes of every file of a bundle, and which ones the first load fetches. */
export function weigh(bundle: OutputBundle): WeightLine[] {
  const first = new Set<string>(['index.html']);
  const entries = Object.values(bundle).filter((f) => f.type === 'chunk' && f.isEntry);
  const visit = (name: string) => {
    const chunk = bundle[name];
    if (!chunk || first.has(name)) return;
    first.add(name);
    if (chunk.type !== 'chunk') return;
    for (const dep of chunk.imports) visit(dep);
    for (const css of chunk.viteMetadata?.importedCss ?? []) first.add(css);
  };
  for (const entry of entries) visit(entry.fileName);
  return Object.values(bundle)
    .map((f) => {
      const body = f.type === 'chunk' ? f.code : f.source;
      const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
      return {
        file: f.fileName,
        bytes,
        gzip: gzipSync(body, { level: 9 }).byteLength,
        firstLoad: first.has(f.fileName),
      };
    })
    .sort((a, b) => Number(b.firstLoad) - Number(a.firstLoad) || b.gzip - a.gzip);
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function budgetPlugin(): Plugin {
  return {
    name: 'dsreg-doctor-weight-budget',
    apply: 'build',
    enforce: 'post',
    // After every plugin has written its files: the page's HTML is one of them.
    writeBundle(_options, bundle) {
      const lines = weigh(bundle);
      const first = lines.filter((l) => l.firstLoad).reduce((sum, l) => sum + l.gzip, 0);
      const rows = lines.map(
        (l) =>
          `  ${l.firstLoad ? 'first load ' : 'on use     '} ${kb(l.gzip).padStart(10)} gz ${kb(l.bytes).padStart(10)}  ${l.file}`,
      );
      const verdict = first <= FIRST_LOAD_BUDGET ? 'within' : 'OVER';
      console.log(
        `\nPage weight (gzip): first load ${kb(first)} of the ${kb(FIRST_LOAD_BUDGET)} budget (${verdict}); the analysis core and the charts load on first use\n${rows.join('\n')}\n`,
      );
      if (first > FIRST_LOAD_BUDGET)
        this.error(`the first load is ${kb(first)} gzipped, over the ${kb(FIRST_LOAD_BUDGET)} budget`);
    },
  };
}
