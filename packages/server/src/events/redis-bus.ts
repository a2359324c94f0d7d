import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { BusEvent, EventBus, Listener } from './bus.ts';

/** The channel a cluster's nodes share; tests give each of their clusters its own. */
export const DEFAULT_CHANNEL = 'runnel:events';

/**
 * The event bus across nodes: each event is delivered to this node's listeners at once and
 * published on a Redis channel (`channel`) for the others; a node ignores its own echoes.
 */
export async function createRedisBus(url: string, onListenerError: (error: unknown) => void = () => {}, channel: string = DEFAULT_CHANNEL): Promise<EventBus> {
  const node = randomUUID();
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const subscriber = new Redis(url, { lazyConnect: true });
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const listeners = new Set<Listener>();
  const deliver = (event: BusEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        onListenerError(error);
      }
    }
  };
  await subscriber.subscribe(channel);
  subscriber.on('message', (_channel: string, message: string) => {
    try {
      const { from, event } = JSON.parse(message) as { from: string; event: BusEvent };
      if (from !== node) deliver(event);
    } catch (error) {
      onListenerError(error);
    }
  });
  return {
    async publish(event) {
      deliver(event);
      await publisher.publish(channel, JSON.stringify({ from: node, event }));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
