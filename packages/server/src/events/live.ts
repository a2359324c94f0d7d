import type { FastifyInstance } from 'fastify';
import { credentialOf, revocationOf, revokes } from '../accounts/credentials.ts';
import type { Accounts } from '../accounts/service.ts';
import type { EventBus } from './bus.ts';
import { iso } from '../time.ts';

/** A device's live channel (`?device_id=`) makes it online while open; pings keep it so. */
export interface Presence {
  attach(userId: string, deviceId: string): Promise<() => Promise<unknown>>;
  touch(userId: string, deviceId: string): Promise<void>;
}
const DEVICE_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Close code for a socket whose session or token has ended (4000–4999 are the application's). */
export const CLOSE_REVOKED = 4401;

/**
 * `GET /api/v1/events`: the live channel. A WebSocket that, once authenticated like any
 * other route, receives `{type, data, at}` for every bus event addressed to its user.
 * It is bound to the session or token it was opened with: when that ends (sign-out,
 * revocation, password change, user deleted; on any node) it is closed with 4401.
 */
export function liveRoutes(app: FastifyInstance, events: EventBus, accounts: Pick<Accounts, 'credentialActive'>, now: () => number, presence?: Presence) {
  app.get('/api/v1/events', { websocket: true, config: { tokenInQuery: true }, schema: { hide: true } }, (socket, request) => {
    const userId = request.principal!.user.id;
    const credential = credentialOf(request.principal!);
    const send = (type: string, data: unknown) => socket.send(JSON.stringify({ type, data, at: iso(now()) }));
    const revoke = () => {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(CLOSE_REVOKED, 'credentials revoked');
    };
    const unsubscribe = events.subscribe((event) => {
      const revocation = revocationOf(event);
      if (revocation) {
        if (revokes(revocation, userId, credential)) revoke();
        return;
      }
      if (event.users && !event.users.includes(userId)) return;
      if (socket.readyState === socket.OPEN) send(event.type, event.data);
    });
    const deviceId = (request.query as Record<string, unknown>).device_id;
    const device = typeof deviceId === 'string' && DEVICE_ID.test(deviceId) && presence ? presence.attach(userId, deviceId) : undefined;
    const failed = (error: unknown) => request.log.error({ err: error }, 'live channel: device presence failed');
    socket.on('message', (raw: Buffer) => {
      if (raw.toString() !== 'ping') return;
      send('pong', null);
      if (device) presence!.touch(userId, deviceId as string).catch(failed);
    });
    socket.on('close', () => {
      unsubscribe();
      device?.then((detach) => detach()).catch(failed);
    });
    // `hello` says the channel is ready, and for a device that it is online: listed, commandable.
    const greet = () => {
      if (socket.readyState === socket.OPEN) send('hello', { user_id: userId });
    };
    if (device) device.then(greet, (error: unknown) => (failed(error), greet()));
    else greet();
    // A revocation between this request's authentication and the subscription above would be
    // missed: check once more, now that any later one will be heard.
    if (credential) {
      accounts.credentialActive(userId, credential).then(
        (active) => {
          if (!active) revoke();
        },
        (error: unknown) => request.log.error({ err: error }, 'live channel: checking the credential failed'),
      );
    }
  });
}
