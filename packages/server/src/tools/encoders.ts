import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cache = new Map<string, Promise<ReadonlySet<string>>>();

/**
 * The encoders an ffmpeg has, from `ffmpeg -encoders` (run once per path): a packaged
 * or old build may lack some (libopus, libvorbis), and transcoding must not pick those.
 */
export function ffmpegEncoders(ffmpegPath: string): Promise<ReadonlySet<string>> {
  let encoders = cache.get(ffmpegPath);
  if (!encoders) {
    // Not spawnSync: starting ffmpeg takes 50–300 ms, and the event loop must not wait for it.
    // A failed or slow probe (a busy machine, a cold disk under a 70 MB static build) is not
    // remembered: this request sees no encoders, and the next one asks again.
    encoders = run(ffmpegPath, ['-hide_banner', '-encoders'], { encoding: 'utf8', timeout: 60_000 }).then(
      ({ stdout }) => {
        // Lines look like " A..... libopus              libopus Opus (codec opus)".
        const names = stdout
          .split('\n')
          .map((line) => /^ [A-Z.]{6} (\S+)/.exec(line)?.[1])
          .filter((name) => name !== undefined);
        return new Set(names.filter((name) => name !== '='));
      },
      () => {
        cache.delete(ffmpegPath);
        return new Set<string>();
      },
    );
    cache.set(ffmpegPath, encoders);
  }
  return encoders;
}
