/**
 * `collect`: gathers the evidence on a Windows device into one bundle (a zip of dsregcmd output,
 * event log exports and settings, with a manifest of what was collected, how and what failed).
 * @module
 */
import { type Command, Option } from 'commander';
import type { Io } from './analyze.ts';
import type { CollectOptions } from './collect-run.ts';

/** Adds the command to the program. */
export function registerCollect(program: Command, io: (outputPath?: string) => Io): void {
  program
    .command('collect')
    .description('gather dsregcmd output, event logs and settings on this Windows device into one zip')
    .addOption(new Option('--out <file>', 'the bundle to write (default: dsreg-doctor-<device>-<time>.zip)'))
    .addOption(
      new Option('--redact', 'replace identifiers in the bundle (event logs are then exported as XML)'),
    )
    .addOption(new Option('--redact-salt <key>', 'key for stable pseudonyms across runs'))
    .addOption(
      new Option(
        '--probe',
        'also probe the registration endpoints from this device through its WinHTTP proxy (probe.md)',
      ),
    )
    .addOption(new Option('--upn <user>', 'a user of the tenant for the probes (user realm)'))
    .addHelpText(
      'after',
      '\nRun it from an elevated prompt: un-elevated, the event logs and the time service state may be refused.\n\nExamples:\n  dsreg-doctor collect\n  dsreg-doctor collect --out C:\\Temp\\pc042.zip --redact\n  dsreg-doctor analyze C:\\Temp\\pc042.zip',
    )
    // The implementation (and the network, LDAP and archive libraries under it) loads only when
    // the command runs, so other commands start without it.
    .action(async (opts: CollectOptions) => (await import('./collect-run.ts')).collectCommand(opts, io()));
}
