import { CronExpressionParser } from 'cron-parser';
import type { JobHandler, Jobs, QueueSpec } from './jobs.ts';

interface LocalQueue {
  spec: QueueSpec;
  handler: JobHandler<object>;
  waiting: { data: object; key: string | undefined }[];
  running: boolean;
  /** The key of the job running. */
  current: string | undefined;
}

/**
 * Jobs in this process, for one node (SQLite): each queue runs its jobs one at a time in
 * the order sent, retried as the queue says; a `stately` queue keeps one waiting at most.
 */
export function createLocalJobs(options: { working?: boolean; onError?: (error: unknown, what: string) => void } = {}): Jobs {
  const working = options.working ?? true;
  const onError = options.onError ?? (() => {});
  const queues = new Map<string, LocalQueue>();
  const locks = new Map<string, Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  const leaders: (() => void)[] = [];
  const led = new Set<string>();
  let stopped = false;
  let idle: Promise<void> = Promise.resolve();

  async function drain(queue: LocalQueue) {
    if (queue.running || !working) return;
    queue.running = true;
    let done!: () => void;
    idle = Promise.all([idle, new Promise<void>((resolve) => (done = resolve))]).then(() => {});
    try {
      while (queue.waiting.length && !stopped) {
        const { data, key } = queue.waiting.shift()!;
        queue.current = key;
        for (let attempt = 0; attempt <= (queue.spec.retries ?? 2); attempt += 1) {
          try {
            await queue.handler(data);
            break;
          } catch (error) {
            onError(error, `job ${queue.spec.name}`);
            if (stopped) break;
          }
        }
      }
    } finally {
      queue.running = false;
      queue.current = undefined;
      done();
    }
  }

  return {
    working,
    async queue(spec, handler) {
      queues.set(spec.name, { spec, handler: handler as JobHandler<object>, waiting: [], running: false, current: undefined });
    },
    async send(name, data, key) {
      const queue = queues.get(name);
      if (!queue) throw new Error(`no job queue "${name}"`);
      const policy = queue.spec.policy ?? 'standard';
      if (policy !== 'standard' && queue.waiting.some((w) => w.key === key)) return false;
      if (policy === 'exclusive' && queue.running && queue.current === key) return false;
      queue.waiting.push({ data, key });
      void drain(queue);
      return true;
    },
    async schedule(name, cron) {
      if (!working) return;
      const next = () => {
        if (stopped) return;
        const at = CronExpressionParser.parse(cron, { tz: 'UTC' }).next().getTime();
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            this.send(name, {}).catch((error: unknown) => onError(error, `schedule ${name}`));
            next();
          },
          Math.max(1000, at - Date.now()),
        );
        timer.unref();
        timers.add(timer);
      };
      next();
    },
    exclusive(name, work) {
      const run = (locks.get(name) ?? Promise.resolve()).then(work, work);
      locks.set(
        name,
        run.catch(() => {}),
      );
      return run;
    },
    async lead(name, begin) {
      if (!working || stopped) return;
      const end = begin();
      led.add(name);
      leaders.push(() => (led.delete(name), end()));
    },
    leading: async (name) => led.has(name),
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      for (const end of leaders.splice(0)) end();
      await idle;
    },
  };
}
