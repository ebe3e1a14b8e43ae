import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Output } from '../output.ts';
import { parseCommand } from './parse.ts';

const capture = join(import.meta.dirname, '..', '..', '..', 'examples', 'prt-failing.txt');

/** An output that keeps what is written, on a terminal or not. */
function collected(isTerminal: boolean): Output & { text(): string } {
  const parts: string[] = [];
  return {
    isTerminal,
    columns: isTerminal ? 100 : undefined,
    write: async (t) => {
      parts.push(t);
    },
    close: async () => {},
    abort: async () => {},
    text: () => parts.join(''),
  };
}

async function parsed(isTerminal: boolean, pretty?: boolean): Promise<string> {
  const out = collected(isTerminal);
  await parseCommand(
    [capture],
    { format: 'json', ...(pretty === undefined ? {} : { pretty }) },
    {
      out,
      warn: () => {},
    },
  );
  return out.text();
}

describe('parse --format json layout', () => {
  it('indents on a terminal and writes a line per document elsewhere', async () => {
    expect((await parsed(true)).slice(0, 47)).toBe('{\n  "schema": "dsreg-doctor.captures/1",\n  "doc');
    expect((await parsed(false)).split('\n').slice(0, 1)).toEqual([
      '{"schema":"dsreg-doctor.captures/1","documents":[',
    ]);
  });

  it('follows --pretty and --no-pretty wherever the output goes', async () => {
    const terminal = await parsed(true, false);
    const piped = await parsed(false, true);
    expect(terminal).toBe(await parsed(false));
    expect(piped).toBe(await parsed(true));
    expect(JSON.parse(terminal)).toEqual(JSON.parse(piped));
    expect(terminal.split('\n').length).toBe(4);
  });
});
