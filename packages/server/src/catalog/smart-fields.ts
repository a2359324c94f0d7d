import { sql, type RawBuilder } from 'kysely';

/**
 * What the smart-playlist engine may read of the catalogue, as SQL the catalogue keeps
 * beside its tables (smart-playlists/README.md says why it is SQL and not a service call):
 * present tracks as `t` with their album as `al`, and one expression per catalogue field.
 */
export const catalogSmartFields = {
  from: sql`tracks t join albums al on al.id = t.album_id`,
  present: sql`t.removed_at is null`,
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
  /** Whole numbers: duration in seconds and bitrate in kbps, both truncated. */
  number: { year: sql`t.year`, duration: sql`(t.duration_ms / 1000)`, bitrate: sql`(t.bitrate / 1000)` },
  /** Times in ms since the epoch. */
  date: { added: sql`t.created_at` },
  /** Whether any genre of the track has a name that passes `test` (given the name's column). */
  anyGenre: (test: (name: RawBuilder<unknown>) => RawBuilder<unknown>) =>
    sql<boolean>`exists (select 1 from track_genres tg join genres g on g.id = tg.genre_id where tg.track_id = t.id and ${test(sql`g.name`)})`,
  /** The track's genre first in lower-case order (what a sort by genre uses); null without genres. */
  firstGenre: sql`(select min(lower(g.name)) from track_genres tg join genres g on g.id = tg.genre_id where tg.track_id = t.id)`,
};
