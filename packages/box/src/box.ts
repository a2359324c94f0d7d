import type { DeviceCommand } from '@runnel/api';
import type { Readable } from 'node:stream';
import { createApi } from './api.ts';
import { Cache } from './cache.ts';
import { createCardReader, readCardLines } from './cards.ts';
import { connect } from './connection.ts';
import { errorText, type Log } from './log.ts';
import { Output } from './output.ts';
import { Player } from './player.ts';
import { openSink, type OutputSpec } from './sink.ts';

export interface BoxOptions {
  server: string;
  token: string;
  deviceId: string;
  name: string;
  output: OutputSpec;
  dataDir: string;
  ffmpeg: string;
  /** Where card lines come from (stdin, or an input device's text: evdev.ts). */
  cards: Readable | null;
  cacheBytes?: number;
  log: Log;
}

/**
 * The Runnel Box, wired: the player (player.ts → output.ts → sink.ts), the live channel
 * (connection.ts) whose commands it obeys, the state reports, the cards it reads and the
 * offline cache that keeps them playable without the server.
 */
export function startBox(o: BoxOptions) {
  const { log } = o;
  const api = createApi(o.server, o.token);
  const cache = new Cache(o.dataDir, log, { maxBytes: o.cacheBytes });
  const sink = openSink(o.output, o.ffmpeg, log);
  const output = new Output(sink);
  let connection: ReturnType<typeof connect> | null = null;
  const online = () => connection?.online === true;

  // Reports go one at a time, in order. While one waits its turn, later changes join it
  // (it carries the state as it is when sent); each ack gets its own report.
  let sending: Promise<void> = Promise.resolve();
  let waiting: { acks: string[] } | null = null;
  const report = (ack?: string) => {
    if (!online()) return;
    if (waiting) return void (ack && waiting.acks.push(ack));
    const entry: { acks: string[] } = { acks: ack ? [ack] : [] };
    waiting = entry;
    sending = sending.then(async () => {
      waiting = null;
      for (const one of entry.acks.length ? entry.acks : [undefined]) {
        try {
          await api.report(o.deviceId, player.state(one));
        } catch (error) {
          log('the state report failed', { error: errorText(error) });
        }
      }
    });
  };

  const player = new Player({
    output,
    ffmpeg: o.ffmpeg,
    log,
    changed: report,
    // The cache first: a cached track plays without asking the network anything.
    input: async (uri) => {
      const cached = cache.track(uri);
      if (cached) return `file:${cached}`;
      if (!uri.startsWith('runnel:track:')) return null;
      if (!online()) return null;
      return api.streamUrl(uri.slice(13));
    },
  });

  const reader = createCardReader({ api, deviceId: o.deviceId, cache, player, online, changed: () => report(), log });
  if (o.cards) readCardLines(o.cards, (code) => void reader.read(code), log);

  let commands: Promise<void> = Promise.resolve();
  const onCommand = (command: DeviceCommand) => {
    commands = commands
      .then(() => player.command(command))
      .catch((error: unknown) => log('a command failed', { action: command.action, error: errorText(error) }));
  };

  connection = connect({
    api,
    deviceId: o.deviceId,
    register: () => api.register(o.deviceId, { name: o.name, type: 'box', supports_volume: true, volume_percent: output.volume }),
    onCommand,
    onOnline: () => {
      if (player.list.playing) report();
      void cache.sync(api, o.deviceId);
    },
    onOffline: () => {},
    log,
  });

  return {
    player,
    cache,
    online,
    async stop() {
      connection?.close();
      player.close();
      await sink.close();
    },
  };
}
