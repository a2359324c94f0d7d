import { createHash, randomBytes } from 'node:crypto';
import type { CreatePlaylistBody, FolderContentRule, Playlist, PlaylistChange, PlaylistChanges, PlaylistItem, SimplifiedPlaylist, SnapshotResponse, UpdatePlaylistBody, UserRef } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { badRequest, forbidden, notFound } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import { newId } from '../ids.ts';
import type { OnActivity } from '../activity.ts';
import type { TrackLookup } from '../track-lookup.ts';
import { entryStore, trackIdOf, type EntryRow } from './entries.ts';
import { localTrack } from './local.ts';
import { MAX_REBASE, mutatePlaylist } from './mutate.ts';
import { IntentError, type Intent, type LoggedOp } from './rebase.ts';
import { createPlaylistsRepository, type MemberRole, type PlaylistRow } from './repository.ts';
import { page as paging } from '../paging.ts';
import { userRef } from '../user-ref.ts';
import { goneTrack, simplified, snapshotId } from './render.ts';
import { createSidebar } from './sidebar.ts';
import { iso } from '../time.ts';

export interface PlaylistsDeps {
  db: Db;
  events: EventBus;
  tracks: TrackLookup;
  /** Whether a user id exists (collaborator invitations). */
  userExists: (id: string) => Promise<boolean>;
  /** Display names of users (owners, for search documents); unknown ids may be missing. */
  userNames?: (ids: string[]) => Promise<Map<string, string>>;
  /** Told of public playlists made and tracks added to public playlists (the feed of people who follow the user). */
  onActivity?: OnActivity;
  /** The time now (ms since the epoch); the app passes its clock (AppDeps.clock). */
  now: () => number;
}

/** A playlist as the search module indexes it (its SearchDocument shape). */
export interface PlaylistSearchDocument {
  id: string;
  kind: 'playlist';
  title: string;
  artists: string[];
  visibility: { public: boolean; users: string[] };
}

/** How a user stands to a playlist. */
export type Access = 'owner' | 'collaborator' | 'follower' | 'viewer' | 'none';

/** What Subsonic clients need of a playlist beyond its Spotify shape (see `details`). */
export interface PlaylistDetails {
  createdAt: number;
  updatedAt: number;
  editable: boolean;
  /** Items that are catalogue tracks (local files left out), and their total duration. */
  trackCount: number;
  trackDurationMs: number;
}

/** How a user with this membership role (none: undefined) stands to a playlist. */
function accessFrom(row: PlaylistRow, userId: string, role: MemberRole | undefined): Access {
  if (row.owner_id === userId) return 'owner';
  if (role === 'collaborator') return 'collaborator';
  if (!row.public) return 'none';
  return role === 'follower' ? 'follower' : 'viewer';
}

/** The most changes /changes returns; further back, the client reloads. */
const MAX_CHANGES = MAX_REBASE;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function revisionOf(playlistId: string, snapshot: string): number {
  const [id, rev] = Buffer.from(snapshot, 'base64url').toString().split(':');
  if (id !== playlistId || !rev || !/^\d{1,15}$/.test(rev)) throw badRequest('snapshot_id does not belong to this playlist', 'invalid_snapshot');
  return Number(rev);
}

