import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, type DecideInput } from './decide.ts';
import type { TrackFile } from './files.ts';

const mp3: TrackFile = { path: '/m/a.mp3', size: 4_000_000, mtimeMs: 0, codec: 'mp3', suffix: 'mp3', bitrate: 128, durationMs: 250_000 };
const flac: TrackFile = { ...mp3, path: '/m/a.flac', codec: 'flac', suffix: 'flac', bitrate: 900 };
const wma: TrackFile = { ...mp3, path: '/m/a.wma', codec: 'wmav2', suffix: 'wma', bitrate: 192 };
const base = (file: TrackFile, request: DecideInput['request'] = {}, maxBitrate = 160): DecideInput => ({ file, request, maxBitrate, transcoding: true });
const summary = (input: DecideInput) => {
  const d = decide(input);
  return d.kind === 'original' ? 'original' : `${d.target.name}@${d.bitrate}${d.offset ? `+${d.offset}` : ''}`;
};

describe('decide', () => {
  test('the original when playable and within the allowed bitrate', () => {
    assert.equal(summary(base(mp3)), 'original');
    assert.equal(summary(base(mp3, { format: 'original' })), 'original');
    assert.equal(summary(base(mp3, { format: 'mp3' })), 'original', 'asking for the codec it already is');
    assert.equal(summary(base(flac, {}, 1411)), 'original', 'an admin may allow lossless');
  });
  test('a transcode when the bitrate is over the tier or the asked bitrate', () => {
    assert.equal(summary(base(flac)), 'mp3@160');
    assert.equal(summary(base(flac, {}, 320)), 'mp3@320');
    assert.equal(summary(base(mp3, { bitrate: 96 })), 'mp3@96');
    assert.equal(summary(base(flac, { bitrate: 500 }, 320)), 'mp3@320', 'never above the tier');
    assert.equal(summary(base(flac, { format: 'original' })), 'mp3@160', 'the tier limit holds even for originals');
  });
  test('a transcode the client can play', () => {
    assert.equal(summary(base(wma)), 'mp3@160', 'browsers do not play wma');
    assert.equal(summary(base(mp3, { codecs: ['opus', 'aac'] })), 'opus@128', 'its first playable format, not above the lossy original');
    assert.equal(summary(base(mp3, { format: 'vorbis', bitrate: 320 }, 320)), 'vorbis@128');
    assert.equal(summary(base(flac, { format: 'aac', bitrate: 256 }, 320)), 'aac@256');
  });
  test('an offset always transcodes, keeping the codec when it can', () => {
    assert.equal(summary(base(mp3, { offset: 30 })), 'mp3@128+30');
    assert.equal(summary(base(flac, { offset: 12.5 })), 'mp3@160+12.5');
  });
  test('without ffmpeg: originals play; an explicit transcode is refused', () => {
    const off = (input: DecideInput) => ({ ...input, transcoding: false });
    assert.equal(summary(off(base(flac))), 'original');
    assert.equal(summary(off(base(wma))), 'original');
    for (const request of [{ format: 'opus' as const }, { offset: 5 }, { bitrate: 96 }]) {
      assert.throws(() => decide(off(base(flac, request))), { code: 'transcoding_unavailable', status: 503 });
    }
  });
  test('an ffmpeg without an encoder: never picked; another format, or the original', () => {
    const noOpus = (input: DecideInput): DecideInput => ({ ...input, formats: new Set(['vorbis', 'mp3', 'aac'] as const) });
    assert.equal(summary(noOpus(base(flac, { format: 'opus' }))), 'mp3@160', 'over the tier: the default format');
    assert.equal(summary(noOpus(base(mp3, { format: 'opus' }))), 'original', 'the original fits: sent as it is');
    assert.match(decide(noOpus(base(mp3, { format: 'opus' }))).reason, /no libopus/);
    assert.equal(summary(noOpus(base(flac, { codecs: ['opus', 'vorbis'] }))), 'vorbis@160', 'the next codec the client plays');
    const onlyAac = (input: DecideInput): DecideInput => ({ ...input, formats: new Set(['aac'] as const) });
    assert.equal(summary(onlyAac(base(wma))), 'aac@160', 'no mp3 encoder: another default');
    const none = (input: DecideInput): DecideInput => ({ ...input, formats: new Set() });
    assert.equal(summary(none(base(flac))), 'original', 'no usable encoder: originals, as without ffmpeg');
  });
  test('an unknown bitrate is estimated from size and duration', () => {
    assert.equal(summary(base({ ...mp3, bitrate: null, size: 10_000_000, durationMs: 250_000 })), 'mp3@160', '320 kbps by size');
    assert.equal(summary(base({ ...mp3, bitrate: null, durationMs: null })), 'original', 'unknown: trusted');
  });
});
