/**
 * Background work that runs once per cluster: queues of jobs, schedules, a cluster-wide lock
 * and leadership. On PostgreSQL it is pg-boss (pg-boss.ts) and PostgreSQL's advisory locks
 * (locks.ts); on SQLite, which serves one node, the same contract in the process (local.ts).
 * See README.md.
 */

/**
 * `stately`: at most one job waiting and one running per key (a send while one waits joins it);
 * `exclusive`: at most one job waiting or running per key (a send while one waits or runs joins it).
 */
export type QueuePolicy = 'standard' | 'stately' | 'exclusive';

export interface QueueSpec {
  name: string;
  policy?: QueuePolicy;
  /**
   * A running job's worker reports every half of this; a job not heard of for this long (its
   * worker died) is given to another worker. At least 10 (pg-boss's floor).
   */
  heartbeatS?: number;
  /** Attempts after the first when a job fails or its worker dies (default 2). */
  retries?: number;
}

export type JobHandler<T> = (data: T) => Promise<void>;

export interface Jobs {
  /** Whether this node runs jobs (roles `all` and `worker`). */
  readonly working: boolean;
  /** Declares a queue (every node may send to it); on a working node, runs its jobs with `handler`. */
  queue<T extends object>(spec: QueueSpec, handler: JobHandler<T>): Promise<void>;
  /** Queues a job; false when it joined one already there (`stately` and `exclusive` queues, per `key`). */
  send(name: string, data: object, key?: string): Promise<boolean>;
  /** Sends a job to the queue at every tick of `cron` (UTC), once per cluster. */
  schedule(name: string, cron: string): Promise<void>;
  /** Runs `work` while no other node runs work of that name: a lock held across nodes. */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T>;
  /**
   * On a working node: calls `begin` when this node becomes the one that runs `name` (at once
   * on a single node; on a cluster, when the node that had it is gone), and what `begin`
   * returned when it stops. Resolves once this node's first try is over (it leads or not).
   */
  lead(name: string, begin: () => () => void): Promise<void>;
  /** Whether some node of the cluster runs `name` now (see `lead`). */
  leading(name: string): Promise<boolean>;
  stop(): Promise<void>;
}
