import { AdBreaks } from './ad-breaks.ts';
import type { AdBreakPlan, AudioLike, EngineOptions, EngineSnapshot } from './engine-types.ts';
import { loudnessGain, playsAlbumInOrder, type Normalisation } from './loudness.ts';
import { Plays } from './plays.ts';
import { Queue, emptyQueue, type QueueState, type QueueTrack, type RepeatMode } from './queue.ts';
import { SlotPair, type Slot } from './slot.ts';
import { translate } from '../i18n/translate.ts';

export type { AdBreakPlan, AudioLike, EngineOptions, EngineSnapshot } from './engine-types.ts';

type Optional =
  'onPlayed' | 'onNextUpStarted' | 'nextAdBreak' | 'onAdPlayed' | 'beforeSkip' | 'explainFailure' | 'interceptPlay' | 'createOutput' | 'normalisation';

/**
 * Plays the queue through two audio elements: while one plays, the other loads the next
 * track ~30 s before the end (as the original client did), and on `ended` the loaded one
 * starts at once, so there is no gap. Framework-free; the UI subscribes to snapshots.
 */
export class AudioEngine {
  private readonly options: Required<Omit<EngineOptions, Optional>> & Pick<EngineOptions, Optional>;
  private readonly slots: SlotPair;
  private queue: QueueState = emptyQueue();
  private playing = false;
  private volume = 1;
  private normalisation: Normalisation;
  private error: string | null = null;
  private readonly plays: Plays;
  private failures = 0;
  private listeners = new Set<() => void>();
  private snapshot: EngineSnapshot;
  private readonly ads: AdBreaks;

  constructor(options: EngineOptions) {
    this.options = { prefetchSeconds: 30, retries: 2, wait: (ms) => new Promise((r) => setTimeout(r, ms)), ...options };
    this.normalisation = options.normalisation ?? 'auto';
    this.plays = new Plays(options.onPlayed);
    this.slots = new SlotPair(options.createAudio, options.createOutput, {
      timeupdate: () => this.onTime(),
      ended: () => void this.onEnded(),
      error: (slot) => slot.trackId && void this.onError(),
      playing: () => this.emit(),
      durationchange: () => this.emit(),
    });
    this.ads = new AdBreaks({
      createAudio: options.createAudio,
      nextAdBreak: options.nextAdBreak,
      onAdPlayed: options.onAdPlayed,
      onChange: () => this.emit(),
      onFail: (message) => this.fail(message),
    });
    this.snapshot = this.buildSnapshot();
  }

  /** For React's useSyncExternalStore. */
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getSnapshot = () => this.snapshot;

  /** Replaces the context and starts playing at `start`. */
  async playContext(tracks: QueueTrack[], start: number, contextUri: string | null = null) {
    if (this.options.interceptPlay?.(tracks, start, contextUri)) return;
    this.queue = Queue.setContext(this.queue, tracks, start, contextUri);
    await this.startCurrent();
  }

  /** Loads a queue without playing: a saved one after a reload, or one taken over from another device (then resumed). */
  async restore(queue: QueueState, position: number) {
    this.queue = queue;
    this.newTrack();
    this.playing = false;
    this.slots.current.audio.pause();
    const track = Queue.current(queue);
    this.emit();
    if (track) await this.load(this.slots.current, track, position);
  }

  async toggle() {
    if (this.ads.playing) return this.playing ? this.pause() : this.resume();
    if (this.playing) return this.pause();
    if (!this.slots.current.trackId) return this.startCurrent();
    return this.resume();
  }

  pause() {
    this.playing = false;
    this.audible.pause();
    this.emit();
  }

  async resume() {
    this.playing = true;
    this.error = null;
    this.emit();
    await this.audible.play().catch((e: Error) => this.fail(e.message));
  }

  /** Skips forward: not during an ad, and only as the plan allows (a due ad plays first). */
  async next() {
    if (this.ads.playing) return this.refuse(translate('player.skipAfterAd'));
    const refused = await this.options.beforeSkip?.();
    if (refused) return this.refuse(refused);
    this.queue = Queue.advance(this.queue, true);
    if (this.ads.due) {
      this.slots.current.audio.pause();
      return this.playAd(this.ads.due, () => this.startCurrent());
    }
    await this.startCurrent();
  }

