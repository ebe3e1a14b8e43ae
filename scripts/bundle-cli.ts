/**
 * Bundles the command line into `dist/bin/`: one entry file plus chunks that load only when a
 * command needs them (the JSON Schemas, and zod with them). Loading ~150 separate modules cost
 * most of a single run's time; one file starts in a fraction of it. The library in `dist/` stays
 * the unbundled tsc output.
 */
import { type BuildOptions, build, type Metafile } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

/** The bin's entry file inside `outdir`. */
export const BIN_ENTRY = 'dsreg-doctor.js';

/**
 * How code for Node is bundled here: ESM for Node 20, minified, with the native and WebAssembly
 * stores left to node_modules. The bin uses it, and so does the bench, so that it measures the
 * code users run.
 */
export const NODE_BUNDLE: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  // A native addon cannot be bundled (it finds its .node file from its own path): loaded from
  // node_modules at run time, as a dependency of the package.
  // The native SQLite driver cannot be bundled; PGlite (WebAssembly files beside its code) is
  // loaded from node_modules when it is installed.
  external: ['better-sqlite3', '@electric-sql/pglite'],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  // commander is CommonJS: its require() of Node's modules needs a require in ESM scope.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

/** Returns what went into which output file. */
export async function bundleCli(outdir = 'dist/bin'): Promise<Metafile> {
  const { metafile } = await build({
    ...NODE_BUNDLE,
    entryPoints: {
      [BIN_ENTRY.replace(/\.js$/, '')]: 'src/cli/main.ts',
      // `fleet ingest` reads and diagnoses on worker threads: their entry sits beside the bin.
      'fleet-worker': 'src/cli/fleet/worker.ts',
      // `serve` reads and diagnoses posted files on worker threads: their entry sits beside the bin.
      'server-worker': 'src/server/worker.ts',
    },
    outdir,
    splitting: true,
    sourcemap: true,
    metafile: true,
  });
  return metafile;
}

if (import.meta.url === `file://${process.argv[1]}`) await bundleCli();
