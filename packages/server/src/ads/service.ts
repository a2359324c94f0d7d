import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Ad, AdBreak, CreateAdBody, Tier, UpdateAdBody } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Plans } from '../plans/service.ts';
import type { StreamPrefix } from '../streaming/service.ts';
import { acceptBanner, checkClickUrl, normaliseAdAudio } from './intake.ts';
import { createAdsRepository } from './repository.ts';
import type { AdBreaksTable, AdsTable } from './tables.ts';

export interface AdsDeps {
  db: Db;
  plans: Pick<Plans, 'get'>;
  /** Ads' files live in `<dataDir>/ads` (never in a music folder). */
  dataDir: string;
  /** ffmpeg for normalising uploads; null: audio uploads are refused. */
  ffmpegPath: string | null;
  now: () => number;
  /** Loudness every ad is brought to, LUFS (the music's target). */
  targetLufs?: number;
  /** Picks among weights (tests pass a fixed one); default Math.random. */
  random?: () => number;
}

/** A track counted toward the next break: the same track reported again within its length (stream, then player) counts once. */
const SAME_PLAY_MIN_MS = 60_000;
/** A break asked for again within this long is the same break (a reload, a second request of the same stream). */
const BREAK_REUSE_MS = 10 * 60_000;
export const LOUDNESS_TARGET_LUFS = -14;

/**
 * The ads module: house ads ("REKLAM") that administrators upload, and the ad breaks of
 * listeners whose plan has an ad cadence. Breaks are due per user across all their devices
 * and nodes (the count lives in the database). The web player asks for a due break between
 * tracks and plays it; a Subsonic app cannot be asked, so a due ad is spliced in front of
 * the next track's stream (see subsonic's stream). An ad counts as played only when heard
 * to the end.
 */
