import type { DeviceCommand, DeviceStateBody, PlayBody, PlaybackState, RepeatState } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { badRequest, notFound } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import { newId } from '../ids.ts';
import { localTrack } from '../playlists/local.ts';
import type { CatalogLookup } from '../track-lookup.ts';
import { asDevice, createRegistry } from './registry.ts';
import { devicePlays, type DevicePlay } from './plays.ts';
import type { PlaybackTable } from './tables.ts';

export interface DevicesDeps {
  db: Db;
  events: EventBus;
  catalog: CatalogLookup;
  /** The catalogue track uris of a context the user may play (contexts.ts). */
  contextTracks: (userId: string, contextUri: string) => Promise<string[]>;
  /** Records a play of a device that does not report its own (the player module's `played`; plays.ts). */
  played?: (userId: string, play: DevicePlay) => Promise<void>;
  /** Says what such a device started playing (the player module's `playingNow`; plays.ts). */
  playingNow?: (userId: string, player: string, uri: string) => Promise<void>;
  onError?: (error: Error) => void;
  now: () => number;
}

/** A command's fields, without the id and device the service fills in. */
export type CommandFields = Omit<DeviceCommand, 'id' | 'device_id'>;
/** How long `send(…, {wait})` waits for the device's answer. */
const ACK_MS = 3000;
/** How long a transfer waits for the device playing to say where it stopped. */
const HANDOVER_MS = 1000;

/**
 * The devices module: the user's devices (registry.ts) and their one playback. Commands go
 * to a device over the bus as `device.command`; the device answers with a state report,
 * which is published as `player.state`. See README.md.
 */
