import type { DeviceCommand, DeviceStateBody, RepeatState } from '@runnel/api';
import { startDecoder, type Decoder } from './decoder.ts';
import { errorText, type Log } from './log.ts';
import type { Output } from './output.ts';

export interface PlayerDeps {
  output: Output;
  ffmpeg: string;
  /** What ffmpeg reads for a track uri: a cached file, else a stream URL; null when neither can be had now. */
  input: (uri: string) => Promise<string | null>;
  /** The state changed (`ack`: the command it answers). */
  changed: (ack?: string) => void;
  log: Log;
  random?: () => number;
}

/** What the player plays: a list, where it is in it, and how. */
export interface ListState {
  uris: string[];
  index: number;
  contextUri: string | null;
  shuffle: boolean;
  repeat: RepeatState;
  playing: boolean;
}

/**
 * The box's player: a list of track uris played one after the other through ffmpeg
 * (decoder.ts) into the paced output (output.ts). It obeys every `device.command` of the
 * devices protocol and says when its state changed; cards.ts plays and toggles through it.
 */
export class Player {
  readonly list: ListState = { uris: [], index: 0, contextUri: null, shuffle: false, repeat: 'off', playing: false };
  /** The list's order before shuffling (restored when shuffle goes off). */
  private unshuffled: string[] | null = null;
  private decoder: Decoder | null = null;
  /** Bumped by each load: a load that finishes after a newer one started gives up. */
  private generation = 0;
  /** Tracks that failed to load in a row (all of them: the player stops instead of looping). */
  private failures = 0;
  private readonly deps: PlayerDeps;

  constructor(deps: PlayerDeps) {
    this.deps = deps;
    deps.output.onEnd = () => void this.ended();
  }

  state(ack?: string): DeviceStateBody {
    const l = this.list;
    return {
      is_playing: l.playing,
      progress_ms: Math.min(100_000_000, this.deps.output.positionMs),
      uris: l.uris,
      index: l.uris.length ? l.index : 0,
      context_uri: l.contextUri,
      shuffle: l.shuffle,
      repeat: l.repeat,
      volume_percent: this.deps.output.volume,
      ...(ack ? { ack } : {}),
    };
  }

  /** Plays a new list from `index` at `positionMs` (paused unless `play`). */
  async playList(uris: string[], index: number, positionMs: number, play: boolean, contextUri: string | null) {
    Object.assign(this.list, { uris: [...uris], index: Math.max(0, Math.min(index, uris.length - 1)), contextUri, playing: play && uris.length > 0 });
    this.unshuffled = null;
    if (this.list.shuffle) this.shuffleRest();
    this.failures = 0;
    await this.load(positionMs);
  }

  pause() {
    this.list.playing = false;
    this.deps.output.pause();
  }

  /** Plays on; after a stop (the list's end) the current track loads again first. */
  async resume() {
    if (!this.list.uris.length) return;
    this.list.playing = true;
    if (this.decoder) this.deps.output.play();
    else await this.load(this.deps.output.positionMs);
  }

  /** Applies one command; the state is reported once it is done, with its id. */
  async command(c: DeviceCommand) {
    const l = this.list;
    switch (c.action) {
      case 'play':
        await this.playList(c.uris ?? [], c.index ?? 0, c.position_ms ?? 0, c.play !== false, c.context_uri ?? null);
        break;
      case 'pause':
      case 'stop':
        this.pause();
        break;
      case 'resume':
        await this.resume();
        break;
      case 'next':
        await this.skip(1);
        break;
      case 'previous':
        await this.skip(-1);
        break;
      case 'seek':
        if (l.uris.length) await this.load(c.position_ms ?? 0);
        break;
      case 'volume':
        this.deps.output.volume = Math.max(0, Math.min(100, Math.round(c.volume_percent ?? 100)));
        break;
      case 'add':
        l.uris.push(...(c.uris ?? []).slice(0, 1000 - l.uris.length));
        this.unshuffled?.push(...(c.uris ?? []));
        break;
      case 'remove':
        await this.remove(c.index ?? -1);
        break;
      case 'clear':
        this.stop();
        Object.assign(l, { uris: [], index: 0 });
        this.unshuffled = null;
        break;
      case 'shuffle':
        this.setShuffle(c.state === true);
        break;
      case 'repeat':
        l.repeat = c.repeat === 'track' || c.repeat === 'context' ? c.repeat : 'off';
        break;
      default:
        this.deps.log('an unknown command, ignored', { action: (c as { action?: unknown }).action });
    }
    this.deps.changed(c.id);
  }

