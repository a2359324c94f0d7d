import type { FastifyInstance } from 'fastify';
import type { EventBus } from './bus.ts';

/**
 * `GET /api/v1/events`: the live channel. A WebSocket that, once authenticated like any
 * other route, receives `{type, data, at}` for every bus event addressed to its user.
 */
export function liveRoutes(app: FastifyInstance, events: EventBus) {
  app.get('/api/v1/events', { websocket: true, config: { tokenInQuery: true }, schema: { hide: true } }, (socket, request) => {
    const userId = request.principal!.user.id;
    const send = (type: string, data: unknown) => socket.send(JSON.stringify({ type, data, at: new Date().toISOString() }));
    const unsubscribe = events.subscribe((event) => {
      if (event.users && !event.users.includes(userId)) return;
      if (socket.readyState === socket.OPEN) send(event.type, event.data);
    });
    socket.on('message', (raw: Buffer) => {
      if (raw.toString() === 'ping') send('pong', null);
    });
    socket.on('close', unsubscribe);
    send('hello', { user_id: userId });
  });
}