/** The playlists module: playlists, their items and change log, collaborators, followers, the sidebar. */
export function createPlaylists({ db, events, tracks, userExists, userNames = async () => new Map(), onActivity, now }: PlaylistsDeps) {
  const repo = createPlaylistsRepository(db);
  const sidebar = createSidebar(db);

  async function accessOf(row: PlaylistRow, userId: string): Promise<Access> {
    return accessFrom(row, userId, row.owner_id === userId ? undefined : await repo.roleOf(row.id, userId));
  }

  /** The playlist if the user may see it; private ones are "not found" to everyone else. */
  async function visible(id: string, userId: string): Promise<{ row: PlaylistRow; access: Access }> {
    const row = await repo.byId(id);
    const access = row ? await accessOf(row, userId) : 'none';
    if (!row || access === 'none') throw notFound('Playlist', 'playlist_not_found');
    return { row, access };
  }

  async function editable(id: string, userId: string) {
    const found = await visible(id, userId);
    if (found.access !== 'owner' && found.access !== 'collaborator') throw forbidden('Only the owner and collaborators may edit this playlist', 'not_an_editor');
    return found;
  }

  async function owned(id: string, userId: string) {
    const found = await visible(id, userId);
    if (found.access !== 'owner') throw forbidden('Only the owner may do that', 'not_the_owner');
    return found;
  }

  /** The owners' display names of these playlists (one lookup). */
  const ownerNames = (rows: PlaylistRow[]) => userNames([...new Set(rows.map((r) => r.owner_id))]);

  /**
   * Tells whoever should hear about a change: owner, collaborators, and followers while the
   * playlist is public (or when `followersToo`: it just went private, so they
   * hear that once). `members` can be given when they are read before a delete.
   */
  async function announce(row: PlaylistRow, kind: 'items' | 'details' | 'members' | 'deleted', change?: PlaylistChange, options: { followersToo?: boolean; members?: { user_id: string; role: string }[] } = {}) {
    // A playlist nobody follows or edits with has no members to read (the usual case).
    const alone = !row.collaborative && Number(row.follower_count) === 0;
    const members = options.members ?? (alone ? [] : await repo.members(row.id));
    const editors = [row.owner_id, ...members.filter((m) => m.role === 'collaborator').map((m) => m.user_id)];
    const followers = members.filter((m) => m.role === 'follower').map((m) => m.user_id);
    const users = row.public || options.followersToo ? [...editors, ...followers] : editors;
    await events.publish({
      type: 'playlist.changed',
      users,
      data: { id: row.id, kind, removed: kind === 'deleted', public: row.public === 1, owner_id: row.owner_id, editor_ids: editors, name: row.name, description: row.description, snapshot_id: snapshotId(row.id, Number(row.revision)), revision: Number(row.revision), change: change ?? null },
    });
  }

  function toChange(revision: number, at: number, by: string, op: LoggedOp): PlaylistChange {
    const base = { revision, at: iso(at), by };
    if (op.op === 'add') {
      const entries = op.entry_ids.map((entry_id, i) => ({ entry_id, uri: op.uris[i]!, added_at: base.at, added_by: by }));
      return { ...base, op: 'add', index: op.index, after_entry_id: op.after_entry_id, entries };
    }
    if (op.op === 'move') return { ...base, op: 'move', index: op.index, after_entry_id: op.after_entry_id, entry_ids: op.entry_ids };
    return { ...base, op: 'remove', entry_ids: op.entry_ids, positions: op.positions };
  }

  /** A page of items and the total, read together (`row`: the playlist as just read, for its length). */
  async function items(row: PlaylistRow, offset: number, limit: number) {
    const { rows, total } = await entryStore.page(db, row.id, offset, limit, Number(row.item_count));
    const trackIds = [...new Set(rows.map((r) => r.track_id).filter((id): id is string => id !== null))];
    const found = trackIds.length ? await tracks.tracks(trackIds) : new Map();
    const list = rows.map((r): PlaylistItem => ({
      entry_id: r.id,
      added_at: iso(Number(r.added_at)),
      added_by: r.added_by ? userRef(r.added_by) : null,
      is_local: r.track_id === null,
      track: r.track_id === null ? localTrack(r.uri) : (found.get(r.track_id) ?? goneTrack(r.track_id, r.uri)),
    }));
    return { list, total };
  }

  async function edit(playlistId: string, userId: string, intent: Intent, snapshot: string | undefined, durations?: ReadonlyMap<string, number>): Promise<SnapshotResponse> {
    const { row } = await editable(playlistId, userId);
    const base = snapshot === undefined ? null : revisionOf(playlistId, snapshot);
    const at = now();
    let result;
    try {
      result = await mutatePlaylist(db, { playlistId, userId, baseRevision: base, intent, now: at, durations });
    } catch (error) {
      if (error instanceof IntentError) throw badRequest(error.message, error.code);
      throw error;
    }
    if (result.op) {
      const updated = { ...row, revision: result.revision, item_count: result.itemCount, updated_at: at };
      await announce(updated, 'items', toChange(result.revision, at, userId, result.op));
      const first = result.op.op === 'add' ? result.op.uris.find((u) => u.startsWith('runnel:track:')) : undefined;
      if (row.public && result.op.op === 'add' && first) await onActivity?.({ userId, kind: 'added', uri: first, target: `runnel:playlist:${playlistId}`, count: result.op.uris.length, at });
    }
    return { snapshot_id: snapshotId(playlistId, result.revision), revision: result.revision, applied: result.op !== null };
  }

  /** Adds catalogue tracks or local files; unknown track ids are refused before anything changes. */
  async function add(id: string, userId: string, uris: string[], position: number | undefined, snapshot?: string) {
    const trackIds = [...new Set(uris.map(trackIdOf).filter((t): t is string => t !== null))];
    const durations = new Map<string, number>();
    if (trackIds.length) {
      const found = tracks.durations
        ? await tracks.durations(trackIds)
        : new Map([...(await tracks.tracks(trackIds))].map(([trackId, track]) => [trackId, Number(track.duration_ms)]));
      const missing = trackIds.filter((t) => !found.has(t));
      if (missing.length) throw notFound(`Track ${missing.slice(0, 5).join(', ')}`, 'track_not_found');
      for (const [trackId, ms] of found) if (Number.isFinite(ms)) durations.set(trackId, Math.round(ms));
    }
    for (const uri of uris) if (uri.startsWith('runnel:local:')) localTrack(uri);
    return edit(id, userId, { kind: 'add', uris, position }, snapshot, durations);
  }

  /** Every entry of a playlist (id and uri, in order) and the snapshot they were read at. */
  function everyEntry(id: string) {
    return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
      const row = await trx.selectFrom('playlists').select(['revision', 'item_count']).where('id', '=', id).executeTakeFirstOrThrow();
      const count = Number(row.item_count);
      return { snapshot: snapshotId(id, Number(row.revision)), rows: count ? await entryStore.slice(trx, id, 0, count, count) : [] };
    });
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

  async function removePlaylist(row: PlaylistRow) {
    const members = await repo.members(row.id);
    await repo.remove(row.id);
    await sidebar.drop(row.id);
    await announce(row, 'deleted', undefined, { members });
  }

  return {
    sidebar,

    /**
     * Playlists as search documents (all, or these ids; deleted ones are simply absent), in
     * batches: the search module's document source for kind `playlist`. A private
     * playlist is visible to its owner and collaborators only.
     */
    async *searchDocuments(ids?: readonly string[]): AsyncIterable<PlaylistSearchDocument[]> {
      const batch = db.selectFrom('playlists').select(['id', 'name', 'owner_id', 'public']).orderBy('id').limit(500);
      const toDocuments = async (rows: { id: string; name: string; owner_id: string; public: number }[]) => {
        const collaborators = await db.selectFrom('playlist_members').select(['playlist_id', 'user_id']).where('role', '=', 'collaborator').where('playlist_id', 'in', rows.map((r) => r.id)).execute();
        const names = await userNames([...new Set(rows.map((r) => r.owner_id))]);
        return rows.map((r) => ({
          id: r.id,
          kind: 'playlist' as const,
          title: r.name,
          artists: names.has(r.owner_id) ? [names.get(r.owner_id)!] : [],
          visibility: { public: r.public === 1, users: [r.owner_id, ...collaborators.filter((c) => c.playlist_id === r.id).map((c) => c.user_id)] },
        }));
      };
      if (ids) {
        for (let i = 0; i < ids.length; i += 500) {
          const rows = await batch.where('id', 'in', ids.slice(i, i + 500)).execute();
          if (rows.length) yield await toDocuments(rows);
        }
        return;
      }
      for (let after = ''; ; ) {
        const rows = await batch.where('id', '>', after).execute();
        if (!rows.length) return;
        yield await toDocuments(rows);
        after = rows.at(-1)!.id;
      }
    },

    /** Whether a user may see a playlist (other modules: player contexts, search). */
    async canView(playlistId: string, userId: string) {
      const row = await repo.byId(playlistId);
      return row !== undefined && (await accessOf(row, userId)) !== 'none';
    },

    async create(userId: string, input: CreatePlaylistBody): Promise<Playlist> {
      const at = now();
      const row: PlaylistRow = {
        id: newId(), owner_id: userId, name: input.name, description: input.description ?? null,
        public: input.public === false ? 0 : 1, collaborative: input.collaborative ? 1 : 0,
        revision: 0, item_count: 0, track_count: 0, track_duration_ms: 0, follower_count: 0, edit_token_hash: null, created_at: at, updated_at: at,
      };
      await repo.insert(row);
      await sidebar.append(userId, row.id);
      await announce(row, 'details');
      if (row.public) await onActivity?.({ userId, kind: 'created', uri: `runnel:playlist:${row.id}`, at });
      return { ...simplified(row, { names: await ownerNames([row]), editable: true }), tracks: paging(`/api/v1/playlists/${row.id}/tracks`, [], 100, 0, 0) };
    },

    async get(id: string, userId: string): Promise<Playlist> {
      const { row, access } = await visible(id, userId);
      const [{ list, total }, names] = await Promise.all([items(row, 0, 100), ownerNames([row])]);
      return { ...simplified(row, { names, editable: access === 'owner' || access === 'collaborator' }), tracks: paging(`/api/v1/playlists/${id}/tracks`, list, 100, 0, total) };
    },

    async update(id: string, userId: string, input: UpdatePlaylistBody) {
      const { row } = await owned(id, userId);
      const changes = {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.public !== undefined && { public: input.public ? 1 : 0 }),
        ...(input.collaborative !== undefined && { collaborative: input.collaborative ? 1 : 0 }),
        updated_at: now(),
      };
      await repo.update(id, changes);
      // Turning collaboration off takes edit rights back from everyone invited.
      if (input.collaborative === false) await repo.removeCollaborators(id);
      const updated = { ...row, ...changes };
      // Followers of a playlist that just went private hear it once, then lose sight of it.
      await announce(updated, 'details', undefined, { followersToo: row.public === 1 && updated.public === 0 });
    },

    async remove(id: string, userId: string) {
      const { row } = await owned(id, userId);
      await removePlaylist(row);
    },

    async listMine(userId: string, limit: number, offset: number) {
      const { rows, total } = await repo.listFor(userId, limit, offset);
      const names = await ownerNames(rows);
      const list = rows.map(({ role, ...row }) => simplified(row, { names, editable: row.owner_id === userId || role === 'collaborator' }));
      return paging('/api/v1/me/playlists', list, limit, offset, total);
    },

    async items(id: string, userId: string, limit: number, offset: number) {
      const { row } = await visible(id, userId);
      const { list, total } = await items(row, offset, limit);
      return paging(`/api/v1/playlists/${id}/tracks`, list, limit, offset, total);
    },

    /** Adds catalogue tracks or local files; unknown track ids are refused before anything changes. */
    add,

    /**
     * Replaces the songs with these uris (Subsonic's createPlaylist on an existing playlist).
     * Songs are what a Subsonic client lists (`songs`): items it cannot see, local files and
     * tracks gone from the catalogue, are not its to drop and stay where they are; the new
     * songs go where the first song was. A remove of what the caller saw, then an add, each a
     * logged revision, so live clients and the rebase rule see ordinary edits; items someone
     * adds in between are kept.
     */
    async replaceSongs(id: string, userId: string, uris: string[]) {
      await editable(id, userId);
      const { snapshot, rows } = await everyEntry(id);
      const listed = await songs(rows);
      let result: SnapshotResponse | undefined;
      if (listed.length) {
        const seen = [...new Set(listed.map((r) => r.uri))];
        result = await edit(id, userId, { kind: 'remove', tracks: seen.map((uri) => ({ uri })) }, snapshot);
      }
      if (uris.length) result = await add(id, userId, uris, listed[0]?.index, result?.snapshot_id ?? snapshot);
      return result;
    },

    /** Removes the songs at these indices of the list a Subsonic client sees (songIndexToRemove; see replaceSongs). */
    async removeSongsAt(id: string, userId: string, positions: number[]) {
      await editable(id, userId);
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
      return edit(id, userId, { kind: 'remove', tracks: [...byUri].map(([uri, at]) => ({ uri, positions: at })) }, snapshot);
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
        const roles = await repo.rolesOf(rows.map((r) => r.id), userId);
        for (const row of rows) {
          const access = accessFrom(row, userId, roles.get(row.id));
          if (access === 'none') continue;
          out.set(row.id, {
            createdAt: Number(row.created_at),
            updatedAt: Number(row.updated_at),
            editable: access === 'owner' || access === 'collaborator',
            trackCount: Number(row.track_count),
            trackDurationMs: Number(row.track_duration_ms),
          });
        }
      }
      return out;
    },

    /** A user's public playlists, newest first (their profile). */
    async publicOf(ownerId: string): Promise<SimplifiedPlaylist[]> {
      const rows = await db.selectFrom('playlists').selectAll().where('owner_id', '=', ownerId).where('public', '=', 1).orderBy('created_at', 'desc').limit(200).execute();
      const names = await ownerNames(rows);
      return rows.map((row) => simplified(row, { names, editable: false }));
    },

    /** The playlists among `ids` this user may see, as lists show them (inbox items, shares). */
    async summaries(ids: string[], userId: string): Promise<Map<string, SimplifiedPlaylist>> {
      const rows = await repo.byIds([...new Set(ids)].slice(0, 500));
      const roles = await repo.rolesOf(rows.map((r) => r.id), userId);
      const seen = rows.filter((row) => accessFrom(row, userId, roles.get(row.id)) !== 'none');
      const names = await ownerNames(seen);
      return new Map(seen.map((row) => [row.id, simplified(row, { names, editable: row.owner_id === userId || roles.get(row.id) === 'collaborator' })]));
    },

    move: (id: string, userId: string, body: { range_start: number; insert_before: number; range_length?: number; snapshot_id?: string }) =>
      edit(id, userId, { kind: 'move', range_start: body.range_start, insert_before: body.insert_before, range_length: body.range_length ?? 1 }, body.snapshot_id),

    removeItems: (id: string, userId: string, tracks: { uri: string; positions?: number[] }[], snapshot?: string) =>
      edit(id, userId, { kind: 'remove', tracks }, snapshot),

    async changes(id: string, userId: string, since: number): Promise<PlaylistChanges> {
      const { row } = await visible(id, userId);
      const revision = Number(row.revision);
      if (since > revision) throw badRequest(`since ${since} is newer than the playlist (revision ${revision})`, 'invalid_revision');
      const logged = await repo.changesSince(id, since, MAX_CHANGES + 1);
      const reachesBack = since === revision || (logged.length > 0 && Number(logged[0]!.revision) === since + 1);
      if (logged.length > MAX_CHANGES || !reachesBack) return { snapshot_id: snapshotId(id, revision), revision, reload: true, changes: [] };
      const changes = logged.map((c) => toChange(Number(c.revision), Number(c.at), c.user_id, JSON.parse(c.op) as LoggedOp));
      const last = changes.at(-1)?.revision ?? since;
      return { snapshot_id: snapshotId(id, last), revision: last, reload: false, changes };
    },

    async collaborators(id: string, userId: string): Promise<UserRef[]> {
      const { row } = await visible(id, userId);
      const members = await repo.members(id);
      return [row.owner_id, ...members.filter((m) => m.role === 'collaborator').map((m) => m.user_id)].map((id) => userRef(id));
    },

    async invite(id: string, ownerId: string, userId: string) {
      const { row } = await owned(id, ownerId);
      if (userId === ownerId) throw badRequest('The owner already edits this playlist', 'already_owner');
      if (!(await userExists(userId))) throw notFound('User', 'user_not_found');
      await join(row, userId);
    },

    /** Removes a collaborator: the owner may remove anyone, a collaborator themself. */
    async uninvite(id: string, callerId: string, userId: string) {
      const { row, access } = await visible(id, callerId);
      if (access !== 'owner' && callerId !== userId) throw forbidden('Only the owner may remove other collaborators', 'not_the_owner');
      await repo.removeMember(id, userId, 'collaborator');
      await sidebar.drop(id, userId);
      await announce(row, 'members');
    },

    /** A new edit link: whoever holds the token may join as a collaborator. Replaces any earlier link. */
    async editLink(id: string, ownerId: string) {
      await owned(id, ownerId);
      const token = randomBytes(18).toString('base64url');
      await repo.update(id, { edit_token_hash: hashToken(token), collaborative: 1 });
      return { token, expires_at: null };
    },

    async joinWithToken(id: string, userId: string, token: string) {
      const row = await repo.byId(id);
      if (!row || !row.edit_token_hash || row.edit_token_hash !== hashToken(token)) throw notFound('Playlist', 'playlist_not_found');
      if (row.owner_id !== userId) await join(row, userId);
    },

    async follow(id: string, userId: string) {
      const { row, access } = await visible(id, userId);
      if (access === 'owner' || access === 'collaborator') return;
      await repo.setRole(id, userId, 'follower', now());
      await sidebar.append(userId, id);
      await announce((await repo.byId(id)) ?? row, 'members');
    },

    async unfollow(id: string, userId: string) {
      const row = await repo.byId(id);
      if (!row) throw notFound('Playlist', 'playlist_not_found');
      if (row.owner_id === userId) return removePlaylist(row);
      await repo.removeMember(id, userId);
      await sidebar.drop(id, userId);
    },

    async followersContain(id: string, userId: string, ids: string[]) {
      await visible(id, userId);
      const members = new Map((await repo.members(id)).map((m) => [m.user_id, m.role]));
      return ids.map((u) => members.get(u) === 'follower');
    },

    /** Deletes a sidebar folder; with `delete`, own playlists inside are deleted and others' unfollowed. */
    async deleteFolder(userId: string, folderId: string, rule: FolderContentRule | undefined) {
      const playlists = await sidebar.deleteFolder(userId, folderId, rule);
      for (const id of playlists) {
        const row = await repo.byId(id);
        if (!row) continue;
        if (row.owner_id === userId) await removePlaylist(row);
        else await repo.removeMember(id, userId);
      }
    },
  };

  async function join(row: PlaylistRow, userId: string) {
    await repo.setRole(row.id, userId, 'collaborator', now());
    if (!row.collaborative) await repo.update(row.id, { collaborative: 1 });
    await sidebar.append(userId, row.id);
    await announce({ ...row, collaborative: 1 }, 'members');
  }
}

export type Playlists = ReturnType<typeof createPlaylists>;