  /** Next (1) or previous (-1); past the end it stops, or wraps when repeating the context. */
  async skip(step: 1 | -1) {
    const l = this.list;
    if (!l.uris.length) return;
    const to = l.index + step;
    if (to < 0) return this.load(0);
    if (to < l.uris.length) return (void (l.index = to), this.load(0));
    if (l.repeat === 'context') return (void (l.index = 0), this.load(0));
    return this.atEnd();
  }

  /** Shuts the decoder (the box is stopping). */
  close() {
    this.generation += 1;
    this.stop();
  }

  private stop() {
    this.list.playing = false;
    this.deps.output.pause();
    this.deps.output.unload();
    this.deps.output.frames = 0;
    this.decoder?.stop();
    this.decoder = null;
  }

  /** The list played to its end: back to its start, stopped. */
  private atEnd() {
    this.stop();
    this.list.index = 0;
  }

  /** Starts decoding the current track at `positionMs`; plays if the list is playing. */
  private async load(positionMs: number) {
    const generation = ++this.generation;
    const { output, log } = this.deps;
    this.decoder?.stop();
    this.decoder = null;
    output.unload();
    output.frames = Math.round(positionMs * 44.1);
    const uri = this.list.uris[this.list.index];
    if (!uri) return this.stop();
    let input: string | null = null;
    try {
      input = await this.deps.input(uri);
    } catch (error) {
      log('no audio for the track', { uri, error: errorText(error) });
    }
    if (generation !== this.generation) return;
    if (!input) return this.failed(uri);
    const decoder = startDecoder(this.deps.ffmpeg, input, positionMs, log);
    this.decoder = decoder;
    output.load(decoder.pcm, positionMs);
    void decoder.exited.then(({ code, stderr }) => {
      if (code && generation === this.generation) log('the decoder failed', { uri, code, stderr: stderr.trim().slice(-300) });
    });
    if (this.list.playing) output.play();
    else output.pause();
  }

  /** A track could not be loaded: the next one plays, unless none could. */
  private async failed(uri: string) {
    this.failures += 1;
    this.deps.log('skipping a track that cannot be played now', { uri });
    if (this.failures >= this.list.uris.length) {
      this.deps.log('no track of the list can be played now: stopped');
      this.failures = 0;
      this.atEnd();
      this.deps.changed();
      return;
    }
    await this.ended(true);
  }

  /** The current track ended (or failed): the next, as repeat says. */
  private async ended(failed = false) {
    if (!failed) this.failures = 0;
    const l = this.list;
    if (l.repeat === 'track' && !failed) await this.load(0);
    else if (l.index + 1 < l.uris.length) {
      l.index += 1;
      await this.load(0);
    } else if (l.repeat === 'context' && l.uris.length) {
      l.index = 0;
      await this.load(0);
    } else this.atEnd();
    this.deps.changed();
  }

  private async remove(index: number) {
    const l = this.list;
    if (index < 0 || index >= l.uris.length) return;
    const [uri] = l.uris.splice(index, 1);
    if (this.unshuffled) this.unshuffled.splice(this.unshuffled.indexOf(uri!), 1);
    if (index < l.index) l.index -= 1;
    else if (index === l.index) {
      if (l.index >= l.uris.length) this.atEnd();
      else await this.load(0);
    }
  }

  private setShuffle(on: boolean) {
    const l = this.list;
    if (on === l.shuffle) return;
    l.shuffle = on;
    if (on) return this.shuffleRest();
    if (!this.unshuffled) return;
    const current = l.uris[l.index];
    l.uris = this.unshuffled;
    this.unshuffled = null;
    l.index = Math.max(0, current === undefined ? 0 : l.uris.indexOf(current));
  }

  /** Shuffles what comes after the current track (Fisher–Yates), keeping the order before. */
  private shuffleRest() {
    const l = this.list;
    this.unshuffled = [...l.uris];
    const random = this.deps.random ?? Math.random;
    for (let i = l.uris.length - 1; i > l.index + 1; i--) {
      const j = l.index + 1 + Math.floor(random() * (i - l.index));
      [l.uris[i], l.uris[j]] = [l.uris[j]!, l.uris[i]!];
    }
  }
}
