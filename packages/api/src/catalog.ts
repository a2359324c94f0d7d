import Type, { type Static } from 'typebox';
import { Id, Paging, Strict } from './common.ts';

/** One size of an artwork image; `url` points at `/api/v1/images/{id}?size=N`. */
export const Image = Type.Object({
  url: Type.String(),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
});
export type Image = Static<typeof Image>;

export const SimplifiedArtist = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.Literal('artist'),
  uri: Type.String({ description: '`runnel:artist:<id>`' }),
  href: Type.String(),
});
export type SimplifiedArtist = Static<typeof SimplifiedArtist>;

export const Artist = Type.Object({
  ...SimplifiedArtist.properties,
  images: Type.Array(Image),
  genres: Type.Array(Type.String()),
  album_count: Type.Integer(),
  track_count: Type.Integer(),
  musicbrainz_id: Type.Union([Type.String(), Type.Null()]),
});
export type Artist = Static<typeof Artist>;

export const AlbumType = Type.Union([Type.Literal('album'), Type.Literal('single'), Type.Literal('compilation')]);

export const SimplifiedAlbum = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.Literal('album'),
  album_type: AlbumType,
  uri: Type.String({ description: '`runnel:album:<id>`' }),
  href: Type.String(),
  artists: Type.Array(SimplifiedArtist),
  images: Type.Array(Image),
  total_tracks: Type.Integer(),
  total_discs: Type.Integer(),
  release_date: Type.Union([Type.String(), Type.Null()]),
  release_date_precision: Type.Union([Type.Literal('year'), Type.Literal('month'), Type.Literal('day'), Type.Null()]),
  /** When Runnel first saw the album (ISO 8601). */
  added_at: Type.String({ format: 'date-time' }),
  /** Runnel extra: the length of all its present tracks. */
  duration_ms: Type.Integer(),
});
export type SimplifiedAlbum = Static<typeof SimplifiedAlbum>;

export const ReplayGain = Type.Object({
  track_gain: Type.Union([Type.Number(), Type.Null()]),
  track_peak: Type.Union([Type.Number(), Type.Null()]),
  album_gain: Type.Union([Type.Number(), Type.Null()]),
  album_peak: Type.Union([Type.Number(), Type.Null()]),
});

/** A track without its album (as inside an album's track list). Runnel extras follow Spotify's fields. */
export const SimplifiedTrack = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.Literal('track'),
  uri: Type.String({ description: '`runnel:track:<id>`' }),
  href: Type.String(),
  artists: Type.Array(SimplifiedArtist),
  duration_ms: Type.Integer(),
  track_number: Type.Integer(),
  disc_number: Type.Integer(),
  explicit: Type.Boolean(),
  is_local: Type.Boolean(),
  is_playable: Type.Boolean(),
  // Runnel extras
  codec: Type.Union([Type.String(), Type.Null()]),
  container: Type.Union([Type.String(), Type.Null()]),
  suffix: Type.String({ description: 'File extension, lower case, without the dot' }),
  bitrate: Type.Union([Type.Integer({ description: 'bits per second' }), Type.Null()]),
  sample_rate: Type.Union([Type.Integer(), Type.Null()]),
  channels: Type.Union([Type.Integer(), Type.Null()]),
  lossless: Type.Boolean(),
  size: Type.Integer({ description: 'File size in bytes' }),
  year: Type.Union([Type.Integer(), Type.Null()]),
  genres: Type.Array(Type.String()),
  musicbrainz_id: Type.Union([Type.String(), Type.Null()]),
  replay_gain: ReplayGain,
  has_lyrics: Type.Boolean(),
});
export type SimplifiedTrack = Static<typeof SimplifiedTrack>;

export const Track = Type.Object({ ...SimplifiedTrack.properties, album: SimplifiedAlbum });
export type Track = Static<typeof Track>;

export const Album = Type.Object({
  ...SimplifiedAlbum.properties,
  genres: Type.Array(Type.String()),
  musicbrainz_id: Type.Union([Type.String(), Type.Null()]),
  tracks: Paging(SimplifiedTrack),
});
export type Album = Static<typeof Album>;

export const Genre = Type.Object({ id: Type.String(), name: Type.String(), track_count: Type.Integer(), album_count: Type.Integer() });
export type Genre = Static<typeof Genre>;

