import type { CatalogObject, PlaylistOwner, SimplifiedPlaylist } from '@runnel/api';
import { userRef } from '../user-ref.ts';
import type { PlaylistRow } from './repository.ts';

/** snapshot_id: opaque to clients, but names the playlist and revision so a stale one can be rebased. */
export function snapshotId(playlistId: string, revision: number): string {
  return Buffer.from(`${playlistId}:${revision}`).toString('base64url');
}

/** What a playlist looks like to one caller: the owner's name, and whether the caller may edit. */
export interface Viewpoint {
  /** Display names of users by id; an owner missing from it is shown with `display_name: null`. */
  names: ReadonlyMap<string, string>;
  editable: boolean;
  /** Smart playlists' lengths now, by id (their items are evaluated, not counted in the row). */
  smartTotals?: ReadonlyMap<string, number>;
}

/** A playlist as lists show it (items only counted). */
export function simplified(row: PlaylistRow, { names, editable, smartTotals }: Viewpoint): SimplifiedPlaylist {
  const smart = row.smart_rules !== null;
  const owner: PlaylistOwner = { ...userRef(row.owner_id), display_name: names.get(row.owner_id) ?? null };
  return {
    id: row.id,
    type: 'playlist',
    uri: `runnel:playlist:${row.id}`,
    href: `/api/v1/playlists/${row.id}`,
    name: row.name,
    description: row.description,
    public: row.public === 1,
    collaborative: row.collaborative === 1,
    owner,
    editable: editable && !smart,
    snapshot_id: snapshotId(row.id, Number(row.revision)),
    revision: Number(row.revision),
    images: [],
    followers: { href: null, total: Number(row.follower_count) },
    tracks: { href: `/api/v1/playlists/${row.id}/tracks`, total: smart ? (smartTotals?.get(row.id) ?? 0) : Number(row.item_count) },
    ...(smart && { smart: true }),
  };
}

/**
 * The track of an item whose track has left the catalogue: not playable, but with its uri,
 * so that clients can still show the row and remove it (removal goes by uri).
 */
export const goneTrack = (id: string, uri: string): CatalogObject => ({
  id,
  type: 'track',
  uri,
  is_local: false,
  is_playable: false,
  restrictions: { reason: 'unavailable' },
});
