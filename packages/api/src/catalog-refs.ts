import Type, { type Static } from 'typebox';

/**
 * A catalogue object (track, album, artist) as the catalog module renders it: Spotify-shaped
 * JSON. Modules that only refer to catalogue items (collection, playlists, player) treat it
 * as opaque apart from `id`, so they do not have to change when the catalogue's shape grows.
 */
export const CatalogObject = Type.Object(
  { id: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: true, description: 'Spotify-shaped catalogue object (owned by the catalog module)' },
);
export type CatalogObject = Static<typeof CatalogObject> & { [key: string]: unknown };

/** A comma-separated list of up to 50 ids, as Spotify's `?ids=` takes them. */
export const IdList = Type.String({ minLength: 1, maxLength: 50 * 65, pattern: '^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$' });

/** `limit`/`offset` paging query. */
export const ListPageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type ListPageQuery = Static<typeof ListPageQuery>;

/** A user as referred to from another object (`added_by`, `owner`). */
export const UserRef = Type.Object({
  id: Type.String(),
  type: Type.Literal('user'),
  uri: Type.String(),
  href: Type.String(),
  display_name: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type UserRef = Static<typeof UserRef>;
