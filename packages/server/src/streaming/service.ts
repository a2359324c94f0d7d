import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { StreamUrl, StreamUrlQuery, Tier } from '@runnel/api';
import { notFound } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import { BlockCache } from './blocks.ts';
import { createTranscodeCache } from './cache.ts';
import { decide, estimateKbps, type Decision, type StreamRequest } from './decide.ts';
import type { TrackFile, TrackFiles } from './files.ts';
import { normaliseCodec, originalContentType, TARGETS, type TargetFormat } from './formats.ts';
import { Limiter } from './limiter.ts';
import { cachedTrackFiles } from './locations.ts';
import { FileStats } from './file-stats.ts';
import { sendFile, type FileRequest, type FileServing, type StreamReply } from './send.ts';
import { createStreamTokens, loadOrCreateStreamKey, type TokenCheck } from './tokens.ts';
import { createTranscoder } from './transcoder.ts';
import { ffmpegEncoders } from '../tools/encoders.ts';
import { findTool } from '../tools/tools.ts';

export interface StreamingDeps {
  events: EventBus;
  files: TrackFiles;
  /** The data folder: the token key and the transcode cache live here. */
  dataDir: string;
  /** ffmpeg to run; omitted: the system's or the npm package's (tools/); null: none (originals only). */
  ffmpegPath?: string | null;
  /** Cap of the transcode cache in bytes (default 2 GiB). */
  cacheMaxBytes?: number;
  /** ffmpeg processes allowed at once (default: one per core). */
  maxTranscodes?: number;
  /** Transcodes allowed to wait for a slot (default 64); beyond it: 503 transcode_busy. */
  maxQueue?: number;
  /**
   * Idle ffmpeg processes kept warm for the most recently used formats and bitrates
   * (default 2, ~10 MB each; 0: none): an uncached transcode then starts in a few ms.
   */
  transcodeSpares?: number;
  /** Memory for hot blocks of files being streamed, bytes (default 128 MiB; 0: none). */
  blockCacheBytes?: number;
  /**
   * On a busy server, long responses go out at this multiple of the track's bitrate after a
   * 384 KiB burst (default 1.5; 0: as fast as the client reads). Keeps thousands of
   * listeners cheap.
   */
  paceFactor?: number;
  /** The server is busy (and paces) while more long responses than this are being sent (default 16). */
  paceAbove?: number;
  /** Lifetime of a signed stream URL, seconds (default 3600). */
  tokenTtlS?: number;
  /**
   * Whether the session or API token a stream URL was made for still stands (accounts'
   * credentialActive): asked on every request with a signed URL, so it must answer from
   * memory in the steady state.
   */
  credentialActive: (userId: string, credential: string) => Promise<boolean>;
  /** What the listener's plan allows (the plans module); asked on every stream, so answered from memory. */
  plans: StreamPlans;
  /** The user's tier now (accounts' tierOf, from memory): a signed URL plays under the plan its user is on, not the one they were on when it was signed. */
  tierOf: (userId: string) => Promise<Tier | undefined>;
  /** The time now (ms since the epoch); the app passes its clock (AppDeps.clock). */
  now: () => number;
  onError?: (error: Error) => void;
}

/** The plan rules streaming applies. */
export interface StreamPlans {
  /** The highest bitrate (kbps) the tier streams: higher originals are transcoded down, whatever the client asks. */
  maxBitrate(tier: Tier): Promise<number>;
  /** Throws when the listener may not start a stream now (their monthly listening is used up). */
  admit(listener: Listener): Promise<void>;
  /** Throws when the listener's plan does not let them keep music offline. */
  admitOffline(listener: Listener): Promise<void>;
}

/** Who is listening: from a session/API token, or from a signed stream token. */
export interface Listener {
  userId: string;
  tier: Tier;
}

export interface StreamHttpRequest extends FileRequest {
  options: StreamRequest;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** `offline`: the player keeps the track to play offline, which the listener's plan must allow. */
  purpose?: 'offline';
}

