import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

// ajv-formats is CommonJS: the plugin is its `default` property.
const addFormats = addFormatsModule.default;

/**
 * Bodies are checked strictly: wrong types are errors, not coerced, and unknown fields are
 * refused (schemas say `additionalProperties: false`). Query strings and path parameters
 * arrive as text, so numbers and booleans there are coerced.
 */
export function installValidation(app: FastifyInstance) {
  const base: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };
  const strict = addFormats(new Ajv({ ...base, coerceTypes: false }));
  const coercing = addFormats(new Ajv({ ...base, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
}