export function createAds({ db, plans, dataDir, ffmpegPath, now, targetLufs = LOUDNESS_TARGET_LUFS, random = Math.random }: AdsDeps) {
  const repo = createAdsRepository(db);
  const folder = join(dataDir, 'ads');
  mkdirSync(folder, { recursive: true, mode: 0o700 });

  const requireAd = async (id: string): Promise<AdsTable> => {
    const ad = await repo.ad(id);
    if (!ad) throw notFound('Ad', 'ad_not_found');
    return ad;
  };
  /** Writes a file under a fresh name and returns it; the old one is removed once the row points at the new one. */
  const fresh = (id: string, extension: string) => `${id}-${randomBytes(6).toString('hex')}.${extension}`;
  const removeFile = (name: string | null) => (name ? rm(join(folder, name), { force: true }) : Promise.resolve());

  const isDue = async (userId: string, tier: Tier): Promise<boolean> => {
    const plan = await plans.get(tier);
    if (!plan.has_ads) return false;
    const state = await repo.listener(userId);
    if (!state) return false;
    const byTracks = plan.ad_every_tracks !== null && Number(state.tracks) >= plan.ad_every_tracks;
    const byTime = plan.ad_every_minutes !== null && Number(state.listened_ms) >= plan.ad_every_minutes * 60_000;
    return byTracks || byTime;
  };

  /** A due break for this surface: the pending one, or a new one with an ad picked by weight; undefined when none is due or none runs. */
  const dueBreak = async (userId: string, tier: Tier, surface: AdBreaksTable['surface']) => {
    if (!(await isDue(userId, tier))) return undefined;
    const at = now();
    const pending = await repo.pendingBreak(userId, surface, at - BREAK_REUSE_MS);
    if (pending) {
      const ad = await repo.ad(pending.ad_id);
      if (ad?.audio_file) return { row: pending, ad };
    }
    const running = await repo.running(at);
    const ad = pick(running, random);
    if (!ad) return undefined;
    const row: AdBreaksTable = { id: newId(), user_id: userId, ad_id: ad.id, surface, started_at: at, played_at: null, clicked: 0 };
    await repo.insertBreak(row);
    return { row, ad };
  };

  return {
    /** Whether listeners on this tier's plan hear ads at all (from memory). */
    hasAds: async (tier: Tier) => (await plans.get(tier)).has_ads,

    async list(): Promise<Ad[]> {
      const at = now();
      return (await repo.all()).map((row) => present(row, at));
    },

    async create(body: CreateAdBody): Promise<Ad> {
      const at = now();
      const row: AdsTable = {
        id: newId(),
        title: body.title,
        click_url: checkClickUrl(body.click_url),
        starts_at: time(body.starts_at),
        ends_at: time(body.ends_at),
        weight: body.weight ?? 1,
        audio_file: null,
        duration_ms: null,
        loudness_lufs: null,
        banner_file: null,
        banner_mime: null,
        banner_width: null,
        banner_height: null,
        impressions: 0,
        clicks: 0,
        created_at: at,
        updated_at: at,
      };
      await repo.insert(row);
      return present(row, at);
    },

    async update(id: string, body: UpdateAdBody): Promise<Ad> {
      await requireAd(id);
      await repo.update(id, {
        ...(body.title !== undefined && { title: body.title }),
        ...(body.click_url !== undefined && { click_url: checkClickUrl(body.click_url) }),
        ...(body.starts_at !== undefined && { starts_at: time(body.starts_at) }),
        ...(body.ends_at !== undefined && { ends_at: time(body.ends_at) }),
        ...(body.weight !== undefined && { weight: body.weight }),
        updated_at: now(),
      });
      return present(await requireAd(id), now());
    },

    async remove(id: string): Promise<void> {
      const ad = await requireAd(id);
      await repo.remove(id);
      await Promise.all([removeFile(ad.audio_file), removeFile(ad.banner_file)]);
    },

    /** Takes an uploaded audio file: normalised to the target loudness and stored as FLAC; the upload itself is not kept. */
    async putAudio(id: string, bytes: Uint8Array): Promise<Ad> {
      const ad = await requireAd(id);
      if (!ffmpegPath) throw new AppError('transcoding_unavailable', 503, 'ffmpeg is not available on this server, so ad audio cannot be normalised');
      const upload = join(folder, `upload-${randomBytes(8).toString('hex')}`);
      const name = fresh(id, 'flac');
      try {
        await writeFile(upload, bytes, { mode: 0o600 });
        const result = await normaliseAdAudio({ ffmpegPath, input: upload, output: join(folder, name), targetLufs });
        await repo.update(id, { audio_file: name, duration_ms: result.durationMs, loudness_lufs: Math.round(result.outputLufs * 10) / 10, updated_at: now() });
      } catch (error) {
        await removeFile(name);
        throw error;
      } finally {
        await rm(upload, { force: true });
      }
      await removeFile(ad.audio_file);
      return present(await requireAd(id), now());
    },

    /** Takes an uploaded banner: checked, shrunk to the ad slot and re-encoded (see banner.ts). */
    async putBanner(id: string, bytes: Uint8Array): Promise<Ad> {
      const ad = await requireAd(id);
      const banner = await acceptBanner(bytes);
      const name = fresh(id, banner.mime.split('/')[1]!);
      const tmp = join(folder, `${name}.tmp`);
      await writeFile(tmp, banner.bytes, { mode: 0o600 });
      await rename(tmp, join(folder, name));
      await repo.update(id, { banner_file: name, banner_mime: banner.mime, banner_width: banner.width, banner_height: banner.height, updated_at: now() });
      await removeFile(ad.banner_file);
      return present(await requireAd(id), now());
    },

    /** An ad's audio or banner file, for any signed-in listener (ads are public to them). */
    async file(id: string, which: 'audio' | 'banner'): Promise<{ stream: Readable; size: number; mime: string }> {
      const ad = await requireAd(id);
      const name = which === 'audio' ? ad.audio_file : ad.banner_file;
      if (!name) throw notFound(which === 'audio' ? 'Ad audio' : 'Ad banner', 'ad_not_found');
      const path = join(folder, name);
      const { size } = await stat(path);
      return { stream: createReadStream(path), size, mime: which === 'audio' ? 'audio/flac' : ad.banner_mime! };
    },

    /**
     * A track started for this listener (a player's report or a Subsonic stream): it counts
     * toward their next break, with the time they spent on the track before it. Callers
     * count only listeners whose plan has ads (`hasAds`).
     */
    async trackStarted(userId: string, trackId: string, durationMs: number): Promise<void> {
      const at = now();
      const state = await repo.listener(userId);
      const lastAt = state?.last_track_at === null || state?.last_track_at === undefined ? null : Number(state.last_track_at);
      const lastMs = Number(state?.last_track_ms ?? 0);
      if (state?.last_track_id === trackId && lastAt !== null && at - lastAt < Math.max(lastMs, SAME_PLAY_MIN_MS)) return;
      const spent = lastAt === null ? 0 : Math.max(0, Math.min(at - lastAt, lastMs));
      await repo.putListener({
        user_id: userId,
        tracks: Number(state?.tracks ?? 0) + 1,
        listened_ms: Number(state?.listened_ms ?? 0) + spent,
        last_track_id: trackId,
        last_track_at: at,
        last_track_ms: Math.max(0, Math.round(durationMs)),
      });
    },

    /** The break the web player should play now, or null. */
    async webBreak(userId: string, tier: Tier): Promise<AdBreak | null> {
      const due = await dueBreak(userId, tier, 'web');
      if (!due) return null;
      const { row, ad } = due;
      const base = `/api/v1/ads/${encodeURIComponent(ad.id)}`;
      return {
        id: row.id,
        ad: {
          id: ad.id,
          title: ad.title,
          duration_ms: Number(ad.duration_ms),
          audio_url: `${base}/audio?v=${encodeURIComponent(ad.audio_file!)}`,
          banner_url: ad.banner_file ? `${base}/banner?v=${encodeURIComponent(ad.banner_file)}` : null,
          banner_width: ad.banner_width,
          banner_height: ad.banner_height,
          click_url: ad.click_url,
        },
      };
    },

    /** The ad to splice in front of a Subsonic stream, when one is due: play() once its bytes were sent. */
    async streamBreak(userId: string, tier: Tier): Promise<{ prefix: StreamPrefix; breakId: string } | undefined> {
      const due = await dueBreak(userId, tier, 'subsonic');
      if (!due) return undefined;
      return { breakId: due.row.id, prefix: { id: `ad:${due.ad.audio_file}`, path: join(folder, due.ad.audio_file!), durationMs: Number(due.ad.duration_ms) } };
    },

    /** A break heard to the end: counted once; the listener's count starts again. */
    async played(userId: string, breakId: string): Promise<void> {
      if (await repo.playBreak(userId, breakId, now())) return;
      if (!(await repo.breakOf(userId, breakId))) throw notFound('Ad break', 'ad_break_not_found');
    },

    async clicked(userId: string, breakId: string): Promise<void> {
      if (await repo.clickBreak(userId, breakId)) return;
      if (!(await repo.breakOf(userId, breakId))) throw notFound('Ad break', 'ad_break_not_found');
    },
  };
}

