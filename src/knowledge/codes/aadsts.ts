import type { CodeEntry } from './types.ts';

export const AADSTS_ENTRIES: CodeEntry[] = [];
