import type { ShareLink, ShareLinkBody, ShareLinkPatch, SharedItem, Tier, Track } from '@runnel/api';
import type { Catalog } from '../catalog/service.ts';
import type { Db } from '../db/database.ts';
import { AppError, badRequest, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Playlists } from '../playlists/service.ts';
import type { Listener, StreamHttpRequest, Streaming } from '../streaming/service.ts';
import type { ShareLinksTable } from './tables.ts';

export interface ShareLinksDeps {
  db: Db;
  catalog: Pick<Catalog, 'track' | 'tracks' | 'album' | 'albumTracks' | 'imageIdOf' | 'image'>;
  playlists: Pick<Playlists, 'get' | 'items'>;
  /** Display names and plans of the people who share. */
  users: { names(ids: string[]): Promise<Map<string, string>>; tierOf(id: string): Promise<Tier | undefined> };
  streaming: Pick<Streaming, 'stream'>;
  /** Visitors hear only the first this many seconds of each track (the operator's choice); in full when undefined. */
  previewSeconds?: number;
  now: () => number;
}

/** The most tracks one link plays (a playlist's first ones). */
const MAX_TRACKS = 10_000;
const PAGE = 500;

const gone = (code: 'share_link_expired' | 'share_link_revoked', message: string) => new AppError(code, 410, message);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Public links to a track, album or playlist: a page anyone can open without an account,
 * playing what was shared and nothing else. The tracks a link plays are fixed when it is
 * made (a private playlist's later additions never leak); expiry and revocation are checked
 * on every request, page and audio alike. Visitors play under the plan of the person who
 * shared (its bitrate), and they count as views, not as plays.
 */
export function createShareLinks({ db, catalog, playlists, users, streaming, previewSeconds, now }: ShareLinksDeps) {
  /** What a uri shares, as the sharer may see it now. */
  async function resolve(userId: string, uri: string) {
    const [, kind, id] = uri.split(':') as [string, 'track' | 'album' | 'playlist', string];
    if (kind === 'track') {
      const track = await catalog.track(id);
      return { kind, title: track.name, trackIds: [track.id], coverAlbumId: track.album.id };
    }
    if (kind === 'album') {
      const album = await catalog.album(id);
      const trackIds: string[] = [];
      for (let offset = 0; offset < album.total_tracks && trackIds.length < MAX_TRACKS; offset += 50) {
        const page = await catalog.albumTracks(id, 50, offset);
        trackIds.push(...page.items.map((t) => t.id));
        if (!page.items.length) break;
      }
      return { kind, title: album.name, trackIds, coverAlbumId: album.id };
    }
    // The playlists module says whether the sharer may see it (404 otherwise).
    const playlist = await playlists.get(id, userId);
    const trackIds: string[] = [];
    let coverAlbumId: string | null = null;
    for (let offset = 0; trackIds.length < MAX_TRACKS; offset += PAGE) {
      const page = await playlists.items(id, userId, PAGE, offset);
      for (const item of page.items) {
        if (item.is_local || !item.track?.id) continue;
        trackIds.push(item.track.id);
        coverAlbumId ??= (item.track as Track).album?.id ?? null;
      }
      if (offset + PAGE >= page.total) break;
    }
    return { kind, title: playlist.name, trackIds: trackIds.slice(0, MAX_TRACKS), coverAlbumId };
  }

  const expiry = (value: string | null | undefined): number | null => {
    if (value === undefined || value === null) return null;
    const at = Date.parse(value);
    if (!Number.isFinite(at)) throw badRequest('expires_at is not a date');
    if (at <= now()) throw badRequest('expires_at is in the past');
    return at;
  };

  const present = (row: ShareLinksTable, origin: string): ShareLink => ({
    id: row.id,
    url: `${origin}/s/${row.id}`,
    kind: row.kind,
    uri: row.uri,
    title: row.title,
    description: row.description,
    track_count: (JSON.parse(row.track_ids) as string[]).length,
    created_at: iso(row.created_at)!,
    expires_at: iso(row.expires_at),
    expired: row.expires_at !== null && row.expires_at <= now(),
    views: Number(row.views),
    last_viewed_at: iso(row.last_viewed_at),
  });

  async function own(userId: string, id: string): Promise<ShareLinksTable> {
    const row = await db.selectFrom('share_links').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.user_id !== userId || row.revoked_at !== null) throw notFound('Share link', 'share_link_not_found');
    return row;
  }

  /** A link anyone may open now; otherwise 404, or 410 saying it expired or was revoked. */
  async function open(id: string): Promise<ShareLinksTable> {
    const row = await db.selectFrom('share_links').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Share link', 'share_link_not_found');
    if (row.revoked_at !== null) throw gone('share_link_revoked', 'This link was turned off by the person who shared it');
    if (row.expires_at !== null && row.expires_at <= now()) throw gone('share_link_expired', 'This link has expired');
    return row;
  }

  /** A user's links that are not revoked, newest first. */
  const active = (userId: string) =>
    db
      .selectFrom('share_links')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();

  async function insert(userId: string, made: Omit<ShareLinksTable, 'id' | 'user_id' | 'created_at' | 'revoked_at' | 'views' | 'last_viewed_at'>) {
    const row: ShareLinksTable = { id: newId(), user_id: userId, created_at: now(), revoked_at: null, views: 0, last_viewed_at: null, ...made };
    await db.insertInto('share_links').values(row).execute();
    return row;
  }

  return {
    /** A new link to what `uri` names, as its owner may see it now. */
    async create(userId: string, body: ShareLinkBody, origin: string): Promise<ShareLink> {
      const expiresAt = expiry(body.expires_at);
      const { kind, title, trackIds, coverAlbumId } = await resolve(userId, body.uri);
      const row = await insert(userId, {
        kind,
        uri: body.uri,
        title,
        description: body.description ?? null,
        track_ids: JSON.stringify(trackIds),
        cover_album_id: coverAlbumId,
        expires_at: expiresAt,
      });
      return present(row, origin);
    },

    /** A link to a set of tracks (Subsonic's createShare with song ids). */
    async createForTracks(userId: string, trackIds: string[], description: string | null, expiresAt: number | null, origin: string): Promise<ShareLink> {
      if (expiresAt !== null && expiresAt <= now()) throw badRequest('expires is in the past');
      const tracks = await catalog.tracks(trackIds.slice(0, MAX_TRACKS));
      const found = tracks.filter((t): t is Track => t !== null);
      if (found.length < trackIds.length) throw notFound('Track', 'track_not_found');
      const row = await insert(userId, {
        kind: found.length === 1 ? 'track' : 'tracks',
        uri: found.length === 1 ? `runnel:track:${found[0]!.id}` : null,
        title: description ?? (found.length === 1 ? found[0]!.name : `${found[0]!.name} and ${found.length - 1} more`),
        description,
        track_ids: JSON.stringify(found.map((t) => t.id)),
        cover_album_id: found[0]?.album.id ?? null,
        expires_at: expiresAt,
      });
      return present(row, origin);
    },

    /** The user's links, newest first (expired ones too; revoked ones are gone). */
    async list(userId: string, origin: string): Promise<ShareLink[]> {
      return (await active(userId)).map((row) => present(row, origin));
    },

    async update(userId: string, id: string, patch: ShareLinkPatch, origin: string): Promise<ShareLink> {
      const row = await own(userId, id);
      const changes: Partial<ShareLinksTable> = {};
      if (patch.description !== undefined) changes.description = patch.description;
      if (patch.expires_at !== undefined) changes.expires_at = expiry(patch.expires_at);
      if (Object.keys(changes).length) await db.updateTable('share_links').set(changes).where('id', '=', id).execute();
      return present({ ...row, ...changes }, origin);
    },

    /** Turns a link off for good: whoever opens it is told it was revoked. */
    async revoke(userId: string, id: string): Promise<void> {
      await own(userId, id);
      await db.updateTable('share_links').set({ revoked_at: now() }).where('id', '=', id).execute();
    },

    /** What anyone holding the link sees; each call is a view (a HEAD request is not). */
    async view(id: string, { count = true }: { count?: boolean } = {}): Promise<SharedItem> {
      const row = await open(id);
      const at = now();
      if (count)
        await db
          .updateTable('share_links')
          .set((eb) => ({ views: eb('views', '+', 1), last_viewed_at: at }))
          .where('id', '=', id)
          .execute();
      const ids = JSON.parse(row.track_ids) as string[];
      const [tracks, names] = await Promise.all([catalog.tracks(ids), users.names([row.user_id])]);
      return {
        id: row.id,
        kind: row.kind,
        title: row.title,
        description: row.description,
        shared_by: names.get(row.user_id) ?? 'Someone',
        cover_url: row.cover_album_id && (await catalog.imageIdOf('album', row.cover_album_id)) ? `/api/v1/share-links/${row.id}/cover` : null,
        preview_seconds: previewSeconds ?? null,
        tracks: tracks
          .filter((t): t is Track => t !== null)
          .map((t) => ({
            id: t.id,
            name: t.name,
            artists: t.artists.map((a) => a.name),
            album: t.album.name,
            duration_ms: t.duration_ms,
            stream_url: `/api/v1/share-links/${row.id}/tracks/${t.id}/stream`,
          })),
      };
    },

    /** A shared track's audio, for anyone holding the link, under the sharer's plan. */
    async stream(id: string, trackId: string, request: StreamHttpRequest) {
      const row = await open(id);
      // Every range request of every visitor asks: a search in the stored JSON, not a parse of
      // up to 10,000 ids (ids are URL-safe, so a quoted id matches only itself).
      if (!row.track_ids.includes(`"${trackId}"`)) throw notFound('Track in this share', 'not_in_share');
      const tier = (await users.tierOf(row.user_id)) ?? 'free';
      const listener: Listener = { userId: row.user_id, tier };
      if (previewSeconds === undefined) return streaming.stream(listener, trackId, request);
      // A preview: the first seconds only, cut by ffmpeg, so no range or offset reaches further.
      const offset = Math.min(request.options.offset ?? 0, previewSeconds - 1);
      return streaming.stream(listener, trackId, { ...request, options: { ...request.options, offset, clip: previewSeconds - offset } });
    },

    /** The shared item's cover. */
    async cover(id: string, size?: number) {
      const row = await open(id);
      const imageId = row.cover_album_id ? await catalog.imageIdOf('album', row.cover_album_id) : undefined;
      if (!imageId) throw notFound('Image', 'image_not_found');
      return catalog.image(imageId, size);
    },

    /** A user's links with the tracks each plays, newest first (the Subsonic surface's shares). */
    async saved(userId: string): Promise<SavedShareLink[]> {
      return (await active(userId)).map((row) => ({
        id: row.id,
        description: row.description,
        trackIds: JSON.parse(row.track_ids) as string[],
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        lastViewedAt: row.last_viewed_at,
        views: Number(row.views),
      }));
    },
  };
}

export type ShareLinks = ReturnType<typeof createShareLinks>;

/** One of a user's links as stored: what it plays and its dates (ms). */
export interface SavedShareLink {
  id: string;
  description: string | null;
  trackIds: string[];
  createdAt: number;
  expiresAt: number | null;
  lastViewedAt: number | null;
  views: number;
}
