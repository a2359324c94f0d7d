import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SimplifiedTrack } from '@runnel/api';
import { requireTool } from '../tools/tools.ts';
import { asUser, rest } from '../subsonic/testing.ts';
import { testApp, type TestApp } from '../testing/app.ts';

const ffmpeg = requireTool('ffmpeg');

/** ffmpeg's own ebur128 over these files played as one: the integrated loudness (LUFS) of its summary. */
function integratedLufs(paths: string[]): number {
  const inputs = paths.flatMap((p) => ['-i', p]);
  const parts = paths.map((_, i) => `[${i}:a]aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo[a${i}]`).join(';');
  const graph = `${parts};${paths.map((_, i) => `[a${i}]`).join('')}concat=n=${paths.length}:v=0:a=1,ebur128`;
  const { stderr } = spawnSync(ffmpeg, ['-hide_banner', '-nostats', ...inputs, '-filter_complex', graph, '-f', 'null', '-'], { encoding: 'utf8' });
  return Number(/I:\s*(-?[\d.]+) LUFS/.exec(stderr.slice(stderr.lastIndexOf('Summary:')))?.[1]);
}

describe('loudness', () => {
  let app: TestApp;
  let music: string;
  const files: Record<string, string> = {};
  const tracks = async () => {
    const [album] = (await app.catalog.listAlbums('name', 10, 0)).items.filter((a) => a.name === 'Even');
    return new Map((await app.catalog.albumTracks(album!.id, 50, 0)).items.map((t) => [t.name, t] as [string, SimplifiedTrack]));
  };

  before(async () => {
    app = await testApp({ loudness: true });
    music = mkdtempSync(join(tmpdir(), 'runnel-loudness-'));
    const album = join(music, 'Band', 'Even');
    mkdirSync(album, { recursive: true });
    const make = (name: string, n: number, source: string, extra: string[] = []) => {
      const path = join(album, `0${n} ${name}.flac`);
      execFileSync(ffmpeg, [
        '-hide_banner',
        '-loglevel',
        'error',
        '-f',
        'lavfi',
        '-i',
        source,
        '-metadata',
        `title=${name}`,
        '-metadata',
        'artist=Band',
        '-metadata',
        'album_artist=Band',
        '-metadata',
        'album=Even',
        '-metadata',
        `track=${n}`,
        ...extra,
        '-c:a',
        'flac',
        '-y',
        path,
      ]);
      files[name] = path;
    };
    // A loud track and a quiet one, 8 s each; a third carries ReplayGain in its tags.
    make('Loud', 1, 'anoisesrc=color=pink:amplitude=0.5:duration=8');
    make('Quiet', 2, 'sine=frequency=330:duration=8,volume=-20dB');
    make('Tagged', 3, 'sine=frequency=440:duration=8', ['-metadata', 'REPLAYGAIN_TRACK_GAIN=-3.21 dB', '-metadata', 'REPLAYGAIN_TRACK_PEAK=0.5']);
    await app.library.addFolder(music);
    await app.library.scan('full');
    await app.loudness.run();
  });
  after(async () => {
    await app.close();
    rmSync(music, { recursive: true, force: true });
  });

  test("a track without ReplayGain gets measured gain within 0.5 dB of ffmpeg's own ebur128 run", async (t) => {
    const found = await tracks();
    for (const name of ['Loud', 'Quiet']) {
      const expected = -18 - integratedLufs([files[name]!]);
      const gain = found.get(name)!.replay_gain;
      assert.ok(gain.track_gain !== null, `${name}: measured`);
      t.diagnostic(`${name}: track gain ${gain.track_gain} dB, ffmpeg's ebur128 gives ${expected.toFixed(2)} dB; peak ${gain.track_peak?.toFixed(3)}`);
      assert.ok(Math.abs(gain.track_gain! - expected) <= 0.5, `${name}: ${gain.track_gain} dB against ffmpeg's ${expected.toFixed(2)}`);
      assert.ok(gain.track_peak! > 0 && gain.track_peak! <= 1.5, `${name}: peak ${gain.track_peak}`);
    }
    assert.ok(found.get('Quiet')!.replay_gain.track_gain! - found.get('Loud')!.replay_gain.track_gain! > 10, 'the quiet track is raised more');
  });

  test('an album keeps its relative levels: one album gain for all its tracks, measured over them as one; tags win', async (t) => {
    const found = await tracks();
    const expected = -18 - integratedLufs([files.Loud!, files.Quiet!, files.Tagged!]);
    const albumGains = [...found.values()].map((t) => t.replay_gain.album_gain);
    assert.equal(new Set(albumGains).size, 1, `one album gain: ${albumGains}`);
    t.diagnostic(`album gain ${albumGains[0]} dB on all three tracks, ffmpeg's ebur128 over the album gives ${expected.toFixed(2)} dB`);
    assert.ok(Math.abs(albumGains[0]! - expected) <= 0.5, `album gain ${albumGains[0]} against ffmpeg's ${expected.toFixed(2)}`);
    assert.equal(found.get('Tagged')!.replay_gain.track_gain, -3.21, "the tag's value, not a measurement");
  });

  test('Subsonic apps get the measured gain as replayGain; a rescan of unchanged files keeps it, and nothing is measured twice', async () => {
    const username = `rg_${Math.random().toString(36).slice(2, 7)}`;
    const user = await app.makeUser({ username });
    const song = await rest(app, 'getSong', { ...asUser({ username, password: user.password }), id: (await tracks()).get('Quiet')!.id });
    const replayGain = (song.json.song as { replayGain?: { trackGain?: number; albumGain?: number } }).replayGain;
    assert.equal(replayGain?.trackGain, (await tracks()).get('Quiet')!.replay_gain.track_gain);
    assert.ok(replayGain?.albumGain !== undefined);
    const before = JSON.stringify([...(await tracks()).values()].map((t) => t.replay_gain));
    await app.library.scan('quick');
    await app.loudness.run();
    assert.equal(JSON.stringify([...(await tracks()).values()].map((t) => t.replay_gain)), before);
  });
});
