import { AppError } from '../errors.ts';

/** A place in the queue; cancel() gives it up (or the slot, once started, via release). */
export interface Ticket {
  cancel(): void;
}

/**
 * Caps how many ffmpeg processes run at once. Work beyond the cap waits in a FIFO queue;
 * beyond the queue's length a request is refused at once rather than left hanging.
 */
export class Limiter {
  #running = 0;
  readonly #queue: Array<() => void> = [];
  readonly max: number;
  readonly maxQueue: number;

  constructor(max: number, maxQueue: number) {
    this.max = max;
    this.maxQueue = maxQueue;
  }

  /** Calls start() when a slot is free (maybe now); the started work must call release() once. */
  enqueue(start: () => void): Ticket {
    if (this.#running < this.max) {
      this.#running += 1;
      start();
      return { cancel: () => {} };
    }
    if (this.#queue.length >= this.maxQueue) {
      throw new AppError('transcode_busy', 503, 'Too many transcodes are running or waiting; try again shortly', { 'retry-after': '2' });
    }
    this.#queue.push(start);
    return {
      cancel: () => {
        const at = this.#queue.indexOf(start);
        if (at >= 0) this.#queue.splice(at, 1);
      },
    };
  }

  release(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#running -= 1;
  }

  get running(): number {
    return this.#running;
  }

  get queued(): number {
    return this.#queue.length;
  }
}
