import type {
  CreatePlaylistBody,
  CreateSmartPlaylistBody,
  FolderContentRule,
  Language,
  Playlist,
  PlaylistItem,
  PlaylistSort,
  SimplifiedPlaylist,
  UpdatePlaylistBody,
} from '@runnel/api';
import type { Db } from '../db/database.ts';
import type { EventBus } from '../events/bus.ts';
import { newId } from '../ids.ts';
import type { OnActivity } from '../activity.ts';
import type { TrackLookup } from '../track-lookup.ts';
import { page as paging } from '../paging.ts';
import { userRef } from '../user-ref.ts';
import { iso } from '../time.ts';
import { sortByName } from '../language/collation.ts';
import { accessFrom, canEdit, createAccess } from './access.ts';
import { createAnnouncer } from './announce.ts';
import { createEditing } from './editing.ts';
import { entryStore } from './entries.ts';
import { localTrack } from './local.ts';
import { createMembers } from './members.ts';
import { goneTrack, simplified } from './render.ts';
import { createPlaylistsRepository, type PlaylistRow } from './repository.ts';
import { createSearchDocuments } from './search-documents.ts';
import { createSidebar } from './sidebar.ts';
import { createSmartPlaylists, isSmart, smartReadOnly, type SmartEvaluator } from './smart.ts';
import { createSubsonicViews } from './subsonic-views.ts';

export type { Access } from './access.ts';
export type { PlaylistSearchDocument } from './search-documents.ts';
export type { PlaylistDetails } from './subsonic-views.ts';
export type { SmartEvaluator } from './smart.ts';

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
  /** Evaluates smart playlists' rules (the smart-playlists module); without it they hold nothing. */
  smart?: SmartEvaluator;
  /** The time now (ms since the epoch); the app passes its clock (AppDeps.clock). */
  now: () => number;
}

/**
 * The playlists module: playlists, their items and change log, collaborators, followers, the
 * sidebar. This file wires the parts (access.ts, editing.ts, members.ts, subsonic-views.ts,
 * search-documents.ts) and holds what is left: making, reading, renaming and deleting playlists.
 */
