import type { FastifyInstance } from 'fastify';
import { Health } from '@runnel/api';
import { ping, type Db } from '../db/database.ts';
import { VERSION } from '../version.ts';

const started = Date.now();

/** `GET /health`: is the process up and can it reach its database. */
export function systemRoutes(app: FastifyInstance, db: Db) {
  app.get('/health', {
    config: { public: true },
    schema: { tags: ['system'], summary: 'Process and database health', response: { 200: Health, 503: Health } },
  }, async (_request, reply) => {
    const checks: Health['checks'] = {};
    try {
      await ping(db);
      checks.database = { ok: true };
    } catch (error) {
      checks.database = { ok: false, detail: (error as Error).message };
    }
    const ok = Object.values(checks).every((c) => c.ok);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'down', version: VERSION, uptime_s: (Date.now() - started) / 1000, checks });
  });
}
