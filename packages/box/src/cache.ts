import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError, asCardPlay, type Api, type CardPlay } from './api.ts';
import { errorText, type Log } from './log.ts';

/** A track id as a file name: the id's own charset, nothing that could walk out of the folder. */
const TRACK_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const trackIdOf = (uri: string) => {
  const id = uri.startsWith('runnel:track:') ? uri.slice(13) : '';
  return TRACK_ID.test(id) ? id : null;
};

export interface CacheOptions {
  /** Most bytes of audio kept (default 4 GiB). */
  maxBytes?: number;
  /** Downloads at once (default 2). */
  concurrency?: number;
}

/**
 * What the box keeps to play its cards without the server: `cards.json` (each card's
 * context and tracks) and `tracks/ID` (each track's audio, as the server sent it, downloaded
 * once). `sync` follows the server's card list: new cards are fetched, forgotten ones and
 * tracks no card plays any more are dropped, and missing tracks are downloaded, a few at a
 * time, up to `maxBytes`.
 */
export class Cache {
  private readonly cards = new Map<string, CardPlay>();
  private readonly dir: string;
  private readonly tracksDir: string;
  private readonly maxBytes: number;
  private readonly concurrency: number;
  private readonly log: Log;
  private syncing: Promise<void> | null = null;
  private again = false;

  constructor(dir: string, log: Log, options: CacheOptions = {}) {
    this.dir = dir;
    this.tracksDir = join(dir, 'tracks');
    this.log = log;
    this.maxBytes = options.maxBytes ?? 4 * 1024 ** 3;
    this.concurrency = options.concurrency ?? 2;
    mkdirSync(this.tracksDir, { recursive: true });
    try {
      const saved = JSON.parse(readFileSync(join(dir, 'cards.json'), 'utf8')) as Record<string, unknown>;
      for (const [code, card] of Object.entries(saved)) this.cards.set(code, asCardPlay(card));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log('cards.json is unreadable: starting without cached cards', { error: errorText(error) });
    }
  }

  card(code: string): CardPlay | undefined {
    return this.cards.get(code);
  }

  /** Keeps what the server said the card plays. */
  setCard(card: CardPlay) {
    this.cards.set(card.code, { ...card, assigned: false });
    this.save();
  }

  forget(code: string) {
    if (this.cards.delete(code)) this.save();
  }

  /** The cached file of a track, or null. */
  track(uri: string): string | null {
    const id = trackIdOf(uri);
    const path = id && join(this.tracksDir, id);
    return path && existsSync(path) ? path : null;
  }

  /** Follows the server's cards (one sync at a time; a call during one runs another after it). */
  sync(api: Api, deviceId: string): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      do {
        this.again = false;
        try {
          await this.syncOnce(api, deviceId);
        } catch (error) {
          this.log('the offline cache could not be brought up to date', { error: errorText(error) });
        }
      } while (this.again);
      this.syncing = null;
    })();
    return this.syncing;
  }

  private async syncOnce(api: Api, deviceId: string) {
    const codes = await api.cards(deviceId);
    for (const code of [...this.cards.keys()]) if (!codes.includes(code)) this.cards.delete(code);
    for (const code of codes) {
      try {
        this.cards.set(code, { ...(await api.card(deviceId, code)), assigned: false });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'card_not_found') this.cards.delete(code);
        else this.log('a card could not be fetched', { code, error: errorText(error) });
      }
    }
    this.save();
    const wanted = new Set([...this.cards.values()].flatMap((c) => c.uris.map(trackIdOf).filter((id): id is string => id !== null)));
    let used = 0;
    for (const name of readdirSync(this.tracksDir)) {
      const path = join(this.tracksDir, name);
      if (!wanted.has(name)) rmSync(path, { force: true });
      else used += statSync(path).size;
    }
    const missing = [...wanted].filter((id) => !existsSync(join(this.tracksDir, id)));
    let refused = false;
    const worker = async () => {
      for (let id = missing.shift(); id !== undefined && !refused; id = missing.shift()) {
        if (used >= this.maxBytes) {
          this.log('the offline cache is full: further tracks play only online', { max_bytes: this.maxBytes, missing: missing.length + 1 });
          refused = true;
          return;
        }
        try {
          used += await this.download(api, id, this.maxBytes - used);
        } catch (error) {
          if (error instanceof ApiError && (error.code === 'premium_required' || error.status === 401 || error.status === 0)) refused = true;
          this.log('a track was not kept offline', { track: id, error: errorText(error) });
        }
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
    if (!refused) this.log('offline cache up to date', { cards: this.cards.size, tracks: wanted.size, bytes: used });
  }

  /** Downloads one track (to a .part file renamed when whole); its size. */
  private async download(api: Api, id: string, room: number): Promise<number> {
    const res = await api.download(id, AbortSignal.timeout(10 * 60_000));
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > room) {
      await res.body?.cancel();
      throw new ApiError(0, 'too_big', `${length} bytes do not fit in the cache`);
    }
    const part = join(this.tracksDir, `${id}.part`);
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(size > room ? new Error('the track does not fit in the cache') : null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(res.body! as import('node:stream/web').ReadableStream), count, createWriteStream(part));
    } catch (error) {
      rmSync(part, { force: true });
      throw error;
    }
    renameSync(part, join(this.tracksDir, id));
    return size;
  }

  private save() {
    const tmp = join(this.dir, 'cards.json.tmp');
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.cards)));
    renameSync(tmp, join(this.dir, 'cards.json'));
  }
}
