import type { PlaybackState, Track } from '@runnel/api';
import type { CommandFields } from '../../devices/service.ts';
import type { Call, Endpoints } from '../endpoint.ts';
import { invalid, missing } from '../errors.ts';
import { songs } from '../map.ts';
import type { Node } from '../response.ts';

/**
 * Subsonic's jukebox on Runnel's devices: `jukeboxControl` drives the user's active device
 * (chosen with "Play on…"), else their box seen last, else any device of theirs that is
 * online, so DSub and other apps are remotes for a Runnel Box or a web player. Each action
 * waits for the device's answer, so the status returned is the device's own.
 */

const TRACK = 'runnel:track:';
const ACTIONS = ['get', 'status', 'set', 'start', 'stop', 'skip', 'add', 'clear', 'remove', 'shuffle', 'setGain'] as const;
type Action = (typeof ACTIONS)[number];

/** The catalogue tracks named by `id` (one or more), which must exist. */
async function idsToUris(call: Call): Promise<string[]> {
  const ids = call.params.all('id');
  if (ids.length > 1000) throw invalid('id', 'may be given at most 1000 times');
  if (!ids.length) return [];
  const found = await call.services.catalog.tracks(ids);
  const missingId = ids.find((_, i) => !found[i]);
  if (missingId !== undefined) throw invalid('id', `names no song: ${missingId}`);
  return ids.map((id) => `${TRACK}${id}`);
}

function status(state: PlaybackState | null): Node {
  return {
    currentIndex: state && state.tracks.uris.length ? state.tracks.index : -1,
    playing: state?.is_playing ?? false,
    gain: (state?.device.volume_percent ?? 100) / 100,
    position: Math.floor((state?.progress_ms ?? 0) / 1000),
  };
}

/** Sends an action's command to the device and waits for its answer (get and status send none). */
async function act(call: Call, action: Action, deviceId: string, state: PlaybackState | null): Promise<void> {
  const { devices } = call.services;
  const userId = call.user.id;
  const list = state?.tracks.uris ?? [];
  const send = (fields: CommandFields) => devices.command(userId, deviceId, fields, { wait: true });
  const index = () => {
    const value = call.params.int('index', { min: 0, max: Math.max(0, list.length - 1) });
    if (value === undefined) throw missing('index');
    return value;
  };
  switch (action) {
    case 'get':
    case 'status':
      return;
    case 'set':
      // The new list on the box, which becomes the active device; playing on if it was.
      await devices.play(userId, deviceId, { uris: await idsToUris(call) }, { wait: true, paused: !state?.is_playing || state.device.id !== deviceId });
      return;
    case 'start':
      await devices.play(userId, deviceId, undefined, { wait: true });
      return;
    case 'stop':
      await send({ action: 'pause' });
      return;
    case 'skip': {
      const offset = call.params.int('offset', { min: 0, max: 100_000, fallback: 0 })!;
      await devices.play(userId, deviceId, { uris: list, offset: { position: index() }, position_ms: offset * 1000 }, { wait: true });
      return;
    }
    case 'add':
      await send({ action: 'add', uris: await idsToUris(call) });
      return;
    case 'clear':
      await send({ action: 'clear' });
      return;
    case 'remove':
      await send({ action: 'remove', index: index() });
      return;
    case 'shuffle':
      await send({ action: 'shuffle', state: true });
      return;
    case 'setGain': {
      const raw = call.params.get('gain');
      if (raw === undefined) throw missing('gain');
      const gain = Number(raw);
      if (!Number.isFinite(gain) || gain < 0 || gain > 1) throw invalid('gain', 'must be a number from 0.0 to 1.0');
      await send({ action: 'volume', volume_percent: Math.round(gain * 100) });
    }
  }
}

export const jukeboxEndpoints: Endpoints = {
  jukeboxControl: {
    async handle(call) {
      const action = call.params.require('action') as Action;
      if (!ACTIONS.includes(action)) throw invalid('action', `must be one of ${ACTIONS.join(', ')}`);
      const { devices } = call.services;
      const userId = call.user.id;
      const deviceId = await devices.jukeboxDevice(userId);
      await act(call, action, deviceId, await devices.state(userId));
      const state = await devices.state(userId);
      if (action !== 'get') return { jukeboxStatus: status(state) };
      const uris = state?.tracks.uris ?? [];
      const ids = uris.filter((u) => u.startsWith(TRACK)).map((u) => u.slice(TRACK.length));
      const tracks = ids.length ? await call.services.catalog.tracks(ids) : [];
      return {
        jukeboxPlaylist: {
          ...status(state),
          entry: await songs(
            call,
            tracks.filter((t): t is Track => t !== null),
          ),
        },
      };
    },
  },
};
