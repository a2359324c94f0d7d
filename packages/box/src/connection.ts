import type { DeviceCommand } from '@runnel/api';
import WebSocket from 'ws';
import { ApiError, type Api } from './api.ts';
import { errorText, type Log } from './log.ts';

export interface ConnectionDeps {
  api: Api;
  deviceId: string;
  /** Registers the device (before each live channel: the server knows it then). */
  register: () => Promise<unknown>;
  onCommand: (command: DeviceCommand) => void;
  /** The channel is up (again): report the state, sync the cache. */
  onOnline: () => void;
  onOffline: () => void;
  log: Log;
  pingMs?: number;
  /** First and longest wait before reconnecting. */
  backoffMs?: [number, number];
}

/** A command as the box accepts it from the live channel (the rest is checked where it is used). */
const ACTIONS = new Set(['play', 'pause', 'resume', 'stop', 'next', 'previous', 'seek', 'volume', 'add', 'remove', 'clear', 'shuffle', 'repeat']);
function asCommand(data: unknown, deviceId: string): DeviceCommand | null {
  const c = data as Partial<DeviceCommand> | null;
  if (typeof c !== 'object' || c === null || c.device_id !== deviceId || typeof c.id !== 'string' || !ACTIONS.has(c.action as string)) return null;
  const uris = Array.isArray(c.uris) ? c.uris.filter((u): u is string => typeof u === 'string').slice(0, 1000) : undefined;
  const int = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : undefined);
  return { ...c, uris, index: int(c.index), position_ms: int(c.position_ms), volume_percent: int(c.volume_percent) } as DeviceCommand;
}

/**
 * The box's live channel: registers, opens `/api/v1/events?device_id=` with the bearer
 * token (the device is online while it is open), pings every 25 s, hands `device.command`s
 * for this device to the player, and reconnects with a growing, jittered wait when the
 * server goes away (or when a ping goes unanswered).
 */
export function connect({ api, deviceId, register, onCommand, onOnline, onOffline, log, pingMs = 25_000, backoffMs = [1000, 30_000] }: ConnectionDeps) {
  let socket: WebSocket | null = null;
  let online = false;
  let closed = false;
  let wait = backoffMs[0];
  let retry: NodeJS.Timeout | null = null;
  let pinger: NodeJS.Timeout | null = null;

  const later = () => {
    if (closed || retry) return;
    const delay = Math.round(wait * (0.75 + Math.random() * 0.5));
    wait = Math.min(backoffMs[1], wait * 2);
    retry = setTimeout(() => {
      retry = null;
      void open();
    }, delay);
  };

  async function open() {
    try {
      await register();
    } catch (error) {
      // A refused token will not start working by itself: say what to do (and go on trying, slowly, in case it is fixed on the server).
      if (error instanceof ApiError && error.status === 401) {
        log('the server refused the token (make a new API token in Settings and restart the box with it); retrying', { error: errorText(error) });
        wait = backoffMs[1];
      } else log('the server is unreachable; retrying', { error: errorText(error) });
      return later();
    }
    if (closed) return;
    const ws = new WebSocket(api.liveUrl(deviceId), { headers: api.headers, handshakeTimeout: 10_000, maxPayload: 4 * 1024 * 1024 });
    socket = ws;
    let answered = true;
    ws.on('message', (raw: Buffer) => {
      answered = true;
      let event: { type?: unknown; data?: unknown };
      try {
        event = JSON.parse(raw.toString());
      } catch {
        return log('the live channel sent something that is not JSON, ignored');
      }
      if (event.type === 'hello') {
        online = true;
        wait = backoffMs[0];
        log('online', { server: api.base, device_id: deviceId });
        pinger = setInterval(() => {
          if (!answered) return ws.terminate(); // no pong since the last ping: the link is dead
          answered = false;
          ws.send('ping');
        }, pingMs);
        onOnline();
      } else if (event.type === 'device.command') {
        const command = asCommand(event.data, deviceId);
        if (command) onCommand(command);
      }
    });
    ws.on('unexpected-response', (_request, response) => {
      log('the live channel was refused', { status: response.statusCode });
      ws.terminate();
    });
    ws.on('error', (error) => log('live channel error', { error: errorText(error) }));
    ws.on('close', (code) => {
      if (pinger) clearInterval(pinger);
      pinger = null;
      if (socket === ws) socket = null;
      if (online) {
        online = false;
        log('offline: the live channel closed', { code });
        onOffline();
      }
      later();
    });
  }

  void open();
  return {
    get online() {
      return online;
    },
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      socket?.close();
    },
  };
}
