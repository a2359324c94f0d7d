import type { DeviceCommand, PlaybackState } from '@runnel/api';
import { api } from '../api/client.ts';
import { live } from '../api/live-instance.ts';
import { onPlayElsewhere, player } from '../audio/player.ts';
import { itemUri } from '../tracks/to-queue.ts';
import { obey } from './obey.ts';
import { isRemote, playback, setPlayback } from './playback-store.ts';
import { reportState, takingOver } from './report.ts';
import { registerThisDevice, thisDevice } from './this-device.ts';

/** The live channel opens as this device: call before the shell starts it. */
export function openAsThisDevice() {
  live.setDevice(thisDevice.id);
}

const refresh = () =>
  api('GET /me/player')
    .then((state) => setPlayback(state ?? null))
    .catch(() => {});

/**
 * This tab as one of the user's devices: registered, obeying commands sent to it, telling
 * the server what it plays, and following what the active device plays (live `player.state`).
 * While a box or a speaker is the active device, a list played here goes there.
 */
export function startDevices(): () => void {
  void registerThisDevice(player.getSnapshot().volume)
    .then(refresh)
    .catch(() => {});
  const offs = [
    live.on('open', () => void refresh()),
    live.on('player.state', (message) => {
      const state = message.data as PlaybackState | null;
      setPlayback(state);
      // Another device took over while this one still plays (its stop was lost): stop here too;
      // but not for a state from before this tab's own takeover reached the server.
      if (isRemote(state) && state.is_playing && player.getSnapshot().playing && !takingOver()) player.pause();
    }),
    live.on('device.command', (message) => {
      const command = message.data as DeviceCommand;
      if (command.device_id === thisDevice.id) void obey(command);
    }),
    player.subscribe(() => reportState()),
  ];
  onPlayElsewhere((tracks, start, contextUri) => {
    // Music chosen here while a box or a speaker plays goes there (this tab is its remote).
    // Another browser has its own screen and listener: then it plays here, and that one stops.
    const state = playback();
    if (!isRemote(state) || (state.device.type !== 'box' && state.device.type !== 'speaker')) return false;
    const from = Math.max(0, start - 500);
    const uris = tracks
      .slice(from, from + 1000)
      .filter((t) => !t.localKey)
      .map(itemUri);
    const offset = tracks[start] && !tracks[start].localKey ? { uri: itemUri(tracks[start]) } : undefined;
    void api('PUT /me/player/play', {
      query: { device_id: state.device.id },
      body: { uris, ...(offset ? { offset } : {}), ...(contextUri && /^runnel:(album|playlist|artist):/.test(contextUri) ? { context_uri: contextUri } : {}) },
    }).catch(() => {});
    return true;
  });
  return () => {
    offs.forEach((off) => off());
    onPlayElsewhere(undefined);
  };
}
