import { AddRendererBody, Device, ErrorBody, FoundRenderers } from '@runnel/api';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { me } from '../../http/auth.ts';
import type { Api } from '../../http/typed.ts';
import { asDevice } from '../registry.ts';
import { NotARendererError } from './description.ts';
import type { Renderers } from './drivers.ts';
import { LanError } from './lan.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };
const tags = ['devices'];

/** The renderers module's failures as the API's: a bad URL 400, off the LAN 403, nothing there 404, not a renderer 422. */
function asAppError(error: unknown): unknown {
  if (error instanceof LanError) {
    const status = { renderer_url_invalid: 400, renderer_address_refused: 403, device_unreachable: 404 }[error.code];
    return new AppError(error.code, status, error.message);
  }
  if (error instanceof NotARendererError) return new AppError('not_a_renderer', 422, `Not a UPnP media renderer: ${error.message}`);
  return error;
}

/** The origin the request came to (for a renderer when the server listens on loopback only: see media.ts). */
const originOf = (request: FastifyRequest) => (request.protocol === 'http' ? `http://${request.host}` : undefined);

/** `GET /me/player/renderers/discover` and `POST /me/player/renderers`; removal is `DELETE /me/player/devices/:id`. */
export function renderersRoutes(app: Api, renderers: Renderers) {
  app.get(
    '/api/v1/me/player/renderers/discover',
    {
      schema: {
        tags,
        summary: 'Look for UPnP/DLNA renderers on the local network (SSDP, about 2 s)',
        response: { 200: FoundRenderers, ...errors },
      },
    },
    async () => ({ renderers: await renderers.discover() }),
  );

  app.post(
    '/api/v1/me/player/renderers',
    {
      schema: {
        tags,
        summary: 'Add a UPnP/DLNA renderer by its description URL: it becomes one of your devices (a speaker) the server drives',
        body: AddRendererBody,
        response: { 200: Device, ...errors },
      },
    },
    async (request) => {
      try {
        return asDevice(await renderers.add(me(request), request.body.url, originOf(request)), undefined);
      } catch (error) {
        throw asAppError(error);
      }
    },
  );
}
