/**
 * `fleet ingest|import-entra|report|devices|device`: the fleet store. The store is a SQLite file
 * by default (`--db fleet.db`, or `DSREG_DOCTOR_DB`), or PostgreSQL with `--db postgres://…`.
 * @module
 */
import type { Command } from 'commander';
import { HEALTHS, JOIN_STATES, PHASES } from '../../model/vocabulary.ts';
import { DEFAULT_DB } from '../../store/open.ts';
import type { Io } from './analyze.ts';
import type { DbOptions, DeviceOptions, DevicesOptions, IngestOptions, ReportOptions } from './fleet-run.ts';

/** The implementation, with the store drivers under it, loads only when a fleet command runs. */
const run = () => import('./fleet-run.ts');

/** Adds the command to the program. */
export function registerFleet(program: Command, io: (outputPath?: string) => Io): void {
  const fleet = program
    .command('fleet')
    .description('keep every device of a fleet in one store, join it with Entra, and answer in milliseconds');
  const db = '--db <file|url>';
  /** The staleness options, the same on every command that judges it. */
  const stale = (command: Command): Command =>
    command
      .option('--stale-days <n>', 'days without Entra activity before a device is stale (21 or more)', '90')
      .option('--vdi-stale-days <n>', 'the same for non-persistent VDI names', '15')
      .option(
        '--vdi-prefix <prefix>',
        'display-name prefix of non-persistent VDI devices (repeat or comma-separate; default NPVDI-)',
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      );
  const dbHelp = `fleet store: a SQLite file (default ${DEFAULT_DB}, or DSREG_DOCTOR_DB) or postgres://user@host/db`;

  fleet
    .command('ingest')
    .description(
      'read captures (folders, .zip archives, event exports beside them, collection-script JSON/CSV) into the store',
    )
    .argument('<path...>', 'files, folders (walked recursively) or .zip archives')
    .option(db, dbHelp)
    .option('--threads <n>', 'worker threads that read and diagnose (default: one per core; 0: none)')
    .option('--batch <n>', 'captures written per transaction', '2000')
    .option(
      '--defer-indexes <when>',
      'drop the query indexes during a large ingest and build them at its end: auto (once it has doubled the store), always or never',
      'auto',
    )
    .option('--now <time>', 'ingest time (default: now); also the capture time of captures with no time')
    .option('--redact-at-rest', 'replace identifiers with keyed pseudonyms before anything is stored')
    .option('--redact-salt <salt>', 'key of the pseudonyms (default: DSREG_DOCTOR_REDACT_KEY)')
    .option('--format <format>', 'summary as text or json', undefined)
    .action(async (paths: string[], options: IngestOptions) => {
      await (await run()).ingestCommand(paths, options, io());
    });

  fleet
    .command('import-entra')
    .description(
      'load Entra device exports (portal "Download devices" CSV, Graph device JSON) and Entra Connect\'s certificate report (AD side), and join them with the captures',
    )
    .argument('<file...>', 'CSV or JSON exports; the certificate report is recognised by its header')
    .option(db, dbHelp)
    .option('--now <time>', 'the time of the import (default: now); staleness is judged when you ask')
    .action(async (files: string[], options: DbOptions & { now?: string }) => {
      await (await run()).importEntraCommand(files, options, io());
    });

  stale(fleet.command('report'))
    .description(
      'the roll-up: join states, health, funnel, failing phases and codes, PRT, WHfB, OS, freshness, Entra findings',
    )
    .option(db, dbHelp)
    .option('--format <format>', 'text, json, markdown or html')
    .option('--since <time>', 'also count devices whose latest capture is at or after this time')
    .option('--now <time>', 'the time freshness is measured from (default: now)')
    .option('--top <n>', 'how many codes, phases and OS versions to list', '10')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (options: ReportOptions) => {
      await (await run()).reportCommand(options, io(options.output));
    });

  stale(fleet.command('devices'))
    .description('devices and their latest state, filtered, for people (text) and scripts (json, csv)')
    .option(db, dbHelp)
    .option('--state <states>', `join states, comma-separated: ${JOIN_STATES.join(', ')}`)
    .option('--health <healths>', `healths, comma-separated: ${HEALTHS.join(', ')}`)
    .option('--code <code>', 'an error code in the latest capture (0x801c03f2, -2145648654, AADSTS50126)')
    .option('--phase <phase>', `failing phase: ${PHASES.join(', ')}`)
    .option('--stale', 'only devices stale in Entra')
    .option('--pending', 'only devices Pending in Entra')
    .option('--issue <issue>', 'only devices with this Entra finding (unknown-to-entra, disabled, …)')
    .option(
      '--not-captured',
      'list the Entra objects no stored capture matches instead of devices (takes no other filter)',
    )
    .option('--now <time>', 'the time staleness is measured from (default: now)')
    .option('--since <time>', 'only devices whose latest capture is at or after this time')
    .option('--limit <n>', 'devices per page (1-1000); without it every device is listed')
    .option('--after <key>', 'start after this device key (the `next` of a JSON page)')
    .option('--format <format>', 'text, json or csv')
    .option('--redact', 'replace identifiers with pseudonyms')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (options: DevicesOptions) => {
      await (await run()).devicesCommand(options, io(options.output));
    });

  stale(fleet.command('device'))
    .description(
      'one device: its latest state, what Entra knows, and its history with what changed between captures',
    )
    .argument('<id>', 'device key, Entra device ID, or computer name')
    .option(db, dbHelp)
    .option('--format <format>', 'text, json or markdown')
    .option('--now <time>', 'the time staleness is measured from (default: now)')
    .option('--redact', 'replace identifiers with pseudonyms (key: DSREG_DOCTOR_REDACT_KEY)')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (id: string, options: DeviceOptions) => {
      await (await run()).deviceCommand(id, options, io(options.output));
    });
}
