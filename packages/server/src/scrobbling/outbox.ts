import type { ScrobbleService } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { ServiceError, type Listen, type ScrobbleClient, type ScrobbleTrack, type Submitted } from './client.ts';
import { createLoveSender, type DueAccount } from './loves.ts';

export interface OutboxDeps {
  db: Db;
  clients: Partial<Record<ScrobbleService, ScrobbleClient>>;
  /** The account's secret, or undefined when it no longer opens (another server key). */
  open: (userId: string, sealed: string) => string | undefined;
  now: () => number;
  /** The wait after a first failed attempt; it doubles with each one after, up to MAX_WAIT_MS. */
  retryBaseMs: number;
  /** How often the sender looks for plays to send when nothing woke it. */
  pollMs: number;
  onError: (error: Error) => void;
}

const MAX_WAIT_MS = 3_600_000;
/** Sent plays (and loves) are kept this long, so a play its player reports again is not sent again. */
const KEEP_SENT_MS = 30 * 86_400_000;
/** Accounts served per round, so one listener's long backlog does not hold up the others. */
const ACCOUNTS_PER_ROUND = 50;

/**
 * The durable outbox's sender. Plays wait in `scrobble_outbox` until their service took them;
 * one node of the cluster sends (service.ts makes it lead), account by account, oldest first,
 * in the service's batches. A service that is down or asks for a pause is tried again after
 * a back-off that doubles per failure (30 s to an hour), so nothing is lost and nothing sent
 * twice: a row is marked sent only once the service answered that it took it. Loves (stars,
 * loves.ts) wait in their own table and go out in the same rounds, one at a time.
 */