export type Ads = ReturnType<typeof createAds>;

/** One ad, with a chance proportional to its weight. */
function pick(ads: AdsTable[], random: () => number): AdsTable | undefined {
  const total = ads.reduce((sum, ad) => sum + Number(ad.weight), 0);
  let roll = random() * total;
  for (const ad of ads) {
    roll -= Number(ad.weight);
    if (roll < 0) return ad;
  }
  return ads.at(-1);
}

const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);
const isoOf = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

function present(row: AdsTable, at: number): Ad {
  const startsAt = row.starts_at === null ? null : Number(row.starts_at);
  const endsAt = row.ends_at === null ? null : Number(row.ends_at);
  return {
    id: row.id,
    title: row.title,
    click_url: row.click_url,
    starts_at: isoOf(startsAt),
    ends_at: isoOf(endsAt),
    weight: Number(row.weight),
    duration_ms: row.duration_ms === null ? null : Number(row.duration_ms),
    loudness_lufs: row.loudness_lufs === null ? null : Number(row.loudness_lufs),
    has_banner: row.banner_file !== null,
    banner_width: row.banner_width === null ? null : Number(row.banner_width),
    banner_height: row.banner_height === null ? null : Number(row.banner_height),
    running: row.audio_file !== null && (startsAt === null || startsAt <= at) && (endsAt === null || endsAt > at),
    impressions: Number(row.impressions),
    clicks: Number(row.clicks),
    created_at: new Date(Number(row.created_at)).toISOString(),
  };
}
