import type { PlayQueue, RepeatState, SetContextBody } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { badRequest, notFound } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import { newId } from '../ids.ts';
import { localTrack } from '../playlists/local.ts';
import type { CatalogLookup, TrackObject } from '../track-lookup.ts';
import type { PlayQueuesTable } from './tables.ts';
import { iso } from '../time.ts';
import { searchText } from './history.ts';
import { visibleCurrent, visibleEntries } from './scope.ts';

export interface PlayerDeps {
  db: Db;
  events: EventBus;
  catalog: CatalogLookup;
  /** Whether a user may play a playlist (the playlists module decides). */
  canViewPlaylist: (playlistId: string, userId: string) => Promise<boolean>;
  /**
   * Told of every reported play of a catalogue track (discovery counts them for top lists), with its history row; `again` for a play reported before (same `play_id`).
   */
  onPlayed?: (userId: string, track: TrackObject, at: number, play: { id: string; again: boolean }) => Promise<void>;
  /** A player said it started a track of the catalogue (ads count tracks toward the next break). */
  onStarted?: (userId: string, track: TrackObject) => Promise<void>;
  /** The time now (ms since the epoch); the app passes its clock (AppDeps.clock). */
  now: () => number;
}

/** Most "next up" items a queue holds. */
const MAX_QUEUE = 1000;
/** How long a "now playing" report stands without a newer one (longer than most tracks). */
const NOW_PLAYING_MS = 15 * 60_000;
const trackId = (uri: string) => (uri.startsWith('runnel:track:') ? uri.slice('runnel:track:'.length) : null);

/**
 * The player module: each user's play queue (context + position, "next up" items,
 * shuffle/repeat) and play history, persisted, with every change published to the
 * user's live sessions as `player.queue.changed`.
 */
