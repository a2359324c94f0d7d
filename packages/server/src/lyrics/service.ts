import { lstat, open } from 'node:fs/promises';
import type { Lyrics } from '@runnel/api';
import type { Catalog } from '../catalog/service.ts';
import type { Db } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { VERSION } from '../version.ts';
import { parseLyrics } from './parse.ts';

export interface LyricsDeps {
  db: Db;
  catalog: Pick<Catalog, 'track' | 'lyrics' | 'trackPlaces'>;
  /** LRCLIB (or a server with its API) to ask when a track has none of its own; off when omitted. */
  lrclibUrl?: string;
  now: () => number;
  onError?: (error: Error) => void;
}

/** Sidecar files larger than this are not lyrics. */
const MAX_FILE_BYTES = 512 * 1024;
/** How long LRCLIB's answer (lyrics, or none) is kept before asking again. */
const KEEP_MS = 30 * 24 * 3600 * 1000;
const TIMEOUT_MS = 5_000;

/**
 * A track's lyrics, from the first place that has them: its tags (ID3 USLT, Vorbis/FLAC
 * LYRICS, MP4 ©lyr, read at scan), a sidecar `.lrc` next to the file (same name), then
 * LRCLIB when the operator turned it on (its answers, and its "none", kept 30 days in the
 * database). LRC text is synced; anything else is plain.
 */
export function createLyrics({ db, catalog, lrclibUrl, now, onError = () => {} }: LyricsDeps) {
  /** `song.lrc` beside `song.flac`: a regular file (not a link out of the library), not too large. */
  async function sidecar(trackId: string): Promise<string | null> {
    const place = (await catalog.trackPlaces([trackId])).get(trackId);
    if (!place) return null;
    const path = place.path.replace(/\.[^./\\]+$/, '') + '.lrc';
    const stat = await lstat(path).catch(() => undefined);
    if (!stat?.isFile() || stat.size > MAX_FILE_BYTES) return null;
    const file = await open(path, 'r').catch(() => undefined);
    if (!file) return null;
    try {
      const text = (await file.readFile()).toString('utf8');
      return text.trim() ? text : null;
    } finally {
      await file.close();
    }
  }

  async function lrclib(trackId: string): Promise<string | null> {
    if (!lrclibUrl) return null;
    const kept = await db.selectFrom('lyrics_lookups').selectAll().where('track_id', '=', trackId).executeTakeFirst();
    if (kept && Number(kept.fetched_at) > now() - KEEP_MS) return kept.text;
    const track = await catalog.track(trackId);
    const query = new URLSearchParams({
      track_name: track.name,
      artist_name: track.artists[0]?.name ?? '',
      album_name: track.album.name,
      duration: String(Math.round(track.duration_ms / 1000)),
    });
    let text: string | null;
    try {
      const response = await fetch(`${lrclibUrl.replace(/\/+$/, '')}/api/get?${query}`, {
        headers: { 'user-agent': `Runnel/${VERSION} (self-hosted music server)` },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (response.status === 404) text = null;
      else if (!response.ok) throw new Error(`LRCLIB answered ${response.status}`);
      else {
        const found = (await response.json()) as { syncedLyrics?: unknown; plainLyrics?: unknown };
        const pick = [found.syncedLyrics, found.plainLyrics].find((t): t is string => typeof t === 'string' && t.trim() !== '');
        text = pick ?? null;
      }
    } catch (error) {
      // Down or slow: nothing is kept, the next request asks again.
      onError(error as Error);
      return null;
    }
    const row = { track_id: trackId, text, fetched_at: now() };
    await db
      .insertInto('lyrics_lookups')
      .values(row)
      .onConflict((c) => c.column('track_id').doUpdateSet({ text, fetched_at: row.fetched_at }))
      .execute();
    return text;
  }

  return {
    /** The track's lyrics and where they came from; 404 `lyrics_not_found` when none has them. */
    async forTrack(trackId: string): Promise<Lyrics> {
      const sources = [
        ['tags', () => catalog.lyrics(trackId)],
        ['file', () => sidecar(trackId)],
        ['lrclib', () => lrclib(trackId)],
      ] as const;
      for (const [source, read] of sources) {
        const text = await read();
        if (text) return { source, ...parseLyrics(text) };
      }
      throw notFound('Lyrics', 'lyrics_not_found');
    },
  };
}

export type LyricsService = ReturnType<typeof createLyrics>;
