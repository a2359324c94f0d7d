/**
 * bench/stream: Runnel's streaming against baselines measured in the same run.
 *   1. 200 concurrent range downloads of originals: Runnel vs nginx (Debian, sendfile on),
 *      load from wrk with random 512 KiB ranges over four 7 MB files.
 *   2. Listeners held: N simultaneous 320 kbps listeners arriving at 200/s, each reading at
 *      real time with 10 s read-ahead (as a player does); held when none falls behind real
 *      time (2 s start-up allowed) for the whole hold. N steps up until one fails; the same
 *      clients against nginx first as the baseline. Server RSS sampled.
 *   3. Time to first byte p50/p99: original (vs nginx), cached transcode (vs nginx serving
 *      the cached file), uncached transcodes (warm: the next track in the same format and
 *      bitrate; cold: a bitrate not seen before, vs ffmpeg started directly).
 * BENCH_STREAMING='{"transcodeSpares":0}' passes streaming options to the server (to compare).
 * Usage: node bench/stream/run.ts [--hold 60] [--listeners 2000,3000,4000] [--arrivals 200] [--seconds 10] [--parts 1,2,3]
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ffmpegArgs } from '../../packages/server/src/streaming/transcoder.ts';
import { TARGETS } from '../../packages/server/src/streaming/formats.ts';
import { generateAudio } from '../../packages/server/src/streaming/testing.ts';
import { requireTool } from '../../packages/server/src/tools/tools.ts';
import { cpuMs, fmt, nginxPids, pct, rss, series, sleep, ttfb } from './measure.ts';
import { benchWork, nginxMaster, startNginx, startRunnel } from './servers.ts';

const { values } = parseArgs({
  options: {
    hold: { type: 'string', default: '60' },
    listeners: { type: 'string', default: '2000,3000,4000' },
    seconds: { type: 'string', default: '10' },
    parts: { type: 'string', default: '1,2,3' },
    arrivals: { type: 'string', default: '200' },
  },
});
const PARTS = new Set(values.parts.split(','));
const HOLD_S = Number(values.hold);
const STEPS = values.listeners.split(',').map(Number);
const LOAD_S = Number(values.seconds);
const RATE = 320_000 / 8; // bytes per second of a 320 kbps stream
const AHEAD_S = 10;
const GRACE_S = 2;
const ARRIVALS_PER_S = Number(values.arrivals);

const here = new URL('.', import.meta.url).pathname;
const media = join(here, '.cache', 'media');
const w = benchWork('stream');

// ---------- media (generated once into a git-ignored cache) ----------
mkdirSync(media, { recursive: true });
const originals = ['a', 'b', 'c', 'd'];
for (const [i, name] of originals.entries()) {
  const path = join(media, `${name}.mp3`);
  if (!existsSync(path))
    await generateAudio(path, 'tone', 180, ['-af', `asetrate=44100*${1 + i / 10},aresample=44100`, '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '320k']);
}
if (!existsSync(join(media, 'lossless.flac'))) await generateAudio(join(media, 'lossless.flac'), 'noise', 30, ['-c:a', 'flac']);
// Forty more tracks (links to the same bytes: other tracks to the server, never cached yet).
const UNCACHED = 40;
for (let k = 0; k < UNCACHED; k++) {
  const path = join(media, `lossless-${k}.flac`);
  if (!existsSync(path)) linkSync(join(media, 'lossless.flac'), path);
}
const sizes = Object.fromEntries(originals.map((n) => [n, statSync(join(media, `${n}.mp3`)).size]));

const runnel = await startRunnel<{ port: number; token: string }>(w, media, false);
// The load generator's own event-loop delay: if it stalls, listeners look late for its sake.
const clientLoop = monitorEventLoopDelay({ resolution: 10 });
const nginxPort = 20000 + Math.floor(Math.random() * 20000);
startNginx(w, {
  port: nginxPort,
  connections: 16384,
  // a paused listener may not read for over a minute: not an error here
  http: 'sendfile on; tcp_nopush on; keepalive_requests 1000000; send_timeout 600s;',
  locations: `location /media/ { alias ${media}/; }\n    location /cache/ { alias ${w.dataDir}/transcodes/; }`,
});
await sleep(500);
const R = `http://127.0.0.1:${runnel.port}`;
const N = `http://127.0.0.1:${nginxPort}`;

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${runnel.token}` } });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
const signed = async (track: string, query = '') => (await json<{ url: string }>(`${R}/api/v1/tracks/${track}/stream-url${query}`)).url;

// ---------- 1. range throughput ----------
function wrk(paths: string[], seconds: number): { mbps: number; rps: number } {
  const script = join(w.work, `ranges-${Math.random().toString(36).slice(2)}.lua`);
  const list = paths.map((p, i) => `{ path = "${p}", size = ${sizes[originals[i]!]} }`).join(',\n');
  writeFileSync(
    script,
    `local files = {\n${list}\n}
local RANGE = 512 * 1024
math.randomseed(os.time())
request = function()
  local f = files[math.random(#files)]
  local s = math.random(0, f.size - RANGE)
  return wrk.format("GET", f.path, { Range = "bytes=" .. s .. "-" .. (s + RANGE - 1) })
end
`,
  );
  const host = paths[0]!.startsWith('/media/') ? N : R;
  const out = execFileSync('wrk', ['-t2', '-c200', `-d${seconds}s`, '-s', script, host]).toString();
  if (/Non-2xx/.test(out)) throw new Error(`non-2xx answers:\n${out}`);
  const transfer = /Transfer\/sec:\s+([\d.]+)(\w+)/.exec(out)!;
  const unit = { B: 1 / 1024 ** 2, KB: 1 / 1024, MB: 1, GB: 1024 }[transfer[2]!] ?? 1;
  return { mbps: Number(transfer[1]) * unit, rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]) };
}

const runnelPaths = await Promise.all(originals.map((n) => signed(n)));
const nginxPaths = originals.map((n) => `/media/${n}.mp3`);
/** wrk against one server, with the server's CPU time per request (a measure the machine's other load moves less). */
function measured(paths: string[], pids: number[]) {
  const before = cpuMs(pids);
  const result = wrk(paths, LOAD_S);
  const cpuUsPerRequest = ((cpuMs(pids) - before) * 1000) / (result.rps * LOAD_S);
  return { ...result, cpuUsPerRequest };
}