export function createDevices({ db, events, catalog, contextTracks, played, playingNow, onError = () => {}, now }: DevicesDeps) {
  const registry = createRegistry(db, now, events);

  const playbackOf = (userId: string) => db.selectFrom('playback').selectAll().where('user_id', '=', userId).executeTakeFirst();
  const progressOf = (p: PlaybackTable) => Number(p.progress_ms) + (Number(p.is_playing) ? Math.max(0, now() - Number(p.progress_at)) : 0);
  const plays = devicePlays({
    catalog,
    playback: playbackOf,
    progressOf,
    played: played ?? (async () => {}),
    started: playingNow ?? (async () => {}),
    onError,
  });

  async function render(p: PlaybackTable, ack?: string): Promise<PlaybackState | null> {
    const device = await db.selectFrom('devices').selectAll().where('user_id', '=', p.user_id).where('id', '=', p.device_id).executeTakeFirst();
    if (!device) return null;
    const uris = JSON.parse(p.uris) as string[];
    const uri = uris[Number(p.idx)];
    let item = null;
    if (uri?.startsWith('runnel:track:')) item = (await catalog.tracks([uri.slice(13)])).get(uri.slice(13)) ?? null;
    else if (uri?.startsWith('runnel:local:')) item = localTrack(uri);
    return {
      // Active while it is online: a closed tab's playback stays to resume, but no one is remote-controlling it.
      device: asDevice(device, registry.isOnline(device) ? p.device_id : undefined),
      is_playing: Number(p.is_playing) === 1,
      progress_ms: Math.round(progressOf(p)),
      timestamp: now(),
      item,
      context: p.context_uri ? { uri: p.context_uri, type: p.context_uri.split(':')[1]! } : null,
      shuffle_state: Number(p.shuffle) === 1,
      repeat_state: p.repeat,
      tracks: { uris, index: Number(p.idx) },
      ...(ack ? { ack } : {}),
    };
  }

  async function publish(userId: string, ack?: string) {
    const p = await playbackOf(userId);
    const state = p ? await render(p, ack) : null;
    await events.publish({ type: 'player.state', users: [userId], data: state });
    return state;
  }

  /** Waits for the device's report answering command `id`. */
  function answered(userId: string, id: string, waitMs: number): { done: Promise<boolean>; cancel: () => void } {
    let stop = () => {};
    const done = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => (stop(), resolve(false)), waitMs);
      const unsubscribe = events.subscribe((event) => {
        if (event.type !== 'player.state' || !event.users?.includes(userId) || (event.data as PlaybackState | null)?.ack !== id) return;
        stop();
        resolve(true);
      });
      stop = () => (clearTimeout(timer), unsubscribe());
    });
    return { done, cancel: () => stop() };
  }

  /** Sends a command to one online device of the user; with `wait`, resolves once it answered (false: it did not in time). */
  async function send(userId: string, deviceId: string, fields: CommandFields, options: { wait?: boolean; waitMs?: number } = {}): Promise<boolean> {
    await registry.require(userId, deviceId);
    const command: DeviceCommand = { id: newId(), device_id: deviceId, ...fields };
    const answer = options.wait ? answered(userId, command.id, options.waitMs ?? ACK_MS) : null;
    try {
      await events.publish({ type: 'device.command', users: [userId], data: command });
    } catch (error) {
      answer?.cancel();
      throw error;
    }
    return answer ? answer.done : true;
  }

  /** The device a command without `device_id` goes to: the active one. */
  async function target(userId: string, deviceId?: string): Promise<string> {
    if (deviceId) return (await registry.require(userId, deviceId)).id;
    const p = await playbackOf(userId);
    if (!p || !registry.isOnline(await registry.require(userId, p.device_id, false))) throw notFound('Active device', 'no_active_device');
    return p.device_id;
  }

  /**
   * The device playing stops and says exactly where it was (its answer to `stop`), so the
   * next one starts there; when it does not answer in time, its position is extrapolated.
   */
  async function handOver(userId: string, from: PlaybackTable): Promise<void> {
    const device = await registry.require(userId, from.device_id, false).catch(() => null);
    if (device && registry.isOnline(device)) await send(userId, from.device_id, { action: 'stop' }, { wait: true, waitMs: HANDOVER_MS }).catch(() => false);
  }

  /** Makes `deviceId` the active device; the one before is told to stop (unless it was handed over already). */
  async function activate(userId: string, deviceId: string, seed: Partial<PlaybackTable> = {}, stopBefore = true) {
    const before = await playbackOf(userId);
    const row: PlaybackTable = {
      user_id: userId,
      is_playing: 0,
      progress_ms: 0,
      progress_at: now(),
      uris: '[]',
      idx: 0,
      context_uri: null,
      shuffle: 0,
      repeat: 'off',
      ...(before ? { ...before, progress_ms: progressOf(before), progress_at: now() } : {}),
      ...seed,
      device_id: deviceId,
    };
    await db
      .insertInto('playback')
      .values(row)
      .onConflict((c) => c.column('user_id').doUpdateSet(row))
      .execute();
    if (stopBefore && before && before.device_id !== deviceId) await send(userId, before.device_id, { action: 'stop' }).catch(() => {});
    return { before, row };
  }

  return {
    registry,

    /** Stops the timers counting devices' plays (plays.ts). */
    close: () => plays.close(),

    async devices(userId: string) {
      const [rows, p] = await Promise.all([registry.online(userId), playbackOf(userId)]);
      return { devices: rows.map((r) => asDevice(r, p?.device_id)) };
    },

    async state(userId: string): Promise<PlaybackState | null> {
      const p = await playbackOf(userId);
      return p ? render(p) : null;
    },

    /** A device says what it is doing; accepted from the active device, or one that starts playing (it becomes active). */
    async report(userId: string, deviceId: string, body: DeviceStateBody) {
      const device = await registry.require(userId, deviceId, false);
      if (body.volume_percent !== undefined) await registry.setVolume(userId, deviceId, body.volume_percent);
      const p = await playbackOf(userId);
      // Another device's report is dropped (a late one after a transfer, or its next track while
      // the listener started something on this one), but an answer to a command still ends its wait.
      const takesOver = body.is_playing && (body.began !== false || !p || Number(p.is_playing) === 0);
      if (p?.device_id !== deviceId && !takesOver) return body.ack ? publish(userId, body.ack) : null;
      if (body.index >= Math.max(1, body.uris.length)) throw badRequest('index is past the end of uris', 'invalid_request');
      const fields = {
        is_playing: body.is_playing ? 1 : 0,
        progress_ms: body.progress_ms,
        progress_at: now(),
        uris: JSON.stringify(body.uris),
        idx: body.index,
        context_uri: body.context_uri ?? null,
        shuffle: body.shuffle ? 1 : 0,
        repeat: body.repeat ?? ('off' as RepeatState),
      };
      if (p?.device_id === deviceId) await db.updateTable('playback').set(fields).where('user_id', '=', userId).where('device_id', '=', deviceId).execute();
      else await activate(userId, deviceId, fields);
      await plays.watch(userId, device);
      return publish(userId, body.ack);
    },

    /** `PUT /me/player`: playback moves to `deviceId`, from where it was. */
    async transfer(userId: string, deviceId: string, play?: boolean) {
      await registry.require(userId, deviceId);
      const current = await playbackOf(userId);
      const moving = current !== undefined && current.device_id !== deviceId;
      const wasPlaying = Number(current?.is_playing) === 1;
      if (moving) await handOver(userId, current);
      const { row } = await activate(userId, deviceId, {}, false);
      const playing = play ?? wasPlaying;
      if (moving)
        await send(userId, deviceId, {
          action: 'play',
          context_uri: row.context_uri,
          uris: JSON.parse(row.uris) as string[],
          index: Number(row.idx),
          position_ms: Math.round(Number(row.progress_ms)),
          play: playing,
        });
      else if (current && playing !== wasPlaying) await send(userId, deviceId, { action: playing ? 'resume' : 'pause' });
      await publish(userId);
    },

    /** `PUT /me/player/play`: a new list on a device (the active one unless named; it becomes the active one), or resume. `paused`: load it only. */
    async play(userId: string, deviceId: string | undefined, body: PlayBody | undefined, options: { wait?: boolean; paused?: boolean } = {}) {
      const to = deviceId ?? (await target(userId));
      const active = (await playbackOf(userId))?.device_id;
      if (!body?.context_uri && !body?.uris) {
        if (active === to) return send(userId, to, { action: 'resume' }, options);
        await this.transfer(userId, to, true);
        return true;
      }
      const uris = body.uris ?? (await contextTracks(userId, body.context_uri!));
      if (active !== to) await activate(userId, to, { is_playing: 0 });
      const offset = body.offset;
      const index = offset && 'position' in offset ? offset.position : offset && 'uri' in offset ? Math.max(0, uris.indexOf(offset.uri)) : 0;
      return send(
        userId,
        to,
        {
          action: 'play',
          context_uri: body.context_uri ?? null,
          uris,
          index,
          position_ms: body.position_ms ?? 0,
          play: !options.paused,
        },
        options,
      );
    },

    /** Any other command, to the named device or the active one. */
    async command(userId: string, deviceId: string | undefined, fields: CommandFields, options: { wait?: boolean } = {}) {
      return send(userId, await target(userId, deviceId), fields, options);
    },

    /** The device Subsonic's jukebox drives: the active one when online, else the box heard from last, else any online device. */
    async jukeboxDevice(userId: string): Promise<string> {
      const [online, p] = await Promise.all([registry.online(userId), playbackOf(userId)]);
      const newest = [...online].sort((a, b) => Number(b.seen_at) - Number(a.seen_at));
      const chosen = online.find((d) => d.id === p?.device_id) ?? newest.find((d) => d.type === 'box') ?? newest[0];
      if (!chosen) throw notFound('A device to play on (start a Runnel Box, or open Runnel in a browser)', 'no_active_device');
      return chosen.id;
    },

    /** A device's live channel closed: when it was the last, it is offline, and stops being "playing". */
    async detached(userId: string, deviceId: string) {
      const p = await playbackOf(userId);
      if (p?.device_id !== deviceId || !Number(p.is_playing)) return;
      await db
        .updateTable('playback')
        .set({ is_playing: 0, progress_ms: progressOf(p), progress_at: now() })
        .where('user_id', '=', userId)
        .execute();
      await publish(userId);
    },
  };
}

export type Devices = ReturnType<typeof createDevices>;
