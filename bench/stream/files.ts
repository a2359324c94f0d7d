/**
 * bench/stream/files.ts: the per-request cost of sending originals, side by side with nginx
 * (sendfile) on the same files, and whole-file downloads on an idle server.
 *   ranges: random 64 KiB `bytes=a-b` ranges (wrk, 32 connections) over real-sized MP3,
 *           FLAC, Opus, M4A (AAC) and Ogg files;
 *   large:  random 1 MiB ranges over the same files (wrk, 32 connections): a download
 *           manager's or a caching app's chunks, the longest written at once;
 *   whole:  whole files, round robin over the same files (wrk, 8 connections);
 *   idle:   one whole-file download at a time of a 6.3 MB, 318 s Ogg: Subsonic `download`
 *           and the native stream route, timed to the last byte, vs nginx.
 * Runnel is the real app on SQLite with the folder scanned into its catalogue; every
 * request is authenticated (a bearer session token; Subsonic's `apiKey`). Each result is
 * printed with both servers' CPU time per request (/proc/<pid>/stat) and the load average.
 * Needs nginx and wrk on PATH (Debian packages); audio is generated once with ffmpeg into
 * bench/stream/.cache/real (git-ignored).
 * Usage: node bench/stream/files.ts [--modes ranges,large,whole,idle] [--seconds 10] [--rounds 1]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateAudio } from '../../packages/server/src/streaming/testing.ts';
import { cpuMs, nginxPids, sleep } from './measure.ts';
import { benchWork, nginxMaster, startNginx, startRunnel } from './servers.ts';

const { values } = parseArgs({
  options: {
    modes: { type: 'string', default: 'ranges,large,whole,idle' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '1' },
  },
});
const MODES = new Set(values.modes.split(','));
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);

function onPath(tool: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
  } catch {
    console.error(
      `bench/stream/files.ts needs ${tool} on PATH (Debian: apt-get install ${tool === 'nginx' ? 'nginx-light' : tool}); it measures Runnel only side by side with it.`,
    );
    process.exit(2);
  }
}
onPath('nginx');
onPath('wrk');

const here = new URL('.', import.meta.url).pathname;
const media = join(here, '.cache', 'real');
const w = benchWork('files');

// ---------- media: real-sized files of the common formats, from noise (dense, so every encoder reaches its bitrate) ----------
mkdirSync(media, { recursive: true });
const FILES: Array<[name: string, seconds: number, encode: string[]]> = [
  ['song.mp3', 240, ['-c:a', 'libmp3lame', '-b:a', '320k']], // ~9.6 MB
  ['song.flac', 120, ['-c:a', 'flac']], // ~29 MB (noise does not compress)
  ['song.opus', 240, ['-c:a', 'libopus', '-b:a', '160k']], // ~4.8 MB
  ['song.m4a', 240, ['-c:a', 'aac', '-b:a', '256k', '-movflags', '+faststart']], // ~7.7 MB: AAC in MP4, as iTunes and most shops sell
  ['long.ogg', 318, ['-c:a', 'libvorbis', '-b:a', '160k']], // ~6.3 MB: issue 15 §3's download
];
for (const [name, seconds, encode] of FILES) {
  const path = join(media, name);
  if (!existsSync(path)) await generateAudio(path, 'noise', seconds, encode);
}
const sizes = Object.fromEntries(FILES.map(([name]) => [name, statSync(join(media, name)).size]));

// ---------- the two servers ----------
interface Runnel {
  port: number;
  token: string;
  apiKey: string;
  ids: Record<string, string>;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const fmt = (n: number, digits = 0) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const runnel = await startRunnel<Runnel>(w, media, true);
const nginxPort = 20000 + Math.floor(Math.random() * 20000);
startNginx(w, {
  port: nginxPort,
  connections: 4096,
  // tcp_nopush (TCP_CORK) stays off, nginx's default: with it each 64 KiB range waited ~40 ms
  // for a delayed ACK (~800 req/s instead of thousands), which would flatter Runnel.
  http: 'sendfile on; keepalive_requests 1000000;',
  locations: `location /media/ { alias ${media}/; }`,
});
await sleep(500);
const R = `http://127.0.0.1:${runnel.port}`;
const N = `http://127.0.0.1:${nginxPort}`;
const names = FILES.map(([name]) => name);
const paths = {
  runnel: names.map((n) => `/api/v1/tracks/${runnel.ids[n]}/stream`),
  nginx: names.map((n) => `/media/${n}`),
};
const auth = { runnel: [`Authorization: Bearer ${runnel.token}`], nginx: [] as string[] };
const pids = { runnel: () => [runnel.pid], nginx: () => nginxPids(nginxMaster(w)) };

// ---------- wrk ----------
interface Figures {
  rps: number;
  mibps: number;
  cpuUs: number;
  load: string;
}
function wrk(server: 'runnel' | 'nginx', rangeBytes: number | undefined, connections: number, seconds: number): Figures {
  const script = join(w.work, `${server}-${rangeBytes ?? 'whole'}.lua`);
  const list = paths[server].map((p, i) => `{ path = "${p}", size = ${sizes[names[i]!]} }`).join(',\n');
  writeFileSync(
    script,
    `local files = {\n${list}\n}
local RANGE = ${rangeBytes ?? 0}
local n = 0
math.randomseed(os.time())
request = function()
  n = n + 1
  local f = files[(n % #files) + 1]
  if RANGE == 0 then return wrk.format("GET", f.path) end
  local s = math.random(0, f.size - RANGE)
  -- wrk.format uses the table given instead of wrk.headers (the -H ones): copy them in.
  local headers = { Range = "bytes=" .. s .. "-" .. (s + RANGE - 1) }
  for k, v in pairs(wrk.headers) do headers[k] = v end
  return wrk.format("GET", f.path, headers)
end
`,
  );
  const headers = auth[server].flatMap((h) => ['-H', h]);
  const before = cpuMs(pids[server]());
  const loadAtStart = load();
  const out = execFileSync('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, ...headers, '-s', script, server === 'runnel' ? R : N]).toString();
  const cpu = cpuMs(pids[server]()) - before;
  if (/Non-2xx/.test(out) || /Socket errors/.test(out)) throw new Error(`${server}: errors\n${out}`);
  const transfer = /Transfer\/sec:\s+([\d.]+)(\w+)/.exec(out)!;
  const unit = { B: 1 / 1024 ** 2, KB: 1 / 1024, MB: 1, GB: 1024 }[transfer[2]!] ?? 1;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]);
  return { rps, mibps: Number(transfer[1]) * unit, cpuUs: (cpu * 1000) / (rps * seconds), load: loadAtStart };
}

function sideBySide(title: string, rangeBytes: number | undefined, connections: number, aim?: number) {
  console.log(`\n${title} (wrk -t2 -c${connections}, ${SECONDS} s each, Runnel then nginx${ROUNDS > 1 ? `, ${ROUNDS} rounds` : ''})`);
  wrk('runnel', rangeBytes, connections, 2); // warm-up: block cache, JIT, page cache
  wrk('nginx', rangeBytes, connections, 2);
  for (let round = 0; round < ROUNDS; round++) {
    const ours = wrk('runnel', rangeBytes, connections, SECONDS);
    const theirs = wrk('nginx', rangeBytes, connections, SECONDS);
    console.log(`   Runnel ${fmt(ours.rps)} req/s ${fmt(ours.mibps)} MiB/s, CPU ${fmt(ours.cpuUs)} µs/request (load ${ours.load})`);
    console.log(`   nginx  ${fmt(theirs.rps)} req/s ${fmt(theirs.mibps)} MiB/s, CPU ${fmt(theirs.cpuUs)} µs/request (load ${theirs.load})`);
    console.log(
      `   ratio Runnel/nginx: requests/s ${(ours.rps / theirs.rps).toFixed(2)}${aim === undefined ? '' : ` (aim ≥ ${aim})`}, CPU per request ${(ours.cpuUs / theirs.cpuUs).toFixed(2)}×`,
    );
  }
}

if (MODES.has('ranges')) sideBySide('Random 64 KiB ranges over MP3, FLAC, Opus, M4A and Ogg originals', 64 * 1024, 32, 0.5);
if (MODES.has('large')) sideBySide('Random 1 MiB ranges over the same five', 1024 * 1024, 32);
if (MODES.has('whole')) sideBySide('Whole files, round robin over the same five', undefined, 8, 0.9);

// ---------- idle: one whole-file download at a time ----------
/** Milliseconds from sending the request to the last byte, on a new connection; checks the length. */
function download(url: string, headers: Record<string, string>, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    get(url, { agent: false, headers }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`${url}: ${response.statusCode}`));
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => (bytes === size ? resolve(performance.now() - start) : reject(new Error(`${url}: ${bytes} of ${size} bytes`))));
    }).on('error', reject);
  });
}

