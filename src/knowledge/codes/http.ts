import type { CodeEntry } from './types.ts';

export const HTTP_ENTRIES: CodeEntry[] = [];
