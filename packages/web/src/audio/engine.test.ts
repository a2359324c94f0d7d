import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AudioEngine } from './engine.ts';
import { FakeAudio } from './fake-audio.testing.ts';
import type { QueueTrack } from './queue.ts';

const track = (id: string, seconds = 200): QueueTrack => ({ id, title: id, artist: 'x', durationMs: seconds * 1000 });
const flush = () => new Promise((r) => setImmediate(r));

function setup() {
  const audios: FakeAudio[] = [];
  const played: string[] = [];
  const engine = new AudioEngine({
    createAudio: () => {
      const a = new FakeAudio();
      audios.push(a);
      return a;
    },
    resolveUrl: async (t) => `/stream/${t.id}`,
    onPlayed: (t) => played.push(t.id),
    wait: async () => {},
  });
  const playingAudio = () => audios.find((a) => !a.paused)!;
  const at = async (seconds: number, duration = 200) => {
    const a = playingAudio();
    a.duration = duration;
    a.currentTime = seconds;
    a.fire('timeupdate');
    await flush();
  };
  return { engine, audios, played, playingAudio, at };
}

test('the next track is requested 30 s before the end and starts on `ended` without reloading', async () => {
  const { engine, audios, playingAudio, at } = setup();
  await engine.playContext([track('a'), track('b')], 0);
  assert.equal(playingAudio().src, '/stream/a');
  await at(100);
  assert.equal(audios[1]!.src, '', 'not yet');
  await at(171);
  assert.equal(audios[1]!.src, '/stream/b', 'prefetched with 29 s left');
  assert.equal(engine.getSnapshot().nextPrefetched, true);
  const loadsBefore = audios[1]!.loads.length;
  audios[0]!.fire('ended');
  await flush();
  assert.equal(playingAudio(), audios[1], 'the preloaded element plays');
  assert.equal(audios[1]!.loads.length, loadsBefore, 'no second request');
  assert.equal(engine.getSnapshot().current?.id, 'b');
  assert.equal(audios[0]!.paused, true);
});

test('a play is reported after half the track or 4 minutes, whichever comes first, once (the scrobbling services’ rule)', async () => {
  const { engine, played, at } = setup();
  await engine.playContext([track('song'), track('short', 40), track('long', 600)], 0);
  await at(99);
  assert.deepEqual(played, []);
  await at(100);
  await at(135);
  assert.deepEqual(played, ['song']);
  await engine.next();
  await at(19, 40);
  assert.deepEqual(played, ['song']);
  await engine.next();
  await at(239, 600);
  assert.deepEqual(played, ['song']);
  await at(240, 600);
  assert.deepEqual(played, ['song', 'long']);
});

test("this tab's history lists the plays that counted, newest first; a skipped track is not one", async () => {
  const { engine, at } = setup();
  await engine.playContext([track('a'), track('skipped'), track('c', 40)], 0);
  await at(101);
  await engine.next();
  await at(5);
  await engine.next();
  await at(21, 40);
  await engine.previous(); // to the start of 'c',
  await engine.previous(); // back to 'skipped',
  await engine.previous(); // and to 'a', played again
  await at(101);
  assert.deepEqual(
    engine.getSnapshot().history.map((t) => t.id),
    ['a', 'c', 'a'],
  );
});

test('errors are retried from the same position, then the track is skipped', async () => {
  const { engine, audios, playingAudio } = setup();
  await engine.playContext([track('bad'), track('good')], 0);
  const first = playingAudio();
  first.currentTime = 12;
  first.fire('error');
  await flush();
  assert.equal(engine.getSnapshot().current?.id, 'bad', 'first error: retried');
  assert.equal(first.loads.filter((s) => s === '/stream/bad').length, 2);
  first.fire('error');
  await flush();
  first.fire('error');
  await flush();
  await flush();
  assert.equal(engine.getSnapshot().current?.id, 'good', 'after the retries: skipped');
  assert.match(engine.getSnapshot().error ?? '', /skipped/);
  assert.ok(audios.some((a) => a.src === '/stream/good' && !a.paused));
});

test('changing the queue drops a prefetch that is no longer next; volume and seek apply', async () => {
  const { engine, audios, at, playingAudio } = setup();
  await engine.playContext([track('a'), track('b')], 0);
  await at(175);
  assert.equal(audios[1]!.src, '/stream/b');
  engine.playNext([track('q')]);
  assert.equal(audios[1]!.src, '', 'stale prefetch dropped');
  await at(176);
  assert.equal(audios[1]!.src, '/stream/q');
  engine.setVolume(0.4);
  assert.ok(audios.every((a) => a.volume === 0.4));
  engine.seek(50);
  assert.equal(playingAudio().currentTime, 50);
  engine.pause();
  assert.equal(engine.getSnapshot().playing, false);
});

test('a track warmed by a first click starts in the element that already loaded it', async () => {
  const { engine, audios, playingAudio } = setup();
  await engine.playContext([track('a'), track('b'), track('c')], 0);
  engine.warm(track('c'));
  await flush();
  assert.equal(audios[1]!.src, '/stream/c');
  await engine.playContext([track('a'), track('b'), track('c')], 2);
  assert.equal(playingAudio(), audios[1], 'the warmed element plays');
  assert.deepEqual(audios[1]!.loads, ['/stream/c'], 'loaded once');
});

test('a warm-up never replaces the prefetched next track', async () => {
  const { engine, audios, at } = setup();
  await engine.playContext([track('a'), track('b')], 0);
  await at(171);
  assert.equal(audios[1]!.src, '/stream/b');
  engine.warm(track('x'));
  await flush();
  assert.equal(audios[1]!.src, '/stream/b');
});

test("each slot plays at its own track's gain when it starts: album gain in order, track gain shuffled, 1 when off", async () => {
  const { engine, audios, at, playingAudio } = setup();
  const gain = { trackGain: -6, trackPeak: 0.5, albumGain: -3, albumPeak: 0.9 };
  const album = ['a', 'b', 'c'].map((id, i) => ({ ...track(id), albumId: 'A', replayGain: { ...gain, trackGain: -6 + 2 * i } }));
  await engine.playContext(album, 0, 'runnel:album:A');
  engine.setVolume(0.5);
  assert.equal(playingAudio().volume.toFixed(4), (0.5 * 10 ** (-3 / 20)).toFixed(4), 'volume × album gain');
  await at(175);
  assert.equal(audios[1]!.volume.toFixed(4), (0.5 * 10 ** (-3 / 20)).toFixed(4), 'the prefetched next track: the same album gain');
  engine.setShuffle(true);
  await engine.next();
  const shuffled = engine.getSnapshot().current!;
  const own = 0.5 * 10 ** (shuffled.replayGain!.trackGain! / 20);
  assert.equal(playingAudio().volume.toFixed(4), Math.min(0.5, own).toFixed(4), 'shuffled: its track gain');
  engine.setNormalisation('off');
  assert.equal(playingAudio().volume, 0.5, 'off: at once, the volume alone');
  await engine.playContext([{ ...track('local'), localKey: 'k' }], 0);
  engine.setNormalisation('auto');
  assert.equal(playingAudio().volume, 0.5, 'a local file: no gain known');
});
