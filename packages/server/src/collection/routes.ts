import {
  CollectionPageQuery,
  Contains,
  Empty,
  ErrorBody,
  FollowListQuery,
  FollowQuery,
  FollowedArtists,
  IdsQuery,
  SavedAlbums,
  SavedTracks,
  StarredPlaylist,
} from '@runnel/api';
import type { Collection } from './service.ts';
import type { Api } from '../http/typed.ts';
import type { CollectionKind } from './tables.ts';
import { me } from '../http/auth.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** HTTP routes of the collection module, shaped like Spotify's /me/tracks, /me/albums and /me/following. */
export function collectionRoutes(app: Api, collection: Collection) {
  const ids = (request: { query: { ids: string } }) => request.query.ids.split(',');

  /** PUT (save), DELETE (remove) and GET …/contains for one kind under one path. */
  const saveRoutes = (path: string, kind: CollectionKind, what: string) => {
    const tags = ['collection'];
    app.put(
      path,
      {
        schema: { tags, summary: `Save ${what}`, querystring: IdsQuery, response: { 204: Empty, ...errors } },
      },
      async (request, reply) => {
        await collection.save(me(request), kind, ids(request));
        return reply.code(204).send(null);
      },
    );
    app.delete(
      path,
      {
        schema: { tags, summary: `Remove ${what}`, querystring: IdsQuery, response: { 204: Empty, ...errors } },
      },
      async (request, reply) => {
        await collection.remove(me(request), kind, ids(request));
        return reply.code(204).send(null);
      },
    );
    app.get(
      `${path}/contains`,
      {
        schema: { tags, summary: `Whether ${what} are saved`, querystring: IdsQuery, response: { 200: Contains, ...errors } },
      },
      async (request) => collection.contains(me(request), kind, ids(request)),
    );
  };

  saveRoutes('/api/v1/me/tracks', 'track', 'tracks');
  saveRoutes('/api/v1/me/albums', 'album', 'albums');
  saveRoutes('/api/v1/me/starred', 'star', 'starred tracks');

  app.get(
    '/api/v1/me/tracks',
    {
      schema: { tags: ['collection'], summary: 'Saved tracks, newest first', querystring: CollectionPageQuery, response: { 200: SavedTracks, ...errors } },
    },
    async (request) => collection.savedTracks(me(request), request.query.limit ?? 20, request.query.offset ?? 0),
  );

  app.get(
    '/api/v1/me/albums',
    {
      schema: { tags: ['collection'], summary: 'Saved albums, newest first', querystring: CollectionPageQuery, response: { 200: SavedAlbums, ...errors } },
    },
    async (request) => collection.savedAlbums(me(request), request.query.limit ?? 20, request.query.offset ?? 0),
  );

  app.get(
    '/api/v1/me/starred',
    {
      schema: {
        tags: ['collection'],
        summary: 'The "Starred" playlist (always present)',
        querystring: CollectionPageQuery,
        response: { 200: StarredPlaylist, ...errors },
      },
    },
    async (request) => collection.starred(me(request), request.query.limit ?? 100, request.query.offset ?? 0),
  );

  app.put(
    '/api/v1/me/following',
    {
      schema: { tags: ['collection'], summary: 'Follow artists', querystring: FollowQuery, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await collection.save(me(request), 'artist', ids(request));
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/api/v1/me/following',
    {
      schema: { tags: ['collection'], summary: 'Unfollow artists', querystring: FollowQuery, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await collection.remove(me(request), 'artist', ids(request));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/me/following/contains',
    {
      schema: { tags: ['collection'], summary: 'Whether you follow artists', querystring: FollowQuery, response: { 200: Contains, ...errors } },
    },
    async (request) => collection.contains(me(request), 'artist', ids(request)),
  );
  app.get(
    '/api/v1/me/following',
    {
      schema: { tags: ['collection'], summary: 'Followed artists, newest first', querystring: FollowListQuery, response: { 200: FollowedArtists, ...errors } },
    },
    async (request) => collection.followedArtists(me(request), request.query.limit ?? 20, request.query.offset ?? 0),
  );
}