export const TrackPage = Paging(SimplifiedTrack);
export const AlbumPage = Paging(SimplifiedAlbum);
export const ArtistPage = Paging(Artist);
export const GenrePage = Paging(Genre);

/** Comma-separated ids, as Spotify takes them. */
const IdList = (max: number) =>
  Type.String({ minLength: 1, maxLength: max * 65, pattern: '^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$', description: `Up to ${max} comma-separated ids` });
const Limit = (max: number, dflt: number) => Type.Optional(Type.Integer({ minimum: 1, maximum: max, default: dflt }));
const Offset = Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }));

export const PageQuery = Strict({ limit: Limit(50, 20), offset: Offset });
export type PageQuery = Static<typeof PageQuery>;

export const AlbumSort = Type.Union([
  Type.Literal('name'),
  Type.Literal('-name'),
  Type.Literal('artist'),
  Type.Literal('added'),
  Type.Literal('-added'),
  Type.Literal('year'),
  Type.Literal('-year'),
]);
export type AlbumSort = Static<typeof AlbumSort>;
export const ArtistSort = Type.Union([Type.Literal('name'), Type.Literal('-name')]);
export type ArtistSort = Static<typeof ArtistSort>;

export const TracksQuery = Strict({ ids: IdList(50) });
export const AlbumsQuery = Strict({
  ids: Type.Optional(IdList(20)),
  sort: Type.Optional(AlbumSort),
  genre: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  limit: Limit(500, 50),
  offset: Offset,
});
export type AlbumsQuery = Static<typeof AlbumsQuery>;
export const ArtistsQuery = Strict({ ids: Type.Optional(IdList(50)), sort: Type.Optional(ArtistSort), limit: Limit(500, 50), offset: Offset });
export type ArtistsQuery = Static<typeof ArtistsQuery>;
export const ArtistAlbumsQuery = Strict({
  include_groups: Type.Optional(Type.String({ pattern: '^(album|appears_on)(,(album|appears_on))*$', description: 'album, appears_on (default both)' })),
  limit: Limit(50, 20),
  offset: Offset,
});
export type ArtistAlbumsQuery = Static<typeof ArtistAlbumsQuery>;
export const ImageQuery = Strict({
  size: Type.Optional(Type.Integer({ minimum: 16, maximum: 2048, description: 'Longest side in pixels; omitted: the original' })),
  access_token: Type.Optional(Type.String({ maxLength: 200 })),
});
export type ImageQuery = Static<typeof ImageQuery>;
export const ImageParams = Strict({ id: Id });

export const SeveralTracks = Type.Object({ tracks: Type.Array(Type.Union([Track, Type.Null()])) });
export const SeveralAlbums = Type.Object({ albums: Type.Array(Type.Union([Album, Type.Null()])) });
export const SeveralArtists = Type.Object({ artists: Type.Array(Type.Union([Artist, Type.Null()])) });
export const NewReleases = Type.Object({ albums: AlbumPage });

/** An artist's albums, each marked as their own (`album`) or one they appear on. */
export const ArtistAlbumPage = Type.Object({
  ...AlbumPage.properties,
  items: Type.Array(Type.Object({ ...SimplifiedAlbum.properties, album_group: Type.Union([Type.Literal('album'), Type.Literal('appears_on')]) })),
});
export type ArtistAlbumPage = Static<typeof ArtistAlbumPage>;

/**
 * A catalogue track as lists of other modules carry it (playlists, the queue, radio, top
 * lists, where the schema says only CatalogObject): the track with its album's name and
 * covers. Clients check an object against this before they treat it as a track.
 */
export const ItemTrack = Type.Object({
  ...SimplifiedTrack.properties,
  album: Type.Optional(Type.Object({ id: Type.String(), name: Type.String(), images: Type.Array(Image) })),
});
export type ItemTrack = Static<typeof ItemTrack>;

/** A line of lyrics; `start_ms` is when it is sung (synced lyrics), null for plain ones. */
export const LyricLine = Type.Object({ start_ms: Type.Union([Type.Integer(), Type.Null()]), text: Type.String() });
/** A track's lyrics: from its tags, a `.lrc` file beside it, or LRCLIB. */
export const Lyrics = Type.Object({
  source: Type.Union([Type.Literal('tags'), Type.Literal('file'), Type.Literal('lrclib')]),
  synced: Type.Boolean(),
  lines: Type.Array(LyricLine),
});
export type Lyrics = Static<typeof Lyrics>;