if (PARTS.has('1')) {
  wrk(runnelPaths, 2);
  wrk(nginxPaths, 2);
  const ours = measured(runnelPaths, [runnel.pid]);
  const theirs = measured(nginxPaths, nginxPids(nginxMaster(w)));
  console.log(`\n1. 200 concurrent 512 KiB range downloads, ${LOAD_S} s each (wrk -t2 -c200)`);
  console.log(
    `   Runnel ${fmt(ours.mbps)} MiB/s (${fmt(ours.rps, 0)} req/s)  nginx ${fmt(theirs.mbps)} MiB/s (${fmt(theirs.rps, 0)} req/s)  ratio ${fmt(ours.mbps / theirs.mbps, 2)} (aim ≥ 0.7)`,
  );
  console.log(
    `   server CPU per request: Runnel ${fmt(ours.cpuUsPerRequest, 0)} µs, nginx ${fmt(theirs.cpuUsPerRequest, 0)} µs  (nginx/Runnel ${fmt(theirs.cpuUsPerRequest / ours.cpuUsPerRequest, 2)})`,
  );
}

// ---------- 3. time to first byte ----------
if (PARTS.has('3')) {
  const range = { range: 'bytes=0-65535' };
  const originalUrl = `${R}${runnelPaths[0]}`;
  await series(50, () => ttfb(originalUrl, range));
  await series(50, () => ttfb(`${N}/media/a.mp3`, range));
  const tOriginal = await series(500, () => ttfb(originalUrl, range));
  const tOriginalNginx = await series(500, () => ttfb(`${N}/media/a.mp3`, range));

  // cached transcode: make one, wait until it is served from the cache
  const cachedUrl = `${R}${await signed('lossless', '?format=opus&bitrate=96')}`;
  for (let i = 0; i < 100; i++) {
    const response = await fetch(cachedUrl);
    await response.arrayBuffer();
    if (response.headers.get('accept-ranges') === 'bytes') break;
    await sleep(50);
  }
  const cachedFile = readdirSync(join(w.dataDir, 'transcodes')).find((f) => f.endsWith('.opus'))!;
  const tCached = await series(500, () => ttfb(cachedUrl, range));
  const tCachedNginx = await series(500, () => ttfb(`${N}/cache/${cachedFile}`, range));

  // Uncached transcodes, one every 300 ms (a listener clicking through tracks), each on a new
  // connection that hangs up after the first bytes. Warm: the next track in the format and
  // bitrate a player keeps asking for (a spare ffmpeg is waiting); cold: a bitrate not asked
  // for before (a new ffmpeg starts).
  const warmUrls: string[] = [];
  const coldUrls: string[] = [];
  for (let k = 0; k < UNCACHED; k++) {
    warmUrls.push(`${R}${await signed(`lossless-${k}`, '?format=opus&bitrate=160')}`);
    coldUrls.push(`${R}${await signed('lossless', `?format=opus&bitrate=${100 + k}`)}`);
  }
  const paced = (urls: string[]) =>
    series(urls.length, async (i) => {
      await sleep(300);
      return ttfb(urls[i]!, {}, false, true);
    });
  await ttfb(`${R}${await signed('lossless', '?format=opus&bitrate=160')}`, {}, false, true); // the player's first track: cold
  const tWarm = await paced(warmUrls);
  const tCold = await paced(coldUrls);
  const direct = (kbps: number) =>
    new Promise<number>((resolve) => {
      const start = process.hrtime.bigint();
      const child = spawn(
        requireTool('ffmpeg'),
        ffmpegArgs({ key: '', input: join(media, 'lossless.flac'), target: TARGETS.opus, bitrate: kbps, offset: 0, cacheable: false }),
        { stdio: ['ignore', 'pipe', 'ignore'] },
      );
      child.stdout.once('data', () => {
        resolve(Number(process.hrtime.bigint() - start) / 1e6);
        child.kill('SIGKILL');
      });
    });
  const tDirect = await series(UNCACHED, async (i) => {
    await sleep(300);
    return direct(100 + i);
  });
  console.log('\n3. Time to first byte (ms, sequential requests)');
  console.log(
    `   original          p50 ${fmt(tOriginal.p50, 2)}  p99 ${fmt(tOriginal.p99, 2)}   nginx p50 ${fmt(tOriginalNginx.p50, 2)} p99 ${fmt(tOriginalNginx.p99, 2)}   (aim p50 ≤ 2)`,
  );
  console.log(
    `   cached transcode  p50 ${fmt(tCached.p50, 2)}  p99 ${fmt(tCached.p99, 2)}   nginx p50 ${fmt(tCachedNginx.p50, 2)} p99 ${fmt(tCachedNginx.p99, 2)}`,
  );
  console.log(`   uncached, warm    p50 ${fmt(tWarm.p50)}  p99 ${fmt(tWarm.p99)}   (next track, same format and bitrate)`);
  console.log(
    `   uncached, cold    p50 ${fmt(tCold.p50)}  p99 ${fmt(tCold.p99)}   ffmpeg alone p50 ${fmt(tDirect.p50)} p99 ${fmt(tDirect.p99)}   (aim p50 ≤ 150)`,
  );
}

