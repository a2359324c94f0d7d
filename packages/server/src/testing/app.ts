import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Me } from '@runnel/api';
import { buildApp, type App, type AppDeps } from '../app.ts';
import { createInProcessBus, type EventBus } from '../events/bus.ts';
import { createMetrics, type Metrics } from '../http/metrics.ts';
import { testClock, type TestClock } from './clock.ts';
import { clusterMode, startCluster, type Cluster } from './cluster.ts';
import { testDatabase, type TestDatabase } from './database.ts';

export interface TestApp extends App {
  database: TestDatabase;
  events: EventBus;
  dataDir: string;
  /** The app's clock: runs with the machine's until a test sets or advances it. */
  clock: TestClock;
  /** In cluster mode (RUNNEL_TEST_CLUSTER=1): the nodes and the balancer in front of them; see cluster.ts. */
  cluster?: Cluster;
  /** Creates a user and signs them in; returns their bearer token and profile. */
  makeUser(options?: { role?: 'admin' | 'user'; product?: 'free' | 'premium'; username?: string; password?: string }): Promise<TestUser>;
  /** Stops the app and starts it again on the same database and data folder, as a restarted server (one node only). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface TestUser {
  token: string;
  me: Me;
  password: string;
  /** `{ authorization: 'Bearer …' }` for inject(). */
  auth: { authorization: string };
}

let counter = 0;

/** The real app on a fresh database, for `inject()` tests (no port). */
export async function testApp(
  options: {
    streaming?: AppDeps['streaming'];
    catalogLookup?: AppDeps['catalogLookup'];
    search?: AppDeps['search'];
    accounts?: AppDeps['accounts'];
    trustProxy?: AppDeps['trustProxy'];
    metricsAccess?: AppDeps['metricsAccess'];
    timeouts?: AppDeps['timeouts'];
    lrclibUrl?: AppDeps['lrclibUrl'];
    scrobbling?: AppDeps['scrobbling'];
    sharePreviewSeconds?: AppDeps['sharePreviewSeconds'];
    /** Loudness measured after each scan: off in tests unless asked (its ffmpeg runs would count among a test's). */
    loudness?: boolean;
    /** Metrics to install (a test can wrap them to watch every response); default fresh ones. */
    metrics?: Metrics;
    /** Fills the fresh database before the app starts on it (as a restarted server finds its data). */
    seed?: (database: TestDatabase) => Promise<void>;
  } = {},
): Promise<TestApp> {
  const metrics = options.metrics ?? createMetrics();
  const database = await testDatabase(metrics.onQuery);
  await options.seed?.(database);
  const dataDir = mkdtempSync(join(tmpdir(), 'runnel-test-data-'));
  const clock = testClock();
  const deps = {
    metrics,
    logger: false as const,
    sessionTtlS: 3600,
    dataDir,
    streaming: options.streaming,
    catalogLookup: options.catalogLookup,
    search: options.search,
    accounts: options.accounts,
    trustProxy: options.trustProxy,
    metricsAccess: options.metricsAccess,
    timeouts: options.timeouts,
    lrclibUrl: options.lrclibUrl,
    // No test reaches the Internet: ListenBrainz is a closed local port unless a test brings its stand-in.
    scrobbling: options.scrobbling ?? { listenbrainzUrl: 'http://127.0.0.1:9' },
    sharePreviewSeconds: options.sharePreviewSeconds,
    loudness: options.loudness ?? false,
    clock,
  };
  let cluster: Cluster | undefined;
  let app: App;
  let events: EventBus;
  if (clusterMode) {
    cluster = await startCluster(database, deps).catch(async (error: unknown) => {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    });
    app = { ...cluster.nodes[0]!, http: cluster.http };
    events = cluster.events;
  } else {
    events = createInProcessBus();
    // One node: jobs in the process, on either database (pg-boss is the cluster mode's, and
    // jobs/jobs.test.ts and test/cluster.test.ts test it).
    app = await buildApp({ ...deps, db: database.db, dbKind: database.kind, events });
  }
  const running: TestApp = {
    ...app,
    database,
    events,
    dataDir,
    clock,
    cluster,
    async makeUser(options = {}) {
      counter += 1;
      const username = options.username ?? `user${counter}_${Math.random().toString(36).slice(2, 7)}`;
      const password = options.password ?? `secret-${username}`;
      await app.accounts.createUser({ username, password, role: options.role ?? 'user', product: options.product ?? 'free' });
      const { access_token } = await app.accounts.login(username, password, '127.0.0.1', 'test');
      const principal = await app.accounts.authenticate(access_token);
      return { token: access_token, me: app.accounts.me(principal!.user), password, auth: { authorization: `Bearer ${access_token}` } };
    },
    async restart() {
      if (cluster) throw new Error('restart() restarts one node; a cluster test stops and starts its own nodes');
      await app.library.stop();
      await app.http.close();
      app = await buildApp({ ...deps, db: database.db, dbKind: database.kind, events });
      Object.assign(running, app);
    },
    async close() {
      if (cluster) await cluster.close();
      else {
        await app.library.stop();
        await app.http.close();
      }
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return running;
}

/**
 * Starts the app listening on a free loopback port; its base URL (`http://127.0.0.1:PORT`).
 * In cluster mode the nodes already listen: the balancer's URL.
 */
export async function listenLocally(app: Pick<App, 'http'> & { cluster?: Cluster }): Promise<string> {
  if (app.cluster) return app.cluster.url;
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const address = app.http.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}
