import type { Card, CardAssigned, CardLearning, CardPlay } from '@runnel/api';
import type { Catalog } from '../catalog/service.ts';
import type { Db } from '../db/database.ts';
import { notFound } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import type { Playlists } from '../playlists/service.ts';
import type { Registry } from './registry.ts';
import type { DeviceCardsTable } from './tables.ts';

/** How long a device waits for the card its user asked it to learn. */
export const LEARN_MS = 60_000;
/** Most cards one device keeps (a box's shelf of cards, with room to spare). */
const MOST_CARDS = 1000;

export interface CardsDeps {
  db: Db;
  events: EventBus;
  registry: Pick<Registry, 'require'>;
  catalog: Pick<Catalog, 'album' | 'artist'>;
  playlists: Pick<Playlists, 'get'>;
  /** The catalogue track uris of a context (contexts.ts). */
  contextTracks: (userId: string, contextUri: string) => Promise<string[]>;
  now: () => number;
}

const asCard = (row: DeviceCardsTable): Card => ({ code: row.code, uri: row.context_uri, name: row.name, created_at: Number(row.created_at) });

/**
 * A device's cards (a Runnel Box's RFID/NFC cards): each plays a context. The user asks a
 * device to learn one (`learn`, pending LEARN_MS); the next card the device reads is
 * assigned to it and the user's sessions hear `device.card.assigned`. A read answers the
 * context's tracks now, so the device plays what the context holds today. Every call is
 * for the device's owner only (registry.require).
 */
export function createCards({ db, events, registry, catalog, playlists, contextTracks, now }: CardsDeps) {
  /** The context's name, which also checks the user may play it (a playlist they cannot see is not found). */
  async function contextName(userId: string, uri: string): Promise<string> {
    const [, type, id] = uri.split(':') as [string, string, string];
    if (type === 'album') return (await catalog.album(id)).name;
    if (type === 'artist') return (await catalog.artist(id)).name;
    if (type === 'playlist') return (await playlists.get(id, userId)).name;
    throw notFound(`Context ${uri}`, 'context_not_found');
  }

  const cardOf = (userId: string, deviceId: string, code: string) =>
    db.selectFrom('device_cards').selectAll().where('user_id', '=', userId).where('device_id', '=', deviceId).where('code', '=', code).executeTakeFirst();

  async function answer(userId: string, card: DeviceCardsTable, assigned: boolean): Promise<CardPlay> {
    return { code: card.code, uri: card.context_uri, name: card.name, uris: await contextTracks(userId, card.context_uri), assigned };
  }

  /** Takes the device's pending learn, if one is still pending (one taker only, on any node). */
  async function takeLearn(userId: string, deviceId: string) {
    const pending = await db.selectFrom('device_card_learns').selectAll().where('user_id', '=', userId).where('device_id', '=', deviceId).executeTakeFirst();
    if (!pending) return null;
    const taken = await db
      .deleteFrom('device_card_learns')
      .where('user_id', '=', userId)
      .where('device_id', '=', deviceId)
      .where('expires_at', '=', pending.expires_at)
      .executeTakeFirst();
    return Number(taken.numDeletedRows) === 1 && Number(pending.expires_at) > now() ? pending : null;
  }

  return {
    async list(userId: string, deviceId: string): Promise<{ cards: Card[] }> {
      await registry.require(userId, deviceId, false);
      const rows = await db
        .selectFrom('device_cards')
        .selectAll()
        .where('user_id', '=', userId)
        .where('device_id', '=', deviceId)
        .orderBy('created_at')
        .orderBy('code')
        .limit(MOST_CARDS)
        .execute();
      return { cards: rows.map(asCard) };
    },

    /** "Tap a card now": the next card the device reads (within LEARN_MS) plays `uri`. */
    async learn(userId: string, deviceId: string, uri: string): Promise<CardLearning> {
      await registry.require(userId, deviceId, false);
      const name = await contextName(userId, uri);
      const row = { user_id: userId, device_id: deviceId, context_uri: uri, name, expires_at: now() + LEARN_MS };
      await db
        .insertInto('device_card_learns')
        .values(row)
        .onConflict((c) => c.columns(['user_id', 'device_id']).doUpdateSet({ context_uri: uri, name, expires_at: row.expires_at }))
        .execute();
      return { uri, expires_at: row.expires_at };
    },

    async cancelLearn(userId: string, deviceId: string) {
      await registry.require(userId, deviceId, false);
      await db.deleteFrom('device_card_learns').where('user_id', '=', userId).where('device_id', '=', deviceId).execute();
    },

    /** What the card plays, without assigning it (a device filling its offline cache). */
    async get(userId: string, deviceId: string, code: string): Promise<CardPlay> {
      await registry.require(userId, deviceId, false);
      const card = await cardOf(userId, deviceId, code);
      if (!card) throw notFound('Card', 'card_not_found');
      return answer(userId, card, false);
    },

    /** The device read a card: a pending learn assigns it; then what it plays, or 404 card_not_found. */
    async read(userId: string, deviceId: string, code: string): Promise<CardPlay> {
      await registry.require(userId, deviceId, false);
      const pending = await takeLearn(userId, deviceId);
      if (pending) {
        const card: DeviceCardsTable = { user_id: userId, device_id: deviceId, code, context_uri: pending.context_uri, name: pending.name, created_at: now() };
        await db
          .insertInto('device_cards')
          .values(card)
          .onConflict((c) =>
            c.columns(['user_id', 'device_id', 'code']).doUpdateSet({ context_uri: card.context_uri, name: card.name, created_at: card.created_at }),
          )
          .execute();
        const data: CardAssigned = { device_id: deviceId, code, uri: card.context_uri, name: card.name };
        await events.publish({ type: 'device.card.assigned', users: [userId], data });
        return answer(userId, card, true);
      }
      const card = await cardOf(userId, deviceId, code);
      if (!card) throw notFound('Card', 'card_not_found');
      return answer(userId, card, false);
    },

    async remove(userId: string, deviceId: string, code: string) {
      await registry.require(userId, deviceId, false);
      const gone = await db
        .deleteFrom('device_cards')
        .where('user_id', '=', userId)
        .where('device_id', '=', deviceId)
        .where('code', '=', code)
        .executeTakeFirst();
      if (!Number(gone.numDeletedRows)) throw notFound('Card', 'card_not_found');
    },
  };
}

export type Cards = ReturnType<typeof createCards>;
