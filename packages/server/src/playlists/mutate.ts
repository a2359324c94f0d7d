import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { AppError, notFound } from '../errors.ts';
import { newOrderedId } from '../ids.ts';
import { entryStore as store, keysBetween, trackIdOf, type EntryRow } from './entries.ts';
import { carryForward, countBelow, IntentError, lengthAt, type Intent, type LoggedOp } from './rebase.ts';

type Q = Kysely<Database>;

/** What a mutation did: the new revision and the logged operation (null when nothing changed). */
export interface MutationResult {
  revision: number;
  op: LoggedOp | null;
  itemCount: number;
}

interface Anchor {
  id: string | null;
  pos: number | null;
}

/** A plan placed onto the current rows: neighbours' keys and the indices the log needs. */
type Placed =
  | { kind: 'add'; uris: string[]; after: Anchor; before: Anchor; index: number }
  | { kind: 'move'; ids: string[]; after: Anchor; before: Anchor; index: number; from: number[] }
  | { kind: 'remove'; ids: string[]; positions: number[] };

class NoChange extends Error {}

/** How many revisions back an edit may be based (the same reach as /changes). */
export const MAX_REBASE = 1000;

const none: Anchor = { id: null, pos: null };
const anchor = (row: EntryRow | undefined): Anchor => (row ? { id: row.id, pos: row.pos } : none);

/**
 * Applies one edit to a playlist in a transaction. The first statement bumps the revision,
 * which also locks the playlist row (PostgreSQL) so edits of one playlist run one at a time.
 * An edit based on the current revision is placed straight from index queries; one based on
 * an older revision goes through the rebase rule (README.md).
 */
export async function mutatePlaylist(
  db: Db,
  input: { playlistId: string; userId: string; baseRevision: number | null; intent: Intent; now: number; durations?: ReadonlyMap<string, number> },
): Promise<MutationResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      // An add's size is known up front, so its counts ride on the same statement.
      const upfront = input.intent.kind === 'add' ? input.intent.uris.length : 0;
      const upfrontTracks = input.intent.kind === 'add' ? addedTracks(input.intent.uris, input.durations) : { count: 0, durationMs: 0 };
      const bumped = await trx
        .updateTable('playlists')
        .set((eb) => ({
          revision: eb('revision', '+', 1),
          item_count: eb('item_count', '+', upfront),
          track_count: eb('track_count', '+', upfrontTracks.count),
          track_duration_ms: eb('track_duration_ms', '+', upfrontTracks.durationMs),
          updated_at: input.now,
        }))
        .where('id', '=', input.playlistId)
        .returning(['revision', 'item_count'])
        .executeTakeFirst();
      if (!bumped) throw notFound('Playlist', 'playlist_not_found'); // deleted meanwhile
      const revision = Number(bumped.revision);
      const current = revision - 1;
      const count = Number(bumped.item_count) - upfront;
      if (input.baseRevision !== null && input.baseRevision > current) {
        throw new IntentError('invalid_snapshot', 'snapshot_id is newer than the playlist');
      }
      if (input.baseRevision !== null && current - input.baseRevision > MAX_REBASE) {
        // Like /changes: that far back the client reloads, and re-sends its edit from a fresh snapshot.
        throw new AppError('snapshot_too_old', 409, `snapshot_id is more than ${MAX_REBASE} revisions old; reload the playlist`);
      }
      const fresh = input.baseRevision === null || input.baseRevision === current;
      const placed = fresh
        ? await placeFresh(trx, input.playlistId, input.intent, count)
        : await placeStale(trx, input.playlistId, input.intent, input.baseRevision!, count);
      const { op, delta, tracks } = await write(trx, input, placed);
      await trx
        .insertInto('playlist_changes')
        .values({ playlist_id: input.playlistId, revision, user_id: input.userId, at: input.now, op: JSON.stringify(op) })
        .execute();
      if (delta !== upfront || tracks.count !== upfrontTracks.count || tracks.durationMs !== upfrontTracks.durationMs) {
        await trx
          .updateTable('playlists')
          .set((eb) => ({
            item_count: eb('item_count', '+', delta - upfront),
            track_count: eb('track_count', '+', tracks.count - upfrontTracks.count),
            track_duration_ms: eb('track_duration_ms', '+', tracks.durationMs - upfrontTracks.durationMs),
          }))
          .where('id', '=', input.playlistId)
          .execute();
      }
      return { revision, op, itemCount: count + delta };
    });
  } catch (error) {
    if (!(error instanceof NoChange)) throw error;
    const row = await db.selectFrom('playlists').select(['revision', 'item_count']).where('id', '=', input.playlistId).executeTakeFirst();
    if (!row) throw notFound('Playlist', 'playlist_not_found');
    return { revision: Number(row.revision), op: null, itemCount: Number(row.item_count) };
  }
}

