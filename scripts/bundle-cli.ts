/**
 * Bundles the command line into `dist/bin/`: one entry file plus chunks that load only when a
 * command needs them (the JSON Schemas, and zod with them). Loading ~150 separate modules cost
 * most of a single run's time; one file starts in a fraction of it. The library in `dist/` stays
 * the unbundled tsc output.
 */
import { build, type Metafile } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

/** The bin's entry file inside `outdir`. */
export const BIN_ENTRY = 'dsreg-doctor.js';

/** Returns what went into which output file. */
export async function bundleCli(outdir = 'dist/bin'): Promise<Metafile> {
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: { [BIN_ENTRY.replace(/\.js$/, '')]: 'src/cli/main.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    sourcemap: true,
    // commander is CommonJS: its require() of Node's modules needs a require in ESM scope.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    metafile: true,
    logLevel: 'warning',
  });
  return metafile;
}

if (import.meta.url === `file://${process.argv[1]}`) await bundleCli();
