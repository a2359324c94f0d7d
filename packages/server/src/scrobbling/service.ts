import { randomBytes } from 'node:crypto';
import type { ScrobbleConnection, ScrobbleService, Scrobbling } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { AppError, badRequest, conflict } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { openSecret, sealSecret } from '../keys.ts';
import { iso } from '../time.ts';
import type { TrackLookup, TrackObject } from '../track-lookup.ts';
import { ServiceError, type ScrobbleClient, type ScrobbleTrack } from './client.ts';
import { lastfm, type LastfmSettings } from './lastfm.ts';
import { listenBrainz } from './listenbrainz.ts';
import { queueLoves } from './loves.ts';
import { createOutbox } from './outbox.ts';

export interface ScrobblingDeps {
  db: Db;
  jobs: Jobs;
  /** Seals the listeners' tokens and session keys at rest (keys.ts). */
  secretKey: Buffer;
  /** The starred tracks as the catalogue presents them (their names and MusicBrainz ids, for loves). */
  tracks: TrackLookup;
  now: () => number;
  /** ListenBrainz's API root; https://api.listenbrainz.org by default. */
  listenbrainzUrl?: string;
  /** Last.fm, when the operator gave an API key and secret; unavailable otherwise. */
  lastfm?: LastfmSettings;
  retryBaseMs?: number;
  pollMs?: number;
  onError: (error: Error) => void;
}

const SERVICES: ScrobbleService[] = ['listenbrainz', 'lastfm'];
/** The services' rule: a track of 30 seconds or less is not scrobbled. */
const MIN_DURATION_MS = 30_000;
/** A Last.fm connection must come back from Last.fm within this long. */
const AUTH_STATE_MS = 15 * 60_000;

/**
 * Scrobbling: each listener's plays go out to ListenBrainz and Last.fm. A play the player
 * module recorded is put in the durable outbox (outbox.ts) for every service the listener
 * connected; "now playing" is sent at once and not kept (it means nothing later). Stars are
 * loves, kept and sent the same way (loves.ts).
 */
