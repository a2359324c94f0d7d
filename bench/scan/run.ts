// bench/scan: Runnel's scanner against two baselines on the same 20,000 files, then a
// million synthetic tracks through the reconcile path with API latencies at that size.
//
//   node_modules/.bin/node bench/scan/run.ts [--tracks 20000] [--synthetic 1000000]
//        [--dbs sqlite,postgres] [--no-mpd] [--no-files] [--mix real|mp3flac]
//
// --mix real (the default): equal parts MP3, FLAC, M4A (AAC, ALAC), Ogg Vorbis and Opus, as a
// real library; mp3flac: the old ~98% MP3/FLAC library. The mix used is printed.
//
// The library is generated once into bench/.work/scan/ (gitignored) and reused.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseFile } from 'music-metadata';
import type { ScanCounts } from '@runnel/api';
import { isAudio } from '../../packages/server/src/library/walk.ts';
import { NODE_FLAGS } from '../../packages/server/src/node-flags.ts';
import { freshDatabaseUrl } from '../../packages/server/src/testing/database.ts';
import { RUNNEL_BIN } from '../../packages/server/test/process.ts';
import { makeLibrary } from './library.ts';
import { reconcileSynthetic } from './synthetic.ts';

const { values } = parseArgs({
  options: {
    tracks: { type: 'string', default: '20000' },
    synthetic: { type: 'string', default: '1000000' },
    dbs: { type: 'string', default: 'sqlite,postgres' },
    'no-mpd': { type: 'boolean', default: false },
    'no-files': { type: 'boolean', default: false },
    mix: { type: 'string', default: 'real' },
  },
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '.work', 'scan');
const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function listAudio(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && isAudio(e.name)).map((e) => join(e.parentPath, e.name));
}

/** Baseline 1: a plain loop that parses every file with music-metadata, one after another. */
async function musicMetadataLoop(files: string[]): Promise<{ ms: number; cpuS: number }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (const file of files) await parseFile(file, { duration: false, skipCovers: false });
  return { ms: performance.now() - start, cpuS: cpuSeconds(cpu) };
}

/** User + system CPU seconds a process has used (Linux /proc). */
async function processCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

