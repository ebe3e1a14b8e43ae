import type { CodeEntry } from './types.ts';

export const SERVER_ENTRIES: CodeEntry[] = [];
