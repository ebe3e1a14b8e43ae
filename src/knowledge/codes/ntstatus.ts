import type { CodeEntry } from './types.ts';

export const NTSTATUS_ENTRIES: CodeEntry[] = [];
