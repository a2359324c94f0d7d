import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../accounts/service.ts';
import type { Catalog } from '../catalog/service.ts';
import type { Db } from '../db/database.ts';
import type { EventBus } from '../events/bus.ts';
import { liveRoutes } from '../events/live.ts';
import type { Api } from '../http/typed.ts';
import type { Playlists } from '../playlists/service.ts';
import type { Streaming } from '../streaming/service.ts';
import type { CatalogLookup } from '../track-lookup.ts';
import { createCards } from './cards.ts';
import { cardsRoutes } from './cards-routes.ts';
import { contextTracks } from './contexts.ts';
import { createRenderers } from './renderers/drivers.ts';
import { rendererMedia } from './renderers/media.ts';
import { renderersRoutes } from './renderers/routes.ts';
import { devicesRoutes } from './routes.ts';
import type { DevicePlay } from './plays.ts';
import { createDevices } from './service.ts';

export interface DevicesWiring {
  db: Db;
  events: EventBus;
  /** Tracks as the player module sees them. */
  music: CatalogLookup;
  catalog: Catalog;
  playlists: Playlists;
  accounts: Pick<Accounts, 'credentialActive' | 'tierOf'>;
  /** Signs the stream URLs renderers play. */
  streaming: Pick<Streaming, 'streamUrl'>;
  /** Records the plays of the Box and renderers (the player module's `played`). */
  played: (userId: string, play: DevicePlay) => Promise<void>;
  /** Says what the Box and renderers start playing (the player module's `playingNow`). */
  playingNow: (userId: string, player: string, uri: string) => Promise<void>;
  now: () => number;
}

/**
 * Makes the devices module and its routes, the live channel, which keeps each device online,
 * and the UPnP renderers this node drives (renderers/README.md), stopped when the server closes.
 */
export function installDevices(http: FastifyInstance, api: Api, w: DevicesWiring) {
  const tracksOf = contextTracks(w.catalog, w.playlists);
  const devices = createDevices({
    db: w.db,
    events: w.events,
    catalog: w.music,
    contextTracks: tracksOf,
    played: w.played,
    playingNow: w.playingNow,
    onError: (error) => http.log.warn({ err: error }, 'devices: counting a play'),
    now: w.now,
  });
  devicesRoutes(api, devices);
  const cards = createCards({
    db: w.db,
    events: w.events,
    registry: devices.registry,
    catalog: w.catalog,
    playlists: w.playlists,
    contextTracks: tracksOf,
    now: w.now,
  });
  cardsRoutes(api, cards);
  liveRoutes(http, w.events, w.accounts, w.now, {
    attach: async (userId, deviceId) => {
      const detach = await devices.registry.attach(userId, deviceId);
      return async () => (await detach()) && devices.detached(userId, deviceId);
    },
    touch: devices.registry.touch,
  });
  const renderers = createRenderers({
    devices,
    events: w.events,
    media: rendererMedia({ http, streaming: w.streaming, tracks: w.music, tierOf: w.accounts.tierOf }),
    now: w.now,
    onError: (error, what) => http.log.warn({ err: error }, `renderers: ${what}`),
  });
  renderersRoutes(api, renderers);
  http.addHook('onReady', async () => void renderers.adopt().catch((error: unknown) => http.log.warn({ err: error }, 'renderers: adopting')));
  http.addHook('onClose', async () => {
    await renderers.close();
    devices.close();
  });
  return devices;
}
