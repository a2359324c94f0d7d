import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { generateTone } from '../library/generate.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Scrobbling } from '@runnel/api';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';

/**
 * Local stand-ins for ListenBrainz and Last.fm that keep their documented APIs and checks
 * (written from the services' documentation, not from Runnel's clients): they refuse what
 * the real ones refuse, record what they took, and can be taken down and brought back on
 * the same port.
 */

export interface StandIn {
  url: string;
  /** Stops listening: connections are refused, as from a service that is down. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

async function listen(handle: (req: IncomingMessage, body: string, res: ServerResponse) => void, port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => handle(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

async function standIn(handle: (req: IncomingMessage, body: string, res: ServerResponse) => void, path: string): Promise<StandIn> {
  let { server, port } = await listen(handle);
  let running = true;
  const stop = async () => {
    if (!running) return;
    running = false;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${port}${path}`,
    down: stop,
    async up() {
      if (running) return;
      ({ server, port } = await listen(handle, port));
      running = true;
    },
    close: stop,
  };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

export interface ReceivedListen {
  type: 'single' | 'import' | 'playing_now';
  user: string;
  listened_at?: number;
  track_metadata: { artist_name: string; track_name: string; release_name?: string; additional_info?: Record<string, unknown> };
}

/** A love or its removal (recording feedback) ListenBrainz took. */
export interface ReceivedFeedback {
  user: string;
  recording_mbid: string;
  score: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * ListenBrainz: `GET /1/validate-token`, `POST /1/submit-listens` and
 * `POST /1/feedback/recording-feedback` (https://listenbrainz.readthedocs.io).
 */
export async function listenBrainzStandIn(
  tokens: Record<string, string>,
): Promise<StandIn & { listens: ReceivedListen[]; feedback: ReceivedFeedback[]; submits: number[]; limit(times: number, resetInS: number): void }> {
  const received: ReceivedListen[] = [];
  const feedback: ReceivedFeedback[] = [];
  const submits: number[] = [];
  const rate = { 'x-ratelimit-limit': '30', 'x-ratelimit-remaining': '29', 'x-ratelimit-reset-in': '10' };
  const limited = { times: 0, resetInS: 0 };
  const handle = (req: IncomingMessage, body: string, res: ServerResponse) => {
    const token = /^Token (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const user = token ? tokens[token] : undefined;
    if (req.method === 'GET' && req.url === '/1/validate-token') {
      if (!user) return json(res, 200, { code: 200, message: 'Token invalid.', valid: false }, rate);
      return json(res, 200, { code: 200, message: 'Token valid.', valid: true, user_name: user }, rate);
    }
    if (req.method === 'POST' && req.url === '/1/feedback/recording-feedback') {
      if (!user) return json(res, 401, { code: 401, error: 'Invalid authorization token.' }, rate);
      let doc: Record<string, unknown>;
      try {
        doc = JSON.parse(body);
      } catch {
        return json(res, 400, { code: 400, error: 'Cannot parse JSON document.' });
      }
      const keys = Object.keys(doc);
      if (
        !('recording_mbid' in doc || 'recording_msid' in doc) ||
        !('score' in doc) ||
        keys.some((k) => !['recording_msid', 'recording_mbid', 'score'].includes(k))
      )
        return json(res, 400, { code: 400, error: 'JSON document must contain either recording_msid or recording_mbid, and score top level keys' });
      if (typeof doc.recording_mbid !== 'string' || !UUID.test(doc.recording_mbid) || ![-1, 0, 1].includes(doc.score as number))
        return json(res, 400, { code: 400, error: 'Invalid JSON document submitted: recording_mbid or score' });
      feedback.push({ user, recording_mbid: doc.recording_mbid, score: doc.score as number });
      return json(res, 200, { status: 'ok' }, rate);
    }
    if (req.method !== 'POST' || req.url !== '/1/submit-listens') return json(res, 404, { code: 404, error: 'Not found' });
    submits.push(performance.now());
    if (!user) return json(res, 401, { code: 401, error: 'Invalid authorization token.' }, rate);
    if (limited.times > 0) {
      limited.times--;
      const reset = String(limited.resetInS);
      return json(res, 429, { code: 429, error: 'Too many requests.' }, { ...rate, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-in': reset });
    }
    let doc: { listen_type?: unknown; payload?: unknown };
    try {
      doc = JSON.parse(body);
    } catch {
      return json(res, 400, { code: 400, error: 'Cannot parse JSON document.' });
    }
    const type = doc.listen_type;
    const payload = doc.payload;
    if (type !== 'single' && type !== 'import' && type !== 'playing_now') return json(res, 400, { code: 400, error: 'JSON document has invalid listen_type.' });
    if (!Array.isArray(payload) || !payload.length) return json(res, 400, { code: 400, error: 'JSON document does not contain any listens.' });
    if ((type === 'single' || type === 'playing_now') && payload.length !== 1)
      return json(res, 400, { code: 400, error: `JSON document contains more than one listen for ${type}.` });
    if (payload.length > 1000) return json(res, 400, { code: 400, error: 'Too many listens.' });
    for (const listen of payload as ReceivedListen[]) {
      const meta = listen.track_metadata;
      if (!meta || typeof meta.artist_name !== 'string' || !meta.artist_name || typeof meta.track_name !== 'string' || !meta.track_name)
        return json(res, 400, { code: 400, error: 'JSON document does not contain required track_metadata, artist_name or track_name.' });
      if (type === 'playing_now' ? 'listened_at' in listen : !Number.isInteger(listen.listened_at))
        return json(res, 400, {
          code: 400,
          error: type === 'playing_now' ? 'playing_now listens may not contain listened_at.' : 'Listen has no valid listened_at.',
        });
    }
    for (const listen of payload as ReceivedListen[]) received.push({ ...listen, type, user });
    return json(res, 200, { status: 'ok' }, rate);
  };
  const base = await standIn(handle, '');
  return Object.assign(base, {
    listens: received,
    /** Recording feedback taken, in the order it came. */
    feedback,
    /** When each submit-listens request arrived (performance.now()). */
    submits,
    /** Answers the next `times` submits 429, asking for `resetInS` seconds, as ListenBrainz's rate limit does. */
    limit: (times: number, resetInS: number) => Object.assign(limited, { times, resetInS }),
  });
}

export interface ReceivedScrobble {
  method: 'track.scrobble' | 'track.updateNowPlaying';
  user: string;
  artist: string;
  track: string;
  album?: string;
  timestamp?: number;
  duration?: number;
  /** How many scrobbles the request carried (track.scrobble). */
  batch: number;
}

/** A `track.love` or `track.unlove` Last.fm took. */
export interface ReceivedLove {
  method: 'track.love' | 'track.unlove';
  user: string;
  artist: string;
  track: string;
}

/**
 * Last.fm API 2.0 (https://www.last.fm/api): web auth (`/api/auth/` sends the browser back to
 * `cb` with a token, as if the listener allowed it), `auth.getSession`, `track.updateNowPlaying`,
 * `track.scrobble`, `track.love` and `track.unlove`, each checking the api_key and the api_sig
 * per the authentication spec.
 */
export async function lastfmStandIn(
  apiKey: string,
  secret: string,
  user: string,
): Promise<StandIn & { authUrl: string; scrobbles: ReceivedScrobble[]; loves: ReceivedLove[]; calls: number[] }> {
  const received: ReceivedScrobble[] = [];
  const loves: ReceivedLove[] = [];
  const calls: number[] = [];
  const tokens = new Set<string>();
  const sessions = new Map<string, string>();
  const fail = (res: ServerResponse, error: number, message: string) => json(res, error === 11 || error === 16 ? 503 : 400, { error, message });
  const handle = (req: IncomingMessage, body: string, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'GET' && url.pathname === '/api/auth/') {
      if (url.searchParams.get('api_key') !== apiKey) return fail(res, 10, 'Invalid API key');
      const token = randomBytes(16).toString('hex');
      tokens.add(token);
      const cb = new URL(url.searchParams.get('cb')!);
      cb.searchParams.set('token', token);
      return res.writeHead(302, { location: cb.toString() }).end();
    }
    if (req.method !== 'POST' || url.pathname !== '/2.0/') return json(res, 404, { error: 3, message: 'Invalid Method' });
    calls.push(performance.now());
    const params = Object.fromEntries(new URLSearchParams(body));
    if (params.api_key !== apiKey) return fail(res, 10, 'Invalid API key - You must be granted a valid key by last.fm');
    const signed = Object.keys(params)
      .filter((k) => k !== 'format' && k !== 'callback' && k !== 'api_sig')
      .sort()
      .map((k) => `${k}${params[k]}`)
      .join('');
    if (createHash('md5').update(`${signed}${secret}`, 'utf8').digest('hex') !== params.api_sig) return fail(res, 13, 'Invalid method signature supplied');
    if (params.method === 'auth.getSession') {
      if (!tokens.delete(params.token ?? '')) return fail(res, 14, 'Unauthorized Token - This token has not been authorized');
      const key = randomBytes(16).toString('hex');
      sessions.set(key, user);
      return json(res, 200, { session: { name: user, key, subscriber: 0 } });
    }
    const who = sessions.get(params.sk ?? '');
    if (!who) return fail(res, 9, 'Invalid session key - Please re-authenticate');
    if (params.method === 'track.updateNowPlaying') {
      if (!params.artist || !params.track) return fail(res, 6, 'Invalid parameters');
      received.push({
        method: params.method,
        user: who,
        artist: params.artist,
        track: params.track,
        album: params.album,
        duration: Number(params.duration) || undefined,
        batch: 1,
      });
      return json(res, 200, { nowplaying: { track: { '#text': params.track }, ignoredMessage: { code: '0', '#text': '' } } });
    }
    if (params.method === 'track.love' || params.method === 'track.unlove') {
      if (!params.artist || !params.track) return fail(res, 6, 'Invalid parameters');
      loves.push({ method: params.method, user: who, artist: params.artist, track: params.track });
      return json(res, 200, {});
    }
    if (params.method !== 'track.scrobble') return fail(res, 3, 'Invalid Method - No method with that name in this package');
    const count = Object.keys(params).filter((k) => /^timestamp\[\d+\]$/.test(k)).length;
    if (!count || count > 50) return fail(res, 6, 'Invalid parameters');
    const each = [];
    for (let i = 0; i < count; i++) {
      const [artist, track, timestamp] = [params[`artist[${i}]`], params[`track[${i}]`], Number(params[`timestamp[${i}]`])];
      if (!artist || !track || !Number.isInteger(timestamp)) return fail(res, 6, 'Invalid parameters');
      received.push({
        method: 'track.scrobble',
        user: who,
        artist,
        track,
        album: params[`album[${i}]`],
        timestamp,
        duration: Number(params[`duration[${i}]`]) || undefined,
        batch: count,
      });
      each.push({ track: { '#text': track }, artist: { '#text': artist }, timestamp: String(timestamp), ignoredMessage: { code: '0', '#text': '' } });
    }
    return json(res, 200, { scrobbles: { scrobble: count === 1 ? each[0] : each, '@attr': { accepted: count, ignored: 0 } } });
  };
  const base = await standIn(handle, '/2.0/');
  return Object.assign(base, {
    authUrl: base.url.replace(/\/2\.0\/$/, '/api/auth/'),
    scrobbles: received,
    /** Loves and unloves taken, in the order they came. */
    loves,
    /** When each API call arrived (performance.now()), for its rate limit. */
    calls,
  });
}

/** Waits for `done` to hold, checking every 20 ms; fails after `ms`. */
export async function until(what: string, done: () => boolean | Promise<boolean>, ms = 5000): Promise<number> {
  const start = Date.now();
  while (!(await done())) {
    if (Date.now() - start > ms) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - start;
}

/** The MusicBrainz recording id scrobbleLibrary's "Long Song" is tagged with (the others have none). */
export const LONG_SONG_MBID = '0f5f4b43-6d5c-4b0e-9a6f-3c2b1a0e9d11';

/** A library of three tracks by one artist: two long enough to scrobble, one of 10 s (too short). */
export async function scrobbleLibrary(t: TestApp, music: string): Promise<Map<string, string>> {
  const tags = (title: string, n: number) => ({ title, artist: 'Scrobbler', album_artist: 'Scrobbler', album: 'Away', track: String(n) });
  await Promise.all([
    generateTone({ path: join(music, 'Away', '01.opus'), format: 'opus', seconds: 45, tags: { ...tags('Long Song', 1), MUSICBRAINZ_TRACKID: LONG_SONG_MBID } }),
    generateTone({ path: join(music, 'Away', '02.mp3'), format: 'mp3v24', seconds: 35, tags: tags('Second Song', 2) }),
    generateTone({ path: join(music, 'Away', '03.flac'), format: 'flac', seconds: 10, tags: tags('Short Song', 3) }),
  ]);
  await t.library.addFolder(music);
  await t.library.scan('full');
  const [album] = (await t.catalog.listAlbums('name', 10, 0)).items;
  return new Map((await t.catalog.albumTracks(album!.id, 10, 0)).items.map((track) => [track.name, track.id]));
}

/**
 * The app wired to both stand-ins (retries after 100 ms, the sender looking every 50 ms) over
 * scrobbleLibrary's tracks; `lbTokens` are the ListenBrainz tokens the stand-in knows (a test
 * may change them), `fmUser` who allows Runnel on the Last.fm stand-in.
 */
export async function scrobblingApp(lbTokens: Record<string, string>, fmUser: string) {
  const [lb, fm] = await Promise.all([listenBrainzStandIn(lbTokens), lastfmStandIn('runnel-api-key', 'runnel-api-secret', fmUser)]);
  const t = await testApp({
    scrobbling: {
      listenbrainzUrl: lb.url,
      lastfm: { key: 'runnel-api-key', secret: 'runnel-api-secret', apiUrl: fm.url, authUrl: fm.authUrl },
      retryBaseMs: 100,
      pollMs: 50,
    },
  });
  const music = mkdtempSync(join(tmpdir(), 'runnel-scrobble-'));
  const tracks = await scrobbleLibrary(t, music);
  return {
    t,
    lb,
    fm,
    tracks,
    status: async (user: TestUser) => (await t.http.inject({ method: 'GET', url: '/api/v1/me/scrobbling', headers: user.auth })).json() as Scrobbling,
    async close() {
      await t.close();
      await lb.close();
      await fm.close();
      rmSync(music, { recursive: true, force: true });
    },
  };
}
