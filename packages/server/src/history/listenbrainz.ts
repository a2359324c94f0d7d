import type { CatalogObject } from '@runnel/api';
import { AppError } from '../errors.ts';

/** A listen as read from a ListenBrainz file: what the import needs of it. */
export interface Listen {
  /** ms since the epoch, a whole second (ListenBrainz dates listens to the second). */
  at: number;
  artist: string;
  title: string;
  album: string | null;
  /** MusicBrainz recording id, lower case. */
  mbid: string | null;
  durationMs: number | null;
}

/** The one error every unreadable file gets: 400 `history_import_invalid`, saying where. */
export const invalidFile = (message: string) => new AppError('history_import_invalid', 400, message);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Latest time a listen may have: the year 9999. */
const LAST_SECOND = 253_402_300_799;
const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 500) : null);

/**
 * One listen of ListenBrainz's export (the JSON array of "Export listens", or a line of the
 * newer export's `listens/YYYY/M.jsonl`): `listened_at` (seconds) and `track_metadata` with
 * `artist_name`, `track_name`, optional `release_name` and `additional_info`
 * (`recording_mbid`, `duration_ms` or `duration`), or `mbid_mapping.recording_mbid`.
 * Anything else a listen carries is ignored; a listen without those is refused, saying which.
 */
export function readListen(value: unknown, where: string): Listen {
  const listen = record(value);
  const meta = record(listen?.track_metadata);
  if (!listen || !meta) throw invalidFile(`${where}: not a listen (an object with listened_at and track_metadata)`);
  const seconds = typeof listen.listened_at === 'string' && /^\d+(\.\d+)?$/.test(listen.listened_at) ? Number(listen.listened_at) : listen.listened_at;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > LAST_SECOND)
    throw invalidFile(`${where}: listened_at is not a time in seconds since 1970`);
  const artist = text(meta.artist_name);
  const title = text(meta.track_name);
  if (!artist || !title) throw invalidFile(`${where}: track_metadata needs artist_name and track_name`);
  const info = record(meta.additional_info) ?? {};
  const mbid = [info.recording_mbid, record(meta.mbid_mapping)?.recording_mbid]
    .map((m) => (typeof m === 'string' ? m.toLowerCase() : ''))
    .find((m) => UUID.test(m));
  const ms = typeof info.duration_ms === 'number' ? info.duration_ms : typeof info.duration === 'number' ? info.duration * 1000 : null;
  return {
    at: Math.floor(seconds) * 1000,
    artist,
    title,
    album: text(meta.release_name),
    mbid: mbid ?? null,
    durationMs: ms !== null && Number.isFinite(ms) && ms > 0 && ms < 86_400_000 ? Math.round(ms) : null,
  };
}

interface Shown {
  name?: string;
  duration_ms?: number;
  musicbrainz_id?: string | null;
  track_number?: number;
  artists?: { name?: string }[];
  album?: { name?: string };
  local_key?: string;
}

/**
 * A play as ListenBrainz writes a listen, for the export. A track the catalogue lacks (an
 * imported listen it had no match for) keeps the names and MusicBrainz id it came with.
 */
export function writeListen(playedAt: number, track: CatalogObject): string {
  const t = track as Shown;
  const artists = (t.artists ?? []).map((a) => a.name ?? '').filter(Boolean);
  const mbid = t.musicbrainz_id ?? (t.local_key && UUID.test(t.local_key) ? t.local_key : null);
  const info: Record<string, unknown> = {
    ...(mbid && { recording_mbid: mbid }),
    ...(t.duration_ms && { duration_ms: t.duration_ms }),
    ...(t.track_number && { tracknumber: t.track_number }),
    artist_names: artists,
    media_player: 'Runnel',
    submission_client: 'Runnel',
  };
  return JSON.stringify({
    listened_at: Math.floor(playedAt / 1000),
    track_metadata: {
      artist_name: artists.join(', '),
      track_name: t.name ?? '',
      ...(t.album?.name && { release_name: t.album.name }),
      additional_info: info,
    },
  });
}
