import type { Device, DeviceType, RegisterDeviceBody } from '@runnel/api';
import type { Db } from '../db/database.ts';
import type { EventBus } from '../events/bus.ts';
import { notFound } from '../errors.ts';
import type { DevicesTable } from './tables.ts';

/** A device unheard of for this long is offline, whatever its row says (a node died holding it). */
export const SILENT_MS = 90_000;
/** Most devices a user has; registering one more forgets the one unheard of longest. */
export const MAX_DEVICES = 50;
/** Pings more often than this refresh `seen_at` no further. */
const TOUCH_EVERY_MS = 20_000;

export const asDevice = (row: DevicesTable, activeId: string | undefined): Device => ({
  id: row.id,
  name: row.name,
  type: row.type,
  is_active: row.id === activeId,
  volume_percent: row.volume_percent === null ? null : Number(row.volume_percent),
  supports_volume: Number(row.supports_volume) === 1,
});

/**
 * The user's devices and which are online. A device is online while a live channel opened
 * with its id is open on some node (`attach`), pinged within SILENT_MS, or (a renderer)
 * while the server's driver reaches it.
 */
export function createRegistry(db: Db, now: () => number, events: EventBus) {
  /** Open live channels per `user/device` on this node. */
  const open = new Map<string, number>();
  const touched = new Map<string, number>();

  const setOnline = (userId: string, id: string, online: boolean) =>
    db
      .updateTable('devices')
      .set({ online: online ? 1 : 0, seen_at: now() })
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .execute();
  // A device registered through another node, whose channel is open here: this node says it is online.
  events.subscribe((event) => {
    if (event.type !== 'device.registered') return;
    const { user_id, id } = event.data as { user_id: string; id: string };
    if (open.has(`${user_id}/${id}`)) void setOnline(user_id, id, true).catch(() => {});
  });

  return {
    async register(userId: string, id: string, body: RegisterDeviceBody & { renderer_url?: string }): Promise<DevicesTable> {
      const fields = { type: body.type ?? ('computer' as DeviceType), supports_volume: body.supports_volume === false ? 0 : 1 };
      const volume = body.volume_percent ?? null;
      // Every new browser profile is a new device: past MAX_DEVICES, the one unheard of longest goes.
      const known = await db.selectFrom('devices').select(['id', 'online']).where('user_id', '=', userId).orderBy('seen_at').orderBy('id').execute();
      if (known.length >= MAX_DEVICES && !known.some((d) => d.id === id)) {
        const oldest = known.find((d) => Number(d.online) === 0) ?? known[0]!;
        await db.deleteFrom('devices').where('user_id', '=', userId).where('id', '=', oldest.id).execute();
      }
      // The name is the device's suggestion the first time only: a rename by the user stays.
      await db
        .insertInto('devices')
        // Online at once when its live channel opened first (on this node).
        .values({
          user_id: userId,
          id,
          name: body.name,
          ...fields,
          volume_percent: volume,
          seen_at: now(),
          online: open.has(`${userId}/${id}`) ? 1 : 0,
          renderer_url: body.renderer_url ?? null,
        })
        .onConflict((c) =>
          c.columns(['user_id', 'id']).doUpdateSet({
            ...fields,
            ...(volume === null ? {} : { volume_percent: volume }),
            // A renderer added again may have moved (a new address on the LAN).
            ...(body.renderer_url ? { renderer_url: body.renderer_url } : {}),
          }),
        )
        .execute();
      // Its channel may be open on another node (kept off the live channel: `users: []`).
      if (!open.has(`${userId}/${id}`)) await events.publish({ type: 'device.registered', users: [], data: { user_id: userId, id } });
      return this.require(userId, id, false);
    },

    async rename(userId: string, id: string, name: string) {
      await this.require(userId, id, false);
      await db.updateTable('devices').set({ name }).where('user_id', '=', userId).where('id', '=', id).execute();
    },

    /** Forgets a device, and the cards it knew (a device registering again with its id starts with none). */
    async remove(userId: string, id: string) {
      const gone = await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('device_cards').where('user_id', '=', userId).where('device_id', '=', id).execute();
        await trx.deleteFrom('device_card_learns').where('user_id', '=', userId).where('device_id', '=', id).execute();
        return trx.deleteFrom('devices').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      });
      if (!Number(gone.numDeletedRows)) throw notFound('Device', 'device_not_found');
    },

    async setVolume(userId: string, id: string, volume: number) {
      await db.updateTable('devices').set({ volume_percent: volume }).where('user_id', '=', userId).where('id', '=', id).execute();
    },

    /** The device, which must be the user's (and online, unless `online` is false). */
    async require(userId: string, id: string, online = true): Promise<DevicesTable> {
      const row = await db.selectFrom('devices').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      if (!row || (online && !this.isOnline(row))) throw notFound('Device', 'device_not_found');
      return row;
    },

    isOnline: (row: DevicesTable) => Number(row.online) === 1 && Number(row.seen_at) > now() - SILENT_MS,

    async online(userId: string): Promise<DevicesTable[]> {
      return db
        .selectFrom('devices')
        .selectAll()
        .where('user_id', '=', userId)
        .where('online', '=', 1)
        .where('seen_at', '>', now() - SILENT_MS)
        .orderBy('name')
        .execute();
    },

    /** A live channel with this device's id opened; the function returned says it closed (true: the device is now offline). */
    async attach(userId: string, id: string): Promise<() => Promise<boolean>> {
      const key = `${userId}/${id}`;
      open.set(key, (open.get(key) ?? 0) + 1);
      touched.set(key, now());
      await setOnline(userId, id, true);
      return async () => {
        const left = (open.get(key) ?? 1) - 1;
        if (left > 0) return (void open.set(key, left), false);
        open.delete(key);
        touched.delete(key);
        await setOnline(userId, id, false);
        return true;
      };
    },

    /**
     * Server-held presence, for renderers: the node whose driver holds one vouches for it
     * (`seen_at`) and says whether it answers (`online`). `since` null takes a renderer no
     * node vouched for within SILENT_MS (`force`: whoever held it); otherwise renews this
     * node's hold taken at `since`. The new hold's time, or null when another node has it
     * (or the user removed it).
     */
    async hold(userId: string, id: string, online: boolean, since: number | null, force = false): Promise<number | null> {
      const at = Math.max(now(), (since ?? 0) + 1);
      let update = db
        .updateTable('devices')
        .set({ online: online ? 1 : 0, seen_at: at })
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .where('renderer_url', 'is not', null);
      if (since !== null) update = update.where('seen_at', '=', since);
      else if (!force) update = update.where('seen_at', '<=', now() - SILENT_MS);
      return Number((await update.executeTakeFirst()).numUpdatedRows) ? at : null;
    },

    /** Lets go of a hold (the node stops): another node may take the renderer at once. */
    async release(userId: string, id: string, since: number) {
      await db.updateTable('devices').set({ online: 0, seen_at: 0 }).where('user_id', '=', userId).where('id', '=', id).where('seen_at', '=', since).execute();
    },

    /** Renderers no node has vouched for within SILENT_MS (see `hold`). */
    unheld: () =>
      db
        .selectFrom('devices')
        .select(['user_id', 'id', 'renderer_url'])
        .where('renderer_url', 'is not', null)
        .where('seen_at', '<=', now() - SILENT_MS)
        .execute(),

    /** A ping on a device's channel (or a renderer answering its driver): it is still there. */
    async touch(userId: string, id: string) {
      const key = `${userId}/${id}`;
      if (now() - (touched.get(key) ?? 0) < TOUCH_EVERY_MS) return;
      touched.set(key, now());
      await setOnline(userId, id, true);
    },
  };
}

export type Registry = ReturnType<typeof createRegistry>;
