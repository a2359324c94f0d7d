import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ffmpegChildren } from '../streaming/testing.ts';
import { requireTool } from '../tools/tools.ts';
import { normaliseAdAudio } from './loudness.ts';

const run = promisify(execFile);
const ffmpegPath = requireTool('ffmpeg');

/** Sounds whose loudness is known: a quiet tone and loud noise, both far from -14 LUFS. */
const SOUNDS = {
  /** Mono 440 Hz at about -30 LUFS. */
  quiet: (s: number) => ['-f', 'lavfi', '-i', `aevalsrc=0.051*sin(2*PI*440*t):s=44100:d=${s}`],
  /** A tone that steps up every second: a loudness range of about 9 LU, as a produced ad with a quiet voice-over has. */
  stairs: (s: number) => ['-f', 'lavfi', '-i', `aevalsrc='0.08*(floor(t)+1)*sin(2*PI*440*t)':s=44100:d=${s}`],
  /** A quiet tone with a loud burst each second: one gain up to -14 LUFS would clip the bursts. */
  spiky: (s: number) => ['-f', 'lavfi', '-i', `aevalsrc='0.051*sin(2*PI*440*t)+0.9*sin(2*PI*440*t)*lt(mod(t,1),0.01)':s=44100:d=${s}`],
  /** Digital silence. */
  silent: (s: number) => ['-f', 'lavfi', '-i', `anullsrc=r=44100:cl=stereo`, '-t', String(s)],
  /** Stereo noise at about -8 LUFS, below 12 kHz so that MP3's low-pass leaves its loudness alone. */
  loud: (s: number) => ['-f', 'lavfi', '-i', `anoisesrc=color=white:amplitude=0.68:duration=${s}:sample_rate=44100:seed=1,lowpass=f=12000`, '-ac', '2'],
};

async function generate(path: string, sound: keyof typeof SOUNDS, seconds: number, encode: string[]): Promise<string> {
  await run(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...SOUNDS[sound](seconds), ...encode, path]);
  return path;
}

/** Integrated loudness (LUFS), loudness range (LU) and true peak (dBTP) by ebur128, measured here rather than trusted from the code under test. */
async function loudness(path: string): Promise<{ lufs: number; range: number; peak: number }> {
  const { stderr } = await run(ffmpegPath, [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-i',
    path,
    '-af',
    'ebur128=framelog=verbose:peak=true',
    '-f',
    'null',
    '-',
  ]);
  const figure = (pattern: RegExp) => Number(pattern.exec(stderr)![1]);
  return {
    lufs: figure(/Integrated loudness:\s*I:\s*(-?[\d.]+) LUFS/),
    range: figure(/LRA:\s*([\d.]+) LU\b/),
    peak: figure(/True peak:\s*Peak:\s*(-?[\d.]+) dBFS/),
  };
}

async function probe(path: string) {
  const args = [
    '-v',
    'error',
    '-select_streams',
    'a:0',
    '-show_entries',
    'stream=codec_name,sample_rate,channels:format=format_name,duration',
    '-of',
    'json',
    path,
  ];
  const { stdout } = await run(requireTool('ffprobe'), args);
  const info = JSON.parse(stdout) as {
    streams: Array<{ codec_name: string; sample_rate: string; channels: number }>;
    format: { format_name: string; duration: string };
  };
  const stream = info.streams[0]!;
  return {
    format: info.format.format_name,
    codec: stream.codec_name,
    sampleRate: Number(stream.sample_rate),
    channels: stream.channels,
    durationS: Number(info.format.duration),
  };
}

const invalid = { name: 'AppError', code: 'ad_audio_invalid', status: 400 };

