import type { SimplifiedPlaylist, Track } from '@runnel/api';
import type { Call, Endpoints } from '../endpoint.ts';
import { invalid, notAuthorized, notFound } from '../errors.ts';
import { albumCoverId, songs } from '../map.ts';
import type { Params } from '../params.ts';
import type { Node } from '../response.ts';
import { iso } from '../../time.ts';

/**
 * Playlists through the playlists module, so revisions, collaborators and visibility hold
 * as they do for the web player. Playlist ids are Runnel's. Entries that are files on a
 * listener's device (local items) cannot be streamed from here and are left out.
 */

const PAGE = 500;
const trackUri = (id: string) => `runnel:track:${id}`;

/** The catalogue tracks of a playlist, in order. */
async function playlistTracks(call: Call, id: string): Promise<Track[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await call.services.playlists.items(id, call.user.id, PAGE, offset);
    for (const item of page.items) if (!item.is_local && item.track?.id) ids.push(item.track.id);
    if (offset + PAGE >= page.total) break;
  }
  return (await call.services.catalog.tracks(ids)).filter((t): t is Track => t !== null);
}

/**
 * `Playlist` (and, with `entries`, `PlaylistWithSongs`) for playlists the caller may see.
 * Without entries nothing is read song by song: count and duration are the playlists
 * module's running totals, and the cover is the playlist's own id (`pl-…`, resolved by
 * getCoverArt when asked for).
 */
async function playlistNodes(call: Call, playlists: SimplifiedPlaylist[], entries = false): Promise<Node[]> {
  const { accounts, playlists: module } = call.services;
  const [owners, details] = await Promise.all([
    accounts.usersForIndex([...new Set(playlists.map((p) => p.owner.id))]),
    module.details(
      playlists.map((p) => p.id),
      call.user.id,
    ),
  ]);
  const names = new Map(owners.map((o) => [o.id, o.username]));
  const nodes: Node[] = [];
  for (const p of playlists) {
    const detail = details.get(p.id);
    if (!detail) continue;
    const tracks = entries ? await playlistTracks(call, p.id) : undefined;
    const cover = tracks?.find((t) => t.album.images.length);
    nodes.push({
      id: p.id,
      name: p.name,
      comment: p.description ?? undefined,
      owner: names.get(p.owner.id),
      public: p.public,
      songCount: tracks ? tracks.length : detail.trackCount,
      duration: Math.round((tracks ? tracks.reduce((sum, t) => sum + t.duration_ms, 0) : detail.trackDurationMs) / 1000),
      created: iso(detail.createdAt),
      changed: iso(detail.updatedAt),
      coverArt: tracks ? (cover ? albumCoverId(cover.album.id) : undefined) : detail.trackCount ? `pl-${p.id}` : undefined,
      // OpenSubsonic: whether this user may change the songs.
      readonly: !detail.editable,
      entry: tracks ? await songs(call, tracks) : undefined,
    });
  }
  return nodes;
}

async function onePlaylist(call: Call, id: string): Promise<Node> {
  const playlist = await call.services.playlists.get(id, call.user.id);
  const [node] = await playlistNodes(call, [playlist], true);
  if (!node) throw notFound('Playlist');
  return { playlist: node };
}

/** Every playlist the user owns, collaborates on or follows. */
async function listFor(call: Call, userId: string): Promise<SimplifiedPlaylist[]> {
  const out: SimplifiedPlaylist[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await call.services.playlists.listMine(userId, PAGE, offset);
    out.push(...page.items);
    if (offset + PAGE >= page.total) return out;
  }
}

function indices(params: Params, name: string): number[] {
  return params.all(name).map((raw) => {
    if (!/^\d{1,9}$/.test(raw.trim())) throw invalid(name, `must be a whole number, not "${raw.slice(0, 40)}"`);
    return Number(raw.trim());
  });
}

export const playlistEndpoints: Endpoints = {
  // `username`: an administrator may list another user's playlists — those Runnel lets the
  // administrator see (public ones, and ones they collaborate on), never private ones.
  getPlaylists: {
    async handle(call) {
      const username = call.params.get('username');
      let owner = call.user;
      if (username !== undefined && username.toLowerCase() !== call.user.username.toLowerCase()) {
        if (call.user.role !== 'admin') throw notAuthorized("Only an administrator may list another user's playlists");
        const found = await call.services.accounts.userByName(username);
        if (!found) throw notFound(`User ${username}`);
        owner = found;
      }
      return { playlists: { playlist: await playlistNodes(call, await listFor(call, owner.id)) } };
    },
  },

  getPlaylist: { handle: (call) => onePlaylist(call, call.params.require('id')) },

  // With `playlistId`, replaces that playlist's songs (and renames it when `name` differs).
  createPlaylist: {
    async handle(call) {
      const { playlists } = call.services;
      const uris = call.params.all('songId').map(trackUri);
      const existing = call.params.get('playlistId');
      const name = call.params.get('name');
      if (existing) {
        const current = await playlists.get(existing, call.user.id);
        if (name && name !== current.name) await playlists.update(existing, call.user.id, { name });
        await playlists.replaceSongs(existing, call.user.id, uris);
        return onePlaylist(call, existing);
      }
      if (!name) throw invalid('name', 'or playlistId is required');
      // Subsonic apps create private playlists; sharing is a separate, deliberate step.
      const created = await playlists.create(call.user.id, { name, public: false });
      if (uris.length) await playlists.add(created.id, call.user.id, uris, undefined);
      return onePlaylist(call, created.id);
    },
  },

  // Details are the owner's to change; collaborators may add and remove songs.
  updatePlaylist: {
    async handle(call) {
      const { playlists } = call.services;
      const id = call.params.require('playlistId');
      const name = call.params.get('name');
      const comment = call.params.get('comment');
      const isPublic = call.params.has('public') ? call.params.bool('public') : undefined;
      const remove = indices(call.params, 'songIndexToRemove');
      const add = call.params.all('songIdToAdd').map(trackUri);
      if (name !== undefined || comment !== undefined || isPublic !== undefined) {
        await playlists.update(id, call.user.id, { name, description: comment, public: isPublic });
      }
      if (remove.length) await playlists.removeSongsAt(id, call.user.id, remove);
      if (add.length) await playlists.add(id, call.user.id, add, undefined);
      if (!remove.length && !add.length) await playlists.get(id, call.user.id);
    },
  },

  deletePlaylist: {
    async handle(call) {
      await call.services.playlists.remove(call.params.require('id'), call.user.id);
    },
  },
};
