import type { Track } from '@runnel/api';
import type { Call, Endpoints } from '../endpoint.ts';
import { invalid, notFound } from '../errors.ts';
import { songs } from '../map.ts';
import type { Node } from '../response.ts';
import { originOf } from '../../share-links/routes.ts';
import type { SavedShareLink } from '../../share-links/service.ts';

/**
 * Subsonic shares are the share-links module's public links: the same page (`/s/<id>`),
 * expiry and revocation. `id` may name one album or playlist (shared as such), or songs.
 * `expires` is ms since the epoch; 0 or absent: never.
 */

const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());

async function shareNode(call: Call, link: SavedShareLink): Promise<Node> {
  const tracks = (await call.services.catalog.tracks(link.trackIds)).filter((t): t is Track => t !== null);
  return {
    id: link.id,
    url: `${originOf(call.request)}/s/${link.id}`,
    description: link.description ?? undefined,
    username: call.user.username,
    created: iso(link.createdAt),
    expires: iso(link.expiresAt),
    lastVisited: iso(link.lastViewedAt),
    visitCount: link.views,
    entry: await songs(call, tracks),
  };
}

async function oneShare(call: Call, id: string): Promise<Node> {
  const link = (await call.services.shareLinks.saved(call.user.id)).find((l) => l.id === id);
  if (!link) throw notFound('Share');
  return { shares: { share: [await shareNode(call, link)] } };
}

function expiresParam(call: Call): number | null | undefined {
  const expires = call.params.int('expires', { min: 0 });
  if (expires === undefined) return undefined;
  if (expires !== 0 && expires <= call.services.clock.now()) throw invalid('expires', 'is in the past');
  return expires === 0 ? null : expires;
}

/** What one id names: an album or playlist shared as such, else a song. */
async function kindOf(call: Call, id: string): Promise<'track' | 'album' | 'playlist' | undefined> {
  const { catalog, playlists } = call.services;
  if ((await catalog.tracks([id]))[0]) return 'track';
  if ((await catalog.albums([id]))[0]) return 'album';
  if (await playlists.canView(id, call.user.id).catch(() => false)) return 'playlist';
  return undefined;
}

export const shareEndpoints: Endpoints = {
  getShares: {
    async handle(call) {
      const share: Node[] = [];
      for (const link of await call.services.shareLinks.saved(call.user.id)) share.push(await shareNode(call, link));
      return { shares: { share } };
    },
  },

  createShare: {
    async handle(call) {
      const ids = call.params.all('id');
      if (!ids.length) throw invalid('id', 'is required (a song, album or playlist)');
      const description = call.params.get('description') ?? null;
      if (description !== null && description.length > 500) throw invalid('description', 'must be at most 500 characters');
      const expires = expiresParam(call) ?? null;
      const origin = originOf(call.request);
      const { shareLinks } = call.services;
      const kind = ids.length === 1 ? await kindOf(call, ids[0]!) : 'track';
      if (!kind) throw notFound(`Song, album or playlist ${ids[0]}`);
      const made =
        kind === 'track'
          ? await shareLinks.createForTracks(call.user.id, ids, description, expires, origin)
          : await shareLinks.create(
              call.user.id,
              { uri: `runnel:${kind}:${ids[0]}`, description: description ?? undefined, expires_at: expires === null ? null : new Date(expires).toISOString() },
              origin,
            );
      return oneShare(call, made.id);
    },
  },

  updateShare: {
    async handle(call) {
      const id = call.params.require('id');
      const description = call.params.get('description');
      if (description !== undefined && description.length > 500) throw invalid('description', 'must be at most 500 characters');
      const expires = expiresParam(call);
      await call.services.shareLinks.update(
        call.user.id,
        id,
        {
          ...(description !== undefined ? { description } : {}),
          ...(expires !== undefined ? { expires_at: expires === null ? null : new Date(expires).toISOString() } : {}),
        },
        originOf(call.request),
      );
    },
  },

  deleteShare: {
    async handle(call) {
      await call.services.shareLinks.revoke(call.user.id, call.params.require('id'));
    },
  },
};
