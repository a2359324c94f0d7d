import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';

/**
 * This server's stable id: made once and kept in the database, so every node of a cluster,
 * every restart and every address it is reached by (LAN, WAN, a new domain) is one server
 * to an app that stores things per server (offline music, saved logins).
 */
export function serverId(db: Db): () => Promise<string> {
  let known: string | undefined;
  return async () => {
    if (known) return known;
    await db
      .insertInto('instance')
      .values({ key: 'server_id', value: newId() })
      .onConflict((c) => c.column('key').doNothing())
      .execute();
    const row = await db.selectFrom('instance').select('value').where('key', '=', 'server_id').executeTakeFirstOrThrow();
    known = row.value;
    return known;
  };
}