// ---------- 2. listeners held ----------
interface Held {
  ok: boolean;
  failed: number;
  worstBufferS: number;
  rssStart: number;
  rssPeak: number;
  errors: string[];
}
async function listeners(n: number, holdS: number, server: 'runnel' | 'nginx' = 'runnel'): Promise<Held> {
  const urls = server === 'runnel' ? (await Promise.all(originals.map((t) => signed(t)))).map((u) => `${R}${u}`) : originals.map((t) => `${N}/media/${t}.mp3`);
  const pid = server === 'runnel' ? runnel.pid : nginxMaster(w);
  const rssStart = rss(pid);
  let rssPeak = rssStart;
  const state: Array<{ start: number; first: number; bytes: number; response?: IncomingMessage; paused: boolean; failed: boolean; done: boolean }> = [];
  const errors: string[] = [];
  const rampMs = (n / ARRIVALS_PER_S) * 1000;
  let worstBufferS = Infinity;
  const fail = (i: number, why: string) => {
    if (state[i]!.failed || state[i]!.done) return;
    state[i]!.failed = true;
    if (errors.length < 5) errors.push(why);
  };
  for (let i = 0; i < n; i++) {
    state.push({ start: 0, first: 0, bytes: 0, paused: false, failed: false, done: false });
    setTimeout(
      () => {
        const s = state[i]!;
        s.start = performance.now();
        const request = get(urls[i % urls.length]!, { agent: false }, (response) => {
          if (response.statusCode !== 200) return fail(i, `status ${response.statusCode}`);
          s.response = response;
          response.on('data', (chunk: Buffer) => {
            if (!s.bytes) s.first = performance.now() - s.start;
            s.bytes += chunk.length;
            if (!s.paused && s.bytes >= RATE * ((performance.now() - s.start) / 1000 + AHEAD_S)) {
              s.paused = true;
              response.pause();
            }
          });
          response.on('end', () => fail(i, 'stream ended early'));
        });
        request.on('error', (e) => fail(i, e.message));
      },
      (i * rampMs) / n,
    );
  }
  const tick = setInterval(() => {
    const now = performance.now();
    for (const s of state) {
      if (!s.start || s.failed || s.done) continue;
      const elapsed = (now - s.start) / 1000;
      if (elapsed >= holdS) {
        s.done = true;
        s.response?.destroy();
        continue;
      }
      if (s.paused && s.bytes < RATE * (elapsed + AHEAD_S)) {
        s.paused = false;
        s.response?.resume();
      }
      if (elapsed > GRACE_S) {
        const bufferS = s.bytes / RATE - (elapsed - GRACE_S);
        worstBufferS = Math.min(worstBufferS, bufferS);
        if (bufferS < 0) fail(state.indexOf(s), `fell behind real time at ${elapsed.toFixed(1)} s`);
      }
    }
  }, 100);
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rss(pid))), 500);
  clientLoop.reset();
  clientLoop.enable();
  while (state.some((s) => !s.done && !s.failed)) await sleep(200);
  clearInterval(tick);
  clearInterval(sampler);
  for (const s of state) s.response?.destroy();
  const failed = state.filter((s) => s.failed).length;
  clientLoop.disable();
  const firsts = state.filter((s) => s.first > 0).map((s) => s.first);
  errors.push(
    `first byte p50 ${fmt(pct(firsts, 50), 0)} ms p99 ${fmt(pct(firsts, 99), 0)} ms, ${n - firsts.length} never; client loop delay p99 ${fmt(clientLoop.percentile(99) / 1e6, 0)} ms max ${fmt(clientLoop.max / 1e6, 0)} ms`,
  );
  return { ok: failed === 0, failed, worstBufferS, rssStart, rssPeak, errors };
}

