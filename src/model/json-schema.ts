/**
 * The published JSON Schemas, generated from the same zod definitions the code uses.
 * @module
 */
import { z } from 'zod';
import { DsregCapture } from './capture.ts';
import { Report } from './report.ts';

export const SCHEMAS = {
  capture: { file: 'dsregcmd-capture.schema.json', title: 'dsregcmd capture', schema: DsregCapture },
  report: { file: 'report.schema.json', title: 'dsreg-doctor report', schema: Report },
} as const;
export type SchemaName = keyof typeof SCHEMAS;

export function jsonSchema(name: SchemaName): Record<string, unknown> {
  const { title, schema } = SCHEMAS[name];
  return { title, ...z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' }) };
}

/** The text checked in under `schema/`: stable, with a final newline. */
export function jsonSchemaText(name: SchemaName): string {
  return `${JSON.stringify(jsonSchema(name), null, 2)}\n`;
}
