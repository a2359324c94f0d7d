import type { DeviceCommand, RepeatState } from '@runnel/api';
import { didlLite, formatTime } from './didl.ts';
import { codecsOf, type MediaRequest, type RendererMedia } from './media.ts';
import { unreachable, type SoapClient } from './soap.ts';

const MAX_URIS = 1000;

export interface PlaybackDeps {
  /** The renderer's SOAP client (its description fetched if need be). */
  client: () => Promise<SoapClient>;
  media: RendererMedia;
  /** What media() needs besides the track, the address facing the renderer and its codecs. */
  request: Omit<MediaRequest, 'trackId' | 'localAddress' | 'codecs'>;
  now: () => number;
  onError: (error: unknown, what: string) => void;
}

/**
 * A renderer's playback as Runnel sees it (the list, where in it, playing or not, the
 * position when last said) and the device commands acted out on the renderer with SOAP.
 */
export function createPlayback({ client, media: makeMedia, request, now, onError }: PlaybackDeps) {
  let codecs: string[] | undefined;
  /** What the server was last told: the list, where in it, and the position then. */
  const s = {
    uris: [] as string[],
    index: 0,
    context: null as string | null,
    shuffle: false,
    repeat: 'off' as RepeatState,
    playing: false,
    positionMs: 0,
    positionAt: now(),
    volume: null as number | null,
    /** The stream URL the renderer was given, and the track's length. */
    loaded: null as string | null,
    durationMs: null as number | null,
  };
  const position = () => s.positionMs + (s.playing ? now() - s.positionAt : 0);
  const setPosition = (ms: number) => ((s.positionMs = Math.max(0, Math.round(ms))), (s.positionAt = now()));

  /** Waits (briefly) for the renderer to play what it was just told to. */
  async function started(c: SoapClient) {
    for (let i = 0; i < 30; i++) {
      const state = await c.transportState();
      if (state === 'PLAYING' || state === 'PAUSED_PLAYBACK') return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Gives the renderer item `index` (or the next one it can play) at `positionMs`; plays it when `play`. */
  async function load(index: number, positionMs: number, play: boolean) {
    const c = await client();
    if (!c.localAddress) await c.transportState(); // learns this server's address facing the renderer
    codecs ??= codecsOf(await c.sinkTypes());
    for (let i = index; i < s.uris.length && i < index + 20; i++) {
      const uri = s.uris[i]!;
      if (!uri.startsWith('runnel:track:')) continue; // a local file lives on the device that has it
      let media;
      try {
        media = await makeMedia({ ...request, trackId: uri.slice(13), localAddress: c.localAddress, codecs });
      } catch (error) {
        onError(error, `streaming ${uri} to renderer ${request.deviceId}`);
        continue;
      }
      await c.setUri(media.url, didlLite(media));
      Object.assign(s, { index: i, loaded: media.url, durationMs: media.durationMs ?? null, playing: false });
      setPosition(i === index ? positionMs : 0);
      if (play) {
        await c.play();
        await started(c);
        if (s.positionMs > 0) await c.seek(formatTime(s.positionMs));
        s.playing = true;
        setPosition(s.positionMs);
      }
      return;
    }
    // Nothing it can play from here: it stops.
    if (s.loaded) await c.stop().catch(() => {});
    Object.assign(s, { loaded: null, playing: false });
    setPosition(0);
  }

  async function advance() {
    if (s.repeat === 'track') await load(s.index, 0, true);
    else if (s.index + 1 < s.uris.length) await load(s.index + 1, 0, true);
    else if (s.repeat === 'context' && s.uris.length) await load(0, 0, true);
    else {
      s.playing = false;
      setPosition(0);
    }
  }

  const handlers: Record<DeviceCommand['action'], (c: DeviceCommand) => Promise<void>> = {
    play: async (c) => {
      s.uris = (c.uris ?? []).slice(0, MAX_URIS);
      s.context = c.context_uri ?? null;
      await load(Math.min(c.index ?? 0, Math.max(0, s.uris.length - 1)), c.position_ms ?? 0, c.play !== false);
    },
    pause: async () => {
      if (s.loaded && s.playing) await (await client()).pause();
      setPosition(position());
      s.playing = false;
    },
    stop: async () => {
      setPosition(position());
      s.playing = false;
      if (s.loaded) await (await client()).stop();
      s.loaded = null;
    },
    resume: async () => {
      if (!s.uris.length) return;
      const c = await client();
      if (s.loaded && (await c.transportState()) === 'PAUSED_PLAYBACK') {
        await c.play();
        s.playing = true;
        setPosition(s.positionMs);
      } else await load(s.index, s.positionMs, true);
    },
    next: async () => {
      if (s.index + 1 < s.uris.length) await load(s.index + 1, 0, s.playing);
      else if (s.repeat === 'context' && s.uris.length) await load(0, 0, s.playing);
    },
    previous: async () => load(Math.max(0, s.index - 1), 0, s.playing),
    seek: async (c) => {
      const to = c.position_ms ?? 0;
      if (s.loaded) {
        // Paused, most renderers seek as well; one that will not loads it again at `to` on resume.
        const sought = await (await client()).seek(formatTime(to)).then(
          () => true,
          (error: unknown) => (unreachable(error) || s.playing ? Promise.reject(error) : false),
        );
        if (!sought) s.loaded = null;
      }
      setPosition(to);
    },
    volume: async (c) => {
      await (await client()).setVolume(c.volume_percent ?? 0);
      s.volume = c.volume_percent ?? 0;
    },
    add: async (c) => void (s.uris = [...s.uris, ...(c.uris ?? [])].slice(0, MAX_URIS)),
    remove: async (c) => {
      const i = c.index ?? -1;
      if (i < 0 || i >= s.uris.length) return;
      s.uris = s.uris.filter((_, n) => n !== i);
      if (i < s.index) s.index -= 1;
      else if (i === s.index) await (s.uris.length ? load(Math.min(s.index, s.uris.length - 1), 0, s.playing) : handlers.clear(c));
    },
    clear: async () => {
      if (s.loaded) await (await client()).stop();
      Object.assign(s, { uris: [], index: 0, loaded: null, playing: false });
      setPosition(0);
    },
    shuffle: async (c) => {
      s.shuffle = c.state === true;
      if (!s.shuffle) return;
      const rest = s.uris.slice(s.index + 1);
      for (let i = rest.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [rest[i], rest[j]] = [rest[j]!, rest[i]!];
      }
      s.uris = [...s.uris.slice(0, s.index + 1), ...rest];
    },
    repeat: async (c) => void (s.repeat = c.repeat ?? 'off'),
  };

  return { s, position, setPosition, load, advance, handlers };
}

export type Playback = ReturnType<typeof createPlayback>;
