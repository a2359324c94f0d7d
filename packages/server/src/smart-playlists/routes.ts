import type { FastifyRequest } from 'fastify';
import {
  CreateSmartPlaylistBody,
  Empty,
  ErrorBody,
  NspExport,
  NspImportBody,
  NspImported,
  Playlist,
  PlaylistParams,
  SmartCount,
  SmartCountBody,
  SmartPlaylistRules,
  UpdateSmartPlaylistBody,
} from '@runnel/api';
import { badRequest } from '../errors.ts';
import type { Api } from '../http/typed.ts';
import { lazyValidatorCompiler } from '../http/validation.ts';
import { me } from '../http/auth.ts';
import type { SmartPlaylists } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/**
 * Bodies are validated as everywhere (strictly, by the schema), but a body that fails in its
 * `definition` answers `invalid_rule`, so the editor can tell a bad rule from a bad request.
 */
const attachValidation = true;
/** Rules' schemas are compiled when first used (http/validation.ts), and answers holding rules are plain JSON (no per-start serializer compile). */
const compilers = { validatorCompiler: lazyValidatorCompiler, serializerCompiler: () => (data: unknown) => JSON.stringify(data) };
function checked(request: FastifyRequest) {
  const error = request.validationError;
  if (!error) return;
  const path = (error as { validation?: { instancePath?: string }[] }).validation?.[0]?.instancePath ?? '';
  const inRules = path.startsWith('/definition') || path.startsWith('/nsp');
  throw badRequest(`body${path ? ` ${path}` : ''}: ${error.message.replace(/^body\/?\S*\s*/, '')}`, inRules ? 'invalid_rule' : 'invalid_request');
}

/** `attachment; filename*=…` (RFC 5987). */
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}`;

/** HTTP routes of smart playlists; their items are read like any playlist's (GET /playlists/:id/tracks). */
export function smartPlaylistsRoutes(app: Api, smart: SmartPlaylists) {
  const tags = ['smart playlists'];

  app.post(
    '/api/v1/me/smart-playlists',
    {
      attachValidation,
      ...compilers,
      schema: { tags, summary: 'Create a smart playlist', body: CreateSmartPlaylistBody, response: { 201: Playlist, ...errors } },
    },
    async (request, reply) => {
      checked(request);
      return reply.code(201).send(await smart.create(me(request), request.body));
    },
  );

  app.post(
    '/api/v1/me/smart-playlists/count',
    {
      attachValidation,
      ...compilers,
      schema: {
        tags,
        summary: 'How many tracks a definition matches now (the editor’s live count)',
        body: SmartCountBody,
        response: { 200: SmartCount, ...errors },
      },
    },
    async (request) => {
      checked(request);
      return smart.count(me(request), request.body.definition);
    },
  );

  app.post(
    '/api/v1/me/smart-playlists/import',
    {
      attachValidation,
      ...compilers,
      schema: { tags, summary: 'Create a smart playlist from a Navidrome .nsp', body: NspImportBody, response: { 201: NspImported, ...errors } },
    },
    async (request, reply) => {
      checked(request);
      return reply.code(201).send(await smart.importNsp(me(request), request.body));
    },
  );

  app.get(
    '/api/v1/smart-playlists/:id',
    { ...compilers, schema: { tags, summary: "A smart playlist's rules", params: PlaylistParams, response: { 200: SmartPlaylistRules, ...errors } } },
    async (request) => smart.rules(request.params.id, me(request)),
  );

  app.put(
    '/api/v1/smart-playlists/:id',
    {
      attachValidation,
      ...compilers,
      schema: {
        tags,
        summary: "Change a smart playlist's rules (owner)",
        params: PlaylistParams,
        body: UpdateSmartPlaylistBody,
        response: { 204: Empty, ...errors },
      },
    },
    async (request, reply) => {
      checked(request);
      await smart.update(request.params.id, me(request), request.body.definition);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/smart-playlists/:id/nsp',
    {
      schema: {
        tags,
        summary: 'The smart playlist as a Navidrome .nsp file; rules Navidrome cannot express are left out and named in `Runnel-Unmapped`',
        params: PlaylistParams,
        response: { 200: NspExport, ...errors },
      },
    },
    async (request, reply) => {
      const { name, nsp, unmapped } = await smart.exportNsp(request.params.id, me(request));
      reply.header('content-disposition', attachment(`${name}.nsp`));
      if (unmapped.length) reply.header('runnel-unmapped', encodeURIComponent(unmapped.join('; ')));
      return nsp;
    },
  );
}
