import type { SnapshotResponse } from '@runnel/api';
import { badRequest } from '../errors.ts';
import type { TrackLookup } from '../track-lookup.ts';
import { accessFrom, canEdit, type AccessRules } from './access.ts';
import type { Editing } from './editing.ts';
import { trackIdOf, type EntryRow } from './entries.ts';
import { snapshotId } from './render.ts';
import type { PlaylistRow, PlaylistsRepository } from './repository.ts';

/** What Subsonic clients need of a playlist beyond its Spotify shape (see `details`). */
export interface PlaylistDetails {
  createdAt: number;
  updatedAt: number;
  editable: boolean;
  /** Items that are catalogue tracks (local files left out), and their total duration. */
  trackCount: number;
  trackDurationMs: number;
}

/**
 * Playlists as Subsonic apps see them: lists of songs (catalogue tracks still in the
 * catalogue), edited by song index (README, "Local files").
 */
export function createSubsonicViews({
  repo,
  access,
  editing,
  tracks,
  smartTotals,
}: {
  repo: PlaylistsRepository;
  access: AccessRules;
  editing: Editing;
  tracks: TrackLookup;
  /** A smart playlist's count and duration now (its row keeps none). */
  smartTotals: (row: PlaylistRow) => Promise<{ count: number; durationMs: number }>;
}) {
  /** Every entry of a playlist (id and uri, in order) and the snapshot they were read at. */
  async function everyEntry(id: string) {
    const { revision, rows } = await repo.everyEntry(id);
    return { snapshot: snapshotId(id, revision), rows };
  }

  /** The entries that are songs to a Subsonic client (catalogue tracks in the catalogue), with their index among all entries. */
  async function songs(rows: EntryRow[]): Promise<{ uri: string; index: number }[]> {
    const ids = [...new Set(rows.map((r) => trackIdOf(r.uri)).filter((t): t is string => t !== null))];
    const present: ReadonlyMap<string, unknown> = !ids.length ? new Map() : tracks.durations ? await tracks.durations(ids) : await tracks.tracks(ids);
    return rows.flatMap((r, index) => {
      const t = trackIdOf(r.uri);
      return t !== null && present.has(t) ? [{ uri: r.uri, index }] : [];
    });
  }

  return {
    /**
     * Replaces the songs with these uris (Subsonic's createPlaylist on an existing playlist).
     * Items a Subsonic client cannot see, local files and tracks gone from the catalogue,
     * are not its to drop and stay where they are; the new songs go where the first song
     * was. A remove of what the caller saw, then an add, each a logged revision, so live
     * clients and the rebase rule see ordinary edits; items someone adds in between are kept.
     */
    async replaceSongs(id: string, userId: string, uris: string[]) {
      await access.editable(id, userId);
      const { snapshot, rows } = await everyEntry(id);
      const listed = await songs(rows);
      let result: SnapshotResponse | undefined;
      if (listed.length) {
        const seen = [...new Set(listed.map((r) => r.uri))];
        result = await editing.edit(id, userId, { kind: 'remove', tracks: seen.map((uri) => ({ uri })) }, snapshot);
      }
      if (uris.length) result = await editing.add(id, userId, uris, listed[0]?.index, result?.snapshot_id ?? snapshot);
      return result;
    },

    /** Removes the songs at these indices of the list a Subsonic client sees (songIndexToRemove; see replaceSongs). */
    async removeSongsAt(id: string, userId: string, positions: number[]) {
      await access.editable(id, userId);
      if (!positions.length) return undefined;
      const { snapshot, rows } = await everyEntry(id);
      const listed = await songs(rows);
      const bad = positions.find((p) => !Number.isInteger(p) || p < 0 || p >= listed.length);
      if (bad !== undefined) throw badRequest(`position ${bad} is not in the playlist (${listed.length} songs)`, 'position_out_of_range');
      const byUri = new Map<string, number[]>();
      for (const p of new Set(positions)) {
        const { uri, index } = listed[p]!;
        byUri.set(uri, [...(byUri.get(uri) ?? []), index]);
      }
      return editing.edit(id, userId, { kind: 'remove', tracks: [...byUri].map(([uri, at]) => ({ uri, positions: at })) }, snapshot);
    },

    /**
     * For the playlists this user may see: when each was created and last changed, whether
     * the user may edit its items, and how many catalogue tracks it holds and for how long
     * (kept with each edit: nothing is read item by item).
     */
    async details(ids: string[], userId: string): Promise<Map<string, PlaylistDetails>> {
      const out = new Map<string, PlaylistDetails>();
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += 500) {
        const rows = await repo.byIds(unique.slice(i, i + 500));
        const roles = await repo.rolesOf(
          rows.map((r) => r.id),
          userId,
        );
        for (const row of rows) {
          const standing = accessFrom(row, userId, roles.get(row.id));
          if (standing === 'none') continue;
          const smart = row.smart_rules === null ? undefined : await smartTotals(row);
          out.set(row.id, {
            createdAt: Number(row.created_at),
            updatedAt: Number(row.updated_at),
            editable: canEdit(standing) && !smart,
            trackCount: smart ? smart.count : Number(row.track_count),
            trackDurationMs: smart ? smart.durationMs : Number(row.track_duration_ms),
          });
        }
      }
      return out;
    },
  };
}
