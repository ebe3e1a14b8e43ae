import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchema, jsonSchemaText, SCHEMAS, type SchemaName } from './json-schema.ts';

describe('published JSON Schemas', () => {
  for (const name of Object.keys(SCHEMAS) as SchemaName[]) {
    it(`schema/${SCHEMAS[name].file} is what the model generates (run \`npm run schema\` after a model change)`, () => {
      const checkedIn = readFileSync(
        join(import.meta.dirname, '..', '..', 'schema', SCHEMAS[name].file),
        'utf8',
      );
      expect(checkedIn).toBe(jsonSchemaText(name));
    });
  }

  it('the report schema pins the contract id and the verdict enums scripts rely on', () => {
    const text = JSON.stringify(jsonSchema('report'));
    expect(text).toContain('"const":"dsreg-doctor.report/1"');
    for (const state of [
      'entra-joined',
      'hybrid-joined',
      'domain-joined',
      'drs-joined',
      'entra-registered',
      'not-joined',
      'inconsistent',
      'unknown',
    ]) {
      expect(text).toContain(`"${state}"`);
    }
    expect(text).toContain('"pattern":"^0x[0-9a-f]{8}$"');
  });
});
