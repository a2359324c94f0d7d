import type { FastifyInstance } from 'fastify';
import type { LogEvent } from 'kysely';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MetricsAccess } from '../config.ts';

/** Prometheus metrics for one app: HTTP latency by route, database timings, the process. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const http = new Histogram({
    name: 'runnel_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const db = new Histogram({
    name: 'runnel_db_query_duration_seconds',
    help: 'Database query latency by statement kind',
    labelNames: ['kind', 'outcome'],
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers: [registry],
  });

  return {
    registry,
    /** Kysely's log hook: times every query. */
    onQuery(event: LogEvent) {
      const kind = event.query.query.kind.replace(/QueryNode$/, '').toLowerCase() || 'raw';
      db.observe({ kind, outcome: event.level === 'error' ? 'error' : 'ok' }, event.queryDurationMillis / 1000);
    },
    /** Times every request; serves `/metrics` to administrators (a token: Prometheus's `authorization`), to anyone, or not at all. */
    install(app: FastifyInstance, access: MetricsAccess = 'admin') {
      // One labelled histogram per method, route and status, looked up by a plain key: prom-client
      // would otherwise sort and join the label names on every request. A callback hook (it
      // never waits): an async one costs a promise per request.
      const byLabels = new Map<string, ReturnType<typeof http.labels>>();
      app.addHook('onResponse', (request, reply, done) => {
        const route = request.routeOptions.url ?? 'unmatched';
        const key = `${request.method} ${reply.statusCode} ${route}`;
        let child = byLabels.get(key);
        if (!child) {
          child = http.labels({ method: request.method, route, status: String(reply.statusCode) });
          byLabels.set(key, child);
        }
        child.observe(reply.elapsedTime / 1000);
        done();
      });
      if (access === 'off') return;
      app.get('/metrics', { config: access === 'public' ? { public: true } : { admin: true }, schema: { hide: true } }, async (_request, reply) => {
        reply.type(registry.contentType);
        return registry.metrics();
      });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
