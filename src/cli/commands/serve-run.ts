import type { FleetStore } from '../../store/types.ts';
import { UsageError } from '../errors.ts';
import type { Io } from './analyze.ts';

export interface ServeOptions {
  db?: string;
  host: string;
  port: string;
  token?: string;
  maxBody: string;
  ingestRate: string;
  redactAtRest?: boolean;
  redactSalt?: string;
  web?: boolean;
  workers?: string;
}

/** Resolves on Ctrl+C or a termination signal. */
export function untilSignal(): Promise<void> {
  return new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Serves until `until` resolves (a signal, by default), then closes the server and the store. */
export async function serveCommand(
  opts: ServeOptions,
  io: Io,
  until: () => Promise<void> = untilSignal,
): Promise<void> {
  const { isLoopback, generateToken } = await import('../../server/auth.ts');
  const { parseSize } = await import('../../server/body.ts');
  const port = /^\d{1,5}$/.test(opts.port) ? Number(opts.port) : -1;
  if (port < 0 || port > 65535)
    throw new UsageError(`--port must be a number from 0 to 65535, not "${opts.port}"`);
  const maxBodyBytes = parseSize(opts.maxBody);
  if (maxBodyBytes === null)
    throw new UsageError(`--max-body must be a size such as 64MB or 512KB, not "${opts.maxBody}"`);
  const ingestPerMinute = /^\d+$/.test(opts.ingestRate) ? Number(opts.ingestRate) : 0;
  if (ingestPerMinute < 1)
    throw new UsageError(`--ingest-rate must be a whole number of captures per minute, 1 or more`);
  const { availableParallelism } = await import('node:os');
  const workers =
    opts.workers === undefined
      ? Math.max(1, availableParallelism() - 1)
      : /^\d{1,3}$/.test(opts.workers)
        ? Number(opts.workers)
        : -1;
  if (workers < 0)
    throw new UsageError(`--workers must be a whole number (0 for none), not "${opts.workers}"`);
  const host = opts.host.trim();
  if (host === '') throw new UsageError('--host needs an address, e.g. 127.0.0.1 or 0.0.0.0');
  let token = opts.token ?? process.env.DSREG_DOCTOR_TOKEN ?? null;
  if (token !== null && token.trim().length < 16)
    throw new UsageError('the token must be at least 16 characters (or leave it out and one is generated)');
  let generated = false;
  if (token === null && !isLoopback(host)) {
    token = generateToken();
    generated = true;
  }
  const redactSalt = opts.redactSalt ?? process.env.DSREG_DOCTOR_REDACT_KEY ?? null;
  if (opts.redactAtRest && !redactSalt)
    throw new UsageError(
      '--redact-at-rest needs --redact-salt (or DSREG_DOCTOR_REDACT_KEY), so that a device keeps its pseudonym across restarts',
    );
  const db = opts.db ?? process.env.DSREG_DOCTOR_DB;
  const store = db ? await openFleetStore(db) : null;

  const { listen, ensureWeb } = await import('../../server/listen.ts');
  const webRoot = opts.web === false ? null : await ensureWeb(io.warn);
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen(
      {
        store,
        token,
        maxBodyBytes,
        ingestPerMinute,
        redactSalt: opts.redactAtRest ? redactSalt : null,
        webRoot,
        workers,
        log: (line) => io.warn(`dsreg-doctor serve: ${line}`),
      },
      host,
      port,
    );
  } catch (error) {
    await store?.close();
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const lines = [
    `dsreg-doctor is serving ${webRoot ? 'the page and ' : ''}the API on ${server.url}`,
    store
      ? `fleet store: ${store.engine}${opts.redactAtRest ? ' (captures are redacted before they are stored)' : ''}`
      : 'no fleet store: analysis only (start with --db fleet.db for the fleet views)',
  ];
  if (generated)
    lines.push(
      `access token (shown once, not stored; send it as "Authorization: Bearer TOKEN"): ${token}`,
      'give --token or DSREG_DOCTOR_TOKEN to keep one across restarts',
    );
  else if (token !== null) lines.push('the API needs the access token you gave (Authorization: Bearer)');
  lines.push('stop with Ctrl+C');
  await io.out.write(`${lines.join('\n')}\n`);

  await until();
  await server.close();
  await store?.close();
  await io.out.close();
}

/** Opens the fleet store named by `--db`; a store that cannot be opened is a usage error. */
async function openFleetStore(db: string): Promise<FleetStore> {
  const { openStore, describeLocation } = await import('../../store/open.ts');
  try {
    return await openStore(db);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`the fleet store ${describeLocation(db)} cannot be opened: ${why}`);
  }
}
