import { type CollectDeps, type CollectResult, collect } from '../../collect/collect.ts';
import type { DsregCapture } from '../../model/capture.ts';
import { renderProbe } from '../../probe/render.ts';
import { ExitCode, OutputError, RunOutcome, UsageError } from '../errors.ts';
import { nodeRunner } from '../live.ts';
import { VERSION } from '../version.ts';
import type { Io } from './analyze.ts';
import { redactorFor } from './envelope.ts';
import { probeDocument } from './probe-run.ts';

export interface CollectOptions {
  out?: string;
  redact?: boolean;
  redactSalt?: string;
  /** Also probe the service from this device, through its WinHTTP proxy. */
  probe?: boolean;
  /** A user of the tenant for the probes (realm); the tenant comes from the capture. */
  upn?: string;
}

/** What the command needs from the machine; tests give their own. */
export interface CollectHost {
  platform: NodeJS.Platform;
  deps(tempDir: string): Omit<CollectDeps, 'tempDir' | 'redactor'>;
  makeTempDir(): Promise<string>;
  removeTempDir(path: string): Promise<void>;
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  /** The probes, given the capture just taken: their report as Markdown. */
  probe(options: CollectOptions, capture: DsregCapture | null): Promise<string>;
}

export const NOT_WINDOWS =
  'collect runs on the Windows device itself (it runs dsregcmd, wevtutil, reg and schtasks); elsewhere, run `dsreg-doctor probe` for the network checks, or run scripts/windows/dsreg-doctor.ps1 on the device';

export async function collectCommand(
  options: CollectOptions,
  io: Io,
  host: CollectHost = nodeHost(),
): Promise<void> {
  if (host.platform !== 'win32') throw new UsageError(NOT_WINDOWS);
  const tempDir = await host.makeTempDir();
  let result: CollectResult;
  try {
    const deps = host.deps(tempDir);
    const probe = options.probe ? (capture: DsregCapture | null) => host.probe(options, capture) : undefined;
    result = await collect({ ...deps, tempDir, redactor: redactorFor(options), ...(probe ? { probe } : {}) });
  } finally {
    await host.removeTempDir(tempDir);
  }
  const out = options.out ?? defaultName(result.manifest.computerName, result.manifest.collectedAt);
  for (const line of result.lines) io.warn(line);
  try {
    await host.writeFile(out, result.zip);
  } catch (error) {
    throw new OutputError(
      `could not write ${out}: ${(error as Error).message}; choose another place with --out`,
    );
  }
  const count = (s: string) => result.manifest.items.filter((i) => i.status === s).length;
  await io.out.write(
    `${out}: ${count('collected')} items collected, ${count('absent')} absent, ${count('failed')} failed (manifest.md says which and why)\n`,
  );
  await io.out.close();
  if (!result.manifest.items.some((i) => i.kind === 'capture' && i.status === 'collected'))
    throw new RunOutcome(ExitCode.usage);
}

function defaultName(computer: string | null, at: string): string {
  const stamp = at.replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `dsreg-doctor-${(computer ?? 'device').replace(/[^A-Za-z0-9-]/g, '_')}-${stamp}.zip`;
}

function nodeHost(): CollectHost {
  return {
    platform: process.platform,
    deps: () => ({
      runner: nodeRunner,
      host: { env: process.env, arch: process.arch },
      now: () => new Date(),
      generator: { name: 'dsreg-doctor', version: VERSION },
      readFile: async (path) => {
        const { readFile } = await import('node:fs/promises');
        return readFile(path).then(
          (b) => new Uint8Array(b),
          () => null,
        );
      },
      progress: process.stderr.isTTY ? (line) => process.stderr.write(`${line}\n`) : undefined,
    }),
    makeTempDir: async () => {
      const [{ mkdtemp }, { tmpdir }, { join }] = await Promise.all([
        import('node:fs/promises'),
        import('node:os'),
        import('node:path'),
      ]);
      return mkdtemp(join(tmpdir(), 'dsreg-doctor-'));
    },
    removeTempDir: async (path) => {
      const { rm } = await import('node:fs/promises');
      await rm(path, { recursive: true, force: true });
    },
    writeFile: async (path, bytes) => {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(path, bytes);
    },
    probe: async (options, capture) => {
      // The report goes into the bundle unredacted here: the bundle's own redactor applies to it.
      const doc = await probeDocument(
        { ...(options.upn ? { upn: options.upn } : {}), exitZero: true },
        capture,
      );
      return `${renderProbe(doc, 'markdown')}\n\`\`\`json\n${JSON.stringify({ ...doc.report, findings: doc.findings }, null, 2)}\n\`\`\`\n`;
    },
  };
}
