import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchema, jsonSchemaText, SCHEMAS, type SchemaName } from './json-schema.ts';
import { REPORT_KEY_ORDER } from './key-order.generated.ts';
import { inKeyOrder, keyOrderOf } from './key-order.ts';

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

describe('the key order of JSON reports', () => {
  it('is the one the report schema gives, as `npm run schema` last wrote it', () => {
    expect(REPORT_KEY_ORDER).toEqual(keyOrderOf(jsonSchema('report')));
  });

  it('puts a field value in the order of its kind and drops keys the schema does not name', () => {
    const value = { text: 'x', extra: 1, kind: 'masked' };
    const fieldOrder = keyOrderOf(jsonSchema('capture'));
    const captureLike = { read: null, index: 0, sections: [{ fields: [{ value, name: 'TenantId' }] }] };
    expect(JSON.stringify(inKeyOrder(captureLike, fieldOrder))).toBe(
      '{"index":0,"sections":[{"fields":[{"name":"TenantId","value":{"kind":"masked","text":"x"}}]}],"read":null}',
    );
  });
});
