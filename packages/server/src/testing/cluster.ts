import type { FastifyInstance } from 'fastify';
import { buildApp, type App, type AppDeps } from '../app.ts';
import { openDatabase } from '../db/database.ts';
import type { EventBus } from '../events/bus.ts';
import { createRedisBus } from '../events/redis-bus.ts';
import { createPgBossJobs } from '../jobs/pg-boss.ts';
import { startBalancer } from './balancer.ts';
import type { TestDatabase } from './database.ts';
import { remoteInject } from './remote-inject.ts';

/**
 * The cluster mode of the tests (RUNNEL_TEST_CLUSTER=1, with RUNNEL_TEST_DB on PostgreSQL):
 * testApp() builds two nodes in the test's process on one database, one data folder and one
 * clock, each with its own Redis bus on a channel of this test app's own, behind a real
 * HAProxy; `inject()` goes through the balancer, so consecutive requests reach the nodes in
 * turn. Missing PostgreSQL, Redis or HAProxy fails the test. Files that cannot run so are
 * listed in scripts/test-cluster.mjs.
 */
export const clusterMode = process.env.RUNNEL_TEST_CLUSTER === '1';

const REDIS = process.env.RUNNEL_TEST_REDIS ?? 'redis://127.0.0.1:6379';

export interface Cluster {
  /** The nodes; the test app's services are the first's. */
  nodes: App[];
  /** The balancer's base URL. */
  url: string;
  /** The first node's bus: it sees every node's events. */
  events: EventBus;
  /** Each node's bus, in the order of `nodes`. */
  buses: EventBus[];
  /** The first node's Fastify, whose `inject()` goes through the balancer. */
  http: FastifyInstance;
  close(): Promise<void>;
}

/** The nodes share `deps.metrics`: the test's process is one process, as its default metrics already say. */
export async function startCluster(database: TestDatabase, deps: Omit<AppDeps, 'db' | 'dbKind' | 'events'>): Promise<Cluster> {
  if (database.kind !== 'postgres') throw new Error('RUNNEL_TEST_CLUSTER needs RUNNEL_TEST_DB=postgres://…: the nodes share a database server');
  const channel = `runnel:test:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
  const nodes: App[] = [];
  const buses: EventBus[] = [];
  const secondDatabase = openDatabase(database.url, deps.metrics.onQuery);
  const stopNodes = async () => {
    for (const node of nodes) {
      await node.library.stop();
      await node.http.close();
    }
    for (const bus of buses) await bus.close();
    await secondDatabase.close();
  };
  try {
    // One after the other, as nodes of a cluster start: the first makes the data folder's keys.
    for (const db of [database.db, secondDatabase.db]) {
      const events = await createRedisBus(REDIS, () => {}, channel);
      buses.push(events);
      const jobs = await createPgBossJobs({ connectionString: database.url, working: true, onError: () => {} });
      nodes.push(await buildApp({ ...deps, db, dbKind: 'postgres', events, jobs }));
    }
    const ports: number[] = [];
    for (const node of nodes) {
      await node.http.listen({ port: 0, host: '127.0.0.1' });
      const address = node.http.server.address();
      ports.push(typeof address === 'object' && address ? address.port : 0);
    }
    const balancer = await startBalancer(ports);
    const inject = remoteInject(balancer.url);
    const first = nodes[0]!.http;
    const http = new Proxy(first, {
      get(target, key) {
        if (key === 'inject') return inject;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return {
      nodes,
      url: balancer.url,
      events: buses[0]!,
      buses,
      http,
      async close() {
        await balancer.stop();
        await stopNodes();
      },
    };
  } catch (error) {
    await stopNodes();
    throw error;
  }
}
