import type { Db } from '../db/database.ts';

/** What a listen from elsewhere (a ListenBrainz file) can be matched by: a track's names and MusicBrainz recording id. */
export interface TrackNames {
  id: string;
  name: string;
  /** The track's artists as one string ("A, B"). */
  artists: string;
  album: string;
  mbid: string | null;
}

/**
 * Every present track's names, a page at a time in id order: the history module builds its
 * matcher from them once per import (a catalogue of 100,000 tracks is a few MB).
 */
export async function* allTrackNames(db: Db, pageSize = 5000): AsyncIterable<TrackNames[]> {
  for (let last = ''; ;) {
    const rows = await db
      .selectFrom('tracks')
      .innerJoin('albums', 'albums.id', 'tracks.album_id')
      .select(['tracks.id as id', 'tracks.name as name', 'tracks.artist_names as artists', 'albums.name as album', 'tracks.mbid as mbid'])
      .where('tracks.removed_at', 'is', null)
      .where('tracks.id', '>', last)
      .orderBy('tracks.id')
      .limit(pageSize)
      .execute();
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    last = rows.at(-1)!.id;
  }
}
