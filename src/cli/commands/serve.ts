/**
 * `serve`: the HTTP API and the web page. Binds loopback by default; any other address needs an
 * access token (given, or generated and printed once). The token is never logged.
 * @module
 */
import { type Command, Option } from 'commander';
import type { Io } from './analyze.ts';
import type { ServeOptions } from './serve-run.ts';

/** Adds the command to the program. */
export function registerServe(program: Command, io: (outputPath?: string) => Io): void {
  program
    .command('serve')
    .description('serve the web page and the HTTP API (analysis without a store; the fleet with --db)')
    .option(
      '--db <url>',
      'fleet store: a SQLite file or postgres://… (default: DSREG_DOCTOR_DB; none: analysis only)',
    )
    .option('--host <address>', 'address to listen on (anything but loopback needs a token)', '127.0.0.1')
    .option('--port <number>', 'port to listen on (0: any free port)', '8787')
    .option(
      '--token <token>',
      'access token for /api (default: DSREG_DOCTOR_TOKEN; generated when a non-loopback host needs one)',
    )
    .option('--max-body <size>', 'largest request body: 64MB, 512KB, bytes', '64MB')
    .option(
      '--ingest-rate <perMinute>',
      'captures one token (or client) may post per minute (devices retry after Retry-After)',
      '3000',
    )
    .option('--redact-at-rest', 'replace identifiers with pseudonyms before a posted capture is stored')
    .option('--redact-salt <salt>', 'salt of the pseudonyms (default: DSREG_DOCTOR_REDACT_KEY)')
    .option(
      '--workers <n>',
      'worker threads that read and diagnose posted files (default: one less than the CPU count, at least 1; 0: none)',
    )
    .addOption(new Option('--no-web', 'serve the API only'))
    .addHelpText(
      'after',
      `
Examples:
  dsreg-doctor serve                                  # http://127.0.0.1:8787, analysis in the page
  dsreg-doctor serve --db fleet.db                    # plus the fleet views and ingest
  DSREG_DOCTOR_TOKEN=… dsreg-doctor serve --host 0.0.0.0 --db fleet.db --redact-at-rest

Devices post captures with
  curl -H "Authorization: Bearer $TOKEN" -H "X-Device-Name: PC01" -H "X-Capture-Context: system" \\
       --data-binary @status.txt http://server:8787/api/captures`,
    )
    .action(async (opts: ServeOptions) => (await import('./serve-run.ts')).serveCommand(opts, io()));
}
