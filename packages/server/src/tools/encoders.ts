import { spawnSync } from 'node:child_process';

const cache = new Map<string, ReadonlySet<string>>();

/**
 * The encoders an ffmpeg has, from `ffmpeg -encoders` (run once per path): a packaged
 * or old build may lack some (libopus, libvorbis), and transcoding must not pick those.
 */
export function ffmpegEncoders(ffmpegPath: string): ReadonlySet<string> {
  let encoders = cache.get(ffmpegPath);
  if (!encoders) {
    const result = spawnSync(ffmpegPath, ['-hide_banner', '-encoders'], { encoding: 'utf8', timeout: 10_000 });
    // Lines look like " A..... libopus              libopus Opus (codec opus)".
    const names = (result.stdout ?? '').split('\n').map((line) => /^ [A-Z.]{6} (\S+)/.exec(line)?.[1]).filter((name) => name !== undefined);
    encoders = new Set(names.filter((name) => name !== '='));
    cache.set(ffmpegPath, encoders);
  }
  return encoders;
}