/** Audio to play in front of a track, in the same response (the ads module's spliced ad). */
export interface StreamPrefix {
  /** Stable id of the audio (part of the transcode key). */
  id: string;
  path: string;
  durationMs: number;
}

/** A reply plus the hook that reports how it ended (for the stream events). */
export interface StreamOutcome extends StreamReply {
  decision: Decision;
  /** Call once the response is over; publishes stream.finished with the bytes sent. Returns the bytes sent. */
  finished(completed: boolean): number;
  /** Bytes of the response that are the prefix (its estimate at the transcode's bitrate); 0 without one. */
  prefixBytes: number;
  /** The track's length as the catalogue knows it, ms. */
  durationMs: number | null;
}

const PACE_BURST = 384 * 1024;

/** The streaming module: decides what to send, limits ffmpeg, and serves bytes. */
export function createStreaming(deps: StreamingDeps) {
  const { events, files, dataDir, credentialActive, plans, tierOf, now, onError = () => {} } = deps;
  const ffmpegPath = deps.ffmpegPath === undefined ? (findTool('ffmpeg')?.path ?? null) : deps.ffmpegPath;
  // What this ffmpeg can encode, asked once in the background: decisions never pick a format it cannot make.
  const formatsReady: Promise<ReadonlySet<TargetFormat['name']>> = (ffmpegPath ? ffmpegEncoders(ffmpegPath) : Promise.resolve(new Set<string>())).then(
    (encoders) =>
      new Set(
        Object.values(TARGETS)
          .filter((t) => encoders.has(t.encoder))
          .map((t) => t.name),
      ),
  );
  const tokens = createStreamTokens(loadOrCreateStreamKey(dataDir), now);
  const tokenTtlS = deps.tokenTtlS ?? 3600;
  const cache = createTranscodeCache(join(dataDir, 'transcodes'), deps.cacheMaxBytes ?? 2 * 1024 ** 3);
  const limiter = new Limiter(deps.maxTranscodes ?? Math.max(1, availableParallelism()), deps.maxQueue ?? 64);
  const blocks = new BlockCache(deps.blockCacheBytes ?? 128 * 1024 ** 2);
  const paceFactor = deps.paceFactor ?? 1.5;
  const busyAbove = deps.paceAbove ?? 16;
  const stats = new FileStats();
  const sending = { count: 0 };
  const unpaced: FileServing = { blocks, stats };
  const paced = new Map<number, FileServing>();
  /** Serving options for a file of this bitrate (kbps): paced when the bitrate is known and the server busy. */
  const serving = (kbps: number | null): FileServing => {
    if (!kbps || paceFactor <= 0) return unpaced;
    let options = paced.get(kbps);
    if (!options) {
      if (paced.size >= 1000) paced.clear(); // bitrates are few; this only bounds the map
      options = { blocks, stats, pace: { burstBytes: PACE_BURST, bytesPerSecond: (kbps * 1000 * paceFactor) / 8, busyAbove, sending } };
      paced.set(kbps, options);
    }
    return options;
  };
  const transcoder = ffmpegPath ? createTranscoder({ ffmpegPath, limiter, cache, onError, spares: deps.transcodeSpares }) : undefined;

  const locations = cachedTrackFiles(files, events);
  const locate = async (trackId: string): Promise<TrackFile> => {
    const file = await locations.locate(trackId);
    if (!file) throw notFound('Track', 'track_not_found');
    return file;
  };

  /** Execute: the original, a cached transcode, or a live (possibly shared) ffmpeg run. */
  const execute = async (trackId: string, file: TrackFile, decision: Decision, request: StreamHttpRequest, prefix?: StreamPrefix): Promise<StreamReply> => {
    if (decision.kind === 'original') {
      return withMissingFile(sendFile(serving(file.bitrate ?? estimateKbps(file)), file.path, originalContentType(file.codec, file.suffix), request));
    }
    const { target, bitrate, offset, clip } = decision;
    const headers: Record<string, string> = { 'x-transcode': `${target.name}; ${bitrate}kbps` };
    if (file.durationMs !== null)
      headers['x-content-duration'] = Math.min(clip ?? Infinity, Math.max(0, (file.durationMs + (prefix?.durationMs ?? 0)) / 1000 - offset)).toFixed(2);
    const key = createHash('sha256')
      .update(`${trackId}|${file.path}|${file.size}|${file.mtimeMs}|${target.name}|${bitrate}|${offset}|${prefix?.id ?? ''}|${clip ?? ''}`)
      .digest('hex')
      .slice(0, 32);
    const cached = offset === 0 && !prefix ? cache.get(key) : undefined;
    if (cached) {
      try {
        return await sendFile(serving(bitrate), cached.path, target.contentType, request, headers);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        cache.forget(key);
      }
    }
    // A live transcode has no length or ranges yet: the whole stream is sent (a seek asks for an offset).
    Object.assign(headers, { 'content-type': target.contentType, 'accept-ranges': 'none', 'cache-control': 'no-store' });
    if (request.method === 'HEAD') return { status: 200, headers };
    const body = await transcoder!.open(
      { key, input: file.path, target, bitrate, offset, ...(clip !== undefined && { clip }), cacheable: offset === 0 && !prefix, prefix: prefix?.path },
      request.signal,
    );
    return { status: 200, headers, body, sent: () => body.pushed };
  };

  /** Execute a decision and report the stream's start and end on the bus. */
  const serve = async (
    listener: Listener,
    trackId: string,
    file: TrackFile,
    decision: Decision,
    request: StreamHttpRequest,
    prefix?: StreamPrefix,
  ): Promise<StreamOutcome> => {
    const reply = await execute(trackId, file, decision, request, prefix);
    const started = now();
    const hasBody = reply.body !== undefined || reply.chunks !== undefined;
    const summary = {
      track_id: trackId,
      kind: decision.kind,
      ...(decision.kind === 'transcode' && { format: decision.target.name, bitrate: decision.bitrate, offset: decision.offset }),
      ...(prefix && { prefix: prefix.id }),
      status: reply.status,
      range: reply.headers['content-range'] ?? null,
    };
    if (hasBody) void events.publish({ type: 'stream.started', users: [listener.userId], data: summary }).catch(onError);
    return {
      ...reply,
      decision,
      durationMs: file.durationMs,
      prefixBytes: prefix && decision.kind === 'transcode' ? Math.floor((decision.bitrate * 1000 * prefix.durationMs) / 8000) : 0,
      finished(completed) {
        if (!hasBody) return 0;
        const bytesSent = completed && reply.length !== undefined ? reply.length : (reply.sent?.() ?? 0);
        const data = { ...summary, bytes_sent: bytesSent, completed, duration_ms: now() - started };
        void events.publish({ type: 'stream.finished', users: [listener.userId], data }).catch(onError);
        return bytesSent;
      },
    };
  };

  return {
    transcoding: ffmpegPath !== null,
    ffmpegPath,

    /**
     * Decide → limit → execute for one request; the reply is ready to write. With a prefix
     * (an ad) the response is always a live transcode of the prefix then the track; without
     * ffmpeg the prefix is dropped (`prefixBytes` 0).
     */
    async stream(listener: Listener, trackId: string, request: StreamHttpRequest, prefix?: StreamPrefix): Promise<StreamOutcome> {
      const file = await locate(trackId);
      await plans.admit(listener);
      if (request.purpose === 'offline') await plans.admitOffline(listener);
      const cap = await plans.maxBitrate(listener.tier);
      const formats = await formatsReady;
      let decision = decide({ file, request: request.options, maxBitrate: cap, transcoding: transcoder !== undefined, formats });
      if (prefix && decision.kind === 'original' && transcoder) decision = spliceDecision(file, cap, request.options.codecs, formats) ?? decision;
      return serve(listener, trackId, file, decision, request, decision.kind === 'transcode' ? prefix : undefined);
    },

    /**
     * The file as stored, with byte ranges: a download is the listener's copy of the track
     * (Subsonic's `download`); whether their plan allows downloads is the caller's check.
     */
    async download(listener: Listener, trackId: string, request: StreamHttpRequest): Promise<StreamOutcome> {
      const file = await locate(trackId);
      return serve(listener, trackId, file, { kind: 'original', reason: 'a download is the stored file' }, request);
    },
    /**
     * A signed URL for `<audio src>`: bound to this user, track and credential (the session or
     * API token asking), valid for tokenTtlS or until the credential ends.
     */
    async streamUrl(listener: Listener, credential: string, trackId: string, options: StreamUrlQuery): Promise<StreamUrl> {
      await locate(trackId);
      const { token, expiresAt } = tokens.sign({ userId: listener.userId, tier: listener.tier, trackId, credential }, tokenTtlS);
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(options)) if (value !== undefined) query.set(name, String(value));
      query.set('token', token);
      return { url: `/api/v1/tracks/${encodeURIComponent(trackId)}/stream?${query}`, expires_at: new Date(expiresAt).toISOString(), expires_in: tokenTtlS };
    },

    /** What `stream` would send this tier for a file (no I/O on the file): the original or a transcode. */
    async plan(tier: Tier, file: TrackFile, options: StreamRequest = {}): Promise<Decision> {
      const cap = await plans.maxBitrate(tier);
      try {
        return decide({ file, request: options, maxBitrate: cap, transcoding: transcoder !== undefined, formats: await formatsReady });
      } catch {
        return { kind: 'original', reason: 'transcoding unavailable' };
      }
    },

    /** Checks a stream token for a track, and that the credential it was made for still stands. */
    async verifyToken(token: string, trackId: string): Promise<TokenCheck> {
      const check = tokens.verify(token, trackId);
      if (!check.ok) return check;
      if (!(await credentialActive(check.grant.userId, check.grant.credential))) return { ok: false, reason: 'revoked' };
      const tier = await tierOf(check.grant.userId);
      if (!tier) return { ok: false, reason: 'revoked' };
      return { ok: true, grant: { ...check.grant, tier } };
    },

    /** For /health: transcoding is optional, so its absence degrades rather than fails. */
    health: async (): Promise<{ ok: boolean; detail: string }> => {
      if (!ffmpegPath) return { ok: false, detail: 'ffmpeg not found: transcoding unavailable, originals still play' };
      const formats = await formatsReady;
      const missing = Object.values(TARGETS)
        .filter((t) => !formats.has(t.name))
        .map((t: TargetFormat) => `${t.name} (${t.encoder})`);
      return { ok: true, detail: missing.length ? `${ffmpegPath}; cannot make ${missing.join(', ')}: other formats are used` : ffmpegPath };
    },
    /** The transcode formats this server's ffmpeg can make. */
    formats: async () => [...(await formatsReady)],

    stats: () => ({
      ...(transcoder?.stats() ?? { spawned: 0, warm: 0, running: 0, queued: 0, jobs: 0, spares: 0 }),
      cache: cache.usage(),
      blockCacheBytes: blocks.bytes,
    }),

    /** Stops every ffmpeg process. */
    close(): void {
      locations.close();
      stats.close();
      transcoder?.close();
    },
  };
}

export type Streaming = ReturnType<typeof createStreaming>;

/** The transcode that carries a prefix when the original would have been sent: its own codec when it can be made, else MP3. */
function spliceDecision(file: TrackFile, cap: number, codecs: string[] | undefined, formats: ReadonlySet<TargetFormat['name']>): Decision | undefined {
  const codec = normaliseCodec(file.codec);
  const candidates = Object.values(TARGETS).filter((t) => formats.has(t.name) && (!codecs || codecs.includes(t.codec)));
  const target = candidates.find((t) => t.codec === codec) ?? candidates.find((t) => t.name === 'mp3') ?? candidates[0];
  if (!target) return undefined;
  const kbps = Math.max(32, Math.min(cap, target.maxKbps, file.bitrate ?? estimateKbps(file) ?? cap));
  return { kind: 'transcode', target, bitrate: Math.round(kbps), offset: 0, reason: 'an ad plays first' };
}

async function withMissingFile(reply: Promise<StreamReply>): Promise<StreamReply> {
  try {
    return await reply;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('Track file', 'track_file_missing');
    throw error;
  }
}
