import Type, { type Static } from 'typebox';
import { Paging, Strict } from './common.ts';

const KIND = '(track|album|artist|playlist|user)';

export const SearchQuery = Strict({
  q: Type.String({ minLength: 1, maxLength: 300, description: 'Free text plus Spotify filters: artist:, album:, genre:, track:, year:1999, year:1990-1999' }),
  type: Type.Optional(Type.String({ pattern: `^${KIND}(,${KIND})*$`, maxLength: 100, description: 'Comma-separated kinds; default all' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, default: 0 })),
});
export type SearchQuery = Static<typeof SearchQuery>;

const Named = Type.Object({ name: Type.String(), id: Type.Optional(Type.String()) });
const Images = Type.Optional(
  Type.Array(Type.Object({ url: Type.String(), width: Type.Union([Type.Integer(), Type.Null()]), height: Type.Union([Type.Integer(), Type.Null()]) })),
);

export const SearchTrack = Type.Object({
  id: Type.String(),
  type: Type.Literal('track'),
  name: Type.String(),
  uri: Type.String(),
  href: Type.String(),
  artists: Type.Array(Named),
  album: Type.Union([Type.Object({ name: Type.String(), id: Type.Optional(Type.String()), images: Images }), Type.Null()]),
  popularity: Type.Number(),
  duration_ms: Type.Optional(Type.Integer({ description: 'From the catalogue' })),
});
export const SearchAlbum = Type.Object({
  id: Type.String(),
  type: Type.Literal('album'),
  name: Type.String(),
  uri: Type.String(),
  href: Type.String(),
  artists: Type.Array(Named),
  year: Type.Union([Type.Integer(), Type.Null()]),
  images: Images,
});
export const SearchArtist = Type.Object({
  id: Type.String(),
  type: Type.Literal('artist'),
  name: Type.String(),
  uri: Type.String(),
  href: Type.String(),
  genres: Type.Array(Type.String()),
});
export const SearchPlaylist = Type.Object({
  id: Type.String(),
  type: Type.Literal('playlist'),
  name: Type.String(),
  uri: Type.String(),
  href: Type.String(),
  owner: Type.Object({ display_name: Type.String() }),
});
export const SearchUser = Type.Object({
  id: Type.String(),
  type: Type.Literal('user'),
  display_name: Type.String(),
  uri: Type.String(),
  href: Type.String(),
});
export type SearchTrack = Static<typeof SearchTrack>;
export type SearchAlbum = Static<typeof SearchAlbum>;
export type SearchArtist = Static<typeof SearchArtist>;
export type SearchPlaylist = Static<typeof SearchPlaylist>;
export type SearchUser = Static<typeof SearchUser>;

export const SearchItem = Type.Union([SearchTrack, SearchAlbum, SearchArtist, SearchPlaylist, SearchUser]);
export type SearchItem = Static<typeof SearchItem>;

/** Spotify-shaped search results: one paging object per requested kind, plus the best match. */
export const SearchResponse = Type.Object({
  tracks: Type.Optional(Paging(SearchTrack)),
  albums: Type.Optional(Paging(SearchAlbum)),
  artists: Type.Optional(Paging(SearchArtist)),
  playlists: Type.Optional(Paging(SearchPlaylist)),
  users: Type.Optional(Paging(SearchUser)),
  best_match: Type.Union([
    Type.Object({
      type: Type.Union([Type.Literal('track'), Type.Literal('album'), Type.Literal('artist'), Type.Literal('playlist'), Type.Literal('user')]),
      item: SearchItem,
    }),
    Type.Null(),
  ]),
});
export type SearchResponse = Static<typeof SearchResponse>;
