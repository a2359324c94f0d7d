import type { Readable } from 'node:stream';
import { ApiError, type Api, type CardPlay } from './api.ts';
import type { Cache } from './cache.ts';
import { errorText, type Log } from './log.ts';
import type { Player } from './player.ts';

/** A card code as the server takes it (api: CardCode). */
const CODE = /^[A-Za-z0-9_-]{1,64}$/;
/** Bytes a line may hold before it is thrown away unread (a reader types a few dozen). */
const MOST_LINE_BYTES = 256;

/**
 * A line a reader typed, as a card code: trimmed, and with the separators some readers put
 * between bytes (`04:A3:2F`, `04 A3 2F`) removed. Null (and a log line) for anything else.
 */
export function cardCode(line: string, log: Log): string | null {
  const code = line.trim().replace(/[ :.]/g, '');
  if (CODE.test(code) && code !== 'learn') return code;
  const shown = JSON.stringify(line.slice(0, 40)) + (line.length > 40 ? '…' : '');
  log(code ? 'not a card code, ignored' : 'an empty card line, ignored', { line: shown });
  return null;
}

/**
 * Splits a stream (stdin: a keyboard-wedge reader types the code and Enter) into card codes.
 * A line longer than MOST_LINE_BYTES is dropped whole without keeping it in memory.
 */
export function readCardLines(input: Readable, onCode: (code: string) => void, log: Log) {
  let line: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  const end = () => {
    if (tooLong) log('a card line too long, ignored', { bytes: length });
    else if (length) {
      const code = cardCode(Buffer.concat(line).toString('utf8'), log);
      if (code) onCode(code);
    } else log('an empty card line, ignored');
    line = [];
    length = 0;
    tooLong = false;
  };
  input.on('data', (chunk: Buffer | string) => {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let nl = buf.indexOf(10); ; nl = buf.indexOf(10)) {
      const part = nl === -1 ? buf : buf.subarray(0, nl);
      length += part.length;
      if (length > MOST_LINE_BYTES) tooLong = true;
      else line.push(Buffer.from(part));
      if (nl === -1) break;
      end();
      buf = buf.subarray(nl + 1);
    }
  });
  input.on('error', (error) => log('reading cards failed', { error: errorText(error) }));
}

export interface CardsDeps {
  api: Api;
  deviceId: string;
  cache: Cache;
  player: Player;
  /** Whether the live channel is up (else the server is not asked: the cache answers at once). */
  online: () => boolean;
  changed: () => void;
  log: Log;
}

/**
 * What a card does when read: asks the server (which may assign it to a pending learn) while
 * online, else the cache; then plays its context, or, when that context is what plays,
 * pauses it, and resumes it when paused.
 */
export function createCardReader({ api, deviceId, cache, player, online, changed, log }: CardsDeps) {
  let busy: Promise<void> = Promise.resolve();

  async function resolve(code: string): Promise<CardPlay | null> {
    const cached = cache.card(code);
    if (!online()) return cached ?? (log('an unknown card (offline, not cached)', { code }), null);
    try {
      const card = await api.readCard(deviceId, code);
      cache.setCard(card);
      if (card.assigned) {
        log('card assigned', { code, uri: card.uri, name: card.name });
        void cache.sync(api, deviceId);
      }
      return card;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'card_not_found') {
        cache.forget(code);
        log('an unknown card', { code });
        return null;
      }
      log(cached ? 'the server did not answer for the card: playing it from the cache' : 'the server did not answer for the card', {
        code,
        error: errorText(error),
      });
      return cached ?? null;
    }
  }

  async function act(code: string) {
    const card = await resolve(code);
    if (!card) return;
    const l = player.list;
    if (!card.assigned && l.contextUri === card.uri && l.uris.length) {
      if (l.playing) player.pause();
      else await player.resume();
      log(l.playing ? 'card: resumed' : 'card: paused', { code });
    } else if (!card.uris.length) {
      log('the card plays nothing (its context is empty)', { code, uri: card.uri });
      return;
    } else {
      log('card: playing', { code, uri: card.uri, name: card.name, tracks: card.uris.length });
      await player.playList(card.uris, 0, 0, true, card.uri);
    }
    changed();
  }

  return {
    /** Handles a card read (one at a time, in the order read); never throws. */
    read(code: string): Promise<void> {
      busy = busy.then(() => act(code)).catch((error: unknown) => log('a card read failed', { code, error: errorText(error) }));
      return busy;
    },
  };
}
