import { VERSION } from '../version.ts';
import { pacer, reach, ServiceError, type Listen, type ScrobbleClient, type ScrobbleTrack } from './client.ts';

/** ListenBrainz takes up to 1,000 listens a request; smaller batches keep a retry cheap. */
const MAX_BATCH = 100;

/**
 * ListenBrainz's API (https://listenbrainz.readthedocs.io/en/latest/users/api/core.html):
 * `POST /1/submit-listens` with `Authorization: Token …`, as `playing_now`, `single` or
 * `import`, and `POST /1/feedback/recording-feedback` for loves; its rate limit is read from
 * the `X-RateLimit-*` headers of every answer.
 */
export function listenBrainz(root: string) {
  const base = root.replace(/\/+$/, '');
  const pace = pacer(0);

  async function call(path: string, token: string, body?: unknown): Promise<Response> {
    await pace.wait();
    const response = await reach(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Token ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const resetS = Number(response.headers.get('x-ratelimit-reset-in'));
    const limited = response.status === 429 || response.headers.get('x-ratelimit-remaining') === '0';
    if (limited && Number.isFinite(resetS)) pace.pause(resetS * 1000);
    if (response.status === 401) throw new ServiceError('auth', 'ListenBrainz refused the token');
    if (response.status === 429) throw new ServiceError('retry', 'ListenBrainz asked to slow down', Number.isFinite(resetS) ? resetS * 1000 : undefined);
    if (response.status >= 500) throw new ServiceError('retry', `ListenBrainz answered ${response.status}`);
    return response;
  }

  const metadata = (track: ScrobbleTrack) => ({
    artist_name: track.artists.join(', '),
    track_name: track.title,
    ...(track.album && { release_name: track.album }),
    additional_info: {
      duration_ms: track.durationMs,
      artist_names: track.artists,
      ...(track.trackNumber !== null && { tracknumber: track.trackNumber }),
      ...(track.mbid && { recording_mbid: track.mbid }),
      ...(track.albumArtist && { release_artist_name: track.albumArtist }),
      media_player: 'Runnel',
      submission_client: 'Runnel',
      submission_client_version: VERSION,
    },
  });
  const listen = (l: Listen) => ({ listened_at: Math.floor(l.listenedAt / 1000), track_metadata: metadata(l.track) });

  async function send(token: string, body: unknown, path = '/1/submit-listens'): Promise<void> {
    const response = await call(path, token, body);
    if (response.status === 400) throw new ServiceError('rejected', `ListenBrainz refused it: ${await reason(response)}`);
    if (!response.ok) throw new ServiceError('retry', `ListenBrainz answered ${response.status}`);
  }

  const client: ScrobbleClient & { validate(token: string): Promise<string> } = {
    maxBatch: MAX_BATCH,

    /** The token's user name; throws `auth` for a token ListenBrainz does not know. */
    async validate(token) {
      const response = await call('/1/validate-token', token);
      const body = (await response.json().catch(() => ({}))) as { valid?: boolean; user_name?: string };
      if (!response.ok || !body.valid || typeof body.user_name !== 'string') throw new ServiceError('auth', 'ListenBrainz does not know this token');
      return body.user_name;
    },

    async nowPlaying(token, track) {
      await send(token, { listen_type: 'playing_now', payload: [{ track_metadata: metadata(track) }] });
    },

    async submit(token, listens) {
      await send(token, { listen_type: listens.length === 1 ? 'single' : 'import', payload: listens.map(listen) });
      return { refused: new Map(), later: null };
    },

    // Feedback names a recording by its MusicBrainz id (or a listen's msid, which Runnel does not have).
    lovable: (track) => track.mbid !== null,

    /** Score 1 loves; 0 takes the feedback away (-1, hate, has no counterpart in a star). */
    async love(token, track, loved) {
      if (!track.mbid) throw new ServiceError('rejected', 'ListenBrainz takes loves of tracks with a MusicBrainz recording id only');
      await send(token, { recording_mbid: track.mbid, score: loved ? 1 : 0 }, '/1/feedback/recording-feedback');
    },
  };
  return client;
}

async function reason(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { error?: unknown };
  return typeof body.error === 'string' ? body.error.slice(0, 200) : `HTTP ${response.status}`;
}