export function createOutbox({ db, clients, open, now, retryBaseMs, pollMs, onError }: OutboxDeps) {
  let running: Promise<void> | null = null;
  let again = false;
  let lastPrune = 0;
  const loves = createLoveSender({ db, now });

  /** Accounts that may send now and have plays or loves waiting. */
  async function due(): Promise<DueAccount[]> {
    return db
      .selectFrom('scrobble_accounts as a')
      .select(['a.user_id', 'a.service', 'a.sealed', 'a.failures'])
      .where('a.enabled', '=', 1)
      .where('a.needs_reconnect', '=', 0)
      .where('a.retry_at', '<=', now())
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('scrobble_outbox as o')
              .select('o.id')
              .where('o.sent_at', 'is', null)
              .whereRef('o.user_id', '=', 'a.user_id')
              .whereRef('o.service', '=', 'a.service'),
          ),
          eb.exists(
            eb
              .selectFrom('scrobble_loves as l')
              .select('l.id')
              .where('l.sent_at', 'is', null)
              .whereRef('l.user_id', '=', 'a.user_id')
              .whereRef('l.service', '=', 'a.service'),
          ),
        ]),
      )
      .limit(ACCOUNTS_PER_ROUND)
      .execute();
  }

  const account = (userId: string, service: ScrobbleService) =>
    db.updateTable('scrobble_accounts').where('user_id', '=', userId).where('service', '=', service);

  async function failed(userId: string, service: ScrobbleService, failures: number, error: ServiceError) {
    const at = now();
    if (error.kind === 'auth') {
      await account(userId, service).set({ needs_reconnect: 1, last_error: error.message, last_error_at: at }).execute();
      return;
    }
    const wait = Math.max(error.retryAfterMs ?? 0, Math.min(MAX_WAIT_MS, retryBaseMs * 2 ** failures));
    await account(userId, service)
      .set({ failures: failures + 1, retry_at: at + wait, last_error: error.message, last_error_at: at })
      .execute();
  }

  /** Sends one account's oldest love and its oldest batch of plays; true when it took something (there may be more). */
  async function sendFor(row: DueAccount): Promise<boolean> {
    const client = clients[row.service];
    if (!client) return false;
    const secret = open(row.user_id, row.sealed);
    if (secret === undefined) {
      await failed(row.user_id, row.service, row.failures, new ServiceError('auth', 'The saved credentials no longer open: connect again'));
      return false;
    }
    // The love first: the plays' answer then sets how the account stands (a wait Last.fm asked for, say).
    const loved = await loves.sendOne(row, client, secret, (error) => failed(row.user_id, row.service, row.failures, error));
    if (loved === null) return false;
    return (await sendPlays(row, client, secret)) || loved;
  }

  /** Sends one account's oldest batch of plays; true when it took some (there may be more). */
  async function sendPlays(row: DueAccount, client: ScrobbleClient, secret: string): Promise<boolean> {
    const rows = await db
      .selectFrom('scrobble_outbox')
      .select(['id', 'listened_at', 'track'])
      .where('user_id', '=', row.user_id)
      .where('service', '=', row.service)
      .where('sent_at', 'is', null)
      .orderBy('listened_at')
      .orderBy('id')
      .limit(client.maxBatch)
      .execute();
    if (!rows.length) return false;
    const listens: Listen[] = rows.map((r) => ({ id: r.id, listenedAt: Number(r.listened_at), track: JSON.parse(r.track) as ScrobbleTrack }));
    let result: Submitted;
    try {
      result = await submit(client, secret, listens);
    } catch (error) {
      await failed(row.user_id, row.service, row.failures, ServiceError.from(error));
      return false;
    }
    const at = now();
    const later = new Set(result.later?.ids);
    const taken = listens.filter((l) => !later.has(l.id) && !result.refused.has(l.id)).map((l) => l.id);
    await db.transaction().execute(async (trx) => {
      if (taken.length) await trx.updateTable('scrobble_outbox').set({ sent_at: at }).where('id', 'in', taken).execute();
      for (const [id, why] of result.refused) await trx.updateTable('scrobble_outbox').set({ sent_at: at, rejected: why }).where('id', '=', id).execute();
      const refusal = [...result.refused.values()][0];
      await trx
        .updateTable('scrobble_accounts')
        .where('user_id', '=', row.user_id)
        .where('service', '=', row.service)
        .set((eb) => ({
          sent: eb('sent', '+', taken.length),
          ...(taken.length && { last_sent_at: at }),
          failures: 0,
          retry_at: result.later ? at + result.later.afterMs : 0,
          last_error: refusal ?? (result.later ? 'The service will take more later' : null),
          last_error_at: refusal || result.later ? at : null,
        }))
        .execute();
    });
    return taken.length + result.refused.size > 0 && !result.later;
  }

  /**
   * A batch the service refused as a whole (one bad play spoils it) is sent one play at a
   * time, to keep the good ones; if the service stops answering half-way, the rest wait.
   */
  async function submit(client: ScrobbleClient, secret: string, listens: Listen[]): Promise<Submitted> {
    try {
      return await client.submit(secret, listens);
    } catch (error) {
      if (!(error instanceof ServiceError) || error.kind !== 'rejected') throw error;
      if (listens.length === 1) return { refused: new Map([[listens[0]!.id, error.message]]), later: null };
    }
    const refused = new Map<string, string>();
    const later: string[] = [];
    let afterMs = retryBaseMs;
    for (const one of listens) {
      if (later.length) later.push(one.id);
      else
        try {
          const alone = await submit(client, secret, [one]);
          for (const [id, why] of alone.refused) refused.set(id, why);
          if (alone.later) {
            later.push(one.id);
            afterMs = alone.later.afterMs;
          }
        } catch (error) {
          if (!(error instanceof ServiceError) || error.kind !== 'retry') throw error;
          later.push(one.id);
          afterMs = error.retryAfterMs ?? afterMs;
        }
    }
    return { refused, later: later.length ? { ids: later, afterMs } : null };
  }

  async function drainOnce() {
    for (;;) {
      const accounts = await due();
      let more = false;
      for (const row of accounts) if (await sendFor(row)) more = true;
      if (!more) break;
    }
    if (now() - lastPrune > 3_600_000) {
      lastPrune = now();
      await db
        .deleteFrom('scrobble_outbox')
        .where('sent_at', '<', now() - KEEP_SENT_MS)
        .execute();
      await loves.prune(now() - KEEP_SENT_MS);
    }
  }

  /** Sends what is due; a call while one runs makes that one look again when it is done. */
  function drain(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await drainOnce().catch(onError);
      } while (again);
    })().finally(() => (running = null));
    return running;
  }

  return {
    drain,
    /** Whether some account has plays or loves to send now (the one sending may be another node). */
    waiting: async () => (await due()).length > 0,
    /** Sends every `pollMs` and when woken; returns what stops it. */
    start(): () => void {
      void drain();
      const timer = setInterval(() => void drain(), pollMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
