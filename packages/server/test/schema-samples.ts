/** Minimal JSON Schema walker: builds valid sample values and wrong-typed ones from route schemas. */
export type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  const?: unknown;
  enum?: unknown[];
  minLength?: number;
  minimum?: number;
  minItems?: number;
  format?: string;
  pattern?: string;
};

/** A value the schema accepts (for the shapes Runnel's routes use). */
export function validSample(schema: Schema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return validSample(variants[0]!);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'date-time') return new Date(0).toISOString();
      if (schema.format === 'uri') return 'https://example.com/';
      return 'valid-value-x'.padEnd(schema.minLength ?? 0, 'x');
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: schema.minItems ?? 1 }, () => validSample(schema.items ?? { type: 'string' }));
    case 'object':
    default: {
      const value: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) value[key] = validSample(prop);
      return value;
    }
  }
}

/** Values of the wrong JSON type for a property. */
export function wrongTypes(schema: Schema): unknown[] {
  const types = new Set(
    (schema.anyOf ?? schema.oneOf ?? [schema]).flatMap((s) =>
      Array.isArray(s.type) ? s.type : [s.type ?? (s.const !== undefined ? typeof s.const : 'object')],
    ),
  );
  const candidates: [string, unknown][] = [
    ['string', 12345],
    ['integer', 'not-a-number'],
    ['number', 'not-a-number'],
    ['boolean', 'yes'],
    ['array', { not: 'an array' }],
    ['object', 'not an object'],
  ];
  const out: unknown[] = [];
  for (const [type, bad] of candidates) if (types.has(type)) out.push(bad);
  if (!types.has('null')) out.push(null);
  out.push([1, 2, 3]);
  return out.filter((v) => !(Array.isArray(v) && types.has('array')));
}
