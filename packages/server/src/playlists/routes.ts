import {
  AddItemsBody,
  CreatedFolder,
  FollowersContain,
  MyPlaylistsQuery,
  ChangesQuery,
  CollaboratorParams,
  Collaborators,
  CreateFolderBody,
  CreatePlaylistBody,
  DeleteFolderQuery,
  EditLink,
  Empty,
  ErrorBody,
  FollowersContainsQuery,
  IdParams,
  JoinBody,
  MoveNodeBody,
  ListPageQuery,
  Playlist,
  PlaylistChanges,
  PlaylistItems,
  PlaylistParams,
  RemoveItemsBody,
  RenameFolderBody,
  ReorderItemsBody,
  Sidebar,
  SidebarQuery,
  SimplifiedPlaylists,
  SnapshotResponse,
  UpdatePlaylistBody,
} from '@runnel/api';
import type { Playlists } from './service.ts';
import type { Api } from '../http/typed.ts';
import { me } from '../http/auth.ts';
import { requestLanguage } from '../http/locale.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** HTTP routes of the playlists module (Spotify-shaped), its change log, collaborators, followers and the sidebar. */
export function playlistsRoutes(app: Api, playlists: Playlists) {
  const tags = ['playlists'];

  app.post(
    '/api/v1/me/playlists',
    {
      schema: { tags, summary: 'Create a playlist', body: CreatePlaylistBody, response: { 201: Playlist, ...errors } },
    },
    async (request, reply) => reply.code(201).send(await playlists.create(me(request), request.body)),
  );

  app.get(
    '/api/v1/me/playlists',
    {
      schema: {
        tags,
        summary: 'Playlists you own, collaborate on or follow: newest first, or by sort (name: A–Z in your language)',
        querystring: MyPlaylistsQuery,
        response: { 200: SimplifiedPlaylists, ...errors },
      },
    },
    async (request) => {
      const { limit = 20, offset = 0, sort } = request.query;
      return playlists.listMine(me(request), limit, offset, sort && { sort, language: requestLanguage(request) });
    },
  );

  app.get(
    '/api/v1/playlists/:id',
    {
      schema: { tags, summary: 'A playlist with its first 100 items', params: PlaylistParams, response: { 200: Playlist, ...errors } },
    },
    async (request) => playlists.get(request.params.id, me(request)),
  );

  app.put(
    '/api/v1/playlists/:id',
    {
      schema: {
        tags,
        summary: 'Change name, description, public or collaborative (owner)',
        params: PlaylistParams,
        body: UpdatePlaylistBody,
        response: { 204: Empty, ...errors },
      },
    },
    async (request, reply) => {
      await playlists.update(request.params.id, me(request), request.body);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/v1/playlists/:id',
    {
      schema: { tags, summary: 'Delete a playlist (owner)', params: PlaylistParams, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await playlists.remove(request.params.id, me(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/playlists/:id/tracks',
    {
      schema: {
        tags,
        summary: "A page of a playlist's items",
        params: PlaylistParams,
        querystring: ListPageQuery,
        response: { 200: PlaylistItems, ...errors },
      },
    },
    async (request) => playlists.items(request.params.id, me(request), request.query.limit ?? 20, request.query.offset ?? 0),
  );

  app.post(
    '/api/v1/playlists/:id/tracks',
    {
      schema: {
        tags,
        summary: 'Add items at a position (default: the end); rebased when snapshot_id is old',
        params: PlaylistParams,
        body: AddItemsBody,
        response: { 201: SnapshotResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await playlists.add(request.params.id, me(request), request.body.uris, request.body.position, request.body.snapshot_id)),
  );

  app.put(
    '/api/v1/playlists/:id/tracks',
    {
      schema: {
        tags,
        summary: 'Move a range of items before another index',
        params: PlaylistParams,
        body: ReorderItemsBody,
        response: { 200: SnapshotResponse, ...errors },
      },
    },
    async (request) => playlists.move(request.params.id, me(request), request.body),
  );

  app.delete(
    '/api/v1/playlists/:id/tracks',
    {
      schema: {
        tags,
        summary: 'Remove items by uri (all occurrences, or at the given positions)',
        params: PlaylistParams,
        body: RemoveItemsBody,
        response: { 200: SnapshotResponse, ...errors },
      },
    },
    async (request) => playlists.removeItems(request.params.id, me(request), request.body.tracks, request.body.snapshot_id),
  );

  app.get(
    '/api/v1/playlists/:id/changes',
    {
      schema: {
        tags,
        summary: 'The operations after revision `since`',
        params: PlaylistParams,
        querystring: ChangesQuery,
        response: { 200: PlaylistChanges, ...errors },
      },
    },
    async (request) => playlists.changes(request.params.id, me(request), request.query.since),
  );

  app.get(
    '/api/v1/playlists/:id/collaborators',
    {
      schema: { tags, summary: 'Owner and collaborators', params: PlaylistParams, response: { 200: Collaborators, ...errors } },
    },
    async (request) => ({ items: await playlists.collaborators(request.params.id, me(request)) }),
  );

  app.put(
    '/api/v1/playlists/:id/collaborators/:user_id',
    {
      schema: { tags, summary: 'Invite a collaborator (owner)', params: CollaboratorParams, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await playlists.invite(request.params.id, me(request), request.params.user_id);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/v1/playlists/:id/collaborators/:user_id',
    {
      schema: { tags, summary: 'Remove a collaborator (owner), or leave', params: CollaboratorParams, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await playlists.uninvite(request.params.id, me(request), request.params.user_id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/playlists/:id/edit-link',
    {
      schema: { tags, summary: 'Create an edit link token (owner); replaces the previous one', params: PlaylistParams, response: { 201: EditLink, ...errors } },
    },
    async (request, reply) => reply.code(201).send(await playlists.editLink(request.params.id, me(request))),
  );

  app.post(
    '/api/v1/playlists/:id/collaborators',
    {
      schema: { tags, summary: 'Join as a collaborator with an edit link token', params: PlaylistParams, body: JoinBody, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await playlists.joinWithToken(request.params.id, me(request), request.body.token);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/v1/playlists/:id/followers',
    {
      schema: { tags, summary: 'Follow a playlist', params: PlaylistParams, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await playlists.follow(request.params.id, me(request));
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/v1/playlists/:id/followers',
    {
      schema: { tags, summary: 'Unfollow a playlist (the owner: delete it)', params: PlaylistParams, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await playlists.unfollow(request.params.id, me(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/playlists/:id/followers/contains',
    {
      schema: {
        tags,
        summary: 'Whether users follow a playlist',
        params: PlaylistParams,
        querystring: FollowersContainsQuery,
        response: { 200: FollowersContain, ...errors },
      },
    },
    async (request) => playlists.followersContain(request.params.id, me(request), request.query.ids.split(',')),
  );

  sidebarRoutes(app, playlists);
}

function sidebarRoutes(app: Api, playlists: Playlists) {
  const tags = ['sidebar'];

  app.get(
    '/api/v1/me/sidebar',
    {
      schema: {
        tags,
        summary: 'Your folders and playlists as an ordered tree (pre-order); with sort, your playlists alone, flat, in that order',
        querystring: SidebarQuery,
        response: { 200: Sidebar, ...errors },
      },
    },
    async (request) => {
      const { sort } = request.query;
      return { items: await playlists.sidebar.tree(me(request), sort && { sort, language: requestLanguage(request) }) };
    },
  );

  app.post(
    '/api/v1/me/folders',
    {
      schema: { tags, summary: 'Create a folder', body: CreateFolderBody, response: { 201: CreatedFolder, ...errors } },
    },
    async (request, reply) => {
      const id = await playlists.sidebar.createFolder(me(request), request.body.name, request.body.parent_id ?? null, request.body.position);
      return reply.code(201).send({ id });
    },
  );

  app.patch(
    '/api/v1/me/folders/:id',
    {
      schema: { tags, summary: 'Rename a folder', params: IdParams, body: RenameFolderBody, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await playlists.sidebar.renameFolder(me(request), request.params.id, request.body.name);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/v1/me/folders/:id',
    {
      schema: {
        tags,
        summary: 'Delete a folder; one with content needs content=move_up or content=delete',
        params: IdParams,
        querystring: DeleteFolderQuery,
        response: { 204: Empty, ...errors },
      },
    },
    async (request, reply) => {
      await playlists.deleteFolder(me(request), request.params.id, request.query.content);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/v1/me/sidebar/move',
    {
      schema: {
        tags,
        summary: 'Move a folder or playlist to a position inside a folder (or the top level)',
        body: MoveNodeBody,
        response: { 204: Empty, ...errors },
      },
    },
    async (request, reply) => {
      await playlists.sidebar.move(me(request), request.body.node_id, request.body.parent_id, request.body.position);
      return reply.code(204).send(null);
    },
  );
}
