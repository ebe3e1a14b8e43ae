/**
 * The house rules the compiler cannot see: which rooms may touch Node and the outside world (an
 * allow-list by folder and file pattern), which way imports point, and what the package offers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/cli/version.ts';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

/** The code of a file without its comments (a comment may name `process.arch`). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** Every source file as `room/path.ts` (relative to src, forward slashes) with its code. */
const files = sources(src).map((file) => ({
  path: relative(src, file).replaceAll('\\', '/'),
  text: code(readFileSync(file, 'utf8')),
}));

/**
 * Shells: the only code that may touch Node, the process, the network and the disk. By folder
 * (the CLI, the server) and by file pattern inside rooms whose rules and readers are pure (the
 * store's adapters, the probes' and the collector's runners).
 */
const SHELLS: readonly RegExp[] = [
  /^cli\//,
  /^server\//,
  /^store\/(?:.*\/)?(?:sqlite|postgres|pglite|pg|open|adapters?\/)[^/]*\.ts$/,
  /^store\/adapters\//,
  /^probe\/(?:.*\/)?(?:net|ldap|pac|proxy|run|runner|windows|node)[^/]*\.ts$/,
  /^probe\/runners?\//,
  /^collect\/(?:.*\/)?(?:run|runner|node|shell)[^/]*\.ts$/,
  /^collect\/runners?\//,
];
const isShell = (path: string) => SHELLS.some((re) => re.test(path));

