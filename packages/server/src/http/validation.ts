import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

// ajv-formats is CommonJS: the plugin is its `default` property.
const addFormats = addFormatsModule.default;

/**
 * Bodies are checked strictly: wrong types are errors, not coerced, and unknown fields are
 * refused (schemas say `additionalProperties: false`). Query strings and path parameters
 * arrive as text, so numbers and booleans there are coerced.
 */
const base: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };
const validators = () => ({ strict: addFormats(new Ajv({ ...base, coerceTypes: false })), coercing: addFormats(new Ajv({ ...base, coerceTypes: 'array' })) });

export function installValidation(app: FastifyInstance) {
  const { strict, coercing } = validators();
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
}

let shared: ReturnType<typeof validators> | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * The same validation, compiled on a route's first request and once per process: for the
 * few schemas that cost hundreds of ms to compile (smart playlist rules nest four levels of
 * unions), which every app start (and every test) would otherwise pay.
 */
function compileOnce(schema: object, httpPart: string | undefined): ValidateFunction {
  shared ??= validators();
  const validate = (httpPart === 'body' ? shared.strict : shared.coercing).compile(schema);
  compiled.set(schema, validate);
  return validate;
}

export function lazyValidatorCompiler({ schema, httpPart }: { schema: object; httpPart?: string }) {
  const check = Object.assign(
    (data: unknown) => {
      const validate: ValidateFunction = compiled.get(schema) ?? compileOnce(schema, httpPart);
      const valid = validate(data);
      check.errors = validate.errors;
      return valid;
    },
    { errors: undefined as ErrorObject[] | null | undefined },
  );
  return check;
}
