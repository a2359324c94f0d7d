import type { CatalogObject, HistoryImportResult } from '@runnel/api';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TrackNames } from '../catalog/track-names.ts';
import { AppError } from '../errors.ts';
import { searchText, type PlayHistory } from '../player/history.ts';
import { localTrack, localUri } from '../playlists/local.ts';
import type { CatalogLookup } from '../track-lookup.ts';
import { invalidFile, type Listen } from './listenbrainz.ts';
import { trackMatcher } from './matcher.ts';
import { readListens } from './read-listens.ts';

export interface ImportDeps {
  plays: PlayHistory;
  music: CatalogLookup;
  /** Every catalogue track's names (catalog/track-names.ts), to match listens by. */
  trackNames: () => AsyncIterable<TrackNames[]>;
  /** Counts added plays of catalogue tracks for top lists (discovery/imported.ts). */
  recordImported: (userId: string, plays: { track: CatalogObject; at: number }[]) => Promise<void>;
}

/** Largest file accepted: a 100,000-listen export is about 60 MB as JSON. */
export const IMPORT_LIMIT = 1024 * 1024 * 1024;
/** Listens written per transaction. */
const BATCH = 2000;

/** Writes an upload to a private temporary file, refusing it past `limit` bytes (413). */
export async function spool(body: Readable, limit: number): Promise<{ path: string; done: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'runnel-import-'));
  const path = join(dir, 'listens');
  const done = () => rm(dir, { recursive: true, force: true });
  let size = 0;
  body.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) body.destroy(new AppError('payload_too_large', 413, `A history file may be at most ${limit / 1024 / 1024} MB`));
  });
  try {
    await pipeline(body, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    await done();
    throw error;
  }
  return { path, done };
}

/**
 * Imports a ListenBrainz export into a user's history. The whole file is read once first,
 * so a file with any unreadable listen changes nothing (400); then its listens go in a
 * batch at a time, each matched to a catalogue track where one fits, kept with its names
 * where none does. A listen already in the history (the same track at the same second) is
 * skipped: importing a file twice adds nothing. Added plays of catalogue tracks are counted
 * for top lists at their own times; no import reaches scrobbling, a plan's listening time
 * or followers' feeds.
 */
export async function importListens(deps: ImportDeps, userId: string, path: string): Promise<HistoryImportResult> {
  let listens = 0;
  for await (const _ of readListens(path)) listens += 1;
  if (!listens) throw invalidFile('The file holds no listens');
  const match = await trackMatcher(deps.trackNames());
  const result = { listens, added: 0, duplicates: 0, matched: 0, unmatched: 0 };
  const known = new Map<string, CatalogObject>();
  let batch: Listen[] = [];
  const flush = async () => {
    const ids = batch.map(match);
    const missing = [...new Set(ids.filter((id): id is string => id !== null && !known.has(id)))];
    if (known.size > 50_000) known.clear();
    for (const [id, track] of missing.length ? await deps.music.tracks(missing) : []) known.set(id, track);
    const plays = batch.map((listen, i) => {
      const track = ids[i] ? known.get(ids[i]!) : undefined;
      if (track) result.matched += 1;
      else result.unmatched += 1;
      const uri = track ? `runnel:track:${track.id}` : unmatchedUri(listen);
      return { uri, played_at: listen.at, search_text: searchText(track ?? localTrack(uri)), track };
    });
    const added = await deps.plays.addImported(userId, plays);
    result.added += added.length;
    await deps.recordImported(
      userId,
      added.flatMap((p) => (p.track ? [{ track: p.track, at: p.played_at }] : [])),
    );
    batch = [];
  };
  for await (const listen of readListens(path)) {
    batch.push(listen);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
  result.duplicates = listens - result.added;
  return result;
}

/**
 * A listen of a track this server lacks, kept as a track it knows only by name (the form of
 * a local file's item, playlists/local.ts): its MusicBrainz id as the key, when it has one.
 */
const unmatchedUri = (listen: Listen) =>
  localUri({ key: listen.mbid ?? 'listenbrainz', artist: listen.artist, album: listen.album ?? '', title: listen.title, duration_ms: listen.durationMs ?? 0 });
