import type { DeviceCommand, DeviceStateBody, DeviceType } from '@runnel/api';
import { connectLive, type LiveClient } from './live-client.ts';

/**
 * A device that follows the devices protocol (README in src/devices) without audio: it keeps
 * a list, an index, a position and play/pause, obeys `device.command` at once and reports
 * its state. Server tests use it as the far end of the live channel; real devices are the
 * web player, the box and a UPnP renderer.
 */
export interface TestDevice {
  id: string;
  live: LiveClient;
  state: DeviceStateBody;
  commands: DeviceCommand[];
  /** Reports the state now (as a device does after its user presses something on it). */
  report(change?: Partial<DeviceStateBody>): Promise<number>;
  close(): void;
}

export async function testDevice(base: string, token: string, id: string, name = id, type: DeviceType = 'computer'): Promise<TestDevice> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const registered = await fetch(`${base}/api/v1/me/player/devices/${id}`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ name, type, volume_percent: 50 }),
  });
  if (!registered.ok) throw new Error(`registering ${id}: ${registered.status}`);
  const live = await connectLive(base, token, { deviceId: id });
  // Pinged every 25 s as the box and the web player do: it stays online however long a test runs.
  const pinger = setInterval(() => live.socket.readyState === live.socket.OPEN && live.socket.send('ping'), 25_000);
  pinger.unref();
  const state: DeviceStateBody = { is_playing: false, progress_ms: 0, uris: [], index: 0, context_uri: null, volume_percent: 50 };
  const commands: DeviceCommand[] = [];
  // Its position advances in real time while it plays, as a real device's does.
  let since = Date.now();
  const report = async (change: Partial<DeviceStateBody> = {}) => {
    if (state.is_playing && change.progress_ms === undefined) state.progress_ms += Date.now() - since;
    since = Date.now();
    Object.assign(state, change);
    const res = await fetch(`${base}/api/v1/me/player/devices/${id}/state`, { method: 'PUT', headers, body: JSON.stringify(state) });
    delete state.ack;
    return res.status;
  };
  live.socket.on('message', (raw) => {
    const event = JSON.parse(raw.toString()) as { type: string; data: DeviceCommand };
    if (event.type !== 'device.command' || event.data.device_id !== id) return;
    const c = event.data;
    commands.push(c);
    const last = Math.max(0, state.uris.length - 1);
    const apply: Record<DeviceCommand['action'], () => Partial<DeviceStateBody>> = {
      play: () => ({
        uris: c.uris ?? [],
        context_uri: c.context_uri ?? null,
        index: c.index ?? 0,
        progress_ms: c.position_ms ?? 0,
        is_playing: c.play !== false,
      }),
      pause: () => ({ is_playing: false }),
      stop: () => ({ is_playing: false }),
      resume: () => ({ is_playing: true }),
      next: () => ({ index: Math.min(last, state.index + 1), progress_ms: 0 }),
      previous: () => ({ index: Math.max(0, state.index - 1), progress_ms: 0 }),
      seek: () => ({ progress_ms: c.position_ms ?? 0 }),
      volume: () => ({ volume_percent: c.volume_percent ?? 0 }),
      add: () => ({ uris: [...state.uris, ...(c.uris ?? [])] }),
      remove: () => ({ uris: state.uris.filter((_, i) => i !== c.index) }),
      clear: () => ({ uris: [], index: 0, is_playing: false, progress_ms: 0 }),
      shuffle: () => ({ shuffle: c.state === true }),
      repeat: () => ({ repeat: c.repeat ?? 'off' }),
    };
    void report({ ...apply[c.action](), ack: c.id });
  });
  return { id, live, state, commands, report, close: () => (clearInterval(pinger), live.close()) };
}
