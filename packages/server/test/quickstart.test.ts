import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freshMachine, quickStartCommands, runToEnd } from './fresh-machine.ts';
import { spawnUntilUrl } from './process.ts';

const work = mkdtempSync(join(tmpdir(), 'runnel-quickstart-'));
after(() => rmSync(work, { recursive: true, force: true }));

/**
 * What the clone's `npm test` runs: one browser test that plays audio (the npm package's
 * Chromium), one Subsonic schema test (its xmllint). Transcoding with its ffmpeg is shown by
 * the Opus stream `npm start` serves above.
 */
const SUBSET = ['packages/web/test/top-lists.test.ts', 'packages/server/src/subsonic/apps.test.ts'];

// About 4 minutes (npm ci, the web build, the subset): on SQLite only, not again on PostgreSQL.
test("the README's two commands on a machine with only Node.js and npm", { skip: process.env.RUNNEL_TEST_DB ? 'runs on SQLite only' : false }, async (t) => {
  const commands = quickStartCommands();
  assert.deepEqual(commands, ['npm start', 'npm test'], 'the quick start is exactly two commands');
  const { checkout, env } = freshMachine(work);
  assert.ok(!existsSync(join(checkout, 'node_modules')));
  for (const tool of ['ffmpeg', 'ffprobe', 'xmllint', 'chromium', 'chromium-headless-shell'])
    assert.throws(() => execFileSync('sh', ['-c', `command -v ${tool}`], { env }), `${tool} is hidden`);

  const started = Date.now();
  const [start, ...startArgs] = commands[0]!.split(' ');
  const running = await spawnUntilUrl(start!, startArgs, { cwd: checkout, env: { ...env, RUNNEL_PORT: '0', RUNNEL_LOG_LEVEL: 'warn' }, timeoutMs: 240_000 });
  const ready = Date.now();
  try {
    const health = await fetch(new URL('/health', running.url));
    assert.equal(health.status, 200);
    const body = (await health.json()) as { status: string; checks: Record<string, { ok: boolean }>; tools: Record<string, { source: string } | null> };
    assert.equal(body.checks.database?.ok, true);
    assert.equal(body.status, 'ok', JSON.stringify(body));
    assert.equal(body.tools.ffmpeg?.source, 'npm', "the npm package's ffmpeg");
    assert.match(running.output(), /ffmpeg: npm /, 'the start-up output says which ffmpeg');
    assert.ok(existsSync(join(checkout, 'runnel-data', 'runnel.db')), 'the data folder is in the working directory');

    // The demo library, made with the npm package's ffmpeg, scanned within 60 s of ready.
    const until = ready + 60_000;
    while (!/Library ready: [1-9]/.test(running.output())) {
      assert.ok(Date.now() < until, `no library within 60 s:\n${running.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const scanned = Date.now();
    const api = (path: string, init: RequestInit = {}) => fetch(new URL(path, running.url), init);
    const setup = await api('/api/v1/auth/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'a long enough password' }),
    });
    assert.equal(setup.status, 200, await setup.clone().text());
    const auth = { authorization: `Bearer ${((await setup.json()) as { access_token: string }).access_token}` };
    const search = (await (await api('/api/v1/search?q=Zebra&type=track', { headers: auth })).json()) as { tracks?: { items: { id: string }[] } };
    const track = search.tracks?.items[0]?.id;
    assert.ok(track, 'the demo track Zebra is in the catalogue');
    const stream = await api(`/api/v1/tracks/${track}/stream?format=opus&bitrate=96`, { headers: auth });
    assert.equal(stream.status, 200);
    const opus = join(work, 'zebra.opus');
    writeFileSync(opus, Buffer.from(await stream.arrayBuffer()));
    const ffprobe = (createRequire(join(checkout, 'packages/server/package.json'))('@ffprobe-installer/ffprobe') as { path: string }).path;
    const probed = JSON.parse(
      execFileSync(ffprobe, ['-v', 'error', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', opus], { encoding: 'utf8' }),
    ) as { streams: { codec_name: string }[]; format: { duration: string } };
    assert.equal(probed.streams[0]?.codec_name, 'opus');
    assert.ok(Math.abs(Number(probed.format.duration) - 20) < 0.5, `the whole 20 s track, not ${probed.format.duration}`);
    t.diagnostic(
      `npm start: ready ${((ready - started) / 1000).toFixed(1)} s (npm ci and the web build included), demo library scanned ${((scanned - ready) / 1000).toFixed(1)} s later`,
    );
  } finally {
    await running.stop('SIGTERM');
  }

  const testing = Date.now();
  const [npm, ...testArgs] = commands[1]!.split(' ');
  const result = await runToEnd(npm!, testArgs, { cwd: checkout, env: { ...env, RUNNEL_TEST_FILES: SUBSET.join(' ') } });
  assert.equal(result.code, 0, result.output.slice(-20_000));
  assert.match(result.output, /pass [1-9]/);
  assert.match(result.output, /fail 0\b/);
  t.diagnostic(`npm test (${SUBSET.length} files): ${((Date.now() - testing) / 1000).toFixed(1)} s`);
});