/** Sends one mpd protocol command on a fresh connection and returns the reply. */
async function mpdCommand(socket: string, command: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await mpdCommandOnce(socket, command);
    } catch (error) {
      if (attempt > 500) throw error; // the socket file appears a moment before mpd listens
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

function mpdCommandOnce(socket: string, command: string): Promise<string> {
  return new Promise((resolveReply, reject) => {
    const client = connect(socket);
    let data = '';
    let greeted = false;
    client.on('data', (chunk) => {
      data += chunk.toString();
      if (!greeted && data.includes('\n')) {
        greeted = true;
        data = '';
        client.write(`${command}\n`);
        return;
      }
      if (/(^|\n)(OK|ACK.*)\n$/.test(data)) {
        client.end();
        resolveReply(data);
      }
    });
    client.on('error', reject);
  });
}

/** Baseline 2: Debian's mpd scanning the same library (its own temp config; never system dirs). */
async function mpdBaseline(library: string): Promise<{ coldMs: number; rescanMs: number; songs: number; cpuS: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'runnel-bench-mpd-'));
  const socket = join(dir, 'socket');
  await writeFile(
    join(dir, 'mpd.conf'),
    [
      `music_directory "${library}"`,
      `db_file "${join(dir, 'db')}"`,
      `log_file "${join(dir, 'log')}"`,
      `state_file "${join(dir, 'state')}"`,
      `pid_file "${join(dir, 'pid')}"`,
      `bind_to_address "${socket}"`,
      'auto_update "no"',
      'audio_output {\n type "null"\n name "null"\n}',
    ].join('\n'),
  );
  const start = performance.now();
  const child = spawn('/usr/bin/mpd', ['--no-daemon', join(dir, 'mpd.conf')], { stdio: 'ignore' });
  try {
    while (!existsSync(socket)) await new Promise((r) => setTimeout(r, 5));
    const waitIdle = async () => {
      for (;;) {
        const status = await mpdCommand(socket, 'status');
        if (!status.includes('updating_db')) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    // mpd starts a full update by itself when it has no database; ask in case it did not.
    let stats = await mpdCommand(socket, 'stats');
    if (/songs: 0\n/.test(stats) && !(await mpdCommand(socket, 'status')).includes('updating_db')) await mpdCommand(socket, 'update');
    await waitIdle();
    const coldMs = performance.now() - start;
    const cpuS = await processCpuSeconds(child.pid!);
    stats = await mpdCommand(socket, 'stats');
    const songs = Number(/songs: (\d+)/.exec(stats)?.[1] ?? 0);
    const rescanStart = performance.now();
    await mpdCommand(socket, 'update');
    await waitIdle();
    return { coldMs, rescanMs: performance.now() - rescanStart, songs, cpuS };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runnel: a cold scan into a fresh SQLite database, then an unchanged rescan, in a child process (peak RSS = its VmHWM). */
async function runnelScan(library: string): Promise<{ cold: ScanCounts; coldMs: number; cpuS: number; rescan: ScanCounts; rescanMs: number; peakMb: number }> {
  // Started as bin/runnel.mjs starts the server: with its V8 flags.
  const child = spawn(process.execPath, [...NODE_FLAGS, join(dirname(fileURLToPath(import.meta.url)), 'runnel-scan.ts'), library], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`runnel-scan.ts exited with ${String(code)}`);
  return JSON.parse(out);
}

/**
 * The unchanged rescan as a user runs it: the whole `runnel scan` process (start, migrations
 * check, walk, exit), timed from spawn to exit; the median of `runs` after one cold scan.
 */
async function runnelCommandRescan(library: string, runs = 5): Promise<{ medianMs: number; allMs: number[] }> {
  const data = await mkdtemp(join(tmpdir(), 'runnel-bench-scan-cli-'));
  const once = async () => {
    const started = performance.now();
    const child = spawn(process.execPath, [RUNNEL_BIN, 'scan', '--data', data, '--music', library], { stdio: 'ignore' });
    const code = await new Promise((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`runnel scan exited with ${String(code)}`);
    return performance.now() - started;
  };
  try {
    await once(); // the cold scan (measured above in its own process)
    const allMs: number[] = [];
    for (let i = 0; i < runs; i++) allMs.push(await once());
    return { medianMs: [...allMs].sort((a, b) => a - b)[Math.floor(runs / 2)]!, allMs };
  } finally {
    await rm(data, { recursive: true, force: true });
  }
}

/** Reads every file once so that every contender starts from a warm page cache. */
async function warm(files: string[]) {
  for (const file of files) await readFile(file);
}

async function main() {
  const tracks = Number(values.tracks);
  await mkdir(root, { recursive: true });
  const results: string[] = [];
  if (!values['no-files']) {
    const mix = values.mix === 'mp3flac' ? 'mp3flac' : 'real';
    const library = join(root, `library-${tracks}-${mix}`);
    const made = await makeLibrary(library, { tracks, artists: Math.round(tracks * 0.035), albums: Math.round(tracks * 0.095), mix }, log);
    const files = await listAudio(library);
    const mixLine = Object.entries(made)
      .map(([kind, n]) => `${kind} ${n} (${Math.round((100 * n) / files.length)}%)`)
      .join(', ');
    log(`library: ${files.length} audio files in ${library}; mix (${mix}): ${mixLine}`);
    results.push(`mix ${mixLine}`);

    // Warm the page cache equally for everyone: the first reader would otherwise pay for the disk.
    await warm(files);
    const runnel = await runnelScan(library);
    log(
      `runnel cold scan: ${seconds(runnel.coldMs)} (${Math.round(files.length / (runnel.coldMs / 1000))} files/s, ${runnel.cpuS.toFixed(1)} CPU-s), peak RSS ${runnel.peakMb.toFixed(0)} MB; counts ${JSON.stringify(runnel.cold)}`,
    );
    log(`runnel unchanged rescan: ${seconds(runnel.rescanMs)}; tags read ${runnel.rescan.tags_read}, unchanged ${runnel.rescan.unchanged}`);
    const command = await runnelCommandRescan(library);
    log(`runnel scan (unchanged), whole process: median ${seconds(command.medianMs)} of ${command.allMs.map((ms) => seconds(ms)).join(', ')} (aim <= 0.5 s)`);
    const mm = await musicMetadataLoop(files);
    const mmMs = mm.ms;
    log(
      `music-metadata loop: ${seconds(mmMs)} (${Math.round(files.length / (mmMs / 1000))} files/s, ${mm.cpuS.toFixed(1)} CPU-s); runnel is ${(mmMs / runnel.coldMs).toFixed(2)}x its speed`,
    );
    results.push(
      `files ${files.length}`,
      `runnel cold ${seconds(runnel.coldMs)} (${Math.round(files.length / (runnel.coldMs / 1000))}/s)`,
      `runnel rescan ${seconds(runnel.rescanMs)}`,
      `runnel scan process (unchanged) ${seconds(command.medianMs)}`,
      `peak RSS ${runnel.peakMb.toFixed(0)} MB`,
      `mm loop ${seconds(mmMs)} (ratio ${(mmMs / runnel.coldMs).toFixed(2)}x)`,
    );
    if (!values['no-mpd']) {
      const mpd = await mpdBaseline(library);
      log(
        `mpd: cold ${seconds(mpd.coldMs)} (${Math.round(mpd.songs / (mpd.coldMs / 1000))} files/s, ${mpd.cpuS.toFixed(1)} CPU-s, ${mpd.songs} songs), unchanged rescan ${seconds(mpd.rescanMs)}; runnel is ${(mpd.coldMs / runnel.coldMs).toFixed(2)}x its speed`,
      );
      results.push(`mpd cold ${seconds(mpd.coldMs)} (runnel/mpd speed ${(mpd.coldMs / runnel.coldMs).toFixed(2)}x)`, `mpd rescan ${seconds(mpd.rescanMs)}`);
    }
  }
  const synthetic = Number(values.synthetic);
  if (synthetic > 0) {
    for (const kind of (values.dbs ?? '').split(',').filter(Boolean)) {
      if (kind === 'postgres') process.env.RUNNEL_TEST_DB ??= 'postgres://postgres@127.0.0.1:5432/postgres';
      else delete process.env.RUNNEL_TEST_DB;
      const { url, remove } = await freshDatabaseUrl();
      try {
        const r = await reconcileSynthetic(url, synthetic, log);
        log(
          `${kind}: ${synthetic} synthetic tracks reconciled in ${seconds(r.reconcileMs)} (${Math.round(synthetic / (r.reconcileMs / 1000))} tracks/s); ${r.albums} albums, ${r.artists} artists`,
        );
        log(
          `${kind}: GET /albums/{id} p50 ${r.album.p50.toFixed(1)} ms p99 ${r.album.p99.toFixed(1)} ms; A–Z /albums p50 ${r.albumsAz.p50.toFixed(1)} ms p99 ${r.albumsAz.p99.toFixed(1)} ms; A–Z /artists p50 ${r.artistsAz.p50.toFixed(1)} ms p99 ${r.artistsAz.p99.toFixed(1)} ms`,
        );
        results.push(
          `${kind} ${synthetic} reconcile ${seconds(r.reconcileMs)}, album p99 ${r.album.p99.toFixed(1)} ms, A–Z p99 ${r.albumsAz.p99.toFixed(1)} ms`,
        );
      } finally {
        await remove();
      }
    }
  }
  log(`\nsummary: ${results.join('; ')}`);
}

await main();
