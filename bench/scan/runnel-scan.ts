// Child process of run.ts: Runnel's cold scan and unchanged rescan of one library into a
// fresh SQLite database, alone in its process so its peak memory (VmHWM) is its own.
// Prints one JSON line.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCatalog } from '../../packages/server/src/catalog/service.ts';
import { migrate, openDatabase } from '../../packages/server/src/db/database.ts';
import { createInProcessBus } from '../../packages/server/src/events/bus.ts';
import { createLibrary } from '../../packages/server/src/library/service.ts';
import { createLocalJobs } from '../../packages/server/src/jobs/local.ts';
import { systemClock } from '../../packages/server/src/time.ts';

const library = process.argv[2]!;
const dataDir = await mkdtemp(join(tmpdir(), 'runnel-bench-scan-'));
const database = openDatabase(`sqlite:${join(dataDir, 'runnel.db')}`);
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
try {
  await migrate(database.db);
  const events = createInProcessBus();
  const catalog = createCatalog({ db: database.db, events, dataDir, now: systemClock.now });
  const lib = createLibrary({ db: database.db, events, catalog, dataDir, now: systemClock.now, jobs: createLocalJobs() });
  await lib.addFolder(library);
  const start = performance.now();
  const cpu = process.cpuUsage();
  const cold = await lib.scan('quick');
  const coldMs = performance.now() - start;
  const cpuS = cpuSeconds(cpu);
  const rescanStart = performance.now();
  const rescan = await lib.scan('quick');
  const rescanMs = performance.now() - rescanStart;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  process.stdout.write(`${JSON.stringify({ cold, coldMs, cpuS, rescan, rescanMs, peakMb: Number(hwm) / 1024 })}\n`);
} finally {
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
}
