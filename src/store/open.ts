/**
 * Opens the store a `--db` value (or `DSREG_DOCTOR_DB`) names: `postgres://…` or
 * `postgresql://…` for a server, `pglite:` or `pglite:DIR` for PGlite, else a SQLite file.
 * @module
 */
import type { FleetStore } from './types.ts';

/** The store location used when neither `--db` nor `DSREG_DOCTOR_DB` is given. */
export const DEFAULT_DB = 'fleet.db';

/** Which engine a location names. */
export function engineOf(location: string): FleetStore['engine'] {
  if (/^postgres(ql)?:\/\//i.test(location)) return 'postgres';
  if (/^pglite:/i.test(location)) return 'pglite';
  return 'sqlite';
}

/** Opens (creating on first use) the store at a location. */
export async function openStore(location: string): Promise<FleetStore> {
  const engine = engineOf(location);
  if (engine === 'sqlite') {
    const { openSqliteStore } = await import('./sqlite.ts');
    return openSqliteStore(location);
  }
  const { openPgliteStore, openPostgresStore } = await import('./postgres.ts');
  if (engine === 'pglite') {
    const dir = location.slice('pglite:'.length);
    return openPgliteStore(dir === '' ? undefined : dir);
  }
  return openPostgresStore(location);
}

/** The location with any password hidden, for messages. */
export function describeLocation(location: string): string {
  return location.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
