/**
 * The command tree. `runCli` is testable: it takes argv and streams, returns an exit code, and
 * never calls `process.exit`.
 * @module
 */
import { Command, CommanderError, Option } from 'commander';
import { inert } from '../render/wrap.ts';
import { type AnalyzeOptions, analyzeCommand, type Io } from './commands/analyze.ts';
import { checklistCommand } from './commands/checklist.ts';
import { registerCollect } from './commands/collect.ts';
import { diffCommand } from './commands/diff.ts';
import { explainCommand } from './commands/explain.ts';
import { registerFleet } from './commands/fleet.ts';
import { guideCommand } from './commands/guide.ts';
import { parseCommand } from './commands/parse.ts';
import { registerProbe } from './commands/probe.ts';
import { type RedactOptions, redactCommand } from './commands/redact.ts';
import { schemaCommand } from './commands/schema.ts';
import { registerServe } from './commands/serve.ts';
import { ExitCode, InputError, OutputClosed, OutputError, RunOutcome, UsageError } from './errors.ts';
import { inputLimits, MAX_INPUT_ENV, useInputLimits } from './inputs.ts';
import { fileOutput, guardStdout, type Output, stdoutOutput } from './output.ts';
import { aroundProgress } from './progress.ts';
import { VERSION } from './version.ts';

export interface CliStreams {
  stdout?: NodeJS.WriteStream;
  /** Where one-line problems go. */
  warn?: (line: string) => void;
}

const EXIT_CODES_HELP = `
Exit codes:
  0  no error findings and no failing verdict
  1  error findings or a failing verdict (the device has a problem to fix); --exit-zero gives 0
  2  usage error, or an input that could not be read (the other inputs are still analysed)`;

const FORMAT_HELP =
  'text (default on a terminal), json (default when piped), markdown, html, csv (a row per device) or brief';

// --- input limits ------------------------------------------------------------------------------
const MAX_INPUT_HELP = `the most read from one input, e.g. 200M or 2G (default: 64M of text, 1G for an EVTX file or zip archive; also ${MAX_INPUT_ENV})`;

// --- redaction options -------------------------------------------------------------------------

/** The key options every redacting command takes. */
function keyOptions(cmd: Command): Command {
  return cmd
    .option(
      '--redact-salt <key>',
      'key for pseudonyms stable across runs (visible in ps and shell history: prefer the next two)',
    )
    .option('--redact-key-file <file>', 'read the pseudonym key from a file')
    .addHelpText(
      'after',
      '\nThe pseudonym key can also come from DSREG_DOCTOR_REDACT_KEY in the environment.',
    );
}

/** `--redact=strict` is spelled as one word for the parser; `--redact` alone takes no value. */
function redactModeArgs(argv: readonly string[]): string[] {
  return argv.map((arg) => (arg === '--redact=strict' ? '--redact-strict' : arg));
}

// -------------------------------------------------------------------------------------------------

export async function runCli(argv: readonly string[], streams: CliStreams = {}): Promise<ExitCode> {
  // Messages quote file names and typed arguments: shown inert, like every value in a report.
  // A progress line on a terminal steps aside for every message.
  const write = streams.warn ?? ((line: string) => aroundProgress(() => process.stderr.write(`${line}\n`)));
  const warn = (line: string) => write(inert(line));
  let exitCode: ExitCode = ExitCode.ok;
  const io = (outputPath?: string): Io => ({ out: outputFor(outputPath, streams.stdout), warn });
  const program = buildProgram(io);
  const stdout = streams.stdout ?? process.stdout;
  guardStdout(stdout);
  // Subcommands copy these settings only when created after them, so each is set on every command:
  // without it a subcommand's own parse error (a missing argument) exits 1 through process.exit.
  for (const command of allCommands(program)) {
    command.exitOverride();
    command.configureOutput({
      writeOut: (s) => stdout.write(s),
      writeErr: (s) => warn(s.trimEnd()),
      // Parse errors are printed by exitCodeOf, in the same one-line form as every usage error.
      outputError: () => {},
    });
  }
  try {
    await program.parseAsync(helpTopic(program, redactModeArgs(argv)), { from: 'user' });
  } catch (error) {
    exitCode = exitCodeOf(error, warn);
  }
  return exitCode;
}

/** The program and every command below it, however deeply nested (`fleet ingest`). */
function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap((c) => allCommands(c as Command))];
}

function outputFor(path: string | undefined, stdout?: NodeJS.WriteStream): Output {
  if (path === '') throw new UsageError('--output needs a file name, or - for standard output');
  return path !== undefined && path !== '-' ? fileOutput(path) : stdoutOutput(stdout);
}

/**
 * `help NAME` for a name that is no command: commander prints the whole help to stderr for it.
 * Said in one line instead, like `dsreg-doctor NAME`. `help help` is help about help: exit 0.
 */
