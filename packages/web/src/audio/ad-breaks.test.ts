import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AudioEngine } from './engine.ts';
import type { AdBreakPlan } from './engine-types.ts';
import { FakeAudio } from './fake-audio.testing.ts';
import type { QueueTrack } from './queue.ts';

const track = (id: string): QueueTrack => ({ id, title: id, artist: 'x', durationMs: 200_000 });
const flush = () => new Promise((r) => setImmediate(r));
const AD: AdBreakPlan = {
  id: 'b1',
  title: 'Ad',
  audioUrl: '/ads/1/audio',
  durationMs: 15_000,
  bannerUrl: null,
  bannerWidth: null,
  bannerHeight: null,
  clickUrl: 'https://x',
};

function setup(options: { due?: AdBreakPlan | null; skip?: string | null } = {}) {
  const audios: FakeAudio[] = [];
  const heard: string[] = [];
  let asked = 0;
  const engine = new AudioEngine({
    createAudio: () => {
      const a = new FakeAudio();
      audios.push(a);
      return a;
    },
    resolveUrl: async (t) => `/stream/${t.id}`,
    wait: async () => {},
    nextAdBreak: async () => {
      asked += 1;
      return options.due === undefined ? AD : options.due;
    },
    onAdPlayed: (ad) => heard.push(ad.id),
    beforeSkip: async () => options.skip ?? null,
  });
  const playing = () => audios.find((a) => !a.paused)!;
  const nearEnd = async () => {
    const a = playing();
    a.duration = 200;
    a.currentTime = 185;
    a.fire('timeupdate');
    await flush();
  };
  return { engine, audios, heard, playing, nearEnd, asked: () => asked };
}

test('a due break is asked for once with the prefetch, plays between the tracks, and the music follows', async () => {
  const { engine, audios, heard, playing, nearEnd, asked } = setup();
  await engine.playContext([track('a'), track('b')], 0);
  await nearEnd();
  await nearEnd();
  assert.equal(asked(), 1, 'once per track');
  const adAudio = audios.find((a) => a.src === AD.audioUrl);
  assert.ok(adAudio, 'the ad preloads in its own element');
  playing().fire('ended');
  await flush();
  assert.equal(playing(), adAudio);
  assert.equal(engine.getSnapshot().ad?.id, 'b1');
  assert.equal(engine.getSnapshot().current?.id, 'a', 'the queue waits for the ad');
  await engine.next();
  assert.match(engine.getSnapshot().error ?? '', /when the ad is over/);
  engine.seek(10);
  assert.equal(adAudio.currentTime, 0, 'no seeking in an ad');
  adAudio.fire('ended');
  await flush();
  assert.deepEqual(heard, ['b1']);
  assert.equal(engine.getSnapshot().ad, null);
  assert.equal(engine.getSnapshot().current?.id, 'b');
  assert.equal(playing().src, '/stream/b');
});

test('no break due: the next track follows directly; an upgrade drops a break that is playing', async () => {
  const none = setup({ due: null });
  await none.engine.playContext([track('a'), track('b')], 0);
  await none.nearEnd();
  none.playing().fire('ended');
  await flush();
  assert.equal(none.engine.getSnapshot().current?.id, 'b');

  const upgraded = setup();
  await upgraded.engine.playContext([track('a'), track('b')], 0);
  await upgraded.nearEnd();
  upgraded.playing().fire('ended');
  await flush();
  assert.ok(upgraded.engine.getSnapshot().ad);
  upgraded.engine.dropAds();
  await flush();
  assert.equal(upgraded.engine.getSnapshot().ad, null);
  assert.equal(upgraded.engine.getSnapshot().current?.id, 'b');
  assert.deepEqual(upgraded.heard, [], 'not heard to the end: not counted');
});

test('a refused skip keeps the track and says why; a skip with a break due plays the break first', async () => {
  const refused = setup({ skip: 'You have used your 6 skips for this hour.' });
  await refused.engine.playContext([track('a'), track('b')], 0);
  await refused.engine.next();
  assert.equal(refused.engine.getSnapshot().current?.id, 'a');
  assert.match(refused.engine.getSnapshot().error ?? '', /6 skips/);

  const due = setup();
  await due.engine.playContext([track('a'), track('b')], 0);
  await due.nearEnd();
  await due.engine.next();
  assert.equal(due.engine.getSnapshot().ad?.id, 'b1');
});
