import Type, { type Static, type TSchema } from 'typebox';
import { ERROR_CODES, type ErrorCode } from './errors.ts';

/** The one error shape every route answers with: `{"error":{status,code,message}}`. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      status: Type.Integer({ description: 'HTTP status, repeated for clients that only see the body' }),
      code: Type.Unsafe<ErrorCode>(Type.String({ enum: [...ERROR_CODES], description: 'Stable, machine-readable error code (e.g. `invalid_request`)' })),
      message: Type.String({ description: 'Human-readable explanation' }),
    }),
  },
  { $id: 'ErrorBody', title: 'Error' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** A closed object: unknown fields are rejected, not silently dropped. */
export function Strict<T extends Record<string, TSchema>>(properties: T, options: Record<string, unknown> = {}) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** Spotify-style paging object around a list of items. */
export function Paging<T extends TSchema>(item: T) {
  return Type.Object({
    href: Type.String(),
    items: Type.Array(item),
    limit: Type.Integer(),
    next: Type.Union([Type.String(), Type.Null()]),
    offset: Type.Integer(),
    previous: Type.Union([Type.String(), Type.Null()]),
    total: Type.Integer(),
  });
}

/** An opaque, URL-safe id. */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

export const IdParams = Strict({ id: Id });

export const Empty = Type.Null({ description: 'No content' });

/** `limit` and `offset` for paged lists (Spotify's defaults: 20 items, up to 50). */
export function PagingParams(defaultLimit = 20, maxLimit = 50) {
  return {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxLimit, default: defaultLimit })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 })),
  };
}
