import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { BusEvent, Delivery, EventBus, Listener } from './bus.ts';
import { unscoped } from '../viewer-scope.ts';

/** The channel a cluster's nodes share (tests give each of their clusters its own). */
export const DEFAULT_CHANNEL = 'runnel:events';
const LOCAL: Delivery = Object.freeze({ remote: false });
const REMOTE: Delivery = Object.freeze({ remote: true });

/** `redis://…?channel=NAME` keeps clusters sharing one Redis apart (default DEFAULT_CHANNEL). */
function channelOf(url: string): { url: string; channel: string } {
  const parsed = new URL(url);
  const channel = parsed.searchParams.get('channel') || DEFAULT_CHANNEL;
  parsed.searchParams.delete('channel');
  return { url: parsed.toString(), channel };
}

/**
 * The event bus across nodes: each event is delivered to this node's listeners at once and
 * published on a Redis channel for the others (`channel`, else the URL's `?channel=`, else
 * DEFAULT_CHANNEL); a node ignores its own echoes. Listeners are told which events came from
 * another node (`delivery.remote`).
 */
export async function createRedisBus(address: string, onListenerError: (error: unknown) => void = () => {}, channel?: string): Promise<EventBus> {
  const { url, channel: named } = channelOf(address);
  channel ??= named;
  const node = randomUUID();
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const subscriber = new Redis(url, { lazyConnect: true });
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const listeners = new Set<Listener>();
  const deliver = (event: BusEvent, delivery: Delivery) => {
    for (const listener of listeners) {
      try {
        unscoped(() => listener(event, delivery));
      } catch (error) {
        onListenerError(error);
      }
    }
  };
  await subscriber.subscribe(channel);
  subscriber.on('message', (_channel: string, message: string) => {
    try {
      const { from, event } = JSON.parse(message) as { from: string; event: BusEvent };
      if (from !== node) deliver(event, REMOTE);
    } catch (error) {
      onListenerError(error);
    }
  });
  return {
    async publish(event) {
      deliver(event, LOCAL);
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
