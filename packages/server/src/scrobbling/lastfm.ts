import { createHash } from 'node:crypto';
import { pacer, reach, ServiceError, type ScrobbleClient, type ScrobbleTrack } from './client.ts';

export interface LastfmSettings {
  /** The operator's API account (https://www.last.fm/api/account/create). */
  key: string;
  secret: string;
  /** The API's root; Last.fm's own by default (a stand-in in tests). */
  apiUrl?: string;
  /** Where listeners allow Runnel; Last.fm's own by default. */
  authUrl?: string;
}

/** Last.fm takes 50 scrobbles a request. */
const MAX_BATCH = 50;
/** Last.fm asks for no more than 5 requests a second from one address: a little under, so network jitter never puts six in one second. */
const GAP_MS = 220;
/** Its error codes worth another try later: operation failed, offline, unavailable, rate limit. */
const TRANSIENT = new Set([8, 11, 16, 29]);
/** The session or token is no good: invalid session key, authentication failed, token not authorized or expired. */
const AUTH = new Set([4, 9, 14, 15]);

/**
 * `api_sig`: the md5 of every parameter but `format` and `callback`, sorted by name, each
 * name followed by its value, then the secret (https://www.last.fm/api/authspec).
 */
export function signature(params: Record<string, string>, secret: string): string {
  const text = Object.keys(params)
    .filter((name) => name !== 'format' && name !== 'callback')
    .sort()
    .map((name) => name + params[name])
    .join('');
  return createHash('md5')
    .update(text + secret, 'utf8')
    .digest('hex');
}

/**
 * Last.fm's API 2.0 (https://www.last.fm/api): web authentication (`auth.getSession`),
 * `track.updateNowPlaying`, `track.scrobble`, `track.love` and `track.unlove`, signed with
 * the operator's secret.
 */
export function lastfm(settings: LastfmSettings) {
  const api = settings.apiUrl ?? 'https://ws.audioscrobbler.com/2.0/';
  const pace = pacer(GAP_MS);

  async function call(method: string, params: Record<string, string>): Promise<Record<string, unknown>> {
    const all = { ...params, method, api_key: settings.key };
    const form = new URLSearchParams({ ...all, api_sig: signature(all, settings.secret), format: 'json' });
    await pace.wait();
    const response = await reach(api, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    const code = typeof body?.error === 'number' ? body.error : null;
    const message = `Last.fm: ${typeof body?.message === 'string' ? body.message.slice(0, 200) : `HTTP ${response.status}`}`;
    if (code === 29) pace.pause(60_000);
    if (code !== null && AUTH.has(code)) throw new ServiceError('auth', message);
    if ((code !== null && TRANSIENT.has(code)) || response.status >= 500 || response.status === 429 || (!body && !response.ok))
      throw new ServiceError('retry', message, code === 29 ? 60_000 : undefined);
    if (code !== null || !response.ok || !body) throw new ServiceError('rejected', message);
    return body;
  }

  const fields = (track: ScrobbleTrack, at: string) => ({
    // Last.fm knows artists one by one: the main one (as its own scrobblers send).
    [`artist${at}`]: track.artists[0]!,
    [`track${at}`]: track.title,
    ...(track.album && { [`album${at}`]: track.album }),
    ...(track.albumArtist && { [`albumArtist${at}`]: track.albumArtist }),
    ...(track.trackNumber !== null && { [`trackNumber${at}`]: String(track.trackNumber) }),
    ...(track.mbid && { [`mbid${at}`]: track.mbid }),
    [`duration${at}`]: String(Math.round(track.durationMs / 1000)),
  });

  const client: ScrobbleClient & {
    authorizeUrl(callback: string): string;
    session(token: string): Promise<{ name: string; key: string }>;
  } = {
    maxBatch: MAX_BATCH,

    /** Where the listener allows Runnel; Last.fm sends them back to `callback` with `token`. */
    authorizeUrl(callback) {
      const url = new URL(settings.authUrl ?? 'https://www.last.fm/api/auth/');
      url.searchParams.set('api_key', settings.key);
      url.searchParams.set('cb', callback);
      return url.toString();
    },

    /** Trades the token the listener came back with for a session key that does not expire. */
    async session(token) {
      const body = await call('auth.getSession', { token });
      const session = body.session as { name?: unknown; key?: unknown } | undefined;
      if (typeof session?.name !== 'string' || typeof session.key !== 'string') throw new ServiceError('auth', 'Last.fm gave no session');
      return { name: session.name, key: session.key };
    },

    async nowPlaying(sessionKey, track) {
      await call('track.updateNowPlaying', { ...fields(track, ''), sk: sessionKey });
    },

    async submit(sessionKey, listens) {
      const params: Record<string, string> = { sk: sessionKey };
      listens.forEach((l, i) => Object.assign(params, fields(l.track, `[${i}]`), { [`timestamp[${i}]`]: String(Math.floor(l.listenedAt / 1000)) }));
      const body = await call('track.scrobble', params);
      const answer = (body.scrobbles as { scrobble?: unknown } | undefined)?.scrobble;
      const each = (Array.isArray(answer) ? answer : answer ? [answer] : []) as { ignoredMessage?: { code?: unknown; '#text'?: unknown } }[];
      const refused = new Map<string, string>();
      const later: string[] = [];
      each.forEach((s, i) => {
        const code = Number(s.ignoredMessage?.code ?? 0);
        const id = listens[i]?.id;
        // 5: the account's daily limit is reached; these wait (the ones before were taken).
        if (id && code === 5) later.push(id);
        else if (id && code) refused.set(id, `Last.fm ignored it (${String(s.ignoredMessage?.['#text'] || `code ${code}`)})`);
      });
      return { refused, later: later.length ? { ids: later, afterMs: 3_600_000 } : null };
    },

    // Last.fm knows a track by its artist and title.
    lovable: () => true,

    async love(sessionKey, track, loved) {
      await call(loved ? 'track.love' : 'track.unlove', { artist: track.artists[0]!, track: track.title, sk: sessionKey });
    },
  };
  return client;
}