/** Node built-ins, the process, Buffer, CommonJS. */
const NODE_USE = /from ['"]node:|import\(['"]node:|\bprocess\.[A-Za-z_]|\bBuffer[.(<]|\brequire\(/;
/** Packages that do I/O or drive a terminal: shells only. */
const IO_PACKAGES =
  /from ['"](?:pg|better-sqlite3|undici|ldapts|@hono\/node-server|@electric-sql\/pglite|cli-progress|commander)['"]/;

/** The imports of a file that load code, as written (`../read/trace.ts`); `import type` loads none. */
function importsOf(text: string): string[] {
  const loading = text.replace(
    /(?:import|export)\s+type\s+(?:\{[^}]*\}|[\w*\s]+)\s*from\s*['"][^'"]+['"]/g,
    '',
  );
  return [...loading.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
}

/** The room a relative import lands in, seen from `path`. */
function target(path: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const parts = path.split('/').slice(0, -1);
  for (const piece of spec.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.') parts.push(piece);
  }
  return parts.join('/');
}

describe('architecture', () => {
  it('keeps the core pure: only the shells touch Node, the process, the disk and the network', () => {
    const offenders = files
      .filter((f) => !isShell(f.path))
      .filter((f) => NODE_USE.test(f.text) || IO_PACKAGES.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('lets the shells in, by folder and by file pattern, and nothing else', () => {
    expect(
      [
        'cli/commands/analyze.ts',
        'server/app.ts',
        'store/sqlite.ts',
        'store/postgres-pool.ts',
        'probe/net.ts',
        'probe/ldap-runner.ts',
        'collect/runner.ts',
      ].filter(isShell),
    ).toHaveLength(7);
    expect(
      [
        'flow/run.ts',
        'store/contract.ts',
        'store/types.ts',
        'probe/rules.ts',
        'collect/plan.ts',
        'collect/windows.ts',
        'render/html.ts',
      ].filter(isShell),
    ).toEqual([]);
  });

  it('keeps arrows pointing down the flow: no pure room imports a shell', () => {
    const offenders = files
      .filter((f) => !isShell(f.path))
      .flatMap((f) =>
        importsOf(f.text)
          .map((spec) => target(f.path, spec))
          .filter((t): t is string => t !== null && isShell(`${t}`))
          .map((t) => `${f.path} → ${t}`),
      );
    expect(offenders).toEqual([]);
  });

  /**
   * Cross-layer imports the house forbids, each with why. `known` lists the imports that still
   * break a rule, each with where it should go: the list may only shrink.
   */
  const FORBIDDEN: { name: string; from: RegExp; to: RegExp; known: string[] }[] = [
    {
      name: 'diagnose → read internals: the diagnosis reads the model (and the reader only through its entry)',
      from: /^diagnose\//,
      to: /^read\/(?!index\.ts$)/,
      known: [],
    },
    {
      name: 'events → input: event readers take text or EVTX bytes; decoding is the input stage',
      from: /^events\//,
      to: /^input\//,
      known: [],
    },
    {
      name: 'model and knowledge sit at the bottom: they import no stage',
      from: /^(?:model|knowledge)\//,
      to: /^(?:input|read|diagnose|events|render|redact|flow|compare|fleet|store|probe|collect)\//,
      known: [],
    },
    {
      name: 'no stage calls back up into the flow that composes it',
      from: /^(?:input|read|diagnose|events|render|redact|compare)\//,
      to: /^flow\//,
      known: [],
    },
    {
      name: 'the renderer imports no reader and no diagnosis: it lays out the report',
      from: /^render\//,
      to: /^(?:input|read|diagnose|events)\//,
      known: [],
    },
  ];

  it.each(FORBIDDEN)('forbids $name', ({ from, to, known }) => {
    const offenders = files
      .filter((f) => from.test(f.path))
      .flatMap((f) =>
        importsOf(f.text)
          .map((spec) => target(f.path, spec))
          .filter((t): t is string => t !== null && to.test(t))
          .map((t) => `${f.path} → ${t}`),
      );
    expect([...new Set(offenders)].sort()).toEqual(known);
  });

  /** Catalog look-ups that rebuild a diagnosis: the renderer reads the report's chain instead. */
  const LOOKUPS = [
    'lookupCode',
    'readingFor',
    'explain',
    'explainServerMessage',
    'matchServerMessage',
    'findCodes',
    'getEntry',
    'codeFromMessage',
    'lookupField',
    'lookupFieldCandidates',
  ];

  it('forbids render → knowledge look-ups: names and labels only, never meanings re-derived', () => {
    const offenders = files
      .filter((f) => f.path.startsWith('render/'))
      .flatMap((f) =>
        [...f.text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)]
          .filter((m) => !m[1] && (target(f.path, m[3] ?? '') ?? '').startsWith('knowledge/'))
          .flatMap((m) =>
            (m[2] ?? '')
              .split(',')
              .map((name) => name.trim())
              .filter((name) => !name.startsWith('type ') && LOOKUPS.includes(name))
              .map((name) => `${f.path}: ${name}`),
          ),
      );
    expect(offenders).toEqual([]);
  });

  it('reports the version package.json declares', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(VERSION).toBe(pkg.version);
  });

  it('offers every entry point to import, require and the type checker, and declares no side effects', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.main).toBe('./dist/index.js');
    expect(pkg.types).toBe('./dist/index.d.ts');
    const entries = Object.entries(pkg.exports as Record<string, unknown>).filter(
      ([, value]) => typeof value === 'object',
    );
    expect(entries.map(([key]) => key)).toEqual(['.', './flow', './render', './redact', './schemas']);
    for (const [key, value] of entries) {
      expect(Object.keys(value as object), key).toEqual(['types', 'import', 'require']);
      // Each entry is built from a source file of the same path.
      const source = (value as { import: string }).import
        .replace(/^\.\/dist\//, 'src/')
        .replace(/\.js$/, '.ts');
      expect(
        files.some((f) => `src/${f.path}` === source),
        source,
      ).toBe(true);
    }
    // Older resolvers (`moduleResolution: node`) find the subpaths' types here.
    expect(Object.keys(pkg.typesVersions['*'])).toEqual(['flow', 'render', 'redact', 'schemas']);
  });

  it('lets a page that only analyses and renders bundle no zod (the package declares no side effects)', async () => {
    const { build } = await import('esbuild');
    const size = async (ignoreAnnotations: boolean) => {
      const result = await build({
        stdin: {
          contents:
            "import { analyzeInputs, buildReport, render } from './src/index.ts';\n" +
            "const out = [...analyzeInputs([{ name: 'a.txt', bytes: new Uint8Array() }])];\n" +
            "console.log(render(buildReport(out.flatMap((o) => (o.type === 'report' ? [o.report] : []))), 'html'));\n",
          resolveDir: root,
          loader: 'ts',
        },
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        minify: true,
        metafile: true,
        logLevel: 'silent',
        // Ignoring `sideEffects` shows what the page would carry without it.
        ignoreAnnotations,
      });
      const output = Object.values(result.metafile.outputs)[0]!;
      const zod = Object.entries(output.inputs)
        .filter(([path]) => path.includes('node_modules/zod/'))
        .reduce((n, [, input]) => n + input.bytesInOutput, 0);
      return { total: output.bytes, zod };
    };
    const [without, withFlag] = [await size(true), await size(false)];
    console.log(
      `bundle of a page that analyses: ${Math.round(withFlag.total / 1024)} KB (zod ${withFlag.zod} bytes); without sideEffects: ${Math.round(without.total / 1024)} KB (zod ${Math.round(without.zod / 1024)} KB)`,
    );
    expect(without.zod).toBeGreaterThan(0);
    expect(withFlag.zod).toBe(0);
  }, 60_000);

  it('checks the pure core with the compiler too: `npm run typecheck` includes tsconfig.core.json', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.typecheck).toContain('tsconfig.core.json');
    const core = JSON.parse(readFileSync(join(root, 'tsconfig.core.json'), 'utf8'));
    for (const room of ['src/cli', 'src/server']) expect(core.exclude).toContain(room);
  });
});
