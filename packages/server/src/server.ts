import pino from 'pino';
import pretty from 'pino-pretty';
import { buildApp, type App } from './app.ts';
import type { Config } from './config.ts';
import { migrate, openDatabase, type OpenDatabase } from './db/database.ts';
import { createInProcessBus } from './events/bus.ts';
import { createRedisBus } from './events/redis-bus.ts';
import { createMetrics } from './http/metrics.ts';
import { works } from './cluster/roles.ts';
import { createPgBossJobs } from './jobs/pg-boss.ts';
import { ensurePrivateDir } from './private-files.ts';

export interface RunningServer {
  app: App;
  database: OpenDatabase;
  url: string;
  /** Settles when the first scan is done (after making the demo library, when there is no music). */
  libraryReady: Promise<void>;
  /** Stops taking requests, finishes those in flight, closes the database. */
  stop(): Promise<void>;
}

/** Opens the database, applies migrations, builds the app and listens. */
export async function startServer(config: Config): Promise<RunningServer> {
  ensurePrivateDir(config.dataDir);
  // A person at a terminal reads cli.ts's short summary, plus warnings and errors as readable
  // lines (info only when asked for below it: debug, trace); log collectors get JSON.
  const logger = process.stdout.isTTY
    ? pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pretty({ colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' }))
    : pino({ level: config.logLevel });
  const metrics = createMetrics();
  const database = openDatabase(config.db, metrics.onQuery);
  const applied = await migrate(database.db);
  if (applied.length) logger.info({ migrations: applied }, 'database migrated');
  const onListenerError = (error: unknown) => logger.error({ err: error }, 'event listener failed');
  const events = config.bus === 'memory' ? createInProcessBus(onListenerError) : await createRedisBus(config.bus, onListenerError);
  // On PostgreSQL the jobs live in the database the nodes share (pg-boss); on SQLite, in this process.
  const jobs =
    database.kind === 'postgres'
      ? await createPgBossJobs({
          connectionString: config.db,
          working: works(config.role),
          onError: (error, what) => logger.error({ err: error }, what),
          deferStart: true,
        })
      : undefined;
  const app = await buildApp({
    role: config.role,
    jobs,
    db: database.db,
    dbKind: database.kind,
    events,
    metrics,
    logger,
    sessionTtlS: config.sessionTtlS,
    dataDir: config.dataDir,
    trustProxy: config.trustProxy,
    metricsAccess: config.metrics,
    lrclibUrl: config.lrclib,
    loudness: config.loudness,
    ...(config.sharePlayback === 'preview' && { sharePreviewSeconds: 30 }),
    scrobbling: {
      listenbrainzUrl: config.listenbrainzUrl,
      ...(config.lastfmKey &&
        config.lastfmSecret && { lastfm: { key: config.lastfmKey, secret: config.lastfmSecret, apiUrl: config.lastfmUrl, authUrl: config.lastfmAuthUrl } }),
    },
  });
  await app.http.listen({ host: config.host, port: config.port });
  // pg-boss installs or checks its schema now, while the node already answers.
  jobs?.start();
  const address = app.http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  // Serve first; the first scan (and the demo library, with no music folder) happens in the background.
  const libraryReady = app.library.start({ music: config.music, demo: true });
  libraryReady.catch(() => {}); // reported by the caller, and logged by the library

  return {
    app,
    database,
    url: `http://${shownHost}:${port}/`,
    libraryReady,
    async stop() {
      await app.library.stop();
      await app.http.close();
      await events.close();
      await database.close();
    },
  };
}