if (MODES.has('idle')) {
  const size = sizes['long.ogg']!;
  const id = runnel.ids['long.ogg']!;
  const subsonic = `${R}/rest/download?id=${id}&apiKey=${runnel.apiKey}&v=1.16.1&c=bench&f=json`;
  const stream = `${R}/api/v1/tracks/${id}/stream`;
  const bearer = { authorization: `Bearer ${runnel.token}` };
  const kinds: Array<[string, () => Promise<number>]> = [
    ['Subsonic download', () => download(subsonic, {}, size)],
    ['native stream', () => download(stream, bearer, size)],
    ['nginx (baseline)', () => download(`${N}/media/long.ogg`, {}, size)],
  ];
  const times = new Map<string, number[]>(kinds.map(([name]) => [name, []]));
  const first = new Map<string, number>();
  // Interleaved, one at a time with a pause between: the server is idle for each.
  for (let i = 0; i < 11; i++) {
    for (const [name, run] of kinds) {
      const ms = await run();
      if (i === 0) first.set(name, ms);
      else times.get(name)!.push(ms);
      await sleep(100);
    }
  }
  console.log(
    `\nWhole-file download of a ${(size / 1e6).toFixed(1)} MB, 318 s Ogg on an idle server, to the last byte (ms; new connection each, 10 after a first; load ${load()})`,
  );
  for (const [name, list] of times) {
    const sorted = [...list].sort((a, b) => a - b);
    console.log(
      `   ${name.padEnd(18)} p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)}  max ${sorted.at(-1)!.toFixed(1)}  first ${first.get(name)!.toFixed(1)}${name.startsWith('nginx') ? '' : '  (aim ≤ 100)'}`,
    );
  }
}

process.exit(0);
