import { unscoped } from '../viewer-scope.ts';

/** Something that happened in a module, for other modules and for live clients. */
export interface BusEvent {
  /** Dotted name, e.g. `user.updated`, `playlist.changed`. */
  type: string;
  data: unknown;
  /** The users who may see it on the live channel; omitted: every signed-in user. */
  users?: string[];
}

/** Where an event was published: on this node, or on another node of the cluster (redis-bus.ts). */
export interface Delivery {
  remote: boolean;
}

/**
 * A listener; `delivery` says whether the event came from another node, so a module whose
 * work should be done once per cluster (search writing its table) can leave it to the node
 * that published. Listeners that ignore it see every event as before.
 */
export type Listener = (event: BusEvent, delivery: Delivery) => void;

/**
 * The event bus modules publish to. The in-process one serves a single node; an
 * implementation over Redis pub/sub (or PostgreSQL LISTEN/NOTIFY) gives every node the
 * same events without changing a publisher or a listener.
 */
export interface EventBus {
  publish(event: BusEvent): Promise<void>;
  /** Returns a function that stops the subscription. */
  subscribe(listener: Listener): () => void;
  close(): Promise<void>;
}

const LOCAL: Delivery = Object.freeze({ remote: false });

/** Delivers events synchronously to listeners in this process; one failing listener does not stop the rest. */
export function createInProcessBus(onListenerError: (error: unknown) => void = () => {}): EventBus {
  const listeners = new Set<Listener>();
  return {
    async publish(event) {
      for (const listener of listeners) {
        try {
          // Outside the publishing request's viewer: a listener's work is everyone's.
          unscoped(() => listener(event, LOCAL));
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}
