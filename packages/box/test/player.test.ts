import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { before, test } from 'node:test';
import type { DeviceCommand } from '@runnel/api';
import { generateTone } from '../../server/src/library/generate.ts';
import { requireTool } from '../../server/src/tools/tools.ts';
import { memoryLog } from '../src/log.ts';
import { Output, scale } from '../src/output.ts';
import { Player } from '../src/player.ts';
import type { Sink } from '../src/sink.ts';
import { BYTES_PER_S, decode, sha256, sleep, tempDir } from './fixture.ts';

/** A sink that keeps what it was given, and when. */
function memorySink() {
  const writes: { at: number; bytes: number }[] = [];
  const parts: Buffer[] = [];
  const sink: Sink & { writes: typeof writes; pcm: () => Buffer; bytes: () => number } = {
    writes,
    write: (pcm) => void (writes.push({ at: performance.now(), bytes: pcm.length }), parts.push(Buffer.from(pcm))),
    close: async () => {},
    pcm: () => Buffer.concat(parts),
    bytes: () => writes.reduce((n, w) => n + w.bytes, 0),
  };
  return sink;
}

/** `seconds` of PCM where each sample says where it is (so any reordering shows). */
const ramp = (seconds: number) => {
  const b = Buffer.alloc(Math.round(seconds * BYTES_PER_S));
  for (let i = 0; i < b.length; i += 2) b.writeInt16LE((i / 2) % 30000, i);
  return b;
};

test('output: writes in real time about 150 ms ahead; position = frames written; pause stops the writes at once', async (ctx) => {
  const sink = memorySink();
  const output = new Output(sink);
  const pcm = ramp(3);
  output.load(Readable.from([pcm], { objectMode: false }), 0);
  const start = performance.now();
  output.play();
  await sleep(1000);
  const elapsed = performance.now() - start;
  const aheadMs = (sink.bytes() / BYTES_PER_S) * 1000 - elapsed;
  ctx.diagnostic(`after ${elapsed.toFixed(0)} ms: ${((sink.bytes() / BYTES_PER_S) * 1000).toFixed(0)} ms written (${aheadMs.toFixed(0)} ms ahead)`);
  assert.ok(aheadMs > 80 && aheadMs < 220, `ahead by ${aheadMs} ms`);
  assert.equal(output.positionMs, Math.round((sink.bytes() / BYTES_PER_S) * 1000));
  output.pause();
  const paused = sink.bytes();
  await sleep(300);
  assert.equal(sink.bytes(), paused, 'nothing is written while paused');
  const resumed = performance.now();
  output.play();
  await sleep(500);
  const grown = ((sink.bytes() - paused) / BYTES_PER_S) * 1000;
  assert.ok(grown > 450 && grown < 750, `${grown} ms written in the 500 ms after resuming`);
  assert.ok(
    sink.writes.filter((w) => w.at >= resumed).every((w) => w.bytes % 4 === 0),
    'whole frames only',
  );
  let ended = false;
  output.onEnd = () => (ended = true);
  while (!ended) await sleep(50);
  output.pause();
  assert.ok(sink.pcm().equals(pcm), 'every byte, once, in order');
});

test('output: a source that starves makes the clock wait instead of bursting after', async () => {
  const sink = memorySink();
  const output = new Output(sink);
  const slow = new Readable({ read() {} });
  output.load(slow, 0);
  output.play();
  await sleep(400); // nothing to write for 400 ms
  slow.push(ramp(2));
  await sleep(300);
  output.pause();
  const written = (sink.bytes() / BYTES_PER_S) * 1000;
  assert.ok(written > 250 && written < 500, `${written} ms written in the 300 ms after the data came (not 700 + ahead)`);
});

test('volume scales samples; 100 is the bytes as they are', () => {
  const pcm = Buffer.alloc(8);
  [1000, -1000, 32767, -32768].forEach((v, i) => pcm.writeInt16LE(v, i * 2));
  assert.equal(scale(pcm, 100), pcm);
  const half = scale(pcm, 50);
  assert.deepEqual(
    [0, 1, 2, 3].map((i) => half.readInt16LE(i * 2)),
    [500, -500, 16384, -16384],
  );
  assert.ok(scale(pcm, 0).every((b) => b === 0));
});

let tone: string;
let toneB: string;
before(async () => {
  const dir = tempDir('runnel-box-player-');
  tone = join(dir, 'a.flac');
  toneB = join(dir, 'b.mp3');
  await generateTone({ path: tone, format: 'flac', seconds: 3, frequency: 440, tags: {} });
  await generateTone({ path: toneB, format: 'mp3v24', seconds: 1, frequency: 660, tags: {} });
});

/** A player over a memory sink whose every uri is one of the generated files. */
function player() {
  const sink = memorySink();
  const output = new Output(sink);
  const log = memoryLog();
  const acks: (string | undefined)[] = [];
  const p = new Player({
    output,
    ffmpeg: requireTool('ffmpeg'),
    input: async (uri) => (uri.endsWith('missing') ? null : uri.endsWith('b') ? toneB : tone),
    changed: (ack) => acks.push(ack),
    log,
    random: () => 0,
  });
  let n = 0;
  const run = (c: Omit<DeviceCommand, 'id' | 'device_id'>) => p.command({ id: `c${++n}`, device_id: 'box-test-1', ...c });
  return { p, sink, output, log, acks, run };
}