function helpTopic(program: Command, argv: readonly string[]): string[] {
  const [first, topic] = argv;
  if (first !== 'help' || topic === undefined || topic.startsWith('-')) return [...argv];
  if (topic === 'help') return ['help'];
  if (!program.commands.some((c) => c.name() === topic || c.aliases().includes(topic)))
    throw new UsageError(`unknown command '${topic}'`);
  return [...argv];
}

/** The one place where errors become exit codes and a message. */
function exitCodeOf(error: unknown, warn: (line: string) => void): ExitCode {
  if (error instanceof RunOutcome) return error.exitCode;
  // The reader of standard output went away (`| head`): nothing it would want to see is left to say.
  if (error instanceof OutputClosed) return ExitCode.usage;
  if (error instanceof CommanderError) {
    // Help and version are successful exits; commander already printed them.
    if (error.exitCode === 0) return ExitCode.ok;
    // Help shown because no command was given is the whole message.
    if (error.code === 'commander.help') return ExitCode.usage;
    const message = error.message
      .replace(/^error: /, '')
      .replace(/\s*\n\s*/g, ' ')
      .replace(/\.$/, '');
    warn(`dsreg-doctor: ${message} (see --help)`);
    return ExitCode.usage;
  }
  if (error instanceof UsageError) {
    warn(`dsreg-doctor: ${error.message} (see --help)`);
    return ExitCode.usage;
  }
  if (error instanceof InputError || error instanceof OutputError) {
    warn(`dsreg-doctor: ${error.message}`);
    return ExitCode.usage;
  }
  const detail =
    error instanceof Error ? (process.env.DSREG_DOCTOR_DEBUG ? error.stack : error.message) : String(error);
  warn(
    `dsreg-doctor: unexpected failure: ${detail}. Please report it with the input that caused it (redact it first: dsreg-doctor redact FILE).`,
  );
  return ExitCode.usage;
}

