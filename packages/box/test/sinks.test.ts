import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { requireTool } from '../../server/src/tools/tools.ts';
import { memoryLog } from '../src/log.ts';
import { openSink, parseOutput } from '../src/sink.ts';
import { BYTES_PER_S, sleep, tempDir } from './fixture.ts';

/**
 * `--output alsa` on a machine with no sound card: ALSA's own file plugin stands in for one
 * (an `.asoundrc` in HOME makes `default` a file), so the bytes ffmpeg handed to ALSA can be read back.
 */
async function withAsoundrc<T>(config: (home: string) => string, run: (home: string) => Promise<T>): Promise<T> {
  const home = tempDir('runnel-box-alsa-');
  writeFileSync(join(home, '.asoundrc'), config(home));
  const before = process.env.HOME;
  process.env.HOME = home; // the sink's ffmpeg is spawned on its first write and reads HOME then
  try {
    return await run(home);
  } finally {
    process.env.HOME = before;
  }
}

/** Two seconds of PCM where every sample differs from its neighbours. */
const pcm = () => {
  const b = Buffer.alloc(2 * BYTES_PER_S);
  for (let i = 0; i < b.length; i += 2) b.writeInt16LE(((i / 2) * 37) % 30000, i);
  return b;
};

test('--output alsa: the PCM reaches ALSA’s default device byte for byte', async () => {
  const played = await withAsoundrc(
    (home) => `pcm.!default { type file; slave.pcm "null"; file "${home}/card.raw"; format "raw" }\n`,
    async (home) => {
      const log = memoryLog();
      const sink = openSink(parseOutput('alsa')!, requireTool('ffmpeg'), log);
      const sent = pcm();
      for (let at = 0; at < sent.length; at += 17_640) sink.write(sent.subarray(at, at + 17_640)); // 100 ms writes
      await sink.close();
      assert.deepEqual(log.lines, [], 'nothing went wrong');
      return { sent, got: readFileSync(join(home, 'card.raw')) };
    },
  );
  assert.equal(played.got.length, played.sent.length, 'every frame');
  assert.ok(played.got.equals(played.sent), 'the same bytes');
});

test('--output alsa with no usable device: the box says so and tries again two seconds later, not on every write, without throwing', async () => {
  await withAsoundrc(
    () => 'pcm.!default { type hw; card 97 }\n',
    async () => {
      const log = memoryLog();
      const sink = openSink(parseOutput('alsa')!, requireTool('ffmpeg'), log);
      const chunk = pcm().subarray(0, 17_640);
      const stops = () => log.lines.filter((l) => l.startsWith('the alsa output stopped'));
      const seen: number[] = [];
      for (const until = Date.now() + 10_000; seen.length < 2 && Date.now() < until; await sleep(50)) {
        sink.write(chunk); // the player writes every ~100 ms whatever happens
        if (stops().length > seen.length) seen.push(performance.now());
      }
      await sink.close();
      const stopped = stops();
      assert.equal(stopped.length, 2, log.lines.join('\n'));
      assert.ok(seen[1]! - seen[0]! >= 1900, `tried again ${Math.round(seen[1]! - seen[0]!)} ms after the first failure`);
      assert.match(stopped[0]!, /"code":[1-9]/);
    },
  );
});

test('--output null takes the PCM and keeps nothing; the names of outputs are checked', async () => {
  const sink = openSink(parseOutput('null')!, requireTool('ffmpeg'), memoryLog());
  sink.write(pcm());
  await sink.close();
  assert.deepEqual(parseOutput('file:/tmp/x.raw'), { kind: 'file', path: '/tmp/x.raw' });
  assert.deepEqual(parseOutput('pulse'), { kind: 'pulse' });
  for (const bad of ['', 'file:', 'oss', 'ALSA']) assert.equal(parseOutput(bad), null, bad);
});