export function createPlayer({ db, events, catalog, canViewPlaylist, onPlayed, onStarted, now }: PlayerDeps) {
  const empty = (userId: string): PlayQueuesTable => ({
    user_id: userId,
    context_uri: null,
    position: 0,
    current_uri: null,
    shuffle: 0,
    repeat: 'off',
    revision: 0,
    updated_at: 0,
    progress_ms: 0,
    changed_by: null,
    saved_before: null,
    saved_revision: null,
  });

  async function render(userId: string, q: Db = db): Promise<PlayQueue> {
    const state = (await q.selectFrom('play_queues').selectAll().where('user_id', '=', userId).executeTakeFirst()) ?? empty(userId);
    const items = await q.selectFrom('queue_items').selectAll().where('user_id', '=', userId).orderBy('pos').execute();
    const ids = [...new Set(items.map((i) => trackId(i.uri)).filter((id): id is string => id !== null))];
    const found = ids.length ? await catalog.tracks(ids) : new Map();
    return {
      context: state.context_uri ? { uri: state.context_uri, type: state.context_uri.split(':')[1]! } : null,
      position: state.position,
      currently_playing: await visibleCurrent(state.current_uri, catalog),
      next_up: visibleEntries(items, found).map((i) => ({
        entry_id: i.id,
        uri: i.uri,
        added_at: iso(Number(i.added_at)),
        track: trackId(i.uri) ? (found.get(trackId(i.uri)!) ?? null) : localTrack(i.uri),
      })),
      shuffle_state: state.shuffle === 1,
      repeat_state: state.repeat,
      revision: Number(state.revision),
      updated_at: iso(Number(state.updated_at)),
    };
  }

  /** Runs a change, bumps the queue's revision in the same transaction, then tells the user's sessions. */
  async function change(userId: string, apply: (trx: Db) => Promise<void>, fields: Partial<PlayQueuesTable> = {}): Promise<PlayQueue> {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('play_queues')
        .values(empty(userId))
        .onConflict((oc) => oc.column('user_id').doNothing())
        .execute();
      await trx
        .updateTable('play_queues')
        .set((eb) => ({ ...fields, revision: eb('revision', '+', 1), updated_at: now() }))
        .where('user_id', '=', userId)
        .execute();
      await apply(trx);
    });
    // Rendered after the commit: it asks the catalogue, which must not wait on this
    // transaction's connection (SQLite has one; asking from inside would deadlock).
    const queue = await render(userId);
    await events.publish({ type: 'player.queue.changed', users: [userId], data: queue });
    return queue;
  }

  /** The catalogue track a uri names (undefined for a valid local file); 404 when unknown. */
  async function requireTrack(uri: string): Promise<TrackObject | undefined> {
    const id = trackId(uri);
    if (id === null) return void localTrack(uri);
    const track = (await catalog.tracks([id])).get(id);
    if (!track) throw notFound(`Track ${id}`, 'track_not_found');
    return track;
  }

  async function requireContext(uri: string, userId: string) {
    const [, type, id] = uri.split(':') as [string, string, string];
    const exists =
      type === 'playlist' ? await canViewPlaylist(id, userId) : type === 'album' ? (await catalog.albums([id])).has(id) : (await catalog.artists([id])).has(id);
    if (!exists) throw notFound(`Context ${uri}`, 'context_not_found');
  }

  return {
    queue: (userId: string) => render(userId),

    async setContext(userId: string, body: SetContextBody) {
      await requireContext(body.context_uri, userId);
      if (body.track_uri) await requireTrack(body.track_uri);
      return change(userId, async () => {}, {
        context_uri: body.context_uri,
        position: body.position ?? 0,
        current_uri: body.track_uri ?? null,
        progress_ms: 0,
      });
    },

    async add(userId: string, uri: string) {
      await requireTrack(uri);
      return change(userId, async (trx) => {
        const last = await trx
          .selectFrom('queue_items')
          .select((eb) => [eb.fn.max<number>('pos').as('pos'), eb.fn.countAll<number>().as('n')])
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow();
        if (Number(last.n) >= MAX_QUEUE) throw badRequest(`The queue holds at most ${MAX_QUEUE} items`, 'queue_full');
        await trx
          .insertInto('queue_items')
          .values({ id: newId(), user_id: userId, pos: Number(last.pos ?? 0) + 1, uri, added_at: now() })
          .execute();
      });
    },

    /** Moves a range of "next up" items; queues are short, so they are simply renumbered. */
    async reorder(userId: string, start: number, before: number, length: number) {
      return change(userId, async (trx) => {
        const items = await trx.selectFrom('queue_items').select(['id', 'pos']).where('user_id', '=', userId).orderBy('pos').execute();
        if (start + length > items.length || before > items.length)
          throw badRequest(`Range is past the end of the queue (${items.length} items)`, 'range_out_of_range');
        if (before >= start && before <= start + length) return;
        const moved = items.slice(start, start + length);
        const rest = [...items.slice(0, start), ...items.slice(start + length)];
        const at = before < start ? before : before - length;
        rest.splice(at, 0, ...moved);
        for (const [i, item] of rest.entries()) {
          if (item.pos !== i + 1)
            await trx
              .updateTable('queue_items')
              .set({ pos: i + 1 })
              .where('id', '=', item.id)
              .execute();
        }
      });
    },

    /** Removes one "next up" item; another user's item is simply not found. */
    async remove(userId: string, entryId: string) {
      const exists = await db.selectFrom('queue_items').select('id').where('id', '=', entryId).where('user_id', '=', userId).executeTakeFirst();
      if (!exists) throw notFound('Queue item', 'queue_item_not_found');
      return change(userId, async (trx) => {
        await trx.deleteFrom('queue_items').where('id', '=', entryId).where('user_id', '=', userId).execute();
      });
    },

    setShuffle: (userId: string, state: boolean) => change(userId, async () => {}, { shuffle: state ? 1 : 0 }),
    setRepeat: (userId: string, state: RepeatState) => change(userId, async () => {}, { repeat: state }),

    /**
     * Records a play; a recent one becomes "currently playing", and a matching first "next
     * up" item is used up. A play the player sent before (the same `play_id`, resent after
     * being offline) is not counted again; one from more than 15 minutes ago (kept while
     * offline) goes into history and the counts at its own time, but leaves the queue alone.
     */
    async played(userId: string, body: { uri: string; context_uri?: string; played_at?: number; play_id?: string }) {
      const track = await requireTrack(body.uri);
      const at = body.played_at ?? now();
      const row = { id: newId(), user_id: userId, uri: body.uri, context_uri: body.context_uri ?? null, played_at: at, client_id: body.play_id ?? null };
      const inserted = await db
        .insertInto('play_history')
        .values({ ...row, search_text: searchText(track ?? localTrack(body.uri)) })
        .onConflict((c) => c.columns(['user_id', 'client_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) {
        const before = await db
          .selectFrom('play_history')
          .select(['id', 'played_at'])
          .where('user_id', '=', userId)
          .where('client_id', '=', row.client_id)
          .executeTakeFirst();
        if (track && before) await onPlayed?.(userId, track, Number(before.played_at), { id: before.id, again: true });
        return;
      }
      if (track) await onPlayed?.(userId, track, at, { id: inserted.id, again: false });
      if (now() - at > NOW_PLAYING_MS) return;
      await change(
        userId,
        async (trx) => {
          const first = await trx.selectFrom('queue_items').select(['id', 'uri']).where('user_id', '=', userId).orderBy('pos').limit(1).executeTakeFirst();
          if (first?.uri === body.uri) await trx.deleteFrom('queue_items').where('id', '=', first.id).execute();
        },
        { current_uri: body.uri, progress_ms: 0 },
      );
    },

    /**
     * Replaces the queue with one an app saved so the listener can resume elsewhere
     * (Subsonic's savePlayQueue): `current` becomes currently playing, `progressMs` into it;
     * the items after it become "next up" (the first MAX_QUEUE; those before it were played
     * already) and the context is cleared. Without `current` the whole list is next up.
     * Every track must exist. An empty list and no `current` empties the queue.
     */
    async saveQueue(userId: string, input: { uris: string[]; current?: string; progressMs: number; changedBy: string | null }) {
      const uris = [...new Set([...input.uris, ...(input.current ? [input.current] : [])])];
      const ids = uris.map(trackId).filter((id): id is string => id !== null);
      if (ids.length !== uris.length) throw badRequest('A saved queue holds catalogue tracks only', 'invalid_uri');
      const found = ids.length ? await catalog.tracks(ids) : new Map();
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length) throw notFound(`Track ${missing.slice(0, 5).join(', ')}`, 'track_not_found');
      const at = input.current ? input.uris.indexOf(input.current) : -1;
      const before = input.uris.slice(Math.max(0, at - MAX_QUEUE), Math.max(0, at));
      const next = input.uris.slice(at + 1, at + 1 + MAX_QUEUE);
      const added = now();
      return change(
        userId,
        async (trx) => {
          await trx.deleteFrom('queue_items').where('user_id', '=', userId).execute();
          const rows = next.map((uri, i) => ({ id: newId(), user_id: userId, pos: i + 1, uri, added_at: added }));
          for (let i = 0; i < rows.length; i += 200)
            await trx
              .insertInto('queue_items')
              .values(rows.slice(i, i + 200))
              .execute();
          // Stamped with the revision this save made: any later change of the queue retires it.
          await trx
            .updateTable('play_queues')
            .set((eb) => ({ saved_before: JSON.stringify(before), saved_revision: eb.ref('revision') }))
            .where('user_id', '=', userId)
            .execute();
        },
        {
          context_uri: null,
          position: 0,
          current_uri: input.current ?? null,
          progress_ms: Math.max(0, Math.round(input.progressMs)),
          changed_by: input.changedBy,
        },
      );
    },

    /** The queue with where playback was in the current track and which app saved it (for resuming). */
    async resumePoint(userId: string) {
      const state = await db
        .selectFrom('play_queues')
        .select(['progress_ms', 'changed_by', 'updated_at', 'revision', 'saved_before', 'saved_revision'])
        .where('user_id', '=', userId)
        .executeTakeFirst();
      const saved = state && state.saved_revision !== null && Number(state.saved_revision) === Number(state.revision) ? state.saved_before : null;
      const playedBefore = saved ? (JSON.parse(saved) as string[]) : [];
      return {
        queue: await render(userId),
        playedBefore,
        progressMs: Number(state?.progress_ms ?? 0),
        changedBy: state?.changed_by ?? null,
        changedAt: Number(state?.updated_at ?? 0),
      };
    },

    /** A player says it is playing this track now; it shows in nowPlaying() for NOW_PLAYING_MS. */
    async playingNow(userId: string, player: string, uri: string) {
      const track = await requireTrack(uri);
      if (track) await onStarted?.(userId, track);
      const at = now();
      await db
        .deleteFrom('now_playing')
        .where('at', '<', at - NOW_PLAYING_MS)
        .execute();
      await db
        .insertInto('now_playing')
        .values({ user_id: userId, player, uri, at })
        .onConflict((oc) => oc.columns(['user_id', 'player']).doUpdateSet({ uri, at }))
        .execute();
      await events.publish({ type: 'player.now_playing', users: [userId], data: { player, uri, at: iso(at) } });
    },

    /** What every user's players reported playing within NOW_PLAYING_MS, newest first. */
    async nowPlaying() {
      const rows = await db
        .selectFrom('now_playing')
        .selectAll()
        .where('at', '>=', now() - NOW_PLAYING_MS)
        .orderBy('at', 'desc')
        .limit(200)
        .execute();
      return rows.map((r) => ({ userId: r.user_id, player: r.player, uri: r.uri, at: Number(r.at) }));
    },

    /** How many times the user played each of these tracks. */
    async playCounts(userId: string, trackIds: string[]): Promise<Map<string, number>> {
      if (!trackIds.length) return new Map();
      const uris = [...new Set(trackIds)].map((id) => `runnel:track:${id}`);
      const rows = await db
        .selectFrom('play_history')
        .select(['uri', (eb) => eb.fn.countAll<number>().as('n')])
        .where('user_id', '=', userId)
        .where('uri', 'in', uris)
        .groupBy('uri')
        .execute();
      return new Map(rows.map((r) => [r.uri.slice('runnel:track:'.length), Number(r.n)]));
    },

    async recentlyPlayed(userId: string, limit: number) {
      const rows = await db
        .selectFrom('play_history')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('played_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
      const ids = [...new Set(rows.map((r) => trackId(r.uri)).filter((id): id is string => id !== null))];
      const found = ids.length ? await catalog.tracks(ids) : new Map();
      return {
        href: `/api/v1/me/player/recently-played?limit=${limit}`,
        limit,
        next: null,
        items: visibleEntries(rows, found).map((r) => ({
          uri: r.uri,
          track: trackId(r.uri) ? (found.get(trackId(r.uri)!) ?? null) : localTrack(r.uri),
          played_at: iso(Number(r.played_at)),
          context: r.context_uri ? { uri: r.context_uri } : null,
        })),
      };
    },
  };
}

export type Player = ReturnType<typeof createPlayer>;