  /** Back to the start of the track, or to the previous one in the first 3 seconds. */
  async previous() {
    if (this.ads.playing) return this.refuse(translate('player.skipAfterAd'));
    if (this.slots.current.audio.currentTime > 3) return this.seek(0);
    this.queue = Queue.previous(this.queue);
    await this.startCurrent();
  }

  seek(seconds: number) {
    if (this.ads.playing) return;
    const audio = this.slots.current.audio;
    audio.currentTime = Math.max(0, Math.min(seconds, Number.isFinite(audio.duration) ? audio.duration : seconds));
    this.emit();
  }

  setVolume(volume: number) {
    this.volume = Math.max(0, Math.min(1, volume));
    this.slots.setVolume(this.volume);
    this.ads.setVolume(this.volume);
    this.emit();
  }

  /** A new normalisation choice applies to the track playing at once. */
  setNormalisation(mode: Normalisation) {
    this.normalisation = mode;
    const track = Queue.current(this.queue);
    if (track && this.slots.current.trackId === track.id) this.slots.current.setGain(this.gainFor(track));
  }

  /**
   * Starts loading a track the listener is about to play (a row clicked once: the first half
   * of a double-click) in the idle audio element, so playing it starts from loaded audio.
   * Never over a prefetched next track, and never during an ad.
   */
  warm(track: QueueTrack) {
    if (this.slots.other.trackId || this.slots.current.trackId === track.id || this.ads.playing) return;
    void this.load(this.slots.other, track, 0);
  }

  /** The plan no longer has ads (an upgrade): a due break is dropped, a playing one ends now. */
  dropAds() {
    this.ads.drop();
  }

  setShuffle(shuffle: boolean) {
    this.changeQueue(Queue.setShuffle(this.queue, shuffle));
  }
  setRepeat(repeat: RepeatMode) {
    this.changeQueue(Queue.setRepeat(this.queue, repeat));
  }
  extendContext(tracks: QueueTrack[]) {
    this.changeQueue(Queue.extendContext(this.queue, tracks));
  }
  addToQueue(tracks: QueueTrack[]) {
    this.changeQueue(Queue.addToQueue(this.queue, tracks));
  }
  playNext(tracks: QueueTrack[]) {
    this.changeQueue(Queue.playNext(this.queue, tracks));
  }
  setNextUp(tracks: QueueTrack[]) {
    this.changeQueue(Queue.setNextUp(this.queue, tracks));
  }
  removeFromQueue(index: number) {
    this.changeQueue(Queue.removeFromQueue(this.queue, index));
  }
  removeFromContext(at: number) {
    this.changeQueue(Queue.removeFromContext(this.queue, at));
  }
  moveInQueue(from: number, to: number) {
    this.changeQueue(Queue.moveInQueue(this.queue, from, to));
  }

  /** A queue change may change what plays next: drop a prefetch that is no longer right. */
  private changeQueue(queue: QueueState) {
    this.queue = queue;
    const next = Queue.peekNext(queue);
    if (this.slots.other.trackId && this.slots.other.trackId !== next?.id) this.slots.other.unload();
    this.emit();
  }

  /** What the listener hears now: the ad during a break, else the current track. */
  private get audible(): AudioLike {
    return this.ads.audio ?? this.slots.current.audio;
  }

  private async startCurrent() {
    const track = Queue.current(this.queue);
    if (track && this.queue.playingNextUp === track) this.options.onNextUpStarted?.(track);
    this.newTrack();
    if (!track) {
      this.slots.current.audio.pause();
      this.playing = false;
      return this.emit();
    }
    if (this.slots.other.trackId === track.id) {
      // Already loaded by the prefetch: switch to it.
      this.slots.current.audio.pause();
      this.slots.current.unload();
      this.slots.swap();
      this.slots.current.audio.currentTime = 0;
    } else {
      this.slots.current.audio.pause();
      await this.load(this.slots.current, track, 0);
    }
    this.slots.current.setGain(this.gainFor(track)); // the queue may have changed since it loaded
    await this.resume();
  }

  private async load(slot: Slot, track: QueueTrack, position: number) {
    slot.trackId = track.id;
    slot.setGain(this.gainFor(track));
    slot.load(await this.options.resolveUrl(track), position);
  }

