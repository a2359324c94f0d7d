import Type from 'typebox';
import {
  Album,
  AlbumPage,
  ArtistAlbumPage,
  AlbumsQuery,
  Artist,
  ArtistAlbumsQuery,
  ArtistPage,
  ArtistsQuery,
  ErrorBody,
  GenrePage,
  IdParams,
  ImageParams,
  ImageQuery,
  NewReleases,
  PageQuery,
  SeveralAlbums,
  SeveralArtists,
  SeveralTracks,
  Track,
  TrackPage,
  TracksQuery,
} from '@runnel/api';
import { badRequest } from '../errors.ts';
import { requestLanguage } from '../http/locale.ts';
import type { Catalog } from './service.ts';
import type { Api } from '../http/typed.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

const idList = (ids: string, max: number) => {
  const list = ids.split(',');
  if (list.length > max) throw badRequest(`At most ${max} ids`);
  return list;
};

/** The Spotify-shaped catalogue API: artists, albums, tracks, genres, new releases and images. */
export function catalogRoutes(app: Api, catalog: Catalog) {
  const tags = ['catalog'];

  app.get(
    '/api/v1/tracks/:id',
    {
      schema: { tags, summary: 'One track', params: IdParams, response: { 200: Track, ...errors } },
    },
    async (request) => catalog.track(request.params.id),
  );

  app.get(
    '/api/v1/tracks',
    {
      schema: { tags, summary: 'Several tracks by id (null for unknown ids)', querystring: TracksQuery, response: { 200: SeveralTracks, ...errors } },
    },
    async (request) => ({ tracks: await catalog.tracks(idList(request.query.ids, 50)) }),
  );

  app.get(
    '/api/v1/albums/:id',
    {
      schema: { tags, summary: 'One album with its first 50 tracks', params: IdParams, response: { 200: Album, ...errors } },
    },
    async (request) => catalog.album(request.params.id),
  );

  app.get(
    '/api/v1/albums/:id/tracks',
    {
      schema: {
        tags,
        summary: "An album's tracks, by disc and track number",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: TrackPage, ...errors },
      },
    },
    async (request) => catalog.albumTracks(request.params.id, request.query.limit ?? 20, request.query.offset ?? 0),
  );

  app.get(
    '/api/v1/albums',
    {
      schema: {
        tags,
        summary: 'Several albums by id, or (without ids) every album A–Z',
        description:
          "With `ids`: `{albums: [...]}` like Spotify. Without: a paging object sorted by `sort` (name, -name, artist, added, -added, year, -year), optionally of one `genre`. Names sort in the listener's language (the one chosen in Settings, else Accept-Language).",
        querystring: AlbumsQuery,
        response: { 200: Type.Union([SeveralAlbums, AlbumPage]), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.ids) return { albums: await catalog.albums(idList(q.ids, 20)) };
      return catalog.listAlbums(q.sort ?? 'name', q.limit ?? 50, q.offset ?? 0, { genre: q.genre, language: requestLanguage(request) });
    },
  );

  app.get(
    '/api/v1/artists/:id',
    {
      schema: { tags, summary: 'One artist', params: IdParams, response: { 200: Artist, ...errors } },
    },
    async (request) => catalog.artist(request.params.id),
  );

  app.get(
    '/api/v1/artists/:id/albums',
    {
      schema: {
        tags,
        summary: "An artist's albums, newest first",
        params: IdParams,
        querystring: ArtistAlbumsQuery,
        response: { 200: ArtistAlbumPage, ...errors },
      },
    },
    async (request) => {
      const groups = new Set((request.query.include_groups ?? 'album,appears_on').split(',') as ('album' | 'appears_on')[]);
      return catalog.artistAlbums(request.params.id, groups, request.query.limit ?? 20, request.query.offset ?? 0, requestLanguage(request));
    },
  );

  app.get(
    '/api/v1/artists',
    {
      schema: {
        tags,
        summary: 'Several artists by id, or (without ids) every artist A–Z',
        description: "Without `ids`: A–Z in the listener's language (the one chosen in Settings, else Accept-Language); in Swedish Å, Ä, Ö come after Z.",
        querystring: ArtistsQuery,
        response: { 200: Type.Union([SeveralArtists, ArtistPage]), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.ids) return { artists: await catalog.artists(idList(q.ids, 50)) };
      return catalog.listArtists(q.sort ?? 'name', q.limit ?? 50, q.offset ?? 0, requestLanguage(request));
    },
  );

  app.get(
    '/api/v1/genres',
    {
      schema: { tags, summary: 'Genres with their track and album counts, A–Z', querystring: PageQuery, response: { 200: GenrePage, ...errors } },
    },
    async (request) => catalog.genres(request.query.limit ?? 20, request.query.offset ?? 0),
  );

  app.get(
    '/api/v1/browse/new-releases',
    {
      schema: { tags, summary: 'Albums most recently added to the catalogue', querystring: PageQuery, response: { 200: NewReleases, ...errors } },
    },
    async (request) => ({ albums: await catalog.newReleases(request.query.limit ?? 20, request.query.offset ?? 0) }),
  );

  app.get(
    '/api/v1/images/:id',
    {
      config: { tokenInQuery: true },
      schema: {
        tags,
        summary: 'Artwork: the original, or a JPEG thumbnail whose longer side is at most `size`',
        description: 'Only raster pictures (JPEG, PNG, GIF, WebP, AVIF) are served, with the type their bytes are; anything else is 404 `image_not_raster`.',
        params: ImageParams,
        querystring: ImageQuery,
        response: { 200: Type.Unknown({ description: 'The image bytes' }), ...errors },
      },
    },
    async (request, reply) => {
      const image = await catalog.image(request.params.id, request.query.size);
      // Ids are content hashes: the bytes behind an id never change.
      reply.header('cache-control', 'private, max-age=31536000, immutable');
      reply.type(image.mime);
      return reply.send(image.stream);
    },
  );
}
