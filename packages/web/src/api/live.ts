import type { LiveEvent } from '@runnel/api';

/** A message from the server's live channel. */
export type LiveMessage = LiveEvent;

type Handler = (message: LiveMessage) => void;

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

  const connect = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/events`;
    socket = new WebSocket(url);
    socket.onopen = () => {
      retry = 500;
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as LiveMessage;
      for (const handler of [...(handlers.get(message.type) ?? []), ...(handlers.get('*') ?? [])]) handler(message);
    };
    socket.onclose = () => {
      if (closed) return;
      waiting = setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15_000);
    };
  };

  return {
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
    /** Subscribes to one message type (or '*'); returns the unsubscribe function. */
    on(type: string, handler: Handler): () => void {
      const set = handlers.get(type) ?? new Set();
      set.add(handler);
      handlers.set(type, set);
      return () => set.delete(handler);
    },
  };
}

export type LiveChannel = ReturnType<typeof createLiveChannel>;
