/**
 * README's examples, run as written. Every command of every ```sh block runs in a copy of the
 * clone (the examples, fixtures and sources as they are, outputs such as `fleet.json` or
 * `devices.csv` landing in the copy) and must end with the exit code README names for it:
 * `exit N` in the command's trailing comment or in the comment lines just above it, else 0.
 * A command whose trailing comment says `windows only`, `needs the network` or `runs until
 * stopped` is skipped with that reason.
 *
 * README's install command is `npm ci`: CI runs it before the suite, and its `prepare` script
 * builds the command line. Here the copy gets the command line bundled from the current sources
 * the same way (`scripts/bundle-cli.ts`), so `npx dsreg-doctor` runs the code under test. `npm ci`
 * itself is not run again (it would replace the node_modules the suite runs from), nor is
 * `npm test` (the suite this file belongs to). npx is kept off the network and out of the user's
 * npm cache.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../scripts/bundle-cli.ts';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface ReadmeCommand {
  /** The command as README shows it, continuation lines joined. */
  text: string;
  /** README's line number of the command's first line. */
  line: number;
  /** The exit code README names for it. */
  exit: number;
  /** Why it is not run here, when it cannot be. */
  skip: string | null;
}

const SKIP_MARKERS: [RegExp, string][] = [
  [/\bwindows only\b/i, 'needs Windows (dsregcmd, a UNC share)'],
  [/\bneeds the network\b/i, 'needs the network'],
  [/\bruns until stopped\b/i, 'a server: runs until stopped'],
];

/** The commands of README's ```sh blocks, with their expected exit codes and skip reasons. */
function readmeCommands(readme: string): ReadmeCommand[] {
  const lines = readme.split(/\r?\n/);
  const out: ReadmeCommand[] = [];
  let inBlock = false;
  let comments: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!inBlock) {
      if (/^```sh\s*$/.test(line)) {
        inBlock = true;
        comments = [];
      }
      continue;
    }
    if (/^```\s*$/.test(line)) {
      inBlock = false;
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === '') {
      comments = [];
      continue;
    }
    if (trimmed.startsWith('#')) {
      comments.push(trimmed);
      continue;
    }
    // A command, with its continuation lines.
    const start = i;
    let text = line;
    while (/\\$/.test(stripComment(text).trimEnd()) && i + 1 < lines.length) {
      i++;
      text = `${stripComment(text).trimEnd().replace(/\\$/, '').trimEnd()} ${lines[i]!.trim()}`;
    }
    const trailing = commentOf(text);
    const command = stripComment(text).trim();
    const exitFrom = (s: string) => /\bexit (\d+)\b/.exec(s)?.[1];
    const exit =
      exitFrom(trailing) ??
      [...comments]
        .reverse()
        .map(exitFrom)
        .find((x) => x !== undefined);
    const skip = SKIP_MARKERS.find(([re]) => re.test(trailing))?.[1] ?? null;
    out.push({ text: command, line: start + 1, exit: exit === undefined ? 0 : Number(exit), skip });
  }
  return out;
}

/** The part of a shell line before an unquoted ` #`. */
function stripComment(line: string): string {
  const at = commentStart(line);
  return at < 0 ? line : line.slice(0, at).trimEnd();
}

function commentOf(line: string): string {
  const at = commentStart(line);
  return at < 0 ? '' : line.slice(at);
}

function commentStart(line: string): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return i;
    }
  }
  return -1;
}

/** `npm ci && X` is README's install command followed by X; what is left to run, or a reason not to. */
function afterInstall(command: string): { run: string | null; why?: string } {
  const rest = command.replace(/^npm ci\s*&&\s*/, '');
  if (rest === 'npm test' || rest.startsWith('npm test '))
    return { run: null, why: 'the suite this test is part of' };
  if (rest === 'npm ci') return { run: null, why: 'the install CI has run before the suite' };
  return { run: rest };
}