if (PARTS.has('2')) {
  console.log(`\n2. Listeners at 320 kbps held at real time for ${HOLD_S} s (10 s read-ahead, 2 s start-up, ${ARRIVALS_PER_S} arrivals/s)`);
  let best = 0;
  const rssRows: string[] = [];
  for (const n of STEPS) {
    const baseline = process.env.BENCH_NO_BASELINE ? { ok: true, failed: 0, errors: ['skipped'] } : await listeners(n, HOLD_S, 'nginx');
    console.log(
      `   ${String(n).padStart(5)} listeners on nginx: ${baseline.ok ? `held (${baseline.errors.at(-1)})` : `FAILED (${baseline.failed}: ${baseline.errors.join('; ')})`}`,
    );
    await sleep(2000);
    const result = await listeners(n, HOLD_S);
    console.log(
      `   ${String(n).padStart(5)} listeners: ${result.ok ? `held (${result.errors.at(-1)})` : `FAILED (${result.failed} fell behind: ${result.errors.join('; ')})`}, worst buffer ${fmt(result.worstBufferS)} s, server RSS ${fmt(result.rssStart, 0)} → peak ${fmt(result.rssPeak, 0)} MiB`,
    );
    rssRows.push(`${n}: +${fmt(result.rssPeak - result.rssStart, 0)} MiB (${fmt(((result.rssPeak - result.rssStart) * 1024) / n, 0)} KiB per listener)`);
    if (!result.ok) break;
    best = n;
    await sleep(3000);
  }
  console.log(`   most listeners held: ${best} (aim ≥ 2000); RSS growth during the test: ${rssRows.join(', ')}`);
}

process.exit(0);
