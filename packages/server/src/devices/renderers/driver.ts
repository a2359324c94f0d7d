import type { DeviceCommand, DeviceStateBody } from '@runnel/api';
import { AppError } from '../../errors.ts';
import type { Devices } from '../service.ts';
import { fetchDescription, type RendererDescription } from './description.ts';
import type { RendererMedia } from './media.ts';
import { createPlayback } from './playback.ts';
import { soapClient, unreachable, type SoapClient } from './soap.ts';

export interface DriverTiming {
  /** Poll period while playing (ms). */
  playingMs: number;
  /** Poll period otherwise (ms). */
  idleMs: number;
  /** Poll period while the renderer does not answer, at most (ms). */
  unreachableMs: number;
  /** Failed polls in a row before the renderer is offline. */
  failuresOffline: number;
  /** How often the hold on the renderer is renewed (registry.hold), well under SILENT_MS. */
  holdMs: number;
}

export const DEFAULT_TIMING: DriverTiming = { playingMs: 1000, idleMs: 5000, unreachableMs: 30_000, failuresOffline: 3, holdMs: 10_000 };

export interface DriverDeps {
  devices: Pick<Devices, 'report' | 'detached' | 'registry'>;
  media: RendererMedia;
  now: () => number;
  onError: (error: unknown, what: string) => void;
  timing: DriverTiming;
}

export interface DriverTarget {
  userId: string;
  deviceId: string;
  /** Its description URL (renderer_url). */
  url: string;
  /** Known when just added; fetched otherwise. */
  description?: RendererDescription;
  /** The origin the user added it through (see media.ts streamBase). */
  origin?: string;
  /** When this node took its hold (registry.hold), and whether the renderer answered then. */
  heldSince: number;
  online: boolean;
}

/** How far a renderer's position may stray from what was reported before it is reported again. */
const JUMP_MS = 2000;
/** A command is answered (its ack reported) by then at the latest, whatever the renderer is still doing. */
const ANSWER_MS = 2000;
/** A renderer that stops this close to the track's end finished it. */
const END_MS = 2500;

/**
 * Drives one UPnP renderer as a device of its user (README.md): obeys the `device.command`s
 * addressed to it with SOAP, polls it, and reports its state (with `ack` after a command; on
 * every change it sees). Commands and polls run one at a time.
 */
