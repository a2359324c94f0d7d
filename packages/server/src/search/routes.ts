import { ErrorBody, SearchQuery, SearchResponse, type SearchItem, type SearchResponse as Response } from '@runnel/api';
import { SEARCH_KINDS, uriOf, type SearchDocument, type SearchKind } from './documents.ts';
import { requestLanguage } from '../http/locale.ts';
import type { Api } from '../http/typed.ts';
import type { Hit } from './memory-index.ts';
import type { Search } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody };
const PLURAL = { track: 'tracks', album: 'albums', artist: 'artists', playlist: 'playlists', user: 'users' } as const;

/** An index hit as an API object, from what the index knows (the catalogue may enrich it later). */
export function toItem(hit: Hit, doc: SearchDocument | undefined): SearchItem {
  const { kind, id } = hit;
  const base = { id, uri: uriOf(kind, id), href: `/api/v1/${PLURAL[kind]}/${id}` };
  const name = doc?.title ?? '';
  switch (kind) {
    case 'track':
      return {
        ...base,
        type: 'track',
        name,
        artists: (doc?.artists ?? []).map((a) => ({ name: a })),
        album: doc?.album ? { name: doc.album } : null,
        popularity: hit.popularity,
      };
    case 'album':
      return { ...base, type: 'album', name, artists: (doc?.artists ?? []).map((a) => ({ name: a })), year: doc?.year ?? null };
    case 'artist':
      return { ...base, type: 'artist', name, genres: doc?.genres ?? [] };
    case 'playlist':
      return { ...base, type: 'playlist', name, owner: { display_name: doc?.artists[0] ?? '' } };
    case 'user':
      return { ...base, type: 'user', display_name: name };
  }
}

/** `GET /api/v1/search`: as-you-type search over tracks, albums, artists, playlists and users. */
/** What the route reads from the catalogue to complete track and album hits (ids, duration, covers). */
export interface CatalogDetails {
  tracks(ids: string[]): Promise<
    ({
      id: string;
      duration_ms: number;
      artists: { id: string; name: string }[];
      album: { id: string; name: string; images: { url: string; width: number | null; height: number | null }[] };
    } | null)[]
  >;
  albums(
    ids: string[],
  ): Promise<({ id: string; artists: { id: string; name: string }[]; images: { url: string; width: number | null; height: number | null }[] } | null)[]>;
}

async function enrich(items: SearchItem[], catalog: CatalogDetails) {
  const tracks = items.filter((i) => i.type === 'track');
  const albums = items.filter((i) => i.type === 'album');
  const [trackRows, albumRows] = await Promise.all([
    tracks.length ? catalog.tracks(tracks.map((t) => t.id)) : [],
    albums.length ? catalog.albums(albums.map((a) => a.id)) : [],
  ]);
  tracks.forEach((item, i) => {
    const row = trackRows[i];
    if (!row || item.type !== 'track') return;
    item.duration_ms = row.duration_ms;
    item.artists = row.artists.map((a) => ({ id: a.id, name: a.name }));
    item.album = { id: row.album.id, name: row.album.name, images: row.album.images };
  });
  albums.forEach((item, i) => {
    const row = albumRows[i];
    if (!row || item.type !== 'album') return;
    item.artists = row.artists.map((a) => ({ id: a.id, name: a.name }));
    item.images = row.images;
  });
}

export function searchRoutes(app: Api, search: Search, catalog?: CatalogDetails) {
  app.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Search tracks, albums, artists, playlists and people (as you type; accents, typos and word order forgiven)',
        querystring: SearchQuery,
        response: { 200: SearchResponse, ...errors },
      },
    },
    async (request) => {
      const { q, limit = 20, offset = 0 } = request.query;
      const kinds = request.query.type ? SEARCH_KINDS.filter((k) => request.query.type!.split(',').includes(k)) : [...SEARCH_KINDS];
      const result = await search.query({ q, kinds, limit, offset, userId: request.principal!.user.id, language: requestLanguage(request) });
      const all = Object.values(result.results).flatMap((r) => r.hits);
      const docs = await search.documents(result.best ? [...all, result.best] : all);
      const response: Response = { best_match: null };
      const page = (kind: SearchKind, at: number) => {
        const params = new URLSearchParams({ q, type: kind, offset: String(at), limit: String(limit) });
        return `/api/v1/search?${params}`;
      };
      for (const kind of kinds) {
        const { total, hits } = result.results[kind]!;
        const paging = {
          href: page(kind, offset),
          items: hits.map((h) => toItem(h, docs.get(`${kind}:${h.id}`))),
          limit,
          next: offset + limit < total && offset + limit <= 1000 ? page(kind, offset + limit) : null,
          offset,
          previous: offset > 0 ? page(kind, Math.max(0, offset - limit)) : null,
          total,
        };
        (response as Record<string, unknown>)[PLURAL[kind]] = paging;
      }
      if (result.best) response.best_match = { type: result.best.kind, item: toItem(result.best, docs.get(`${result.best.kind}:${result.best.id}`)) };
      if (catalog) {
        const items = [...(response.tracks?.items ?? []), ...(response.albums?.items ?? []), ...(response.best_match ? [response.best_match.item] : [])];
        await enrich(items, catalog);
      }
      return response;
    },
  );
}