describe('normaliseAdAudio', () => {
  let dir: string;
  const at = (name: string) => join(dir, name);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runnel-ads-'));
    const mp3 = ['-c:a', 'libmp3lame', '-b:a', '192k'];
    const wav = ['-c:a', 'pcm_s16le'];
    await Promise.all([
      generate(at('quiet.mp3'), 'quiet', 10, mp3),
      generate(at('quiet.wav'), 'quiet', 10, wav),
      generate(at('loud.mp3'), 'loud', 10, mp3),
      generate(at('loud.wav'), 'loud', 10, wav),
      generate(at('stairs.wav'), 'stairs', 10, wav),
      generate(at('spiky.wav'), 'spiky', 10, wav),
      generate(at('short.wav'), 'loud', 2, wav),
      generate(at('silent.wav'), 'silent', 10, wav),
      generate(at('long.wav'), 'quiet', 125, ['-ar', '8000', ...wav]),
      run(ffmpegPath, [
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-f',
        'lavfi',
        '-i',
        'testsrc=size=64x64:duration=1',
        '-frames:v',
        '1',
        at('picture.png'),
      ]),
    ]);
    writeFileSync(at('notes.txt'), 'Buy one, get one free!\n'.repeat(200));
    copyFileSync(at('loud.mp3'), at('upload-7f3a'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [sound, inputLufs] of [
    ['quiet', -30],
    ['loud', -8],
  ] as const) {
    for (const container of ['mp3', 'wav']) {
      test(`a ${sound} ${container} (${inputLufs} LUFS) comes out at -14 LUFS as 48 kHz stereo FLAC of the same length`, async (t) => {
        const output = at(`${sound}-${container}.flac`);
        const result = await normaliseAdAudio({ ffmpegPath, input: at(`${sound}.${container}`), output });
        const measured = (await loudness(output)).lufs;
        t.diagnostic(`input ${result.inputLufs} LUFS, output ${result.outputLufs} LUFS (reported), ${measured} LUFS (measured), ${result.durationMs} ms`);
        assert.ok(Math.abs(result.inputLufs - inputLufs) <= 1, `input measured ${result.inputLufs} LUFS`);
        assert.ok(Math.abs(measured + 14) <= 1, `output ${measured} LUFS`);
        assert.equal(result.outputLufs, measured);
        const info = await probe(output);
        assert.deepEqual(
          { format: info.format, codec: info.codec, sampleRate: info.sampleRate, channels: info.channels },
          { format: 'flac', codec: 'flac', sampleRate: 48000, channels: 2 },
        );
        assert.ok(Math.abs(info.durationS - 10) <= 0.1, `duration ${info.durationS} s`);
        assert.ok(Math.abs(result.durationMs - 10_000) <= 100, `reported duration ${result.durationMs} ms`);
      });
    }
  }

  test('an upload without a file name extension is read by its content', async () => {
    const result = await normaliseAdAudio({ ffmpegPath, input: at('upload-7f3a'), output: at('upload.flac') });
    assert.ok(Math.abs(result.outputLufs + 14) <= 1, `output ${result.outputLufs} LUFS`);
  });

  test('another target is met too', async () => {
    const result = await normaliseAdAudio({ ffmpegPath, input: at('loud.wav'), output: at('target.flac'), targetLufs: -18, truePeak: -2 });
    assert.ok(Math.abs(result.outputLufs + 18) <= 1, `output ${result.outputLufs} LUFS`);
  });

  test("an ad's loudness range is kept: one gain, not compression", async (t) => {
    const output = at('stairs.flac');
    await normaliseAdAudio({ ffmpegPath, input: at('stairs.wav'), output });
    const [before, after] = [await loudness(at('stairs.wav')), await loudness(output)];
    t.diagnostic(`${before.lufs} LUFS, LRA ${before.range} LU → ${after.lufs} LUFS, LRA ${after.range} LU`);
    assert.ok(before.range > 7, `the source's range is ${before.range} LU, wider than loudnorm's default target`);
    assert.ok(Math.abs(after.range - before.range) <= 1, `range ${before.range} LU became ${after.range} LU`);
    assert.ok(Math.abs(after.lufs + 14) <= 1, `output ${after.lufs} LUFS`);
  });

  test('loud bursts in a quiet ad are held under the true-peak ceiling', async (t) => {
    const output = at('spiky.flac');
    await normaliseAdAudio({ ffmpegPath, input: at('spiky.wav'), output });
    const [before, after] = [await loudness(at('spiky.wav')), await loudness(output)];
    t.diagnostic(`${before.lufs} LUFS, peak ${before.peak} dBTP → ${after.lufs} LUFS, peak ${after.peak} dBTP`);
    assert.ok(after.peak <= -1.4, `true peak ${after.peak} dBTP`);
    assert.ok(Math.abs(after.lufs + 14) <= 1, `output ${after.lufs} LUFS`);
  });

  for (const [what, file] of [
    ['a clip under 3 s', 'short.wav'],
    ['a clip over 120 s', 'long.wav'],
    ['a silent clip', 'silent.wav'],
    ['a text file', 'notes.txt'],
    ['a PNG picture', 'picture.png'],
    ['a file that is not there', 'missing.wav'],
  ] as const) {
    test(`${what} is refused with ad_audio_invalid, and nothing is written`, async () => {
      const output = at(`refused-${file}.flac`);
      await assert.rejects(normaliseAdAudio({ ffmpegPath, input: at(file), output }), invalid);
      assert.equal(existsSync(output), false);
    });
  }

  test('an abort kills ffmpeg and removes the partial output', async () => {
    const controller = new AbortController();
    const output = at('aborted.flac');
    const done = normaliseAdAudio({ ffmpegPath, input: at('loud.wav'), output, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(done, { name: 'AbortError' });
    assert.deepEqual(ffmpegChildren(), []);
    assert.equal(existsSync(output), false);
  });

  test('running past the time limit refuses the ad', async () => {
    await assert.rejects(normaliseAdAudio({ ffmpegPath, input: at('loud.wav'), output: at('slow.flac'), timeoutMs: 20 }), {
      ...invalid,
      message: /took longer than/,
    });
    assert.deepEqual(ffmpegChildren(), []);
  });
});
