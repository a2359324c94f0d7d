import type { LiveEvent } from '@runnel/api';

/** A message from the server's live channel. */
export type LiveMessage = LiveEvent;

type Handler = (message: LiveMessage) => void;
const PING_MS = 25_000;

/**
 * The live channel (/api/v1/events): one WebSocket per tab, reconnecting with backoff, that
 * hands every message to the subscribers of its type.
 */
export function createLiveChannel() {
  const handlers = new Map<string, Set<Handler>>();
  let socket: WebSocket | undefined;
  let retry = 500;
  let closed = false;
  let waiting: ReturnType<typeof setTimeout> | undefined;
  let pinging: ReturnType<typeof setInterval> | undefined;
  let deviceId: string | undefined;

  const connect = () => {
    const query = deviceId ? `?device_id=${encodeURIComponent(deviceId)}` : '';
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/events${query}`;
    const opened = new WebSocket(url);
    socket = opened;
    opened.onopen = () => {
      retry = 500;
      // A ping keeps this device listed as online (and idle proxies from closing the socket).
      clearInterval(pinging);
      pinging = setInterval(() => opened.readyState === WebSocket.OPEN && opened.send('ping'), PING_MS);
      for (const handler of handlers.get('open') ?? []) handler({ type: 'open', data: null, at: new Date().toISOString() });
    };
    opened.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as LiveMessage;
      for (const handler of [...(handlers.get(message.type) ?? []), ...(handlers.get('*') ?? [])]) handler(message);
    };
    opened.onclose = () => {
      clearInterval(pinging);
      if (closed || socket !== opened) return;
      waiting = setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15_000);
    };
  };

  return {
    /** Opens the channel as this device (before start): it is one of the user's devices while the channel is open. */
    setDevice(id: string) {
      deviceId = id;
    },
    start() {
      closed = false;
      if (!socket) connect();
    },
    /** The server is reachable again (after being offline): connect now rather than at the end of the backoff. */
    reconnectNow() {
      if (closed || (socket && socket.readyState <= WebSocket.OPEN)) return;
      clearTimeout(waiting);
      retry = 500;
      connect();
    },
    stop() {
      closed = true;
      clearTimeout(waiting);
      socket?.close();
      socket = undefined;
    },
    /** Subscribes to one message type, '*' for all, or 'open' for each (re)connection; returns the unsubscribe function. */
    on(type: string, handler: Handler): () => void {
      const set = handlers.get(type) ?? new Set();
      set.add(handler);
      handlers.set(type, set);
      return () => set.delete(handler);
    },
  };
}

export type LiveChannel = ReturnType<typeof createLiveChannel>;
