import { mkdirSync } from 'node:fs';
import pino from 'pino';
import { buildApp, type App } from './app.ts';
import type { Config } from './config.ts';
import { migrate, openDatabase, type OpenDatabase } from './db/database.ts';
import { createInProcessBus } from './events/bus.ts';
import { createMetrics } from './http/metrics.ts';

export interface RunningServer {
  app: App;
  database: OpenDatabase;
  url: string;
  /** Stops taking requests, finishes those in flight, closes the database. */
  stop(): Promise<void>;
}

/** Opens the database, applies migrations, builds the app and listens. */
export async function startServer(config: Config): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true });
  const logger = pino({ level: config.logLevel });
  const metrics = createMetrics();
  const database = openDatabase(config.db, metrics.onQuery);
  const applied = await migrate(database.db);
  if (applied.length) logger.info({ migrations: applied }, 'database migrated');
  const events = createInProcessBus((error) => logger.error({ err: error }, 'event listener failed'));
  const app = await buildApp({ db: database.db, dbKind: database.kind, events, metrics, logger, sessionTtlS: config.sessionTtlS, dataDir: config.dataDir });
  await app.http.listen({ host: config.host, port: config.port });
  const address = app.http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const prune = setInterval(() => app.accounts.pruneSessions().catch(() => {}), 3600_000).unref();

  return {
    app,
    database,
    url: `http://${shownHost}:${port}/`,
    async stop() {
      clearInterval(prune);
      await app.http.close();
      await events.close();
      await database.close();
    },
  };
}
