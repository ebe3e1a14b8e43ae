import type { CodeEntry } from './types.ts';

export const MSIS_ENTRIES: CodeEntry[] = [];