describe('README commands are found and classified', () => {
  const commands = readmeCommands(README);

  it('finds the commands of every sh block, the install command first', () => {
    expect(commands[0]!.text).toBe('npm ci && npm start');
    expect(commands[1]!.text).toBe('npm ci && npm test');
    expect(commands.length).toBeGreaterThan(20);
  });

  it('reads the exit code from the trailing comment or the comment above, and the skip markers', () => {
    const byText = (t: string) => commands.find((c) => c.text === t);
    expect(byText('npx dsreg-doctor analyze examples/scp-missing.txt')).toMatchObject({
      exit: 1,
      skip: null,
    });
    expect(byText('npx dsreg-doctor explain 0x801c03f2 -2145648611 AADSTS50126')).toMatchObject({
      exit: 0,
      skip: null,
    });
    expect(byText('dsregcmd /status | npx dsreg-doctor analyze -')?.skip).toBe(
      'needs Windows (dsregcmd, a UNC share)',
    );
    expect(byText('npx dsreg-doctor serve')?.skip).toBe('a server: runs until stopped');
    // A continued command is one command, its comment at the end.
    const ldap = commands.find((c) => c.text.includes('--ldap ldaps://dc1.contoso.com'));
    expect(ldap?.text).toBe(
      'dsreg-doctor probe --upn alex@contoso.com --ldap ldaps://dc1.contoso.com --ldap-user "CN=Alex,OU=Staff,DC=contoso,DC=com"',
    );
    expect(ldap?.skip).toBe('needs the network');
  });

  it('parses a block as a reader would: quotes keep a #, blank lines end a comment paragraph', () => {
    const parsed = readmeCommands(
      [
        '```sh',
        '# all of these fail (exit 1)',
        'a "x # y"',
        'b',
        '',
        'c   # exit 2',
        'd',
        '```',
        '```powershell',
        'e',
        '```',
      ].join('\n'),
    );
    expect(parsed.map((c) => [c.text, c.exit])).toEqual([
      ['a "x # y"', 1],
      ['b', 1],
      ['c', 2],
      ['d', 0],
    ]);
  });
});

describe('README commands run as written', () => {
  const commands = readmeCommands(README);
  let copy = '';

  beforeAll(async () => {
    // A copy of the clone: examples copied (commands write beside them), the rest linked.
    copy = mkdtempSync(join(tmpdir(), 'dsreg-doctor-readme-'));
    cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
    cpSync(join(ROOT, 'examples'), join(copy, 'examples'), { recursive: true });
    for (const name of [
      'node_modules',
      'src',
      'test',
      'scripts',
      'bench',
      'web',
      'schema',
      'tsconfig.json',
    ]) {
      if (existsSync(join(ROOT, name))) symlinkSync(join(ROOT, name), join(copy, name));
    }
    // What `npm ci` builds for the command line (its `prepare` script), from the current sources.
    mkdirSync(join(copy, 'dist'), { recursive: true });
    await bundleCli(join(copy, 'dist', 'bin'));
  }, 120_000);

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  for (const command of commands) {
    const { run, why } = afterInstall(command.text);
    const skip = command.skip ?? (run === null ? (why ?? null) : null);
    const name = `line ${command.line}: ${command.text}${skip ? ` (skipped: ${skip})` : ` → exit ${command.exit}`}`;
    it.skipIf(skip !== null)(
      name,
      () => {
        const result = spawnSync('bash', ['-c', run!], {
          cwd: copy,
          encoding: 'utf8',
          input: '',
          timeout: 240_000,
          env: {
            ...process.env,
            NO_COLOR: '1',
            COLUMNS: '100',
            // npx runs the clone's own command line: it links the copy into a private npx cache
            // (not the user's), never reaches a registry, and does not run the `prepare` build
            // again (the bundle above is what it builds).
            npm_config_cache: join(copy, '.npm-cache'),
            npm_config_registry: 'http://127.0.0.1:9/',
            npm_config_offline: 'true',
            npm_config_ignore_scripts: 'true',
            npm_config_update_notifier: 'false',
          },
        });
        const detail = `stdout: ${result.stdout?.slice(-800)}\nstderr: ${result.stderr?.slice(-1500)}`;
        expect(result.error, detail).toBeUndefined();
        expect(result.status, detail).toBe(command.exit);
      },
      250_000,
    );
  }
});
