import { currentScope } from '../viewer-scope.ts';
import type { Inbox, InboxItem, ShareBody, SimplifiedPlaylist } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { badRequest, forbidden, notFound } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import { newId } from '../ids.ts';
import { page } from '../paging.ts';
import { userRef } from '../user-ref.ts';
import type { CatalogLookup } from '../track-lookup.ts';
import { objectsFor, parseUri } from './objects.ts';
import { iso } from '../time.ts';

export interface InboxDeps {
  db: Db;
  events: EventBus;
  catalog: CatalogLookup;
  /** Display names of users that exist (recipients, senders); unknown ids are missing. */
  users: (ids: string[]) => Promise<Map<string, string>>;
  /** The playlists among `ids` a user may see (the playlists module decides). */
  playlists: (ids: string[], userId: string) => Promise<Map<string, SimplifiedPlaylist>>;
  /** The time now (ms since the epoch); the app passes its clock (AppDeps.clock). */
  now: () => number;
  /** Runs a look-up as another user sees the catalogue (their libraries). Omitted: everyone sees all music. */
  asUser?: <T>(userId: string, fn: () => Promise<T>) => Promise<T>;
}

/**
 * The inbox: people send each other tracks, albums, artists and playlists with a message
 * ("Share" in the 2011 client); the recipient's live sessions hear `inbox.received`, and
 * the sidebar counts the unread items.
 */
export function createInbox({ db, events, catalog, users, playlists, now, asUser = (_userId, fn) => fn() }: InboxDeps) {
  const objects = (uris: string[], userId: string) => objectsFor(uris, userId, catalog, playlists);

  return {
    /**
     * Sends an item to people's inboxes. The sender must see it; so must every recipient (a
     * private playlist goes only to those who may open it), and recipients must exist.
     */
    async send(fromUserId: string, body: ShareBody): Promise<{ sent: number }> {
      const to = [...new Set(body.to)];
      if (to.includes(fromUserId)) throw badRequest('You cannot send something to yourself', 'cannot_send_to_self');
      if (!(await objects([body.uri], fromUserId)).has(body.uri)) throw notFound('Item', 'item_not_found');
      const known = await users(to);
      const unknown = to.filter((id) => !known.has(id));
      if (unknown.length) throw notFound(`User ${unknown[0]}`, 'user_not_found');
      const playlist = parseUri(body.uri).kind === 'playlist';
      for (const id of to) {
        // Each recipient must be able to open it: a private playlist, or music outside their libraries, is refused.
        if (!(await asUser(id, () => objects([body.uri], id))).has(body.uri)) {
          const why = playlist ? 'cannot open this private playlist; invite them first' : 'has no access to the library this is in';
          throw forbidden(`${known.get(id)} ${why}`, 'recipient_cannot_see');
        }
      }
      const at = now();
      const message = body.message?.trim() || null;
      const rows = to.map((user) => ({ id: newId(), user_id: user, from_user_id: fromUserId, uri: body.uri, message, sent_at: at, read_at: null }));
      await db.insertInto('inbox_items').values(rows).execute();
      for (const row of rows) {
        await events.publish({ type: 'inbox.received', users: [row.user_id], data: { id: row.id, from: fromUserId, uri: row.uri, message } });
      }
      return { sent: rows.length };
    },

    /** The user's inbox, newest first, Spotify-paged, with the unread count. */
    async inbox(userId: string, limit: number, offset: number): Promise<Inbox> {
      const mine = db.selectFrom('inbox_items').where('user_id', '=', userId);
      const [rows, counts] = await Promise.all([
        mine.selectAll().orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
        mine
          .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('id').filterWhere('read_at', 'is', null).as('unread')])
          .executeTakeFirstOrThrow(),
      ]);
      const [found, names] = await Promise.all([
        objects(
          rows.map((r) => r.uri),
          userId,
        ),
        users([...new Set(rows.map((r) => r.from_user_id))]),
      ]);
      // A viewer restricted to some libraries does not see items of the others, not even as gone (libraries/README.md).
      const items = (currentScope() ? rows.filter((r) => found.has(r.uri)) : rows).map((r): InboxItem => ({
        id: r.id,
        from: userRef(r.from_user_id, names.get(r.from_user_id) ?? null),
        sent_at: iso(Number(r.sent_at)),
        read: r.read_at !== null,
        message: r.message,
        uri: r.uri,
        item: found.get(r.uri) ?? null,
      }));
      return {
        ...page('/api/v1/me/inbox', items, limit, offset, Number(counts.total)),
        unread: Number(counts.unread),
      };
    },

    /** Marks items read (all of them without `ids`); the user's other sessions hear it. */
    async markRead(userId: string, ids?: string[]) {
      let query = db.updateTable('inbox_items').set({ read_at: now() }).where('user_id', '=', userId).where('read_at', 'is', null);
      if (ids) query = query.where('id', 'in', ids);
      await query.execute();
      await events.publish({ type: 'inbox.read', users: [userId], data: { ids: ids ?? null } });
    },

    /** Deletes one of the user's items (404 when it is not theirs). */
    async remove(userId: string, id: string) {
      const result = await db.deleteFrom('inbox_items').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw notFound('Inbox item', 'inbox_item_not_found');
      await events.publish({ type: 'inbox.read', users: [userId], data: { ids: [id] } });
    },
  };
}
