import type { Db } from '../db/database.ts';
import type { EventBus } from '../events/bus.ts';
import type { CatalogChange } from './types.ts';

/** A present track of an album and the ReplayGain it has (from its tags or measured), for the loudness module. */
export interface GainTrack {
  id: string;
  path: string;
  contentHash: string;
  trackGain: number | null;
  albumGain: number | null;
}

/** Measured ReplayGain for a track, saved only while the file is the one measured. */
export interface MeasuredGain {
  id: string;
  contentHash: string;
  track?: { gain: number; peak: number };
  album?: { gain: number; peak: number };
}

/**
 * ReplayGain the loudness module measured, kept in the tracks' own columns beside the tags'
 * (tags always win: a measured value fills only an empty column, and a changed file is read
 * again from its tags, emptying them). Saved ones go out as `catalog.changed` (caches that
 * present tracks forget them: `forget`, here and on other nodes).
 */
export function catalogGains(db: Db, events: EventBus, forget: () => void) {
  const none = () => ({ tracks: [], albums: [], artists: [] });
  const published = async (tracks: string[]) => {
    forget();
    const change: CatalogChange = { added: none(), changed: { tracks, albums: [], artists: [] }, removed: none() };
    await events.publish({ type: 'catalog.changed', data: change, users: [] });
  };
  return {
    /** Albums (in id order, after `after`) with a present track that has no track gain. */
    async albumsMissingGain(after: string, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('tracks')
        .select('album_id')
        .distinct()
        .where('removed_at', 'is', null)
        .where('rg_track_gain', 'is', null)
        .where('album_id', '>', after)
        .orderBy('album_id')
        .limit(limit)
        .execute();
      return rows.map((r) => r.album_id);
    },

    /** The album's present tracks in play order. */
    async albumGainTracks(albumId: string): Promise<GainTrack[]> {
      const rows = await db
        .selectFrom('tracks')
        .select(['id', 'path', 'content_hash', 'rg_track_gain', 'rg_album_gain'])
        .where('album_id', '=', albumId)
        .where('removed_at', 'is', null)
        .orderBy('disc_number')
        .orderBy('track_number')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ id: r.id, path: r.path, contentHash: r.content_hash, trackGain: r.rg_track_gain, albumGain: r.rg_album_gain }));
    },

    async saveMeasuredGains(gains: MeasuredGain[]): Promise<void> {
      const changed: string[] = [];
      for (const g of gains) {
        const set = {
          ...(g.track && { rg_track_gain: g.track.gain, rg_track_peak: g.track.peak }),
          ...(g.album && { rg_album_gain: g.album.gain, rg_album_peak: g.album.peak }),
        };
        if (!Object.keys(set).length) continue;
        let update = db.updateTable('tracks').set(set).where('id', '=', g.id).where('content_hash', '=', g.contentHash);
        if (g.track) update = update.where('rg_track_gain', 'is', null);
        else update = update.where('rg_album_gain', 'is', null);
        const result = await update.executeTakeFirst();
        if (Number(result.numUpdatedRows) > 0) changed.push(g.id);
      }
      if (changed.length) await published(changed);
    },
  };
}
