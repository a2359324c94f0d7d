import WebSocket from 'ws';

/** An event as a session received it: `at` when it arrived, `sentAt` when the server published it (epoch ms). */
export interface Received {
  data: Record<string, unknown>;
  at: number;
  sentAt: number;
}

export interface LiveClient {
  socket: WebSocket;
  /** Resolves with the first event of `type` (matching `where`) that arrives from now on, and when it arrived (epoch ms). */
  next(type: string, where?: (data: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Received>;
  seen: { type: string; data: Record<string, unknown> }[];
  close(): void;
}

/**
 * Opens /api/v1/events on a real server as a client would, authenticated by header or by
 * `?access_token=`; with `deviceId`, as that device (it is online while this is open).
 */
export async function connectLive(base: string, token: string, options: { via?: 'header' | 'query'; deviceId?: string } = {}): Promise<LiveClient> {
  const query = new URLSearchParams();
  if (options.via === 'query') query.set('access_token', token);
  if (options.deviceId) query.set('device_id', options.deviceId);
  const url = `${base.replace('http', 'ws')}/api/v1/events${query.size ? `?${query}` : ''}`;
  const socket = new WebSocket(url, options.via === 'query' ? {} : { headers: { authorization: `Bearer ${token}` } });
  const seen: LiveClient['seen'] = [];
  const waiters: { type: string; where?: (d: Record<string, unknown>) => boolean; resolve: (v: Received) => void }[] = [];
  socket.on('message', (raw) => {
    const event = JSON.parse(raw.toString());
    seen.push(event);
    for (const w of [...waiters]) {
      if (w.type === event.type && (!w.where || w.where(event.data))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve({ data: event.data, at: Date.now(), sentAt: Date.parse(event.at) });
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    waiters.push({ type: 'hello', resolve: () => resolve() });
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
  return {
    socket,
    seen,
    close: () => socket.close(),
    next: (type, where, timeoutMs = 2000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ type, where, resolve: (v) => (clearTimeout(timer), resolve(v)) });
      }),
  };
}
