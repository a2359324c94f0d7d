import { createHash } from 'node:crypto';
import type { DeviceCommand } from '@runnel/api';
import type { EventBus } from '../../events/bus.ts';
import type { DevicesTable } from '../tables.ts';
import { fetchDescription, type RendererDescription } from './description.ts';
import { createDriver, DEFAULT_TIMING, type Driver, type DriverDeps, type DriverTiming } from './driver.ts';
import { soapClient } from './soap.ts';
import { ssdpSearch } from './ssdp.ts';

export interface RenderersDeps extends Omit<DriverDeps, 'timing'> {
  events: EventBus;
  timing?: Partial<DriverTiming>;
  /** How long a discovery search listens (default 2 s). */
  searchMs?: number;
  /** How often this node looks for renderers no node drives (default 30 s). */
  adoptEveryMs?: number;
}

/** How long one SSDP search's answer is given to whoever asks (see discover). */
const SEARCH_KEEP_MS = 30_000;

/** A renderer's device id: from its UDN, so the same renderer is the same device wherever it moves. */
export const rendererDeviceId = (udn: string) => `upnp-${createHash('sha256').update(udn).digest('base64url').slice(0, 22)}`;

/**
 * The renderers this node drives (one driver each: driver.ts) and how they are found and
 * added. Only the node holding a renderer (registry.hold) drives it: the node it was added
 * through, or, when no node has vouched for it within SILENT_MS (its node stopped or died),
 * the first node whose periodic look finds it. Commands reach every node on the bus; only
 * the driving node has a driver to give them to.
 */
export function createRenderers(deps: RenderersDeps) {
  const timing = { ...DEFAULT_TIMING, ...deps.timing };
  const drivers = new Map<string, Driver>();
  const key = (userId: string, deviceId: string) => `${userId}/${deviceId}`;
  let closed = false;
  let search: Promise<{ url: string; name: string }[]> | null = null;
  let searched = 0;

  const unsubscribe = deps.events.subscribe((event) => {
    if (event.type !== 'device.command') return;
    const command = event.data as DeviceCommand;
    for (const userId of event.users ?? []) void drivers.get(key(userId, command.device_id))?.command(command);
  });

  async function drive(target: Parameters<typeof createDriver>[1]) {
    const k = key(target.userId, target.deviceId);
    const before = drivers.get(k);
    drivers.delete(k);
    await before?.stop();
    const driver = createDriver({ ...deps, timing }, target, () => drivers.get(k) === driver && drivers.delete(k));
    if (closed) return;
    drivers.set(k, driver);
    await driver.start();
  }

  /** Takes and drives the renderers no node drives (at start, then now and then). */
  async function adopt() {
    for (const row of await deps.devices.registry.unheld()) {
      if (closed || !row.renderer_url || drivers.has(key(row.user_id, row.id))) continue;
      const held = await deps.devices.registry.hold(row.user_id, row.id, false, null);
      if (held === null) continue; // another node was quicker
      await drive({ userId: row.user_id, deviceId: row.id, url: row.renderer_url, heldSince: held, online: false });
    }
  }
  const adopting = setInterval(() => void adopt().catch((error: unknown) => deps.onError(error, 'adopting renderers')), deps.adoptEveryMs ?? 30_000);
  adopting.unref();

  return {
    adopt,

    /**
     * Renderers answering an SSDP search whose description reads (LAN only): `{url, name}`.
     * One search at a time, shared by whoever asks, and its answer kept for SEARCH_KEEP_MS:
     * renderers do not come and go by the second, and a user repeating the request does not
     * flood the LAN with multicast (nor hold a request open 2 s each time).
     */
    discover(): Promise<{ url: string; name: string }[]> {
      if (search && searched > deps.now() - SEARCH_KEEP_MS) return search;
      searched = deps.now();
      search = (async () => {
        const { locations } = await ssdpSearch({ timeoutMs: deps.searchMs ?? 2000 });
        const read = await Promise.all(locations.map((url) => fetchDescription(url).catch(() => null)));
        const found = new Map<string, { url: string; name: string }>();
        for (const d of read) if (d && !found.has(d.udn)) found.set(d.udn, { url: d.url, name: d.name });
        return [...found.values()];
      })();
      return search;
    },

    /** Adds (or adds again) the renderer described at `url` as the user's device, and drives it from this node. */
    async add(userId: string, url: string, origin?: string): Promise<DevicesTable> {
      const description: RendererDescription = await fetchDescription(url);
      const id = rendererDeviceId(description.udn);
      const soap = soapClient(description);
      const volume = soap.supportsVolume ? await soap.volume().catch(() => null) : null;
      await deps.devices.registry.register(userId, id, {
        name: description.name,
        type: 'speaker',
        supports_volume: soap.supportsVolume,
        ...(volume === null ? {} : { volume_percent: volume }),
        renderer_url: description.url,
      });
      const held = await deps.devices.registry.hold(userId, id, true, null, true);
      if (held !== null) await drive({ userId, deviceId: id, url: description.url, description, origin, heldSince: held, online: true });
      return deps.devices.registry.require(userId, id, false);
    },

    /** Whether this node drives the device. */
    drives: (userId: string, deviceId: string) => drivers.has(key(userId, deviceId)),

    /** Stops every driver (the server closes); the renderers are free for other nodes at once. */
    async close() {
      closed = true;
      clearInterval(adopting);
      unsubscribe();
      await Promise.all([...drivers.values()].map((d) => d.stop()));
      drivers.clear();
    },
  };
}

export type Renderers = ReturnType<typeof createRenderers>;
