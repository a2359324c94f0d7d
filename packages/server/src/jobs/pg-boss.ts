import { PgBoss } from 'pg-boss';
import type { Jobs } from './jobs.ts';
import pg from 'pg';
import { holdLeadership, leaderName, withAdvisoryLock } from './locks.ts';

/** A session of that name holds an advisory lock: its node leads. */
const leadingSql = `SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = $1) AS leading`;

export interface PgBossJobsOptions {
  connectionString: string;
  /** Runs jobs, schedules and leadership on this node (roles `all` and `worker`). */
  working: boolean;
  onError: (error: unknown, what: string) => void;
  /** How often a working node looks for jobs whose worker went silent (default 10 s). */
  superviseS?: number;
  /** How often a node without leadership tries to take it (default 5 s). */
  leaderRetryMs?: number;
  /** Start pg-boss only when `start()` is called (a server: once it listens); default at once. */
  deferStart?: boolean;
}

/**
 * Jobs on pg-boss, in the database the nodes share (schema `pgboss`): a job is a row taken with
 * SKIP LOCKED, so one worker runs it; a running job's worker beats every heartbeatS / 2, and a
 * job whose worker died is retried elsewhere; a schedule sends once per tick for the cluster.
 * Why pg-boss rather than BullMQ on Redis: the jobs then live in PostgreSQL, which is durable
 * and backed up with the data they act on, while our Redis keeps nothing on disk.
 */
export async function createPgBossJobs(options: PgBossJobsOptions): Promise<Jobs & { start(): void }> {
  const { connectionString, working, onError } = options;
  const boss = new PgBoss({
    connectionString,
    application_name: 'runnel jobs',
    max: working ? 4 : 2,
    schema: 'pgboss',
    // A job sent wakes an idle worker at once (NOTIFY); polling stays the fallback.
    useListenNotify: working,
    supervise: working,
    schedule: working,
    superviseIntervalSeconds: options.superviseS ?? 10,
    monitorIntervalSeconds: options.superviseS ?? 10,
  });
  boss.on('error', (error) => onError(error, 'pg-boss'));
  // pg-boss installs or checks its schema as it starts: the node serves meanwhile, and what
  // needs a queue waits for it.
  let begin!: () => void;
  const asked = new Promise<void>((resolve) => (begin = resolve));
  const started = asked.then(() => boss.start()).then(() => {});
  if (!options.deferStart) begin();
  started.catch((error: unknown) => onError(error, 'pg-boss: starting'));
  const declared = new Map<string, Promise<void>>();
  const local = new Map<string, Promise<unknown>>();
  const leaders: (() => Promise<void>)[] = [];
  return {
    working,
    async queue(spec, handler) {
      const ready = started.then(async () => {
        await boss.createQueue(spec.name, {
          policy: spec.policy ?? 'standard',
          retryLimit: spec.retries ?? 2,
          heartbeatSeconds: Math.max(10, spec.heartbeatS ?? 30),
          expireInSeconds: 24 * 3600,
          notify: true,
        });
        if (!working) return;
        await boss.work<object>(spec.name, { pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 10, batchSize: 1 }, async ([job]) => {
          if (job) await (handler as (data: object) => Promise<void>)(job.data);
        });
      });
      ready.catch((error: unknown) => onError(error, `pg-boss: queue ${spec.name}`));
      declared.set(spec.name, ready);
    },
    async send(name, data, key) {
      await (declared.get(name) ?? started);
      return (await boss.send(name, data, key ? { singletonKey: key } : {})) !== null;
    },
    async schedule(name, cron) {
      (declared.get(name) ?? started)
        .then(() => boss.schedule(name, cron, {}, { tz: 'UTC' }))
        .catch((error: unknown) => onError(error, `pg-boss: schedule ${name}`));
    },
    exclusive(name, work) {
      // One at a time in this process as well, so a node holds one connection per lock name.
      const run = (local.get(name) ?? Promise.resolve()).then(
        () => withAdvisoryLock(connectionString, name, work),
        () => withAdvisoryLock(connectionString, name, work),
      );
      local.set(
        name,
        run.catch(() => {}),
      );
      return run;
    },
    async lead(name, begin) {
      if (!working) return;
      const held = holdLeadership(connectionString, name, begin, { retryMs: options.leaderRetryMs ?? 5000, onError: (e) => onError(e, `lead ${name}`) });
      leaders.push(held.stop);
      await held.tried;
    },
    async leading(name) {
      const client = new pg.Client({ connectionString, application_name: 'runnel leading?' });
      await client.connect();
      try {
        return (await client.query(leadingSql, [leaderName(name)])).rows[0].leading === true;
      } finally {
        await client.end().catch(() => {});
      }
    },
    start: () => begin(),
    async stop() {
      begin(); // started, if it never was, so that it stops cleanly
      await Promise.all(leaders.splice(0).map((stop) => stop()));
      await Promise.allSettled([started, ...declared.values()]);
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