/** Current-snapshot edits: indices are today's indices, so a few index queries place them. */
async function placeFresh(trx: Q, playlistId: string, intent: Intent, count: number): Promise<Placed> {
  if (intent.kind === 'add') {
    if (intent.position === undefined || intent.position === count) {
      if (intent.position === undefined && count === 0) return { kind: 'add', uris: intent.uris, after: none, before: none, index: 0 };
      return { kind: 'add', uris: intent.uris, after: anchor(await store.last(trx, playlistId)), before: none, index: count };
    }
    const p = intent.position;
    if (p > count) throw new IntentError('position_out_of_range', `position ${p} is past the end (${count} items)`);
    if (p === 0) return { kind: 'add', uris: intent.uris, after: none, before: anchor((await store.slice(trx, playlistId, 0, 1, count))[0]), index: 0 };
    const [after, before] = await store.slice(trx, playlistId, p - 1, 2, count);
    return { kind: 'add', uris: intent.uris, after: anchor(after), before: anchor(before), index: p };
  }
  if (intent.kind === 'move') {
    const { range_start: s, range_length: n, insert_before: t } = intent;
    if (s + n > count) throw new IntentError('range_out_of_range', `range ${s}+${n} is past the end (${count} items)`);
    if (t > count) throw new IntentError('position_out_of_range', `insert_before ${t} is past the end (${count} items)`);
    if (t >= s && t <= s + n) throw new NoChange();
    const moved = await store.slice(trx, playlistId, s, n, count);
    const neighbours = t === 0 ? [undefined, ...(await store.slice(trx, playlistId, 0, 1, count))] : await store.slice(trx, playlistId, t - 1, 2, count);
    const from = moved.map((_, i) => s + i);
    return { kind: 'move', ids: moved.map((r) => r.id), after: anchor(neighbours[0]), before: anchor(neighbours[1]), index: t <= s ? t : t - n, from };
  }
  // One read for every position named, one for every uri named without positions.
  const found = new Map<string, number>();
  const positioned = intent.tracks.flatMap(({ uri, positions }) => (positions ?? []).map((p) => ({ uri, p })));
  if (positioned.length) {
    const rows = await rowsAt(
      trx,
      playlistId,
      positioned.map((x) => x.p),
      count,
    );
    positioned.forEach(({ uri, p }, i) => {
      const row = rows[i]!;
      if (row.uri !== uri) throw new IntentError('position_mismatch', `position ${p} holds ${row.uri}, not ${uri}`);
      found.set(row.id, p);
    });
  }
  const everywhere = intent.tracks.filter((x) => !x.positions).map((x) => x.uri);
  if (everywhere.length) for (const { id, idx } of await store.withUris(trx, playlistId, everywhere)) found.set(id, idx);
  if (found.size === 0) throw new NoChange();
  return { kind: 'remove', ids: [...found.keys()], positions: [...found.values()] };
}

/** The rows at some indices: one range read when they are close together or many, else one read each. */
async function rowsAt(trx: Q, playlistId: string, positions: number[], count: number): Promise<EntryRow[]> {
  const bad = positions.find((p) => p >= count);
  if (bad !== undefined) throw new IntentError('position_out_of_range', `position ${bad} is past the end (${count} items)`);
  const low = Math.min(...positions);
  const high = Math.max(...positions);
  if (high - low < Math.max(1000, positions.length * 50)) {
    const rows = await store.slice(trx, playlistId, low, high - low + 1, count);
    return positions.map((p) => rows[p - low]!);
  }
  return Promise.all(positions.map(async (p) => (await store.slice(trx, playlistId, p, 1, count))[0]!));
}

/**
 * Older-snapshot edits (README.md, "The rebase rule"): each index the client named is
 * carried forward through the logged operations to where that entry stands now (or found
 * removed), then the entries are read at those indices and the edit is placed by them.
 * Only the log since the snapshot and a few index reads are needed, never the whole list.
 */
