import { ConfigError, loadConfig } from '../config.ts';
import { createCatalog } from '../catalog/service.ts';
import { migrate, openDatabase } from '../db/database.ts';
import { createInProcessBus } from '../events/bus.ts';
import type { Phase } from './scanner.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { createLocalJobs } from '../jobs/local.ts';
import { withAdvisoryLock } from '../jobs/locks.ts';
import { createLibrary } from './service.ts';
import { systemClock } from '../time.ts';

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

/** One line of progress: a bar, counts, rate and ETA. */
export function progressLine(phase: Phase, done: number, total: number, elapsedS: number): string {
  const rate = done / Math.max(elapsedS, 0.001);
  if (phase === 'walk' || total === 0) return `${phase.padEnd(9)} ${done.toLocaleString('en')} files found`;
  const unit = phase === 'artwork' ? 'albums' : 'files';
  const fraction = Math.min(1, done / total);
  const bar = '#'.repeat(Math.round(fraction * 30)).padEnd(30, '-');
  const eta = rate > 0 ? clock((total - done) / rate) : '?';
  return `${phase.padEnd(9)} [${bar}] ${String(Math.round(fraction * 100)).padStart(3)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')}  ${Math.round(rate).toLocaleString('en')} ${unit}/s  ETA ${eta}`;
}

/** This command scans itself; on PostgreSQL, not while a server of the cluster scans (the same lock). */
function scanJobs(postgres: string | null): Jobs {
  const jobs = createLocalJobs();
  return postgres ? { ...jobs, exclusive: (name, work) => withAdvisoryLock(postgres, name, work) } : jobs;
}

/**
 * `runnel scan [--full] [--music DIR …]`: scans the music folders (configured and added
 * through the API) into the database, showing progress, and prints a summary.
 */
export async function scanCommand(argv: string[]): Promise<void> {
  const full = argv.includes('--full');
  const { config, rest } = loadConfig(argv.filter((a) => a !== '--full'));
  if (rest.length) throw new ConfigError(`unexpected argument "${rest[0]}"`);
  const database = openDatabase(config.db);
  const err = process.stderr;
  try {
    await migrate(database.db);
    const events = createInProcessBus();
    const catalog = createCatalog({ db: database.db, events, dataDir: config.dataDir, now: systemClock.now });
    const library = createLibrary({
      db: database.db,
      events,
      catalog,
      dataDir: config.dataDir,
      now: systemClock.now,
      jobs: scanJobs(database.kind === 'postgres' ? config.db : null),
      onError: (error) => err.write(`warning: ${(error as Error).message}\n`),
    });
    await library.syncConfigFolders(config.music);
    const folders = await library.folders();
    if (!folders.length) throw new ConfigError('no music folder: pass --music DIR (or add one in the web interface)');
    err.write(`Scanning ${folders.map((f) => f.path).join(', ')} (${full ? 'full' : 'quick'})\n`);
    // Durations, for the progress line: the monotonic timer.
    const started = performance.now();
    let phaseStarted = started;
    let lastPhase: Phase | null = null;
    let lastDraw = 0;
    const counts = await library.scan(full ? 'full' : 'quick', ({ phase, done, total }) => {
      const now = performance.now();
      if (phase !== lastPhase) {
        if (lastPhase && err.isTTY) err.write('\n');
        lastPhase = phase;
        phaseStarted = now;
      }
      if (now - lastDraw < (err.isTTY ? 100 : 2000) && done !== total) return;
      lastDraw = now;
      const line = progressLine(phase, done, total, (now - phaseStarted) / 1000);
      err.write(err.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
    });
    if (err.isTTY) err.write('\n');
    const seconds = (performance.now() - started) / 1000;
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(
      `Scanned ${counts.walked.toLocaleString('en')} files in ${seconds.toFixed(1)} s (${Math.round(counts.walked / Math.max(seconds, 0.001)).toLocaleString('en')} files/s).`,
    );
    out(
      `added ${counts.added}, updated ${counts.updated}, moved ${counts.moved}, removed ${counts.removed}, failed ${counts.failed} (unchanged ${counts.unchanged}, tags read ${counts.tags_read})`,
    );
    const status = await library.status();
    for (const issue of status.issues.slice(0, 20)) out(`  ${issue.severity === 'warning' ? 'warning' : 'skipped'}: ${issue.path}: ${issue.reason}`);
    if (status.issue_count > 20) out(`  … and ${status.issue_count - 20} more (GET /api/v1/library/scan)`);
  } finally {
    await database.close();
  }
}
