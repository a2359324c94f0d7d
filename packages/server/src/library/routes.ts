import { AddMusicFolderBody, Empty, ErrorBody, IdParams, MusicFolder, MusicFolderList, ScanStatus, StartScanBody } from '@runnel/api';
import type { Library } from './service.ts';
import type { Api } from '../http/typed.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Scan status and control, and music folder administration. */
export function libraryRoutes(app: Api, library: Library) {
  const tags = ['library'];
  app.get(
    '/api/v1/library/scan',
    {
      schema: { tags, summary: 'Scan state, counts, files per second and the files that could not be read', response: { 200: ScanStatus, ...errors } },
    },
    async (request) => library.status({ serverPaths: request.principal!.user.role === 'admin' }),
  );

  app.post(
    '/api/v1/library/scan',
    {
      config: { admin: true },
      // A bare POST (no body) means a quick scan; an explicit `null` is still a bad body.
      preValidation: async (request) => {
        if (request.body === undefined) request.body = {};
      },
      schema: {
        tags,
        summary: 'Start a scan (quick: only changed files; full: every file again); answers at once',
        body: StartScanBody,
        response: { 202: ScanStatus, ...errors },
      },
    },
    async (request, reply) => {
      await library.requestScan(request.body?.kind ?? 'quick');
      return reply.code(202).send(await library.status());
    },
  );

  app.get(
    '/api/v1/library/folders',
    {
      config: { admin: true },
      schema: { tags, summary: 'Music folders', response: { 200: MusicFolderList, ...errors } },
    },
    async () => ({ items: await library.folders() }),
  );

  app.post(
    '/api/v1/library/folders',
    {
      config: { admin: true },
      schema: { tags, summary: 'Add a music folder (read-only to Runnel) and scan it', body: AddMusicFolderBody, response: { 201: MusicFolder, ...errors } },
    },
    async (request, reply) => {
      const folder = await library.addFolder(request.body.path);
      await library.requestScan('quick', folder.id);
      return reply.code(201).send(folder);
    },
  );

  app.delete(
    '/api/v1/library/folders/:id',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Stop using a music folder (its tracks leave the catalogue; no file is touched)',
        params: IdParams,
        response: { 204: Empty, ...errors },
      },
    },
    async (request, reply) => {
      await library.removeFolder(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
