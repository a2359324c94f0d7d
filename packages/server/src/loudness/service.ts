import type { Catalog } from '../catalog/service.ts';
import type { GainTrack, MeasuredGain } from '../catalog/gains.ts';
import type { Db } from '../db/database.ts';
import type { EventBus } from '../events/bus.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { gainFor, measure } from './measure.ts';

export interface LoudnessDeps {
  db: Db;
  events: EventBus;
  catalog: Pick<Catalog, 'albumsMissingGain' | 'albumGainTracks' | 'saveMeasuredGains'>;
  jobs: Jobs;
  /** null: no ffmpeg, nothing is measured. */
  ffmpegPath: string | null;
  now: () => number;
  onError?: (error: Error) => void;
}

/** Albums looked at per read. */
const BATCH = 100;
/** An album longer than this many tracks gets no album gain (one ffmpeg over all of them). */
const ALBUM_MAX_TRACKS = 200;
/** One measurement may take this long (a long live recording decodes in seconds). */
const TIMEOUT_MS = 10 * 60_000;

/**
 * Even loudness for tracks whose tags carry no ReplayGain: after each scan a background job
 * (once per cluster, on a worker) measures them with ffmpeg's ebur128 (EBU R128, true peak)
 * and stores ReplayGain 2.0 values (reference -18 LUFS) in the catalogue: track gain and
 * peak per file, album gain and peak over the album's tracks played as one, when none of them
 * has an album gain from its tags. Players (the web player, Subsonic apps through
 * `replayGain`) apply them. A file ffmpeg cannot measure is noted and left until it changes.
 */
export function createLoudness({ db, events, catalog, jobs, ffmpegPath, now, onError = () => {} }: LoudnessDeps) {
  async function failed(tracks: GainTrack[]) {
    for (const t of tracks)
      await db
        .insertInto('loudness_failures')
        .values({ track_id: t.id, content_hash: t.contentHash, failed_at: now() })
        .onConflict((c) => c.columns(['track_id', 'content_hash']).doNothing())
        .execute();
  }

  async function known(tracks: GainTrack[]): Promise<Set<string>> {
    if (!tracks.length) return new Set();
    const rows = await db
      .selectFrom('loudness_failures')
      .select(['track_id', 'content_hash'])
      .where(
        'track_id',
        'in',
        tracks.map((t) => t.id),
      )
      .execute();
    return new Set(rows.map((r) => `${r.track_id} ${r.content_hash}`));
  }

  /** Measures what one album lacks, saves it, and notes the files that could not be measured. */
  async function album(albumId: string, signal: AbortSignal): Promise<void> {
    const tracks = await catalog.albumGainTracks(albumId);
    const skip = await known(tracks);
    const todo = tracks.filter((t) => t.trackGain === null && !skip.has(`${t.id} ${t.contentHash}`));
    const saved: MeasuredGain[] = [];
    const bad: GainTrack[] = [];
    for (const t of todo) {
      const m = await measure(ffmpegPath!, [t.path], signal);
      if (m) saved.push({ id: t.id, contentHash: t.contentHash, track: { gain: gainFor(m.lufs), peak: m.peak } });
      else bad.push(t);
    }
    const wantsAlbum = tracks.length <= ALBUM_MAX_TRACKS && tracks.every((t) => t.albumGain === null) && !bad.length && todo.length > 0;
    const all = wantsAlbum
      ? await measure(
          ffmpegPath!,
          tracks.map((t) => t.path),
          signal,
        )
      : null;
    if (all) {
      const albumGain = { gain: gainFor(all.lufs), peak: all.peak };
      for (const t of tracks) {
        const entry = saved.find((s) => s.id === t.id);
        if (entry) entry.album = albumGain;
        else saved.push({ id: t.id, contentHash: t.contentHash, album: albumGain });
      }
    }
    await catalog.saveMeasuredGains(saved);
    await failed(bad);
  }

  return {
    /** Measures every album with a track lacking gain (what the job runs). */
    async run(signal: AbortSignal = AbortSignal.timeout(24 * 3600_000)) {
      if (!ffmpegPath) return;
      let after = '';
      for (;;) {
        const albums = await catalog.albumsMissingGain(after, BATCH);
        if (!albums.length) return;
        for (const id of albums) {
          await album(id, AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)])).catch((error: unknown) => onError(error as Error));
          signal.throwIfAborted();
        }
        after = albums.at(-1)!;
      }
    },

    /** Declares the job and queues it after every scan (one at a time per cluster). */
    async install() {
      await jobs.queue({ name: 'loudness', policy: 'stately', heartbeatS: 60 }, async () => this.run());
      // The node that scanned asks (once per cluster); a job already waiting takes it in.
      events.subscribe((event, delivery) => {
        if (event.type === 'library.scanned' && !delivery.remote) jobs.send('loudness', {}, 'all').catch((error: unknown) => onError(error as Error));
      });
    },
  };
}

export type Loudness = ReturnType<typeof createLoudness>;
