/**
 * The order of keys in the JSON contracts, read off their JSON Schemas, so that reports print
 * in the schema's order without loading zod: `npm run schema` writes the order of the report
 * schema to `key-order.generated.ts` beside the schema files it writes.
 * @module
 */

/** Where keys go: an object's keys in order, an array's items, a union chosen by its tag. */
export type KeyOrder =
  | { readonly keys: readonly (readonly [string, KeyOrder])[] }
  | { readonly items: KeyOrder }
  | { readonly tag: string; readonly options: Readonly<Record<string, KeyOrder>> }
  /** Any value, kept as it is (strings, numbers, records, decoded JSON). */
  | null;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** The key order a JSON Schema (as zod writes it: no `$ref`) gives to the values it accepts. */
export function keyOrderOf(schema: unknown): KeyOrder {
  if (!isObject(schema)) return null;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) {
    const values = alternatives.filter((a) => !(isObject(a) && a.type === 'null'));
    if (values.length === 1) return keyOrderOf(values[0]);
    const tag = unionTag(values);
    if (tag === null) return null;
    const options = values.map((v) => [String(tagOf(v, tag)), keyOrderOf(v)] as const);
    return { tag, options: Object.fromEntries(options) };
  }
  if (isObject(schema.properties)) {
    return { keys: Object.entries(schema.properties).map(([key, sub]) => [key, keyOrderOf(sub)] as const) };
  }
  if (isObject(schema.items)) return { items: keyOrderOf(schema.items) };
  return null;
}

function tagOf(schema: unknown, key: string): unknown {
  const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : {};
  const property = properties[key];
  return isObject(property) ? property.const : undefined;
}

/** The property every alternative fixes to a constant of its own (`kind` in a field value). */
function unionTag(alternatives: unknown[]): string | null {
  const first = alternatives[0];
  if (!isObject(first) || !isObject(first.properties)) return null;
  for (const key of Object.keys(first.properties)) {
    const tags = alternatives.map((a) => tagOf(a, key));
    if (tags.every((t) => typeof t === 'string') && new Set(tags).size === tags.length) return key;
  }
  return null;
}

/**
 * A copy of `value` with its keys in `order` and keys the schema does not name left out, as a
 * parse through the schema would give it. Values that do not fit the order are kept as they are.
 */
export function inKeyOrder(value: unknown, order: KeyOrder): unknown {
  if (order === null || !isObject(value)) return value;
  if ('items' in order) return Array.isArray(value) ? value.map((v) => inKeyOrder(v, order.items)) : value;
  if ('tag' in order) {
    const option = order.options[String(value[order.tag])];
    return option === undefined ? value : inKeyOrder(value, option);
  }
  const out: Json = {};
  for (const [key, sub] of order.keys) {
    if (value[key] !== undefined) out[key] = inKeyOrder(value[key], sub);
  }
  return out;
}
