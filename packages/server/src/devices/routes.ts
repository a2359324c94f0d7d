import {
  DeviceList,
  DeviceParams,
  DeviceQuery,
  DeviceStateBody,
  Empty,
  ErrorBody,
  PlayBody,
  PlaybackState,
  RegisterDeviceBody,
  SeekQuery,
  TransferBody,
  VolumeQuery,
  DeviceShuffleQuery,
  DeviceRepeatQuery,
  Device,
  RenameDeviceBody,
} from '@runnel/api';
import type { FastifyReply } from 'fastify';
import type { Api } from '../http/typed.ts';
import { me } from '../http/auth.ts';
import type { Devices } from './service.ts';
import { asDevice } from './registry.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['devices'];
const done = (reply: FastifyReply) => reply.code(204).send(null);

/** HTTP routes of the devices module: Spotify's `/me/player` and `/me/player/devices`. */
export function devicesRoutes(app: Api, devices: Devices) {
  app.get(
    '/api/v1/me/player/devices',
    { schema: { tags, summary: 'Your devices that are online now', response: { 200: DeviceList, ...errors } } },
    async (request) => devices.devices(me(request)),
  );

  app.put(
    '/api/v1/me/player/devices/:id',
    {
      schema: {
        tags,
        summary: 'Register this device (its name is kept from the first time: a rename stays)',
        params: DeviceParams,
        body: RegisterDeviceBody,
        response: { 200: Device, ...errors },
      },
    },
    async (request) => asDevice(await devices.registry.register(me(request), request.params.id, request.body), undefined),
  );

  app.patch(
    '/api/v1/me/player/devices/:id',
    { schema: { tags, summary: 'Rename a device', params: DeviceParams, body: RenameDeviceBody, response: { 204: Empty, ...errors } } },
    async (request, reply) => {
      await devices.registry.rename(me(request), request.params.id, request.body.name);
      return done(reply);
    },
  );

  app.delete(
    '/api/v1/me/player/devices/:id',
    { schema: { tags, summary: 'Forget a device', params: DeviceParams, response: { 204: Empty, ...errors } } },
    async (request, reply) => {
      await devices.registry.remove(me(request), request.params.id);
      return done(reply);
    },
  );

  app.put(
    '/api/v1/me/player/devices/:id/state',
    {
      schema: {
        tags,
        summary: 'The device says what it plays (on every change); the user sees it live as player.state',
        params: DeviceParams,
        body: DeviceStateBody,
        response: { 204: Empty, ...errors },
      },
    },
    async (request, reply) => {
      await devices.report(me(request), request.params.id, request.body);
      return done(reply);
    },
  );

  app.get(
    '/api/v1/me/player',
    { schema: { tags, summary: 'What plays, on which device (204: nothing)', response: { 200: PlaybackState, 204: Empty, ...errors } } },
    async (request, reply) => (await devices.state(me(request))) ?? done(reply),
  );

  app.put(
    '/api/v1/me/player',
    { schema: { tags, summary: 'Move playback to a device, from where it is', body: TransferBody, response: { 204: Empty, ...errors } } },
    async (request, reply) => {
      await devices.transfer(me(request), request.body.device_ids[0]!, request.body.play);
      return done(reply);
    },
  );

  app.put(
    '/api/v1/me/player/play',
    {
      schema: {
        tags,
        summary: 'Play a context or tracks on a device, or resume',
        querystring: DeviceQuery,
        body: PlayBody,
        response: { 204: Empty, ...errors },
      },
      // Spotify's clients resume with no body at all: it means `{}`.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      await devices.play(me(request), request.query.device_id, request.body);
      return done(reply);
    },
  );

  const simple = [
    ['put', 'pause', 'Pause', 'pause'],
    ['post', 'next', 'Skip to the next track', 'next'],
    ['post', 'previous', 'Back to the previous track', 'previous'],
  ] as const;
  for (const [method, path, summary, action] of simple)
    app[method](
      `/api/v1/me/player/${path}`,
      { schema: { tags, summary, querystring: DeviceQuery, response: { 204: Empty, ...errors } } },
      async (request, reply) => {
        await devices.command(me(request), request.query.device_id, { action });
        return done(reply);
      },
    );

  app.put(
    '/api/v1/me/player/seek',
    { schema: { tags, summary: 'Seek in the current track', querystring: SeekQuery, response: { 204: Empty, ...errors } } },
    async (request, reply) => {
      await devices.command(me(request), request.query.device_id, { action: 'seek', position_ms: request.query.position_ms });
      return done(reply);
    },
  );

  app.put(
    '/api/v1/me/player/volume',
    { schema: { tags, summary: "Set the device's volume", querystring: VolumeQuery, response: { 204: Empty, ...errors } } },
    async (request, reply) => {
      await devices.command(me(request), request.query.device_id, { action: 'volume', volume_percent: request.query.volume_percent });
      return done(reply);
    },
  );

  app.put(
    '/api/v1/me/player/devices/:id/shuffle',
    {
      schema: {
        tags,
        summary: 'Shuffle on or off on a device (the rest of its list)',
        params: DeviceParams,
        querystring: DeviceShuffleQuery,
        response: { 204: Empty, ...errors },
      },
    },
    async (request, reply) => {
      await devices.command(me(request), request.params.id, { action: 'shuffle', state: request.query.state });
      return done(reply);
    },
  );

  app.put(
    '/api/v1/me/player/devices/:id/repeat',
    {
      schema: {
        tags,
        summary: "A device's repeat: off, track or context",
        params: DeviceParams,
        querystring: DeviceRepeatQuery,
        response: { 204: Empty, ...errors },
      },
    },
    async (request, reply) => {
      await devices.command(me(request), request.params.id, { action: 'repeat', repeat: request.query.state });
      return done(reply);
    },
  );
}
