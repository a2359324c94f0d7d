import type { StreamFormat } from '@runnel/api';
import type { StreamHttpRequest } from '../../streaming/service.ts';
import { sendOutcome, streamRequest } from '../../streaming/reply.ts';
import { SENT, type Call, type Endpoints, type Outcome } from '../endpoint.ts';
import { notFound } from '../errors.ts';
import { lyricsText, structuredLyrics } from '../lyrics.ts';
import { AppError } from '../../errors.ts';
import { streamWithAds } from '../../ads/splice.ts';

/**
 * Audio, artwork and lyrics. stream and download go through the streaming module (decide →
 * limit → execute, the caller's tier applies to streams) and are written the way the native
 * route writes them; errors before the first byte are envelopes like any other.
 */

/** Subsonic's `format` in Runnel's terms; formats Runnel does not make are ignored (the server chooses). */
const FORMATS: Record<string, StreamFormat> = { raw: 'original', mp3: 'mp3', opus: 'opus', ogg: 'vorbis', vorbis: 'vorbis', aac: 'aac' };

const httpRequest = (call: Call, options: StreamHttpRequest['options']) => streamRequest(call.request, call.reply, options);

const listener = (call: Call) => ({ userId: call.user.id, tier: call.user.tier });

/** Which artwork a cover id stands for: `al-`/`ar-`/`pl-` ids from responses, or a bare song, album, artist or playlist id. */
async function coverImageId(call: Call, id: string): Promise<string | undefined> {
  const { catalog, playlists } = call.services;
  if (id.startsWith('al-')) return catalog.imageIdOf('album', id.slice(3));
  if (id.startsWith('ar-')) return catalog.imageIdOf('artist', id.slice(3));
  const playlistId = id.startsWith('pl-') ? id.slice(3) : id;
  if (!id.startsWith('pl-')) {
    for (const kind of ['track', 'album', 'artist'] as const) {
      const image = await catalog.imageIdOf(kind, id);
      if (image) return image;
    }
  }
  if (!(await playlists.canView(playlistId, call.user.id))) return undefined;
  // A playlist's cover is the first of its songs' album covers: the items say which songs
  // have one, so the artwork is looked up once (among the first 1,000 items).
  for (let offset = 0; offset < 1_000; offset += 100) {
    const page = await playlists.items(playlistId, call.user.id, 100, offset);
    const covered = page.items.find((item) => item.track?.id && ((item.track as { album?: { images?: unknown[] } }).album?.images?.length ?? 0) > 0);
    if (covered) return catalog.imageIdOf('track', covered.track!.id!);
    if (offset + 100 >= page.total) break;
  }
  return undefined;
}

export const mediaEndpoints: Endpoints = {
  stream: {
    async handle(call): Promise<Outcome> {
      const { params, services } = call;
      const id = params.require('id');
      const maxBitRate = params.int('maxBitRate', { min: 0, fallback: 0 })!;
      const offset = params.int('timeOffset', { min: 0, max: 86_400, fallback: 0 })!;
      const format = FORMATS[params.get('format')?.toLowerCase() ?? ''];
      // A free plan's due ad plays first, in the same stream (ads/splice.ts).
      const outcome = await streamWithAds(
        services.ads,
        services.streaming,
        listener(call),
        id,
        httpRequest(call, {
          format,
          // 0: no limit beyond the tier's; below the lowest bitrate Runnel encodes, that lowest.
          bitrate: maxBitRate > 0 ? Math.max(32, maxBitRate) : undefined,
          offset: offset > 0 ? offset : undefined,
        }),
      );
      const extra: Record<string, string> = {};
      if (outcome.decision.kind === 'transcode') {
        extra['accept-ranges'] = 'none';
        const seconds = Number(outcome.headers['x-content-duration']);
        if (params.bool('estimateContentLength') && !outcome.headers['content-length'] && Number.isFinite(seconds) && outcome.status === 200) {
          extra['content-length'] = String(Math.round((outcome.decision.bitrate * 1000 * seconds) / 8));
        }
      }
      sendOutcome(call.reply, outcome, extra);
      return SENT;
    },
  },

  // The stored file, whatever format or bitrate the tier streams, when the plan allows downloads.
  download: {
    async handle(call): Promise<Outcome> {
      const id = call.params.require('id');
      const track = await call.services.catalog.track(id);
      await call.services.plans.requireRight(call.user.tier, 'downloads', 'Downloading');
      const outcome = await call.services.streaming.download(listener(call), id, httpRequest(call, {}));
      const filename = `${track.name}.${track.suffix}`.replace(/[/\\\r\n"]/g, '_');
      sendOutcome(call.reply, outcome, { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(filename)}` });
      return SENT;
    },
  },

  getCoverArt: {
    async handle(call): Promise<Outcome> {
      const imageId = await coverImageId(call, call.params.require('id'));
      if (!imageId) throw notFound('Cover art');
      const size = call.params.int('size', { min: 1 });
      // Thumbnails come in 16…2048 pixels; the original when no size is asked.
      const image = await call.services.catalog.image(imageId, size === undefined ? undefined : Math.min(2048, Math.max(16, size)));
      call.reply.code(200).type(image.mime).header('cache-control', 'private, max-age=86400');
      call.reply.send(image.stream);
      return SENT;
    },
  },

  // OpenSubsonic songLyrics: the lyrics module's (tags, a .lrc file beside the track, LRCLIB).
  getLyricsBySongId: {
    async handle(call) {
      const id = call.params.require('id');
      const track = await call.services.catalog.track(id);
      const lyrics = await call.services.lyrics.forTrack(id).catch(noLyrics);
      return { lyricsList: { structuredLyrics: lyrics ? [structuredLyrics(track, lyrics)] : [] } };
    },
  },

  // The first song whose title (and artist, when given) match exactly and that has lyrics.
  getLyrics: {
    async handle(call) {
      const artist = call.params.get('artist')?.trim();
      const title = call.params.get('title')?.trim();
      if (!title) return { lyrics: {} };
      const { search, catalog } = call.services;
      const result = await search.query({ q: artist ? `${artist} ${title}` : title, kinds: ['track'], limit: 20, offset: 0, userId: call.user.id });
      const ids = result.results.track?.hits.map((h) => h.id) ?? [];
      const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
      for (const track of await catalog.tracks(ids)) {
        if (!track || !same(track.name, title)) continue;
        if (artist && !track.artists.some((a) => same(a.name, artist))) continue;
        const lyrics = await call.services.lyrics.forTrack(track.id).catch(noLyrics);
        if (lyrics) return { lyrics: { artist: track.artists.map((a) => a.name).join(', '), title: track.name, value: lyricsText(lyrics) } };
      }
      return { lyrics: {} };
    },
  },
};

/** None found is an empty answer for these two calls, not an error. */
function noLyrics(error: unknown): undefined {
  if (error instanceof AppError && error.code === 'lyrics_not_found') return undefined;
  throw error;
}