  /** The loudness gain to play `track` at, as part of the queue it is in now. */
  private gainFor(track: QueueTrack): number {
    return loudnessGain(this.normalisation, track.replayGain, playsAlbumInOrder(this.queue, track));
  }

  /** A new track starts: not yet counted as played, no failures, its ad break not yet asked for. */
  private newTrack() {
    this.plays.restart();
    this.failures = 0;
    this.ads.asked = false;
  }

  private onTime() {
    const audio = this.slots.current.audio;
    const track = Queue.current(this.queue);
    if (!track) return;
    const duration = Number.isFinite(audio.duration) && audio.duration > 0 ? audio.duration : track.durationMs / 1000;
    this.plays.heard(track, audio.currentTime, duration);
    const next = Queue.peekNext(this.queue);
    const nearEnd = duration - audio.currentTime <= this.options.prefetchSeconds;
    if (next && next.id !== track.id && this.slots.other.trackId !== next.id && nearEnd) {
      void this.load(this.slots.other, next, 0);
    }
    if (nearEnd) void this.ads.prepare();
    this.emit();
  }

  /** Plays a break, then `then` (the next track); seek and skips wait until it is over. */
  private playAd(ad: AdBreakPlan, then: () => Promise<void>) {
    this.playing = true;
    return this.ads.play(ad, then, this.volume);
  }

  private refuse(message: string) {
    this.error = message;
    this.emit();
  }

  private async onEnded() {
    if (this.ads.due) return this.playAd(this.ads.due, () => this.advanceAfterEnd());
    await this.advanceAfterEnd();
  }

  /** The track ended: the next one, at once from its prefetch when there is one. */
  private async advanceAfterEnd() {
    this.queue = Queue.advance(this.queue);
    const track = Queue.current(this.queue);
    if (track && this.slots.other.trackId === track.id) {
      // The gapless path: the next track is loaded; start it before anything else.
      const previous = this.slots.current;
      if (this.queue.playingNextUp === track) this.options.onNextUpStarted?.(track);
      this.slots.swap();
      this.slots.current.setGain(this.gainFor(track));
      this.newTrack();
      this.playing = true;
      const started = this.slots.current.audio.play();
      previous.unload();
      this.emit();
      await started.catch((e: Error) => this.fail(e.message));
      return;
    }
    await this.startCurrent();
  }

  /** Network or decode error: retry from the same position with backoff, then skip. */
  private async onError() {
    const track = Queue.current(this.queue);
    if (!track) return;
    const position = this.slots.current.audio.currentTime;
    const why = await this.options.explainFailure?.().catch(() => null);
    if (why) {
      this.playing = false;
      return this.refuse(why);
    }
    this.failures += 1;
    if (this.failures <= this.options.retries) {
      await this.options.wait(500 * 2 ** (this.failures - 1));
      if (Queue.current(this.queue)?.id !== track.id) return;
      await this.load(this.slots.current, track, position);
      if (this.playing) await this.slots.current.audio.play().catch(() => {});
      return;
    }
    this.error = translate('player.skipped', { title: track.title });
    this.queue = Queue.advance(this.queue, true);
    const failuresBefore = this.error;
    await this.startCurrent();
    this.error = failuresBefore;
    this.emit();
  }

  private fail(message: string) {
    if (/interrupted|aborted/i.test(message)) return; // a newer play() or pause() won
    this.playing = false;
    this.error = message;
    this.emit();
  }

  private buildSnapshot(): EngineSnapshot {
    const audio = this.audible;
    const current = Queue.current(this.queue);
    const ad = this.ads.playing;
    const known = ad ? ad.durationMs / 1000 : (current?.durationMs ?? 0) / 1000;
    return {
      ad,
      queue: this.queue,
      current,
      playing: this.playing,
      position: audio.currentTime || 0,
      duration: Number.isFinite(audio.duration) && audio.duration > 0 ? audio.duration : known,
      volume: this.volume,
      error: this.error,
      nextPrefetched: this.slots.other.trackId !== null,
      history: this.plays.history,
    };
  }

  private emit() {
    this.snapshot = this.buildSnapshot();
    for (const listener of this.listeners) listener();
  }
}
