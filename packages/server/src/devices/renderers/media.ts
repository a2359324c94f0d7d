import type { Tier } from '@runnel/api';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Streaming } from '../../streaming/service.ts';
import type { TrackLookup } from '../../track-lookup.ts';
import type { TrackMetadata } from './didl.ts';

/**
 * What a renderer is given to play: a signed stream URL it can fetch without cookies, on an
 * address of this server it can reach, with the track's tags and the real MIME type.
 *
 * The URL is signed (streaming's stream-url) for the renderer's own credential, `r` + its
 * device id: valid while the user keeps the renderer, whatever sessions come and go. The
 * streaming module asks `credentialActive` about it; `withRendererCredentials` answers.
 */
export const rendererCredential = (deviceId: string) => `r${deviceId}`;

/** Wraps accounts' credentialActive: a renderer credential stands while its device row (with a renderer URL) is there. */
export function withRendererCredentials(db: Db, next: (userId: string, credential: string) => Promise<boolean>) {
  return async (userId: string, credential: string): Promise<boolean> => {
    if (!credential.startsWith('r')) return next(userId, credential);
    const row = await db
      .selectFrom('devices')
      .select('id')
      .where('user_id', '=', userId)
      .where('id', '=', credential.slice(1))
      .where('renderer_url', 'is not', null)
      .executeTakeFirst();
    return row !== undefined;
  };
}

const LOOPBACK = /^(127\.|::1$|localhost$)/i;
const unmapped = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
const hostPart = (address: string) => (address.includes(':') ? `[${address}]` : address);

/**
 * Where a renderer reaches this server: the address the server listens on, or, when it
 * listens on every address, this machine's address on the connection to the renderer (the
 * interface facing it). A server listening on loopback only cannot be reached from another
 * machine: then the origin the user added the renderer through (its Host), if any.
 */
export function streamBase(
  listening: { address: string; port: number } | null,
  localAddress: string | undefined,
  rendererHost: string,
  origin?: string,
): string {
  if (listening) {
    const wildcard = listening.address === '0.0.0.0' || listening.address === '::';
    const host = wildcard ? localAddress && unmapped(localAddress) : unmapped(listening.address);
    const loopbackOnly = host !== undefined && LOOPBACK.test(host) && !LOOPBACK.test(rendererHost.replace(/^\[|\]$/g, ''));
    if (host && !loopbackOnly) return `http://${hostPart(host)}:${listening.port}`;
  }
  if (origin) return origin;
  throw new Error('this server has no address the renderer can reach (it listens on loopback only)');
}

export interface MediaDeps {
  http: FastifyInstance;
  streaming: Pick<Streaming, 'streamUrl'>;
  tracks: TrackLookup;
  tierOf: (userId: string) => Promise<Tier | undefined>;
}

export interface MediaRequest {
  userId: string;
  deviceId: string;
  trackId: string;
  /** The renderer's host (its description URL's), and this server's address on the last connection to it. */
  rendererHost: string;
  localAddress: string | undefined;
  /** The origin the renderer was added through, when known (see streamBase). */
  origin?: string;
  /** Codecs the renderer plays (from its sink protocols); others are transcoded. */
  codecs?: string[];
}

interface TagShape {
  name?: string;
  duration_ms?: number;
  artists?: { name?: string }[];
  album?: { name?: string; images?: { url?: string }[] };
}

/** Makes the media a renderer plays for one track. Throws when the user may not stream it now. */
export function rendererMedia({ http, streaming, tracks, tierOf }: MediaDeps) {
  return async (request: MediaRequest): Promise<TrackMetadata> => {
    const tier = await tierOf(request.userId);
    if (!tier) throw new Error('the user is gone');
    const options = request.codecs?.length ? { codecs: request.codecs.join(',') } : {};
    const signed = await streaming.streamUrl({ userId: request.userId, tier }, rendererCredential(request.deviceId), request.trackId, options);
    // Asked here first (in-process): the real type, and a refusal (plan, missing file) found before the renderer is.
    const head = await http.inject({ method: 'HEAD', url: signed.url });
    if (head.statusCode !== 200 && head.statusCode !== 206) throw new Error(`the stream answers ${head.statusCode} for track ${request.trackId}`);
    const address = http.server.address();
    const listening = address && typeof address === 'object' ? { address: address.address, port: address.port } : null;
    const base = streamBase(listening, request.localAddress, request.rendererHost, request.origin);
    const tags = ((await tracks.tracks([request.trackId])).get(request.trackId) ?? {}) as TagShape;
    const art = tags.album?.images?.[0]?.url;
    return {
      id: request.trackId,
      title: tags.name ?? request.trackId,
      artist: tags.artists?.map((a) => a.name).filter(Boolean)[0],
      album: tags.album?.name,
      durationMs: tags.duration_ms ?? null,
      mime: String(head.headers['content-type'] ?? 'application/octet-stream'),
      size: Number(head.headers['content-length']) || null,
      url: `${base}${signed.url}`,
      albumArtUrl: art?.startsWith('/') ? `${base}${art}` : null,
    };
  };
}

export type RendererMedia = ReturnType<typeof rendererMedia>;

/** Codecs (as streaming names them) a renderer's sink MIME types stand for. */
export function codecsOf(mimes: string[]): string[] {
  const map: Record<string, string[]> = {
    'audio/mpeg': ['mp3'],
    'audio/mp3': ['mp3'],
    'audio/flac': ['flac'],
    'audio/x-flac': ['flac'],
    'audio/ogg': ['vorbis', 'opus'],
    'application/ogg': ['vorbis', 'opus'],
    'audio/x-vorbis': ['vorbis'],
    'audio/opus': ['opus'],
    'audio/aac': ['aac'],
    'audio/mp4': ['aac', 'alac'],
    'audio/x-m4a': ['aac', 'alac'],
    'audio/wav': ['pcm'],
    'audio/x-wav': ['pcm'],
  };
  return [...new Set(mimes.flatMap((m) => map[m] ?? []))];
}
