/**
 * `probe`: live checks of the service, the proxy and the directory.
 * @module
 */
import type { Command } from 'commander';
import type { Io } from './analyze.ts';

/** Adds the command to the program. */
export function registerProbe(_program: Command, _io: (outputPath?: string) => Io): void {}