function buildProgram(io: (outputPath?: string) => Io): Command {
  const program = new Command('dsreg-doctor')
    .description(
      'Reads dsregcmd /status output and Windows event logs, and says what state a device is in with Microsoft Entra ID, which phase of registration failed, with which error, what it means and what to do.',
    )
    .version(VERSION, '-v, --version')
    .addHelpText('after', EXIT_CODES_HELP);

  const redactOptions = (cmd: Command) =>
    keyOptions(
      cmd
        .option(
          '--redact',
          'replace tenant, device and user identifiers with stable pseudonyms (--redact=strict also masks every value not known to be safe)',
        )
        .addOption(new Option('--redact-strict').hideHelp()),
    );

  redactOptions(
    program
      .command('analyze', { isDefault: false })
      .description('read, diagnose and report captures and event logs')
      .argument(
        '[inputs...]',
        'files, folders (read recursively) or - for standard input; none on Windows runs dsregcmd /status',
      )
      .addOption(new Option('-f, --format <format>', FORMAT_HELP))
      .option('-o, --output <file>', 'write the report to a file (written whole or not at all)')
      // --- reading the report: views of the analyze command ---
      .option('--brief', 'one line per device: state, health, failed phase, error, device name')
      .option('--summary', 'only the run summary (state by health, top errors, inputs not read)')
      .option('--capture', "text: show each capture's key fields")
      .option('--verbose', 'text: show informational findings in full')
      .option(
        '--now <time>',
        'the time to judge ages and expiry against when a capture has no Client Time (default: no time checks)',
      )
      .option('--width <columns>', 'text width (default: COLUMNS, else the terminal width, else 100)')
      .option(
        '--no-color',
        'no colour (NO_COLOR and FORCE_COLOR, including FORCE_COLOR=0, are respected too)',
      )
      .option(
        '--exit-zero',
        'exit 0 even when there are error findings or failing verdicts (demos, collection jobs)',
      )
      .option('--max-input-size <size>', MAX_INPUT_HELP),
  )
    .addHelpText(
      'after',
      `
Examples:
  dsreg-doctor analyze status.txt
  dsreg-doctor analyze captures/ --format json > fleet.json
  dsreg-doctor analyze status.txt "User Device Registration-Admin.evtx"
  dsregcmd /status | dsreg-doctor analyze -
  dsreg-doctor analyze status.txt --redact --format markdown > ticket.md
  dsreg-doctor analyze captures/ --brief
  dsreg-doctor analyze captures/ --format csv -o devices.csv
${EXIT_CODES_HELP}`,
    )
    .action((inputs: string[], opts: AnalyzeOptions & { output?: string; maxInputSize?: string }) => {
      useInputLimits(inputLimits(opts.maxInputSize));
      return analyzeCommand(inputs, opts, io(opts.output));
    });

  redactOptions(
    program
      .command('parse')
      .description("show the reader's model of each capture (what was read, how, and what could not be)")
      .argument('[inputs...]', 'files, folders or - (default: standard input)')
      .addOption(
        new Option('-f, --format <format>', 'json (default when piped) or text (default on a terminal)'),
      )
      .option('-o, --output <file>', 'write to a file')
      .option(
        '--pretty',
        'indent the JSON (default on a terminal; otherwise each document is one line of the documents array)',
      )
      .option('--no-pretty', 'one line per document even on a terminal')
      .option('--max-input-size <size>', MAX_INPUT_HELP),
  )
    .addHelpText(
      'after',
      "\nExamples:\n  dsreg-doctor parse status.txt\n  dsreg-doctor parse status.txt --format json | jq '.documents[0].capture.read'\n  dsreg-doctor parse status.txt --format json --pretty -o model.json",
    )
    .action(
      (
        inputs: string[],
        opts: {
          format?: string;
          output?: string;
          pretty?: boolean;
          redact?: boolean;
          redactSalt?: string;
          maxInputSize?: string;
        },
      ) => {
        useInputLimits(inputLimits(opts.maxInputSize));
        return parseCommand(inputs, opts, io(opts.output));
      },
    );

  program
    .command('explain')
    .description(
      'explain error codes: hex (any case, with or without 0x), signed or unsigned decimal, symbolic names, AADSTS and MSIS numbers, HTTP statuses',
    )
    .argument('<codes...>', 'the codes to explain')
    .addOption(new Option('-f, --format <format>', 'text, json or markdown'))
    .option('--width <columns>', 'text width (default: COLUMNS, else the terminal width, else 100)')
    .addHelpText(
      'after',
      '\nExamples:\n  dsreg-doctor explain 0x801c03f2\n  dsreg-doctor explain -2145648611 801C0021 AADSTS50126 DSREG_E_DIRECTORY_FAILURE',
    )
    .action((codes: string[], opts: { format?: string; width?: string }) =>
      explainCommand(codes, opts, io()),
    );

  redactOptions(
    program
      .command('diff')
      .description(
        'what changed on one device between two captures: state, fields, findings (new, resolved, unchanged)',
      )
      .argument('<before>', 'the earlier capture')
      .argument('<after>', 'the later capture')
      .addOption(new Option('-f, --format <format>', 'text, json or markdown'))
      .option('--now <time>', 'the time to judge ages against when a capture has no Client Time'),
  )
    .addHelpText('after', '\nExample:\n  dsreg-doctor diff before.txt after.txt')
    .action(
      (
        before: string,
        after: string,
        opts: { format?: string; redact?: boolean; redactSalt?: string; now?: string },
      ) => diffCommand(before, after, opts, io()),
    );

  program
    .command('redact')
    .description(
      'write a copy of each capture or event export (XML, JSON, CSV, pasted text) with identifiers replaced, in the same layout and format (FILE.redacted.EXT)',
    )
    .argument(
      '<files...>',
      'captures or event exports to redact, or - for standard input (written to standard output)',
    )
    .option('--out-dir <folder>', 'write the copies into this folder instead of beside the originals')
    .option('--stdout', 'write the redacted copy of a single file to standard output')
    .addHelpText(
      'after',
      '\nExamples:\n  dsreg-doctor redact status.txt aad.xml\n  dsreg-doctor redact captures/*.txt --out-dir redacted --redact-key-file ~/.dsreg-doctor.key',
    )
    .action((files: string[], opts: RedactOptions) => redactCommand(files, opts, io()));
  keyOptions(program.commands.find((c) => c.name() === 'redact') as Command).option(
    '--strict',
    'also mask every field value the catalog does not know to be safe',
  );

  program
    .command('guide')
    .description(
      'guidance without a capture: Windows versions, what to collect for support, known issues, down-level clients',
    )
    .argument('[topic]', 'one topic id (default: all)')
    .addHelpText(
      'after',
      '\nExamples:\n  dsreg-doctor guide\n  dsreg-doctor guide collect-for-support --format markdown',
    )
    .addOption(new Option('-f, --format <format>', 'text, markdown or json'))
    .action((topic: string | undefined, opts: { format?: string }) => guideCommand(topic, opts, io()));

  program
    .command('schema')
    .description('print the JSON Schema of the capture model or of the report')
    .argument('[name]', 'capture or report (default: both)')
    .addHelpText(
      'after',
      '\nExamples:\n  dsreg-doctor schema report > report.schema.json\n  dsreg-doctor schema capture',
    )
    .action((name: string | undefined) => schemaCommand(name, io()));

  program
    .command('checklist')
    .description(
      'every check, fact and piece of guidance of the source articles (A1…M4) with what implements it',
    )
    .addOption(new Option('-f, --format <format>', 'text or json'))
    .addHelpText(
      'after',
      '\nExamples:\n  dsreg-doctor checklist\n  dsreg-doctor checklist --format json | jq \'.[] | select(.id | startswith("G"))\'',
    )
    .action((opts: { format?: string }) => checklistCommand(opts, io()));

  registerFleet(program, io);
  registerServe(program, io);
  registerProbe(program, io);
  registerCollect(program, io);

  return program;
}
