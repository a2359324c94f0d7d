import type { CatalogObject, PlaylistItem, StarredPlaylist } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { badRequest, notFound } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import type { OnActivity } from '../activity.ts';
import { page } from '../paging.ts';
import type { CatalogLookup } from '../track-lookup.ts';
import { createCollectionRepository } from './repository.ts';
import type { CollectionKind, RatedKind } from './tables.ts';
import { iso } from '../time.ts';

export type { CollectionKind } from './tables.ts';

export interface CollectionDeps {
  db: Db;
  events: EventBus;
  catalog: CatalogLookup;
  /** Told of stars and saved albums (the feed of people who follow the user). */
  onActivity?: OnActivity;
  /** Told of all the tracks each call stars (`starred`) or unstars: scrobbling loves and unloves them. */
  onStarred?: (userId: string, trackIds: string[], starred: boolean) => Promise<void>;
  /** The time now (ms since the epoch); the app passes its clock (AppDeps.clock). */
  now: () => number;
}

const PATHS: Record<CollectionKind, string> = {
  track: '/api/v1/me/tracks',
  album: '/api/v1/me/albums',
  artist: '/api/v1/me/following',
  star: '/api/v1/me/starred',
};

/** The collection module: saved tracks and albums, followed artists, and the always-present "Starred" list. */
export function createCollection({ db, events, catalog, onActivity, onStarred, now }: CollectionDeps) {
  const repo = createCollectionRepository(db);

  const lookup = (kind: CollectionKind, ids: string[]): Promise<Map<string, CatalogObject>> =>
    kind === 'album' ? catalog.albums(ids) : kind === 'artist' ? catalog.artists(ids) : catalog.tracks(ids);

  /** One page of a kind, newest first: the paging object (its items set by the caller) and the found objects. */
  async function list(userId: string, kind: CollectionKind, limit: number, offset: number) {
    const { rows, total, latest } = await repo.list(userId, kind, limit, offset);
    const found = rows.length
      ? await lookup(
          kind,
          rows.map((r) => r.id),
        )
      : new Map<string, CatalogObject>();
    // An item the catalogue no longer has is skipped in the page, not shown as a hole.
    const items = rows.filter((r) => found.has(r.id)).map((r) => ({ added_at: r.added_at, object: found.get(r.id)! }));
    return { latest, paging: page(PATHS[kind], [], limit, offset, total), items };
  }

  return {
    /** Saves (or follows, or stars) items; every id must exist in the catalogue, else nothing is saved. */
    async save(userId: string, kind: CollectionKind, ids: string[]) {
      const unique = [...new Set(ids)];
      const found = await lookup(kind, unique);
      const missing = unique.filter((id) => !found.has(id));
      if (missing.length)
        throw notFound(`${kind === 'star' ? 'track' : kind} ${missing.slice(0, 5).join(', ')}`, `${kind === 'star' ? 'track' : kind}_not_found`);
      const at = now();
      await repo.save(userId, kind, unique, at);
      await events.publish({ type: 'collection.changed', users: [userId], data: { kind, ids: unique, saved: true } });
      // A few per call: starring a whole album is one gesture, not fifty feed items.
      if (kind === 'star' || kind === 'album') {
        for (const id of unique.slice(0, 3))
          await onActivity?.({ userId, kind: kind === 'star' ? 'starred' : 'saved_album', uri: `runnel:${kind === 'star' ? 'track' : 'album'}:${id}`, at });
      }
      if (kind === 'star') await onStarred?.(userId, unique, true);
    },

    async remove(userId: string, kind: CollectionKind, ids: string[]) {
      const unique = [...new Set(ids)];
      await repo.remove(userId, kind, unique);
      await events.publish({ type: 'collection.changed', users: [userId], data: { kind, ids: unique, saved: false } });
      if (kind === 'star') await onStarred?.(userId, unique, false);
    },

    async contains(userId: string, kind: CollectionKind, ids: string[]) {
      const present = await repo.present(userId, kind, [...new Set(ids)]);
      return ids.map((id) => present.has(id));
    },

    /** When each of these ids was saved (or starred, or followed); absent when it is not. */
    savedAt: (userId: string, kind: CollectionKind, ids: string[]) => repo.savedAt(userId, kind, [...new Set(ids)]),

    /** Ids of saved (followed, starred) items with when, newest first: for clients that present them themselves. */
    async savedIds(userId: string, kind: CollectionKind, limit: number, offset: number) {
      const { rows, total } = await repo.list(userId, kind, limit, offset);
      return { items: rows, total };
    },

    /** Rates a track, album or artist 1–5; 0 takes the rating away. The item must exist. */
    async rate(userId: string, kind: RatedKind, itemId: string, rating: number) {
      if (!Number.isInteger(rating) || rating < 0 || rating > 5) throw badRequest('A rating is a whole number from 0 (none) to 5', 'invalid_rating');
      if (rating === 0) {
        await repo.unrate(userId, itemId);
      } else {
        if (!(await lookup(kind, [itemId])).has(itemId)) throw notFound(kind, `${kind}_not_found`);
        await repo.rate(userId, kind, itemId, rating, now());
      }
      await events.publish({ type: 'collection.rated', users: [userId], data: { kind, id: itemId, rating } });
    },

    /** The user's ratings (1–5) of these items; absent when not rated. */
    ratings: (userId: string, ids: string[]) => repo.ratings(userId, [...new Set(ids)]),

    async savedTracks(userId: string, limit: number, offset: number) {
      const { paging, items } = await list(userId, 'track', limit, offset);
      return { ...paging, items: items.map((i) => ({ added_at: iso(i.added_at), track: i.object })) };
    },

    async savedAlbums(userId: string, limit: number, offset: number) {
      const { paging, items } = await list(userId, 'album', limit, offset);
      return { ...paging, items: items.map((i) => ({ added_at: iso(i.added_at), album: i.object })) };
    },

    async followedArtists(userId: string, limit: number, offset: number) {
      const { paging, items } = await list(userId, 'artist', limit, offset);
      return { artists: { ...paging, items: items.map((i) => i.object) } };
    },

    /** The "Starred" playlist: every user has it, newest star first. */
    async starred(userId: string, limit: number, offset: number): Promise<StarredPlaylist> {
      const { paging, items, latest } = await list(userId, 'star', limit, offset);
      const tracks = items.map((i): PlaylistItem => ({
        entry_id: `star-${i.object.id}`,
        added_at: iso(i.added_at),
        added_by: null,
        is_local: false,
        track: i.object,
      }));
      return {
        id: 'starred',
        type: 'playlist',
        name: 'Starred',
        uri: `runnel:user:${userId}:starred`,
        href: '/api/v1/me/starred',
        public: false,
        collaborative: false,
        snapshot_id: Buffer.from(`starred:${paging.total}:${latest}`).toString('base64url'),
        tracks: { ...paging, items: tracks },
      };
    },
  };
}

export type Collection = ReturnType<typeof createCollection>;
