/**
 * The fleet store contract on a real PostgreSQL server (`DSREG_DOCTOR_TEST_PG`, default
 * `postgres://postgres@127.0.0.1:5432/postgres`): a database with a random name is created for
 * this file and dropped after it. Skipped, saying so, when no server answers.
 * @module
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { fleetStoreContract } from './contract.ts';
import { openPostgresStore } from './postgres.ts';

const admin = process.env.DSREG_DOCTOR_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `dsreg_fleet_test_${randomBytes(6).toString('hex')}`;
let created = false;
let why: string | null = null;

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  if (created) await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
});

fleetStoreContract(
  'PostgreSQL server',
  async () => {
    try {
      await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
      created = true;
    } catch (error) {
      why = `no PostgreSQL server at ${admin.replace(/:[^:@/]*@/, ':***@')}: ${(error as Error).message}`;
      console.warn(`skipping the PostgreSQL contract: ${why}`);
      return null;
    }
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return openPostgresStore(url.toString());
  },
  { skipReason: () => why },
);
