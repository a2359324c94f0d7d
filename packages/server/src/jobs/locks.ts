import pg from 'pg';

/**
 * PostgreSQL's advisory locks, each on a connection of its own: the lock lives exactly as long
 * as that session, so a node that dies (or loses the database) lets go of it at once, and no
 * lease needs renewing.
 */
const keyOf = (client: pg.Client, name: string) => client.query('SELECT hashtext($1) AS key', [`runnel:${name}`]).then((r) => Number(r.rows[0].key));

/** The name a node's leadership session goes by (pg_stat_activity), so any node can see who leads. */
export const leaderName = (name: string) => `runnel lead ${name}`;

/** Runs `work` holding the lock `name`, waiting for it as long as another session holds it. */
export async function withAdvisoryLock<T>(connectionString: string, name: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, application_name: `runnel lock ${name}` });
  client.on('error', () => {}); // a lost connection frees the lock; the work itself goes on
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [await keyOf(client, name)]);
    return await work();
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Keeps trying (every `retryMs`) to take the lock `name`; while this node holds it, what
 * `begin` started runs. A lost connection stops it and the node tries again.
 */
export function holdLeadership(
  connectionString: string,
  name: string,
  begin: () => () => void,
  options: { retryMs: number; onError: (error: unknown) => void },
): { tried: Promise<void>; stop: () => Promise<void> } {
  let stopped = false;
  let client: pg.Client | null = null;
  let end: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  const resign = () => {
    end?.();
    end = null;
  };
  const later = () => {
    if (!stopped) timer = setTimeout(attempt, options.retryMs);
  };
  async function attempt(): Promise<void> {
    timer = null;
    const mine = new pg.Client({ connectionString, application_name: leaderName(name) });
    client = mine;
    try {
      await mine.connect();
      const key = await keyOf(mine, name);
      const taken = (await mine.query('SELECT pg_try_advisory_lock($1) AS taken', [key])).rows[0].taken === true;
      if (!taken || stopped) throw null;
      // The session is gone (the database restarted, the network failed): so is the lock.
      let lost = false;
      const lose = (error?: Error) => {
        if (lost || stopped) return;
        lost = true;
        if (error) options.onError(error);
        resign();
        mine.end().catch(() => {});
        later();
      };
      mine.on('error', lose);
      mine.on('end', () => lose());
      end = begin();
    } catch (error) {
      if (error !== null) options.onError(error);
      await mine.end().catch(() => {});
      later();
    }
  }
  return {
    tried: attempt(),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      resign();
      await client?.end().catch(() => {});
    },
  };
}
