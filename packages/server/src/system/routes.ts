import { Health } from '@runnel/api';
import { ping, type Db } from '../db/database.ts';
import { serverTools } from '../tools/report.ts';
import { VERSION } from '../version.ts';
import type { Api } from '../http/typed.ts';

// Uptime is a duration: the monotonic timer, which the wall clock's corrections do not move.
const started = performance.now();

/** A module's own health check; an optional one failing makes the status "degraded", not "down". */
export interface HealthCheck {
  name: string;
  optional?: boolean;
  run(): { ok: boolean; detail?: string } | Promise<{ ok: boolean; detail?: string }>;
}

/** `GET /health`: is the process up, can it reach its database, and the modules' checks. */
export function systemRoutes(app: Api, db: Db, extra: HealthCheck[] = [], tools: () => Promise<Health['tools']> = serverTools) {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: { tags: ['system'], summary: 'Process and database health', response: { 200: Health, 503: Health } },
    },
    async (_request, reply) => {
      const checks: Health['checks'] = {};
      try {
        await ping(db);
        checks.database = { ok: true };
      } catch (error) {
        checks.database = { ok: false, detail: (error as Error).message };
      }
      for (const check of extra) checks[check.name] = await check.run();
      const ok = Object.entries(checks).every(([name, c]) => c.ok || extra.some((e) => e.name === name && e.optional));
      const degraded = ok && Object.values(checks).some((c) => !c.ok);
      return reply.code(ok ? 200 : 503).send({
        status: ok ? (degraded ? 'degraded' : 'ok') : 'down',
        version: VERSION,
        uptime_s: (performance.now() - started) / 1000,
        checks,
        tools: await tools(),
      });
    },
  );
}