export function createPlaylists({ db, events, tracks, userExists, userNames = async () => new Map(), onActivity, smart, now }: PlaylistsDeps) {
  const repo = createPlaylistsRepository(db);
  const sidebar = createSidebar(db);
  const access = createAccess(repo);
  const announce = createAnnouncer(repo, events);
  const editing = createEditing({ db, repo, access, announce, tracks, onActivity, now });
  const smartLists = createSmartPlaylists({ repo, access, announce, sidebar, evaluator: smart, now });

  /** The owners' display names of these playlists (one lookup). */
  const ownerNames = (rows: PlaylistRow[]) => userNames([...new Set(rows.map((r) => r.owner_id))]);
  /** What rendering these rows needs besides them: owners' names, smart playlists' lengths. */
  const seen = async (rows: PlaylistRow[]) => {
    const [names, smartTotals] = await Promise.all([ownerNames(rows), smartLists.totals(rows)]);
    return { names, smartTotals };
  };

  /** A page of a smart playlist: its rules evaluated now, for its owner. */
  async function smartItems(row: PlaylistRow, offset: number, limit: number) {
    const { ids, total } = await smartLists.page(row, offset, limit);
    const found = ids.length ? await tracks.tracks(ids) : new Map();
    const list = ids.map((id): PlaylistItem => ({
      entry_id: id,
      added_at: iso(Number(row.updated_at)),
      added_by: null,
      is_local: false,
      track: found.get(id) ?? goneTrack(id, `runnel:track:${id}`),
    }));
    return { list, total };
  }

  /** A page of items and the total, read together (`row`: the playlist as just read, for its length). */
  async function items(row: PlaylistRow, offset: number, limit: number) {
    if (isSmart(row)) return smartItems(row, offset, limit);
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

  /** A page of the user's playlists A–Z in a language: every one read, keyed and sorted, the page sliced. */
  async function byName(userId: string, limit: number, offset: number, language: Language) {
    const all = await repo.allFor(userId);
    return { rows: sortByName(all, language).slice(offset, offset + limit), total: all.length };
  }

  async function removePlaylist(row: PlaylistRow) {
    const members = await repo.members(row.id);
    await repo.remove(row.id);
    await sidebar.drop(row.id);
    await announce(row, 'deleted', undefined, { members });
  }

  const members = createMembers({ repo, access, announce, sidebar, userExists, removePlaylist, now });
  const { edit: _edit, ...edits } = editing;

  return {
    sidebar,
    searchDocuments: createSearchDocuments(repo, userNames),
    ...edits,
    ...members,
    ...createSubsonicViews({ repo, access, editing, tracks, smartTotals: smartLists.trackTotals }),
    smartRules: smartLists.rules,
    setSmartRules: smartLists.setRules,

    async createSmart(userId: string, input: CreateSmartPlaylistBody): Promise<Playlist> {
      const row = await smartLists.createSmart(userId, input);
      const [{ list, total }, names] = await Promise.all([items(row, 0, 100), ownerNames([row])]);
      const view = { names, editable: false, smartTotals: new Map([[row.id, total]]) };
      return { ...simplified(row, view), tracks: paging(`/api/v1/playlists/${row.id}/tracks`, list, 100, 0, total) };
    },

    /** Whether a user may see a playlist (other modules: player contexts, search). */
    async canView(playlistId: string, userId: string) {
      const row = await repo.byId(playlistId);
      return row !== undefined && (await access.accessOf(row, userId)) !== 'none';
    },

    async create(userId: string, input: CreatePlaylistBody): Promise<Playlist> {
      const at = now();
      const row: PlaylistRow = {
        id: newId(),
        owner_id: userId,
        name: input.name,
        description: input.description ?? null,
        public: input.public === false ? 0 : 1,
        collaborative: input.collaborative ? 1 : 0,
        revision: 0,
        item_count: 0,
        track_count: 0,
        track_duration_ms: 0,
        follower_count: 0,
        edit_token_hash: null,
        smart_rules: null,
        created_at: at,
        updated_at: at,
      };
      await repo.insert(row);
      await sidebar.append(userId, row.id);
      await announce(row, 'details');
      if (row.public) await onActivity?.({ userId, kind: 'created', uri: `runnel:playlist:${row.id}`, at });
      return { ...simplified(row, { names: await ownerNames([row]), editable: true }), tracks: paging(`/api/v1/playlists/${row.id}/tracks`, [], 100, 0, 0) };
    },

    async get(id: string, userId: string): Promise<Playlist> {
      const { row, access: standing } = await access.visible(id, userId);
      const [{ list, total }, names] = await Promise.all([items(row, 0, 100), ownerNames([row])]);
      const view = { names, editable: canEdit(standing), smartTotals: new Map([[row.id, total]]) };
      return { ...simplified(row, view), tracks: paging(`/api/v1/playlists/${id}/tracks`, list, 100, 0, total) };
    },

    async update(id: string, userId: string, input: UpdatePlaylistBody) {
      const { row } = await access.owned(id, userId);
      if (isSmart(row) && input.collaborative) throw smartReadOnly();
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
      const { row } = await access.owned(id, userId);
      await removePlaylist(row);
    },

    /**
     * A page of the user's playlists: newest first, or in `order.sort`'s order (`name`: A–Z in
     * `order.language`, sorted here, as a user's playlists are few: language/README.md).
     */
    async listMine(userId: string, limit: number, offset: number, order?: { sort: PlaylistSort; language: Language }) {
      const { rows, total } =
        order?.sort === 'name' ? await byName(userId, limit, offset, order.language) : await repo.listFor(userId, limit, offset, order?.sort);
      const view = await seen(rows);
      const list = rows.map(({ role, ...row }) => simplified(row, { ...view, editable: row.owner_id === userId || role === 'collaborator' }));
      return paging('/api/v1/me/playlists', list, limit, offset, total);
    },

    async items(id: string, userId: string, limit: number, offset: number) {
      const { row } = await access.visible(id, userId);
      const { list, total } = await items(row, offset, limit);
      return paging(`/api/v1/playlists/${id}/tracks`, list, limit, offset, total);
    },

    /** A user's public playlists, newest first (their profile). */
    async publicOf(ownerId: string): Promise<SimplifiedPlaylist[]> {
      const rows = await repo.publicOf(ownerId);
      const view = await seen(rows);
      return rows.map((row) => simplified(row, { ...view, editable: false }));
    },

    /** The playlists among `ids` this user may see, as lists show them (inbox items, shares). */
    async summaries(ids: string[], userId: string): Promise<Map<string, SimplifiedPlaylist>> {
      const rows = await repo.byIds([...new Set(ids)].slice(0, 500));
      const roles = await repo.rolesOf(
        rows.map((r) => r.id),
        userId,
      );
      const visible = rows.filter((row) => accessFrom(row, userId, roles.get(row.id)) !== 'none');
      const view = await seen(visible);
      return new Map(visible.map((row) => [row.id, simplified(row, { ...view, editable: row.owner_id === userId || roles.get(row.id) === 'collaborator' })]));
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
}

export type Playlists = ReturnType<typeof createPlaylists>;
