import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { requireTool } from '../../server/src/tools/tools.ts';
import { startBox } from './box.ts';
import { evdevText } from './evdev.ts';
import { stderrLog } from './log.ts';
import { parseOutput } from './sink.ts';

export const BOX_HELP = `runnel box — a headless Runnel player (a Raspberry Pi with a card reader)

Usage:
  runnel box --server URL --token TOKEN [options]

Options:
  --server URL        the Runnel server (e.g. http://music.local:4533)
  --token TOKEN       an API token of the box's user (Settings → API tokens, or POST /api/v1/me/tokens);
                      also read from RUNNEL_BOX_TOKEN
  --name NAME         the name the box shows in players (default: Runnel Box on HOSTNAME)
  --output OUT        alsa (default), pulse, null (discard, paced) or file:PATH (raw PCM s16le 44.1 kHz stereo)
  --data DIR          where the box keeps its id, cards and cached tracks (default ~/.runnel-box)
  --cards-from SRC    stdin (default) or an input device, e.g. /dev/input/by-id/usb-…-event-kbd
  --cache-mb N        most megabytes of audio kept offline for the cards (default 4096)
`;

/** The device id, made once and kept in the data folder. */
export function deviceIdIn(dir: string): string {
  const file = join(dir, 'device-id');
  try {
    const id = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{8,64}$/.test(id)) return id;
  } catch {
    // first start
  }
  const id = `box-${randomBytes(9).toString('base64url')}`;
  writeFileSync(file, `${id}\n`);
  return id;
}

/** `runnel box …`: runs until SIGINT/SIGTERM. */
export async function boxCommand(argv: string[]): Promise<void> {
  const fail = (message: string): never => {
    process.stderr.write(`runnel box: ${message}\n\n${BOX_HELP}`);
    process.exit(2);
  };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        server: { type: 'string' },
        token: { type: 'string' },
        name: { type: 'string' },
        output: { type: 'string', default: 'alsa' },
        data: { type: 'string' },
        'cards-from': { type: 'string', default: 'stdin' },
        'cache-mb': { type: 'string', default: '4096' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return fail((error as Error).message);
  }
  if (values.help) return void process.stdout.write(BOX_HELP);
  const server = String(values.server ?? '');
  const token = String(values.token ?? process.env.RUNNEL_BOX_TOKEN ?? '');
  if (!/^https?:\/\/[^\s]+$/.test(server)) fail('--server must be an http(s) URL');
  if (!token) fail('--token is needed (or RUNNEL_BOX_TOKEN)');
  const output = parseOutput(String(values.output));
  if (!output) return fail('--output is alsa, pulse, null or file:PATH');
  const cacheMb = Number(values['cache-mb']);
  if (!Number.isInteger(cacheMb) || cacheMb < 0) fail('--cache-mb is a whole number of megabytes');
  const name = String(values.name ?? `Runnel Box on ${hostname()}`).slice(0, 80) || 'Runnel Box';

  const dataDir = resolve(String(values.data ?? join(homedir(), '.runnel-box')));
  mkdirSync(dataDir, { recursive: true });
  const deviceId = deviceIdIn(dataDir);
  const from = String(values['cards-from']);
  const cards = from === 'stdin' ? process.stdin : evdevText(from, stderrLog);
  const ffmpeg = requireTool('ffmpeg');
  stderrLog('starting', { device_id: deviceId, name, server, output: String(values.output), data: dataDir, ffmpeg });

  const box = startBox({ server, token, deviceId, name, output, dataDir, ffmpeg, cards, cacheBytes: cacheMb * 1024 * 1024, log: stderrLog });
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      stderrLog('stopping', { signal });
      void box.stop().finally(done);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  process.exit(0);
}