async function placeStale(trx: Q, playlistId: string, intent: Intent, base: number, count: number): Promise<Placed> {
  const logged = (
    await trx.selectFrom('playlist_changes').select('op').where('playlist_id', '=', playlistId).where('revision', '>', base).orderBy('revision').execute()
  ).map((r) => JSON.parse(r.op) as LoggedOp);
  const baseLength = lengthAt(count, logged);
  const now = (i: number) => carryForward(i, logged);
  /** Today's index of the nearest entry before base index `below` that still exists (skipping `skip`), or null. */
  const anchorBefore = (below: number, skip?: (i: number) => boolean) => {
    for (let i = below - 1; i >= 0; i -= 1) {
      if (skip?.(i)) continue;
      const at = now(i);
      if (at !== null) return at;
    }
    return null;
  };

  if (intent.kind === 'add') {
    if (intent.position === undefined) return placeFresh(trx, playlistId, intent, count);
    if (intent.position > baseLength) throw new IntentError('position_out_of_range', `position ${intent.position} is past the end (${baseLength} items)`);
    const at = anchorBefore(intent.position);
    if (at === null) return { kind: 'add', uris: intent.uris, after: none, before: anchor((await store.slice(trx, playlistId, 0, 1, count))[0]), index: 0 };
    const [after, before] = await store.slice(trx, playlistId, at, 2, count);
    return { kind: 'add', uris: intent.uris, after: anchor(after), before: anchor(before), index: at + 1 };
  }

  if (intent.kind === 'move') {
    const { range_start: s, range_length: n, insert_before: t } = intent;
    if (s + n > baseLength) throw new IntentError('range_out_of_range', `range ${s}+${n} is past the end (${baseLength} items)`);
    if (t > baseLength) throw new IntentError('position_out_of_range', `insert_before ${t} is past the end (${baseLength} items)`);
    if (t >= s && t <= s + n) throw new NoChange();
    const from = Array.from({ length: n }, (_, k) => now(s + k)).filter((at): at is number => at !== null);
    if (from.length === 0) throw new NoChange();
    const moving = new Set(from);
    const after = anchorBefore(t, (i) => i >= s && i < s + n);
    let before = after === null ? 0 : after + 1;
    while (moving.has(before)) before += 1;
    const neighbours = [...(after === null ? [] : [after]), ...(before < count ? [before] : [])];
    const rows = await rowsAt(trx, playlistId, [...from, ...neighbours], count);
    const at = (index: number | null) => (index === null || index >= count ? undefined : rows[from.length + neighbours.indexOf(index)]);
    return {
      kind: 'move',
      ids: rows.slice(0, from.length).map((r) => r.id),
      after: anchor(at(after)),
      before: anchor(at(before)),
      index: after === null ? 0 : after - countBelow(from, after) + 1,
      from,
    };
  }

  const found = new Map<string, number>();
  const positioned: { uri: string; p: number; at: number }[] = [];
  for (const { uri, positions } of intent.tracks) {
    for (const p of positions ?? []) {
      if (p >= baseLength) throw new IntentError('position_out_of_range', `position ${p} is past the end (${baseLength} items)`);
      const at = now(p);
      if (at !== null) positioned.push({ uri, p, at });
    }
  }
  if (positioned.length) {
    const rows = await rowsAt(
      trx,
      playlistId,
      positioned.map((x) => x.at),
      count,
    );
    positioned.forEach(({ uri, p, at }, i) => {
      if (rows[i]!.uri !== uri) throw new IntentError('position_mismatch', `position ${p} holds ${rows[i]!.uri}, not ${uri}`);
      found.set(rows[i]!.id, at);
    });
  }
  const everywhere = intent.tracks.filter((x) => !x.positions).map((x) => x.uri);
  if (everywhere.length) {
    // The client meant the entries it could see: those added since its snapshot are not its to remove.
    const unseen = new Set(logged.flatMap((op) => (op.op === 'add' ? op.entry_ids : [])));
    for (const { id, idx } of await store.withUris(trx, playlistId, everywhere)) if (!unseen.has(id)) found.set(id, idx);
  }
  if (found.size === 0) throw new NoChange();
  return { kind: 'remove', ids: [...found.keys()], positions: [...found.values()] };
}

/**
 * The gap between two neighbours is used up: re-key a neighbourhood instead of the whole
 * playlist. Up to `w` entries on each side of the gap (moved entries aside) get evenly
 * spaced keys between the keys just outside them, together with the `size` keys returned
 * for the placed entries; the neighbourhood widens (16, 64, 256, 1024 a side) until it has
 * room. Null when even that fails.
 */
