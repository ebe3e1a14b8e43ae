/**
 * `fleet ingest|import-entra|report|devices|device`: the fleet store.
 * @module
 */
import type { Command } from 'commander';
import type { Io } from './analyze.ts';

/** Adds the command to the program. */
export function registerFleet(_program: Command, _io: (outputPath?: string) => Io): void {}
