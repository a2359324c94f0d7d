import { CreateLibraryBody, Empty, ErrorBody, IdParams, Library, LibraryList, UpdateLibraryBody } from '@runnel/api';
import type { Api } from '../http/typed.ts';
import type { Libraries } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Administrators make libraries, choose their folders and grant them to users. */
export function librariesRoutes(app: Api, libraries: Libraries) {
  const tags = ['libraries'];
  const config = { admin: true };
  app.get(
    '/api/v1/admin/libraries',
    { config, schema: { tags, summary: 'Libraries, with their music folders and the users granted them', response: { 200: LibraryList, ...errors } } },
    async () => ({ items: await libraries.list() }),
  );
  app.post(
    '/api/v1/admin/libraries',
    {
      config,
      schema: { tags, summary: 'Make a library of music folders, granted to some users', body: CreateLibraryBody, response: { 201: Library, ...errors } },
    },
    async (request, reply) => reply.code(201).send(await libraries.create(request.body)),
  );
  app.patch(
    '/api/v1/admin/libraries/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Rename a library, or replace its folders or the users granted it',
        params: IdParams,
        body: UpdateLibraryBody,
        response: { 200: Library, ...errors },
      },
    },
    async (request) => libraries.update(request.params.id, request.body),
  );
  app.delete(
    '/api/v1/admin/libraries/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Delete a library (its folders are everyone’s again unless another library holds them)',
        params: IdParams,
        response: { 204: Empty, ...errors },
      },
    },
    async (request, reply) => {
      await libraries.remove(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
