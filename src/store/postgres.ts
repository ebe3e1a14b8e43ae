/**
 * The PostgreSQL fleet store: a server (`pg`, `postgres://…`) or PGlite (`@electric-sql/pglite`,
 * PostgreSQL in WebAssembly, in memory or in a folder) for machines without a server.
 * @module
 */
import pg from 'pg';
import { openSqlStore, type SqlDriver, type SqlRow, type SqlValue } from './sql.ts';
import type { FleetStore } from './types.ts';

// BIGINT counters and ids come back as numbers, not strings (they stay far below 2^53).
pg.types.setTypeParser(20, (v: string) => Number(v));

/** `?` placeholders to `$1…$n` (the statements here never hold a `?` inside a literal). */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Opens the store on a PostgreSQL server (`postgres://user@host:port/db`). */
export async function openPostgresStore(url: string): Promise<FleetStore> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // A server error on an idle connection must not crash the process: the next query reports it.
  client.on('error', () => {});
  const driver: SqlDriver = {
    dialect: 'postgres',
    engine: 'postgres',
    async all(sql, params = []) {
      return (await client.query(numbered(sql), params as unknown[])).rows as SqlRow[];
    },
    async run(sql, params = []) {
      await client.query(numbered(sql), params as unknown[]);
    },
    async exec(sql) {
      await client.query(sql);
    },
    async begin() {
      await client.query('BEGIN');
    },
    async commit() {
      await client.query('COMMIT');
    },
    async rollback() {
      await client.query('ROLLBACK');
    },
    async size() {
      const r = await client.query('SELECT pg_database_size(current_database()) AS n');
      return Number(r.rows[0]?.n ?? 0) || null;
    },
    async close() {
      await client.end();
    },
  };
  return openSqlStore(driver);
}

/** Opens the store on PGlite: `memory://` or a folder path. */
export async function openPgliteStore(dataDir?: string): Promise<FleetStore> {
  let PGlite: typeof import('@electric-sql/pglite').PGlite;
  try {
    ({ PGlite } = await import('@electric-sql/pglite'));
  } catch {
    // PGlite is for machines with no PostgreSQL server (the tests); an installed tool may lack it.
    throw new Error(
      'PGlite is not installed here (npm install @electric-sql/pglite); use a SQLite file or a postgres:// URL instead',
    );
  }
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  const toRows = (rows: unknown[]) =>
    (rows as SqlRow[]).map((r) => {
      for (const k of Object.keys(r)) if (typeof r[k] === 'bigint') r[k] = Number(r[k]);
      return r;
    });
  const driver: SqlDriver = {
    dialect: 'postgres',
    engine: 'pglite',
    async all(sql, params: SqlValue[] = []) {
      return toRows((await db.query(numbered(sql), params)).rows);
    },
    async run(sql, params: SqlValue[] = []) {
      await db.query(numbered(sql), params);
    },
    async exec(sql) {
      await db.exec(sql);
    },
    async begin() {
      await db.exec('BEGIN');
    },
    async commit() {
      await db.exec('COMMIT');
    },
    async rollback() {
      await db.exec('ROLLBACK');
    },
    async size() {
      const r = await db.query<{ n: number }>('SELECT pg_database_size(current_database()) AS n');
      return Number(r.rows[0]?.n ?? 0) || null;
    },
    async close() {
      await db.close();
    },
  };
  return openSqlStore(driver);
}