test('seek restarts the decoder there: the PCM that follows is the track from that point', async () => {
  const { p, sink, run } = player();
  await run({ action: 'play', uris: ['runnel:track:a'], index: 0, position_ms: 0, play: true });
  await sleep(300);
  await run({ action: 'pause' });
  await run({ action: 'seek', position_ms: 1500 });
  assert.equal(p.state().progress_ms, 1500);
  const before = sink.bytes();
  await run({ action: 'resume' });
  // Real time from the decoder's restart: on a loaded machine ffmpeg takes a while to start.
  for (let waited = 0; sink.bytes() - before < BYTES_PER_S * 0.7 && waited < 5000; waited += 50) await sleep(50);
  await run({ action: 'pause' });
  const after = sink.pcm().subarray(before);
  const expected = (await decode(tone, 1.5)).subarray(0, after.length);
  assert.ok(after.length > BYTES_PER_S / 2);
  assert.equal(sha256(after), sha256(expected), 'the PCM after a seek is ffmpeg -ss of the original');
  assert.equal(p.state().progress_ms, 1500 + Math.round((after.length / BYTES_PER_S) * 1000));
  p.close();
});

test('volume, next, previous, add, remove, shuffle, repeat and clear change the state and are acked', async () => {
  const { p, sink, acks, run } = player();
  const uris = ['runnel:track:a', 'runnel:track:b', 'runnel:track:a2', 'runnel:track:b2'];
  await run({ action: 'play', uris, index: 1, position_ms: 0, play: false, context_uri: 'runnel:album:x' });
  assert.deepEqual(p.state(), {
    is_playing: false,
    progress_ms: 0,
    uris,
    index: 1,
    context_uri: 'runnel:album:x',
    shuffle: false,
    repeat: 'off',
    volume_percent: 100,
  });
  await run({ action: 'volume', volume_percent: 50 });
  await run({ action: 'resume' });
  await sleep(400);
  await run({ action: 'pause' });
  const played = sink.pcm();
  const full = await decode(toneB);
  assert.equal(sha256(played), sha256(scale(full.subarray(0, played.length), 50)), 'at 50 the samples are halved');
  await run({ action: 'next' });
  assert.equal(p.state().index, 2);
  await run({ action: 'previous' });
  await run({ action: 'previous' });
  assert.equal(p.state().index, 0);
  await run({ action: 'add', uris: ['runnel:track:b3'] });
  await run({ action: 'remove', index: 2 });
  assert.deepEqual(p.state().uris, ['runnel:track:a', 'runnel:track:b', 'runnel:track:b2', 'runnel:track:b3']);
  await run({ action: 'shuffle', state: true });
  assert.deepEqual(p.state().uris, ['runnel:track:a', 'runnel:track:b2', 'runnel:track:b3', 'runnel:track:b'], 'the rest shuffled, the current kept');
  await run({ action: 'shuffle', state: false });
  assert.deepEqual(p.state().uris, ['runnel:track:a', 'runnel:track:b', 'runnel:track:b2', 'runnel:track:b3']);
  await run({ action: 'repeat', repeat: 'context' });
  await run({ action: 'next' });
  await run({ action: 'next' });
  await run({ action: 'next' });
  await run({ action: 'next' });
  assert.equal(p.state().index, 0, 'repeat context wraps');
  await run({ action: 'repeat', repeat: 'off' });
  await run({ action: 'clear' });
  assert.deepEqual(p.state(), {
    is_playing: false,
    progress_ms: 0,
    uris: [],
    index: 0,
    context_uri: 'runnel:album:x',
    shuffle: false,
    repeat: 'off',
    volume_percent: 50,
  });
  assert.deepEqual(
    acks.filter((a) => a),
    Array.from({ length: 18 }, (_, i) => `c${i + 1}`),
  );
  p.close();
});

test('at the end of the list it stops (or repeats); a track with no audio is skipped; none at all stops', async () => {
  const { p, log, run } = player();
  const until = async (what: string, ok: () => boolean) => {
    for (const end = Date.now() + 5000; !ok(); await sleep(20)) assert.ok(Date.now() < end, `${what}: ${JSON.stringify(p.state())}\n${log.lines.join('\n')}`);
  };
  try {
    await run({ action: 'play', uris: ['runnel:track:missing', 'runnel:track:b'], index: 0, position_ms: 0, play: true });
    assert.equal(p.state().index, 1, 'the missing track was skipped');
    await until('stopped at the end, back at the start', () => !p.state().is_playing && p.state().index === 0);
    await run({ action: 'repeat', repeat: 'track' });
    await run({ action: 'resume' });
    assert.deepEqual([p.state().is_playing, p.state().index], [true, 1], 'resumed from the start (the missing track skipped again)');
    const ends = log.lines.length;
    await sleep(1600);
    assert.deepEqual([p.state().is_playing, p.state().index], [true, 1], 'repeat track plays it again');
    assert.equal(log.lines.length, ends);
    await run({ action: 'play', uris: ['runnel:track:missing', 'runnel:track:missing'], index: 0, position_ms: 0, play: true });
    assert.equal(p.state().is_playing, false);
    assert.ok(log.lines.some((l) => l.startsWith('no track of the list can be played now')));
  } finally {
    p.close();
  }
});
