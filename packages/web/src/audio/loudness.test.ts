import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loudnessGain, playsAlbumInOrder, type ReplayGain } from './loudness.ts';

const db = (gain: number) => 10 ** (gain / 20);
const near = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);
const both: ReplayGain = { trackGain: -7, trackPeak: 0.9, albumGain: -4, albumPeak: 0.95 };

test('auto: album gain when the album plays in order, track gain otherwise', () => {
  near(loudnessGain('auto', both, true), db(-4));
  near(loudnessGain('auto', both, false), db(-7));
});

test('track and album take theirs whatever plays, and fall back to the other when theirs is unknown', () => {
  near(loudnessGain('track', both, true), db(-7));
  near(loudnessGain('album', both, false), db(-4));
  const trackOnly: ReplayGain = { ...both, albumGain: null, albumPeak: null };
  const albumOnly: ReplayGain = { ...both, trackGain: null, trackPeak: null };
  near(loudnessGain('album', trackOnly, true), db(-7));
  near(loudnessGain('auto', trackOnly, true), db(-7));
  near(loudnessGain('track', albumOnly, false), db(-4));
  near(loudnessGain('auto', albumOnly, false), db(-4));
});

test('off, or no gain known (a local file, a search hit), plays as recorded', () => {
  assert.equal(loudnessGain('off', both, true), 1);
  assert.equal(loudnessGain('auto', undefined, true), 1);
  assert.equal(loudnessGain('track', { trackGain: null, trackPeak: 0.5, albumGain: null, albumPeak: null }, false), 1);
  assert.equal(loudnessGain('track', { trackGain: Number.NaN, trackPeak: 0.5, albumGain: null, albumPeak: null }, false), 1);
});

test('never clips: a boost stops where gain × peak reaches 1, with the peak of the gain chosen', () => {
  const quiet: ReplayGain = { trackGain: 9, trackPeak: 0.5, albumGain: 6, albumPeak: 0.8 };
  near(loudnessGain('track', quiet, false), 2); // +9 dB would be ×2.82; 2 × 0.5 = 1
  near(loudnessGain('album', quiet, true), 1.25); // +6 dB would be ×2.0; 1.25 × 0.8 = 1
  near(loudnessGain('track', { ...quiet, trackGain: 3 }, false), db(3)); // ×1.41 × 0.5 stays under 1
  // A peak over full scale (lossy encodes overshoot) is brought down to it even when the gain is less.
  near(loudnessGain('track', { trackGain: -0.5, trackPeak: 1.25, albumGain: null, albumPeak: null }, false), 0.8);
});

test('without a peak a gain may attenuate but not boost', () => {
  near(loudnessGain('track', { trackGain: 5, trackPeak: null, albumGain: null, albumPeak: null }, false), 1);
  near(loudnessGain('track', { trackGain: -5, trackPeak: null, albumGain: null, albumPeak: null }, false), db(-5));
  // The album gain chosen, only a track peak known: the album's is unknown, so no boost.
  near(loudnessGain('album', { trackGain: 2, trackPeak: 0.3, albumGain: 4, albumPeak: null }, true), 1);
});

test('an album plays in order when its own album is the context and shuffle is off', () => {
  const queue = { contextUri: 'runnel:album:A', shuffle: false };
  assert.equal(playsAlbumInOrder(queue, { albumId: 'A' }), true);
  assert.equal(playsAlbumInOrder({ ...queue, shuffle: true }, { albumId: 'A' }), false);
  assert.equal(playsAlbumInOrder(queue, { albumId: 'B' }), false, 'a track queued by hand from another album');
  assert.equal(playsAlbumInOrder({ ...queue, contextUri: 'runnel:playlist:A' }, { albumId: 'A' }), false);
  assert.equal(playsAlbumInOrder(queue, {}), false, 'a local file');
});
