/**
 * `collect`: gathers the evidence on a Windows device into one bundle.
 * @module
 */
import type { Command } from 'commander';
import type { Io } from './analyze.ts';

/** Adds the command to the program. */
export function registerCollect(_program: Command, _io: (outputPath?: string) => Io): void {}