export function createScrobbling(deps: ScrobblingDeps) {
  const { db, jobs, secretKey, now, onError } = deps;
  const brainz = listenBrainz(deps.listenbrainzUrl ?? 'https://api.listenbrainz.org');
  const fm = deps.lastfm ? lastfm(deps.lastfm) : null;
  const clients: Partial<Record<ScrobbleService, ScrobbleClient>> = { listenbrainz: brainz, ...(fm && { lastfm: fm }) };
  const open = (userId: string, sealed: string) => openSecret(secretKey, userId, sealed);
  const outbox = createOutbox({ db, clients, open, now, retryBaseMs: deps.retryBaseMs ?? 30_000, pollMs: deps.pollMs ?? 5_000, onError });
  let leading = false;

  const accounts = (userId: string) => db.selectFrom('scrobble_accounts').selectAll().where('user_id', '=', userId).execute();

  async function status(userId: string): Promise<Scrobbling> {
    const rows = new Map((await accounts(userId)).map((a) => [a.service, a]));
    const pending = await db
      .selectFrom('scrobble_outbox')
      .select(['service', (eb) => eb.fn.countAll<number>().as('n')])
      .where('user_id', '=', userId)
      .where('sent_at', 'is', null)
      .groupBy('service')
      .execute();
    const waiting = new Map(pending.map((p) => [p.service, Number(p.n)]));
    const services = SERVICES.map((service): ScrobbleConnection => {
      const a = rows.get(service);
      return {
        service,
        available: service in clients,
        connected: a !== undefined,
        account: a?.account ?? null,
        enabled: a ? a.enabled === 1 : false,
        pending: waiting.get(service) ?? 0,
        sent: Number(a?.sent ?? 0),
        last_sent_at: a?.last_sent_at ? iso(Number(a.last_sent_at)) : null,
        last_error: a?.last_error ?? null,
        last_error_at: a?.last_error_at ? iso(Number(a.last_error_at)) : null,
        failures: a?.failures ?? 0,
        needs_reconnect: a?.needs_reconnect === 1,
      };
    });
    return { services };
  }

  /** Keeps a new or renewed connection; plays kept while it needed renewing go out now. */
  async function connect(userId: string, service: ScrobbleService, account: string, secret: string) {
    const sealed = sealSecret(secretKey, userId, secret);
    const fresh = { account, sealed, enabled: 1, needs_reconnect: 0, failures: 0, retry_at: 0, last_error: null, last_error_at: null };
    await db
      .insertInto('scrobble_accounts')
      .values({ user_id: userId, service, sent: 0, last_sent_at: null, created_at: now(), ...fresh })
      .onConflict((c) => c.columns(['user_id', 'service']).doUpdateSet(fresh))
      .execute();
    if (leading) void outbox.drain();
  }

  /** A service's answer to a connection attempt, as the listener's error. */
  function refused(error: unknown, service: string): never {
    if (!(error instanceof ServiceError)) throw error;
    // 424 (Failed Dependency): the request was fine, the service it needs did not answer; a 4xx
    // like every refusal the client can act on (try again later), as renderers do (404).
    if (error.kind === 'retry') throw new AppError('scrobbling_unreachable', 424, `${service} could not be reached; try again in a moment`);
    throw badRequest(`${service} did not accept this: ${error.message}`, 'scrobbling_token_invalid');
  }

  const scrobbleTrack = (track: TrackObject): ScrobbleTrack => {
    const t = track as { name?: string; artists?: { name?: string }[]; album?: { name?: string; artists?: { name?: string }[] } };
    const names = (list: { name?: string }[] | undefined) => (list ?? []).map((a) => a.name).filter((n): n is string => typeof n === 'string' && n !== '');
    return {
      artists: names(t.artists).length ? names(t.artists) : ['Unknown artist'],
      title: t.name ?? 'Unknown track',
      album: t.album?.name || null,
      albumArtist: names(t.album?.artists)[0] ?? null,
      durationMs: Number(track.duration_ms) || 0,
      trackNumber: Number(track.track_number) || null,
      mbid: typeof track.musicbrainz_id === 'string' ? track.musicbrainz_id : null,
    };
  };

  return {
    status,

    async connectListenBrainz(userId: string, token: string): Promise<Scrobbling> {
      const name = await brainz.validate(token).catch((e) => refused(e, 'ListenBrainz'));
      await connect(userId, 'listenbrainz', name, token);
      return status(userId);
    },

    /** Where to send the listener's browser to allow Runnel on Last.fm; it comes back to `callback`. */
    async lastfmStart(userId: string, callback: string): Promise<string> {
      if (!fm) throw conflict('The operator has not set up Last.fm on this server (--lastfm-key and --lastfm-secret)', 'scrobbling_not_configured');
      const state = randomBytes(18).toString('base64url');
      await db
        .deleteFrom('scrobble_auth_states')
        .where('created_at', '<', now() - AUTH_STATE_MS)
        .execute();
      await db.insertInto('scrobble_auth_states').values({ state, user_id: userId, created_at: now() }).execute();
      const back = new URL(callback);
      back.searchParams.set('state', state);
      return fm.authorizeUrl(back.toString());
    },

    /** The listener came back from Last.fm: the state must be theirs and recent. */
    async lastfmFinish(userId: string, state: string, token: string | undefined): Promise<void> {
      const row = await db.deleteFrom('scrobble_auth_states').where('state', '=', state).where('user_id', '=', userId).returningAll().executeTakeFirst();
      if (!row || Number(row.created_at) < now() - AUTH_STATE_MS)
        throw badRequest('This Last.fm connection expired; start again from Settings', 'scrobbling_auth_expired');
      if (!fm || !token) throw badRequest('Last.fm did not allow Runnel', 'scrobbling_token_invalid');
      const session = await fm.session(token).catch((e) => refused(e, 'Last.fm'));
      await connect(userId, 'lastfm', session.name, session.key);
    },

    async setEnabled(userId: string, service: ScrobbleService, enabled: boolean): Promise<Scrobbling> {
      await db
        .updateTable('scrobble_accounts')
        .set({ enabled: enabled ? 1 : 0 })
        .where('user_id', '=', userId)
        .where('service', '=', service)
        .execute();
      if (enabled && leading) void outbox.drain();
      return status(userId);
    },

    /** Forgets the connection and the plays and loves still waiting for it. */
    async disconnect(userId: string, service: ScrobbleService): Promise<Scrobbling> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('scrobble_outbox').where('user_id', '=', userId).where('service', '=', service).execute();
        await trx.deleteFrom('scrobble_loves').where('user_id', '=', userId).where('service', '=', service).execute();
        await trx.deleteFrom('scrobble_accounts').where('user_id', '=', userId).where('service', '=', service).execute();
      });
      return status(userId);
    },

    /**
     * A play the player recorded (`playId`: its history row), at the time it began; again for
     * a play reported twice, which is kept once per service. Paused services keep nothing.
     */
    async played(userId: string, track: TrackObject, at: number, playId: string): Promise<void> {
      const st = scrobbleTrack(track);
      if (st.durationMs <= MIN_DURATION_MS) return;
      const targets = (await accounts(userId)).filter((a) => a.enabled === 1);
      if (!targets.length) return;
      await db
        .insertInto('scrobble_outbox')
        .values(
          targets.map((a) => ({
            id: newId(),
            user_id: userId,
            service: a.service,
            play_id: playId,
            listened_at: at,
            track: JSON.stringify(st),
            created_at: now(),
            sent_at: null,
            rejected: null,
          })),
        )
        .onConflict((c) => c.columns(['user_id', 'service', 'play_id']).doNothing())
        .execute();
      if (leading) void outbox.drain();
    },

    /**
     * Tracks the listener starred (`loved`) or unstarred: kept for every service they connected
     * and did not pause that can take them (ListenBrainz: tracks with a MusicBrainz recording
     * id), to love or unlove there. Tracks the catalogue no longer has are left out.
     */
    async starred(userId: string, trackIds: string[], loved: boolean): Promise<void> {
      const targets = (await accounts(userId)).filter((a) => a.enabled === 1 && clients[a.service]);
      if (!targets.length || !trackIds.length) return;
      const found = [...(await deps.tracks.tracks(trackIds)).entries()].map(([trackId, track]) => ({ trackId, track: scrobbleTrack(track) }));
      const items = targets.flatMap((a) => found.filter((f) => clients[a.service]!.lovable(f.track)).map((f) => ({ service: a.service, ...f })));
      await queueLoves(db, now(), userId, loved, items);
      if (leading && items.length) void outbox.drain();
    },

    /** A track started: told to every connected service at once, not kept if one is down. */
    async nowPlaying(userId: string, track: TrackObject): Promise<void> {
      const st = scrobbleTrack(track);
      for (const a of await accounts(userId)) {
        const client = clients[a.service];
        const secret = open(userId, a.sealed);
        if (!client || !secret || a.enabled !== 1 || a.needs_reconnect === 1) continue;
        client.nowPlaying(secret, st).catch(onError);
      }
    },

    /** On a node that works jobs: the one that leads `scrobble-outbox` sends for the cluster. */
    async install(): Promise<void> {
      await jobs.lead('scrobble-outbox', () => {
        leading = true;
        const stop = outbox.start();
        return () => {
          leading = false;
          stop();
        };
      });
    },

    /** Sends what is due now, or waits (up to 5 s) for the node that sends to do so (tests; the sender does it by itself every few seconds). */
    async flush(): Promise<void> {
      if (leading) return outbox.drain();
      for (let tries = 0; tries < 250 && (await outbox.waiting()); tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

export type ScrobblingService = ReturnType<typeof createScrobbling>;
