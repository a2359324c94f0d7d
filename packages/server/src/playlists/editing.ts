import type { PlaylistChange, PlaylistChanges, SnapshotResponse } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { badRequest, notFound } from '../errors.ts';
import type { OnActivity } from '../activity.ts';
import type { TrackLookup } from '../track-lookup.ts';
import { iso } from '../time.ts';
import type { AccessRules } from './access.ts';
import type { Announce } from './announce.ts';
import { trackIdOf } from './entries.ts';
import { localTrack } from './local.ts';
import { MAX_REBASE, mutatePlaylist } from './mutate.ts';
import { IntentError, type Intent, type LoggedOp } from './rebase.ts';
import { snapshotId } from './render.ts';
import type { PlaylistsRepository } from './repository.ts';

/** The most changes /changes returns; further back, the client reloads. */
const MAX_CHANGES = MAX_REBASE;

function revisionOf(playlistId: string, snapshot: string): number {
  const [id, rev] = Buffer.from(snapshot, 'base64url').toString().split(':');
  if (id !== playlistId || !rev || !/^\d{1,15}$/.test(rev)) throw badRequest('snapshot_id does not belong to this playlist', 'invalid_snapshot');
  return Number(rev);
}

/** A logged op as clients replay it (GET …/changes, and the `change` of playlist.changed). */
function toChange(revision: number, at: number, by: string, op: LoggedOp): PlaylistChange {
  const base = { revision, at: iso(at), by };
  if (op.op === 'add') {
    const entries = op.entry_ids.map((entry_id, i) => ({ entry_id, uri: op.uris[i]!, added_at: base.at, added_by: by }));
    return { ...base, op: 'add', index: op.index, after_entry_id: op.after_entry_id, entries };
  }
  if (op.op === 'move') return { ...base, op: 'move', index: op.index, after_entry_id: op.after_entry_id, entry_ids: op.entry_ids };
  return { ...base, op: 'remove', entry_ids: op.entry_ids, positions: op.positions };
}

export interface EditingDeps {
  db: Db;
  repo: PlaylistsRepository;
  access: AccessRules;
  announce: Announce;
  tracks: TrackLookup;
  onActivity?: OnActivity;
  now: () => number;
}

/** Editing items (add, move, remove, each a logged revision; see mutate.ts) and reading the change log. */
export function createEditing({ db, repo, access, announce, tracks, onActivity, now }: EditingDeps) {
  async function edit(
    playlistId: string,
    userId: string,
    intent: Intent,
    snapshot: string | undefined,
    durations?: ReadonlyMap<string, number>,
  ): Promise<SnapshotResponse> {
    const { row } = await access.editable(playlistId, userId);
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
      if (row.public && result.op.op === 'add' && first)
        await onActivity?.({ userId, kind: 'added', uri: first, target: `runnel:playlist:${playlistId}`, count: result.op.uris.length, at });
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

  return {
    edit,
    add,

    move: (id: string, userId: string, body: { range_start: number; insert_before: number; range_length?: number; snapshot_id?: string }) =>
      edit(
        id,
        userId,
        { kind: 'move', range_start: body.range_start, insert_before: body.insert_before, range_length: body.range_length ?? 1 },
        body.snapshot_id,
      ),

    removeItems: (id: string, userId: string, tracks: { uri: string; positions?: number[] }[], snapshot?: string) =>
      edit(id, userId, { kind: 'remove', tracks }, snapshot),

    /** The ops after revision `since`, or `reload` when the log no longer reaches back that far. */
    async changes(id: string, userId: string, since: number): Promise<PlaylistChanges> {
      const { row } = await access.visible(id, userId);
      const revision = Number(row.revision);
      if (since > revision) throw badRequest(`since ${since} is newer than the playlist (revision ${revision})`, 'invalid_revision');
      const logged = await repo.changesSince(id, since, MAX_CHANGES + 1);
      const reachesBack = since === revision || (logged.length > 0 && Number(logged[0]!.revision) === since + 1);
      if (logged.length > MAX_CHANGES || !reachesBack) return { snapshot_id: snapshotId(id, revision), revision, reload: true, changes: [] };
      const changes = logged.map((c) => toChange(Number(c.revision), Number(c.at), c.user_id, JSON.parse(c.op) as LoggedOp));
      const last = changes.at(-1)?.revision ?? since;
      return { snapshot_id: snapshotId(id, last), revision: last, reload: false, changes };
    },
  };
}

export type Editing = ReturnType<typeof createEditing>;
