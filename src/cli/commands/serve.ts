/**
 * `serve`: the HTTP server and the web page.
 * @module
 */
import type { Command } from 'commander';
import type { Io } from './analyze.ts';

/** Adds the command to the program. */
export function registerServe(_program: Command, _io: (outputPath?: string) => Io): void {}
