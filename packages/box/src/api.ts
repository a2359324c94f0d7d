import type { DeviceStateBody, RegisterDeviceBody } from '@runnel/api';

/** A failed call: `status` 0 when the server was not reached, `code` its error code (or `bad_answer`, `unreachable`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** What a card plays, as the server answers a read (checked: a bad answer is an ApiError). */
export interface CardPlay {
  code: string;
  uri: string;
  name: string;
  uris: string[];
  assigned: boolean;
}

/** Every codec the box's ffmpeg decodes: the server then sends originals (its plan's bitrate cap aside). */
export const CODECS = 'mp3,aac,alac,flac,opus,vorbis,pcm,wav,wma,ape,wavpack';
const CONTEXT = /^runnel:(album|playlist|artist):[A-Za-z0-9_-]{1,64}$/;
const TRACK = /^runnel:track:[A-Za-z0-9_-]{1,64}$/;

export function asCardPlay(x: unknown): CardPlay {
  const o = x as Partial<CardPlay> | null;
  const ok =
    typeof o === 'object' &&
    o !== null &&
    typeof o.code === 'string' &&
    typeof o.uri === 'string' &&
    CONTEXT.test(o.uri) &&
    typeof o.name === 'string' &&
    Array.isArray(o.uris) &&
    o.uris.length <= 1000 &&
    o.uris.every((u) => typeof u === 'string' && TRACK.test(u));
  if (!ok) throw new ApiError(0, 'bad_answer', 'the server answered a card read with something else');
  return { code: o.code!, uri: o.uri!, name: o.name!.slice(0, 200), uris: o.uris!, assigned: o.assigned === true };
}

/** The Runnel API as the box uses it, with its bearer token and a timeout on every call. */
export function createApi(server: string, token: string, timeoutMs = 5000) {
  const base = server.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${token}` };

  async function call(method: string, path: string, body?: unknown, timeout = timeoutMs): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeout),
      });
    } catch (error) {
      throw new ApiError(0, 'unreachable', `${method} ${path}: ${(error as Error).message}`);
    }
    const text = await res.text().catch(() => '');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new ApiError(res.status, 'bad_answer', `${method} ${path}: ${res.status}, not JSON`);
    }
    if (!res.ok) {
      const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      const code = typeof error?.code === 'string' ? error.code : 'bad_answer';
      throw new ApiError(res.status, code, `${method} ${path}: ${res.status} ${typeof error?.message === 'string' ? error.message : ''}`.trim());
    }
    return json;
  }

  const device = (id: string) => `/me/player/devices/${encodeURIComponent(id)}`;
  return {
    base,
    liveUrl: (deviceId: string) => `${base.replace(/^http/, 'ws')}/api/v1/events?device_id=${encodeURIComponent(deviceId)}`,
    headers,
    register: (id: string, body: RegisterDeviceBody) => call('PUT', device(id), body),
    report: (id: string, state: DeviceStateBody) => call('PUT', `${device(id)}/state`, state),
    readCard: async (id: string, code: string) => asCardPlay(await call('POST', `${device(id)}/cards/${encodeURIComponent(code)}/read`, undefined, 3000)),
    card: async (id: string, code: string) => asCardPlay(await call('GET', `${device(id)}/cards/${encodeURIComponent(code)}`)),
    async cards(id: string): Promise<string[]> {
      const list = (await call('GET', `${device(id)}/cards`)) as { cards?: { code?: unknown }[] } | null;
      if (!Array.isArray(list?.cards)) throw new ApiError(0, 'bad_answer', 'the card list is not a list');
      return list.cards.flatMap((c) => (typeof c?.code === 'string' ? [c.code] : []));
    },
    /** A short-lived signed URL of the track's stream (ffmpeg fetches it without our token). */
    async streamUrl(trackId: string): Promise<string> {
      const answer = (await call('GET', `/tracks/${encodeURIComponent(trackId)}/stream-url?codecs=${CODECS}`)) as { url?: unknown } | null;
      if (typeof answer?.url !== 'string' || !answer.url.startsWith('/api/v1/')) throw new ApiError(0, 'bad_answer', 'no stream URL');
      return `${base}${answer.url}`;
    },
    /** The track's audio to keep offline (the user's plan must allow it: 403 premium_required otherwise). */
    async download(trackId: string, signal: AbortSignal): Promise<Response> {
      let res: Response;
      try {
        res = await fetch(`${base}/api/v1/tracks/${encodeURIComponent(trackId)}/stream?purpose=offline&codecs=${CODECS}`, { headers, signal });
      } catch (error) {
        throw new ApiError(0, 'unreachable', (error as Error).message);
      }
      if (!res.ok) {
        const json = (await res.json().catch(() => null)) as { error?: { code?: unknown } } | null;
        throw new ApiError(res.status, typeof json?.error?.code === 'string' ? json.error.code : 'bad_answer', `download ${trackId}: ${res.status}`);
      }
      return res;
    },
  };
}

export type Api = ReturnType<typeof createApi>;
