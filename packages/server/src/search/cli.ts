import { ConfigError, loadConfig } from '../config.ts';
import { createAccounts } from '../accounts/service.ts';
import { migrate, openDatabase } from '../db/database.ts';
import { createInProcessBus } from '../events/bus.ts';
import { systemClock } from '../time.ts';
import type { DocumentSource } from './documents.ts';
import { createSearch } from './service.ts';
import { usersSource } from './sources.ts';

/**
 * `runnel search reindex`: rebuilds `search_documents` from every source (users here; the
 * catalogue and playlists once wired) and reports what it indexed. Running servers pick
 * the new rows up at their next start; `search.changed` events keep them current meanwhile.
 */
export async function searchCommand(argv: string[], extraSources: DocumentSource[] = []): Promise<void> {
  const [action, ...rest] = argv;
  if (action !== 'reindex') throw new ConfigError(`unknown search action "${action ?? ''}"; try: runnel search reindex`);
  const { config, rest: unknown } = loadConfig(rest);
  if (unknown.length) throw new ConfigError(`unexpected argument "${unknown[0]}"`);
  const database = openDatabase(config.db);
  try {
    await migrate(database.db);
    const events = createInProcessBus();
    const accounts = createAccounts({ db: database.db, events, sessionTtlS: config.sessionTtlS, now: systemClock.now });
    const search = createSearch({ db: database.db, events, sources: [usersSource(accounts), ...extraSources], now: systemClock.now });
    const started = performance.now();
    const counts = await search.reindex();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    for (const [kind, count] of Object.entries(counts)) process.stdout.write(`${kind.padEnd(9)} ${count}\n`);
    process.stdout.write(`Reindexed in ${seconds} s.\n`);
    search.close();
  } finally {
    await database.close();
  }
}
