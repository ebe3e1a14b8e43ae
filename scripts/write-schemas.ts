/** Regenerates `schema/*.schema.json` from the zod models (`npm run schema`). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemaText, SCHEMAS, type SchemaName } from '../src/model/json-schema.ts';

for (const name of Object.keys(SCHEMAS) as SchemaName[]) {
  const path = join(import.meta.dirname, '..', 'schema', SCHEMAS[name].file);
  writeFileSync(path, jsonSchemaText(name));
  console.log(`wrote ${path}`);
}