export function createDriver(deps: DriverDeps, target: DriverTarget, onGone: () => void) {
  const { devices, now, timing } = deps;
  const { userId, deviceId } = target;
  let description = target.description;
  let soap: SoapClient | undefined = description && soapClient(description);
  let held: number | null = target.heldSince;
  let heldAt = now();
  let online = target.online;
  let failures = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  const playback = createPlayback({
    client,
    media: deps.media,
    request: { userId, deviceId, rendererHost: new URL(target.url).hostname, origin: target.origin },
    now,
    onError: deps.onError,
  });
  const { s, position, setPosition, advance, handlers } = playback;

  const serial = (what: string, work: () => Promise<void>) => {
    chain = chain.then(work).catch((error: unknown) => deps.onError(error, `${what} on renderer ${deviceId}`));
    return chain;
  };

  async function report(ack?: string) {
    const body: DeviceStateBody = {
      is_playing: s.playing,
      progress_ms: Math.min(100_000_000, Math.round(position())),
      uris: s.uris,
      index: Math.min(s.index, Math.max(0, s.uris.length - 1)),
      context_uri: s.context,
      shuffle: s.shuffle,
      repeat: s.repeat,
      ...(s.volume === null ? {} : { volume_percent: s.volume }),
      ...(ack ? { ack } : {}),
    };
    try {
      await devices.report(userId, deviceId, body);
    } catch (error) {
      if (error instanceof AppError && error.code === 'device_not_found') return gone();
      throw error;
    }
  }

  async function client(): Promise<SoapClient> {
    if (!soap) {
      description = await fetchDescription(target.url);
      soap = soapClient(description);
    }
    return soap;
  }

  /** Sees what the renderer does, and reports what changed (play/pause, track, a jump, the end of a track). */
  async function poll() {
    const c = await client();
    const state = await c.transportState();
    if (!s.loaded || state === 'TRANSITIONING') return;
    const info = await c.positionInfo();
    const at = info.positionMs;
    if (info.trackUri && info.trackUri !== s.loaded) {
      // Another control point gave it something else to play: it is no longer playing ours.
      s.loaded = null;
      if (s.playing) setPosition(position());
      s.playing = false;
      return report();
    }
    if (state === 'STOPPED' || state === 'NO_MEDIA_PRESENT') {
      if (!s.playing) return;
      const duration = s.durationMs ?? info.durationMs;
      if (duration !== null && position() >= duration - END_MS) await advance();
      else {
        setPosition(at ?? position());
        s.playing = false;
      }
      return report();
    }
    const playing = state === 'PLAYING';
    if (playing === s.playing && (at === null || Math.abs(at - position()) <= JUMP_MS)) return;
    if (at !== null) setPosition(at);
    else setPosition(position());
    s.playing = playing;
    return report();
  }

  async function reachable(now_: boolean) {
    if (now_ === online) return;
    online = now_;
    held = await devices.registry.hold(userId, deviceId, online, held);
    heldAt = now();
    if (held === null) return gone();
    if (!online) {
      s.playing = false;
      await devices.detached(userId, deviceId);
    }
  }

  async function tick() {
    timer = undefined;
    if (stopped) return;
    await serial('polling', async () => {
      try {
        await poll();
        failures = 0;
        await reachable(true);
      } catch (error) {
        if (!unreachable(error)) throw error;
        failures += 1;
        if (failures >= timing.failuresOffline) await reachable(false);
      }
    });
    if (!stopped && held !== null && now() - heldAt >= timing.holdMs) {
      held = await devices.registry.hold(userId, deviceId, online, held).catch(() => held);
      heldAt = now();
      if (held === null) return gone();
    }
    if (stopped) return;
    const wait = !online
      ? Math.min(timing.unreachableMs, timing.idleMs * 2 ** Math.min(4, failures - timing.failuresOffline))
      : s.playing
        ? timing.playingMs
        : timing.idleMs;
    timer = setTimeout(() => void tick(), wait);
    timer.unref();
  }

  /** The renderer is no longer this node's to drive (removed by its user, or another node holds it). */
  async function gone() {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    held = null;
    onGone();
    const removed = await devices.registry.require(userId, deviceId, false).then(
      () => false,
      () => true,
    );
    if (removed && s.loaded) await soap?.stop().catch(() => {});
  }

  async function start() {
    if (soap?.supportsVolume) s.volume = await soap.volume().catch(() => null);
    void tick();
  }

  return {
    userId,
    deviceId,
    start,
    get volume() {
      return s.volume;
    },
    /** Obeys a command (in turn) and answers with a report carrying its id. */
    command(c: DeviceCommand) {
      if (stopped) return Promise.resolve();
      // A slow renderer (each SOAP exchange may take its 3 s) still answers in time for a
      // waiting caller (3 s): with what it knows by then; the next poll reports the rest. The
      // time counts from the command's arrival, also while a poll or an earlier command holds
      // the renderer.
      let answered: Promise<void> | undefined;
      const answer = () => (answered ??= report(c.id));
      let dueNow!: () => void;
      const due = new Promise<void>((resolve) => (dueNow = resolve));
      const timer = setTimeout(() => {
        dueNow();
        answer().catch((error: unknown) => deps.onError(error, `answering ${c.action} on renderer ${deviceId}`));
      }, ANSWER_MS);
      return serial(c.action, async () => {
        const done = handlers[c.action](c).catch((error: unknown) => {
          if (unreachable(error)) failures += 1;
          deps.onError(error, `${c.action} on renderer ${deviceId}`);
        });
        await Promise.race([done, due]);
        clearTimeout(timer);
        await answer();
        await done;
      });
    },
    /** Stops driving (the server closes): lets go of the hold, so another node may take it at once. */
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await chain;
      if (held !== null) await devices.registry.release(userId, deviceId, held).catch(() => {});
    },
  };
}

export type Driver = ReturnType<typeof createDriver>;
