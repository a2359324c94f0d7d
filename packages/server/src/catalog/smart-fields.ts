import { sql, type RawBuilder } from 'kysely';
import { scopeFolders, visibleTrackAs } from './scope.ts';

type Sql = RawBuilder<unknown>;

/**
 * What the smart-playlist engine may read of the catalogue, as SQL the catalogue keeps
 * beside its tables (smart-playlists/README.md says why it is SQL and not a service call):
 * present tracks as `t`, their album as `al` (joined only when a rule or the sort needs it),
 * and one expression per catalogue field.
 */
export const catalogSmartFields = {
  tracks: sql`tracks t`,
  albumJoin: sql`join albums al on al.id = t.album_id`,
  /** Present tracks the request's viewer may see (catalog/scope.ts): read when a query is compiled. */
  get present(): Sql {
    const folders = scopeFolders();
    return folders ? sql`t.removed_at is null and ${visibleTrackAs('t', folders)}` : sql`t.removed_at is null`;
  },
  trackId: sql`t.id`,
  durationMs: sql`t.duration_ms`,
  text: {
    title: sql`t.name`,
    artist: sql`t.artist_names`,
    album: sql`al.name`,
    albumartist: sql`al.artist_name`,
    format: sql`t.suffix`,
    path: sql`t.path`,
  },
  /** Fields on the album (`al`): a sort by them joins it. */
  onAlbum: new Set(['album', 'albumartist']),
  /** Whole numbers: duration in seconds and bitrate in kbps, both truncated. */
  number: { year: sql`t.year`, duration: sql`(t.duration_ms / 1000)`, bitrate: sql`(t.bitrate / 1000)` },
  /** Times in ms since the epoch. */
  date: { added: sql`t.created_at` },
  /** Ids of the albums whose name (`album`) or album artist (`albumartist`) passes `test`: filters need no join. */
  albumIds: (field: 'album' | 'albumartist', test: (column: Sql) => Sql) =>
    sql`select al.id from albums al where ${test(field === 'album' ? sql`al.name` : sql`al.artist_name`)}`,
  albumId: sql`t.album_id`,
  /** Ids of the tracks with a genre whose name passes `test` (given the name's column); one set per query, not a lookup per track. */
  genreTrackIds: (test: (name: Sql) => Sql) => sql`select tg.track_id from track_genres tg join genres g on g.id = tg.genre_id where ${test(sql`g.name`)}`,
  /** The track's genre first in lower-case order (what a sort by genre uses); null without genres. */
  firstGenre: sql`(select min(lower(g.name)) from track_genres tg join genres g on g.id = tg.genre_id where tg.track_id = t.id)`,
};
