/**
 * `dsreg-doctor schema [capture|report]`: the published JSON Schemas.
 * @module
 */
import type { SchemaName } from '../../model/json-schema.ts';
import { UsageError } from '../errors.ts';
import type { Io } from './analyze.ts';

export async function schemaCommand(name: string | undefined, io: Io): Promise<void> {
  // zod is loaded only here: every other command starts without it.
  const { jsonSchema, SCHEMAS } = await import('../../model/json-schema.ts');
  const names = Object.keys(SCHEMAS) as SchemaName[];
  if (name !== undefined && !names.includes(name as SchemaName)) {
    throw new UsageError(`schema ${name}: choose one of ${names.join(', ')}`);
  }
  const chosen = name === undefined ? names : [name as SchemaName];
  const body =
    chosen.length === 1 ? jsonSchema(chosen[0]!) : Object.fromEntries(chosen.map((n) => [n, jsonSchema(n)]));
  await io.out.write(`${JSON.stringify(body, null, 2)}\n`);
  await io.out.close();
}