async function spread(trx: Q, playlistId: string, placed: Placed & { kind: 'add' | 'move' }, size: number): Promise<number[] | null> {
  const skip = new Set(placed.kind === 'move' ? placed.ids : []);
  for (let w = 16; w <= 1024; w *= 4) {
    const side = async (anchor: Anchor, direction: 'below' | 'above') => {
      if (anchor.pos === null) return { window: [], bound: null };
      const rows = (await store.beside(trx, playlistId, anchor.pos, direction, w + 1 + skip.size)).filter((r) => !skip.has(r.id));
      const all = [{ id: anchor.id!, pos: anchor.pos }, ...rows];
      return { window: all.slice(0, w), bound: all[w]?.pos ?? null };
    };
    const left = await side(placed.after, 'below');
    const right = await side(placed.before, 'above');
    const leftWindow = left.window.reverse();
    const keys = keysBetween(left.bound, right.bound, leftWindow.length + size + right.window.length);
    if (!keys) continue;
    const neighbours = [...leftWindow, ...right.window];
    const neighbourKeys = [...keys.slice(0, leftWindow.length), ...keys.slice(leftWindow.length + size)];
    await store.reposition(
      trx,
      neighbours.map((r, i) => ({ id: r.id, pos: neighbourKeys[i]! })),
    );
    return keys.slice(leftWindow.length, leftWindow.length + size);
  }
  return null;
}

/** How an edit changed the playlist's catalogue tracks: their number and total duration. */
interface TrackDelta {
  count: number;
  durationMs: number;
}

/** The catalogue tracks among added uris: how many, and their total duration (unknown ones count 0). */
function addedTracks(uris: string[], durations: ReadonlyMap<string, number> | undefined): TrackDelta {
  const ids = uris.map(trackIdOf).filter((id): id is string => id !== null);
  return { count: ids.length, durationMs: ids.reduce((sum, id) => sum + (durations?.get(id) ?? 0), 0) };
}

/** Writes a placed edit: inserts, re-keys or deletes only the affected rows. */
async function write(
  trx: Q,
  input: { playlistId: string; userId: string; now: number; durations?: ReadonlyMap<string, number> },
  placed: Placed,
): Promise<{ op: LoggedOp; delta: number; tracks: TrackDelta }> {
  if (placed.kind === 'remove') {
    const removed = await store.remove(trx, placed.ids);
    return {
      op: { op: 'remove', entry_ids: placed.ids, positions: placed.positions },
      delta: -placed.ids.length,
      tracks: { count: -removed.tracks, durationMs: -removed.durationMs },
    };
  }
  const size = placed.kind === 'add' ? placed.uris.length : placed.ids.length;
  let keys = keysBetween(placed.after.pos, placed.before.pos, size) ?? (await spread(trx, input.playlistId, placed, size));
  if (!keys) {
    // Even a wide neighbourhood is out of room: renumber once, then the neighbours are GAP apart again.
    await store.renumber(trx, input.playlistId);
    const fresh = await store.positionsOf(
      trx,
      input.playlistId,
      [placed.after.id, placed.before.id].filter((id): id is string => id !== null),
    );
    keys = keysBetween(placed.after.id ? fresh.get(placed.after.id)! : null, placed.before.id ? fresh.get(placed.before.id)! : null, size)!;
  }
  if (placed.kind === 'add') {
    const rows = placed.uris.map((uri, i) => {
      const trackId = trackIdOf(uri);
      return {
        id: newOrderedId(input.now),
        playlist_id: input.playlistId,
        pos: keys[i]!,
        uri,
        track_id: trackId,
        duration_ms: trackId === null ? null : (input.durations?.get(trackId) ?? null),
        added_by: input.userId,
        added_at: input.now,
      };
    });
    await store.insert(trx, rows);
    return {
      op: { op: 'add', index: placed.index, after_entry_id: placed.after.id, entry_ids: rows.map((r) => r.id), uris: placed.uris },
      delta: rows.length,
      tracks: addedTracks(placed.uris, input.durations),
    };
  }
  await store.reposition(
    trx,
    placed.ids.map((id, i) => ({ id, pos: keys[i]! })),
  );
  return {
    op: { op: 'move', index: placed.index, after_entry_id: placed.after.id, entry_ids: placed.ids, from: placed.from },
    delta: 0,
    tracks: { count: 0, durationMs: 0 },
  };
}
