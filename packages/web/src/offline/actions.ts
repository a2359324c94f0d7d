import type { Route } from '@runnel/api';
import { api, ApiError, type CallInput } from '../api/client.ts';
import { idb } from './idb.ts';
import { setPending } from './store.ts';

/** A call made while the server could not be reached, kept in order to be sent later. */
interface KeptAction {
  seq?: number;
  route: Route;
  input: { params?: unknown; query?: unknown; body?: unknown };
  /** When the listener did it. */
  at: number;
}

/**
 * Makes a call that must not be lost offline (a play, a star, a playlist edit): sent at
 * once when the server is there; otherwise kept on this device and sent, in order, by
 * `sendKept` on reconnect. Says which happened.
 */
export async function sendOrKeep<R extends Route>(route: R, input: CallInput<R>): Promise<'sent' | 'kept'> {
  try {
    await (api as (route: R, input: CallInput<R>) => Promise<unknown>)(route, input);
    return 'sent';
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'offline') throw error;
    await idb.put('actions', { route, input, at: Date.now() } satisfies KeptAction);
    setPending(await idb.count('actions'));
    return 'kept';
  }
}

let sending: Promise<{ sent: number; refused: number }> | undefined;

/**
 * Sends the kept actions in the order they were made; stops at the first that cannot reach
 * the server (it stays, with those after it). One the server refuses (a playlist deleted
 * since, say) is dropped: sending it again cannot succeed.
 */
export function sendKept(): Promise<{ sent: number; refused: number }> {
  sending ??= (async () => {
    let sent = 0;
    let refused = 0;
    try {
      const actions = (await idb.all<KeptAction>('actions')).sort((a, b) => a.seq! - b.seq!);
      for (const action of actions) {
        try {
          await (api as (route: Route, input: unknown) => Promise<unknown>)(action.route, action.input);
          sent += 1;
        } catch (error) {
          if (!(error instanceof ApiError) || error.code === 'offline' || error.status >= 500) break;
          refused += 1;
        }
        await idb.delete('actions', action.seq!);
      }
      setPending(await idb.count('actions'));
    } finally {
      sending = undefined;
    }
    return { sent, refused };
  })();
  return sending;
}
