import { Queue, emptyQueue, type QueueState, type QueueTrack, type RepeatMode } from './queue.ts';

/** The part of HTMLAudioElement the engine uses (tests pass their own). */
export interface AudioLike {
  src: string;
  currentTime: number;
  readonly duration: number;
  volume: number;
  readonly paused: boolean;
  preload: string;
  play(): Promise<void>;
  pause(): void;
  load(): void;
  removeAttribute(name: string): void;
  addEventListener(type: string, listener: () => void): void;
}

/** An ad break to play between tracks (a free plan's): its audio, banner and link. */
export interface AdBreakPlan {
  id: string;
  title: string;
  audioUrl: string;
  durationMs: number;
  bannerUrl: string | null;
  bannerWidth: number | null;
  bannerHeight: number | null;
  clickUrl: string;
}

export interface EngineOptions {
  createAudio: () => AudioLike;
  /** Where to fetch a track's audio (a signed stream URL, or a blob URL for a local file). */
  resolveUrl: (track: QueueTrack) => Promise<string>;
  /** A play counts after 30 s or half the track, whichever comes first. */
  onPlayed?: (track: QueueTrack) => void;
  /** A "next up" item started playing (so it can leave the shared queue). */
  onNextUpStarted?: (track: QueueTrack) => void;
  /** The next track starts loading this many seconds before the current one ends. */
  prefetchSeconds?: number;
  /** How often a failing track is retried before it is skipped. */
  retries?: number;
  wait?: (ms: number) => Promise<void>;
  /** The ad break due before the next track, or null; asked once per track, when the next one is prefetched. */
  nextAdBreak?: () => Promise<AdBreakPlan | null>;
  /** An ad break was heard to the end. */
  onAdPlayed?: (ad: AdBreakPlan) => void;
  /** Asked before a skip forward: a message refuses it (the plan's skips are used up). */
  beforeSkip?: () => Promise<string | null>;
}

export interface EngineSnapshot {
  queue: QueueState;
  current: QueueTrack | undefined;
  playing: boolean;
  /** Seconds into the current track. */
  position: number;
  /** Seconds, from the audio when known, else from the tags. */
  duration: number;
  volume: number;
  /** Why playback stopped, when it did not stop on purpose. */
  error: string | null;
  /** True once the next track's audio has been requested. */
  nextPrefetched: boolean;
  /** What played in this tab, newest first (a play counts as `onPlayed` says), at most 50. */
  history: QueueTrack[];
  /** The ad break playing now: skip, previous and seek wait until it ends. */
  ad: AdBreakPlan | null;
}

type Hooks = 'onPlayed' | 'onNextUpStarted' | 'nextAdBreak' | 'onAdPlayed' | 'beforeSkip';

interface Slot {
  audio: AudioLike;
  trackId: string | null;
}

/**
 * Plays the queue through two audio elements: while one plays, the other loads the next
 * track ~30 s before the end (as the original client did), and on `ended` the loaded one
 * starts at once, so there is no gap. Framework-free; the UI subscribes to snapshots.
 */
export class AudioEngine {
  private readonly options: Required<Omit<EngineOptions, Hooks>> & Pick<EngineOptions, Hooks>;
  private readonly slots: [Slot, Slot];
  private active = 0;
  private queue: QueueState = emptyQueue();
  private playing = false;
  private volume = 1;
  private error: string | null = null;
  private reported = false;
  private history: QueueTrack[] = [];
  private failures = 0;
  private listeners = new Set<() => void>();
  private snapshot: EngineSnapshot;
  /** The third element: ad breaks play here, so both track slots keep what they loaded. */
  private adAudio: AudioLike | undefined;
  /** The break due before the next track (its audio preloading), and the one playing. */
  private dueAd: AdBreakPlan | null = null;
  private playingAd: { ad: AdBreakPlan; then: () => Promise<void> } | null = null;
  private adAsked = false;

  constructor(options: EngineOptions) {
    this.options = { prefetchSeconds: 30, retries: 2, wait: (ms) => new Promise((r) => setTimeout(r, ms)), ...options };
    this.slots = [this.makeSlot(), this.makeSlot()];
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
    this.queue = Queue.setContext(this.queue, tracks, start, contextUri);
    await this.startCurrent();
  }

  /** Restores a saved queue without playing (after a reload). */
  restore(queue: QueueState, position: number) {
    this.queue = queue;
    const track = Queue.current(queue);
    if (track) void this.load(this.current, track, position);
    this.emit();
  }

  async toggle() {
    if (this.playingAd) return this.playing ? this.pause() : this.resume();
    if (this.playing) return this.pause();
    if (!this.current.trackId) return this.startCurrent();
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
    if (this.playingAd) return this.refuse('You can skip when the ad is over');
    const refused = await this.options.beforeSkip?.();
    if (refused) return this.refuse(refused);
    this.queue = Queue.advance(this.queue, true);
    if (this.dueAd) {
      this.current.audio.pause();
      return this.playAd(this.dueAd, () => this.startCurrent());
    }
    await this.startCurrent();
  }

  /** Back to the start of the track, or to the previous one in the first 3 seconds. */
  async previous() {
    if (this.playingAd) return this.refuse('You can skip when the ad is over');
    if (this.current.audio.currentTime > 3) return this.seek(0);
    this.queue = Queue.previous(this.queue);
    await this.startCurrent();
  }

  seek(seconds: number) {
    if (this.playingAd) return;
    const audio = this.current.audio;
    audio.currentTime = Math.max(0, Math.min(seconds, Number.isFinite(audio.duration) ? audio.duration : seconds));
    this.emit();
  }

  setVolume(volume: number) {
    this.volume = Math.max(0, Math.min(1, volume));
    for (const slot of this.slots) slot.audio.volume = this.volume;
    if (this.adAudio) this.adAudio.volume = this.volume;
    this.emit();
  }

  /** The plan no longer has ads (an upgrade): a due break is dropped, a playing one ends now. */
  dropAds() {
    this.dueAd = null;
    const playing = this.playingAd;
    if (!playing) return;
    this.playingAd = null;
    this.adAudio?.pause();
    void playing.then();
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
  moveInQueue(from: number, to: number) {
    this.changeQueue(Queue.moveInQueue(this.queue, from, to));
  }

  /** A queue change may change what plays next: drop a prefetch that is no longer right. */
  private changeQueue(queue: QueueState) {
    this.queue = queue;
    const next = Queue.peekNext(queue);
    if (this.other.trackId && this.other.trackId !== next?.id) this.unload(this.other);
    this.emit();
  }

  private get current() {
    return this.slots[this.active]!;
  }
  /** What the listener hears now: the ad during a break, else the current track. */
  private get audible(): AudioLike {
    return this.playingAd && this.adAudio ? this.adAudio : this.current.audio;
  }
  private get other() {
    return this.slots[1 - this.active]!;
  }

  private makeSlot(): Slot {
    const audio = this.options.createAudio();
    audio.preload = 'auto';
    const slot: Slot = { audio, trackId: null };
    audio.addEventListener('timeupdate', () => slot === this.current && this.onTime());
    audio.addEventListener('ended', () => slot === this.current && void this.onEnded());
    audio.addEventListener('error', () => slot === this.current && slot.trackId && void this.onError());
    audio.addEventListener('playing', () => slot === this.current && this.emit());
    audio.addEventListener('durationchange', () => slot === this.current && this.emit());
    return slot;
  }

  private async startCurrent() {
    const track = Queue.current(this.queue);
    if (track && this.queue.playingNextUp === track) this.options.onNextUpStarted?.(track);
    this.reported = false;
    this.failures = 0;
    this.adAsked = false;
    if (!track) {
      this.current.audio.pause();
      this.playing = false;
      return this.emit();
    }
    if (this.other.trackId === track.id) {
      // Already loaded by the prefetch: switch to it.
      this.current.audio.pause();
      this.unload(this.current);
      this.active = 1 - this.active;
      this.current.audio.currentTime = 0;
    } else {
      this.current.audio.pause();
      await this.load(this.current, track, 0);
    }
    await this.resume();
  }

  private async load(slot: Slot, track: QueueTrack, position: number) {
    slot.trackId = track.id;
    slot.audio.volume = this.volume;
    slot.audio.src = await this.options.resolveUrl(track);
    slot.audio.load();
    if (position) slot.audio.currentTime = position;
  }

  private unload(slot: Slot) {
    slot.trackId = null;
    slot.audio.removeAttribute('src');
    slot.audio.load();
  }

  private onTime() {
    const audio = this.current.audio;
    const track = Queue.current(this.queue);
    if (!track) return;
    const duration = Number.isFinite(audio.duration) && audio.duration > 0 ? audio.duration : track.durationMs / 1000;
    if (!this.reported && (audio.currentTime >= 30 || audio.currentTime >= duration / 2)) {
      this.reported = true;
      this.history = [track, ...this.history].slice(0, 50);
      this.options.onPlayed?.(track);
    }
    const next = Queue.peekNext(this.queue);
    const nearEnd = duration - audio.currentTime <= this.options.prefetchSeconds;
    if (next && next.id !== track.id && this.other.trackId !== next.id && nearEnd) {
      void this.load(this.other, next, 0);
    }
    if (nearEnd && !this.adAsked) {
      this.adAsked = true;
      void this.prepareAd();
    }
    this.emit();
  }

  /** Asks whether an ad break is due before the next track, and preloads its audio. */
  private async prepareAd() {
    const ad = await this.options.nextAdBreak?.().catch(() => null);
    if (!ad || this.playingAd) return;
    this.dueAd = ad;
    const audio = this.adElement();
    audio.src = ad.audioUrl;
    audio.load();
  }

  private adElement(): AudioLike {
    if (!this.adAudio) {
      const audio = this.options.createAudio();
      audio.preload = 'auto';
      audio.addEventListener('timeupdate', () => this.playingAd && this.emit());
      audio.addEventListener('ended', () => void this.adEnded());
      // An ad that cannot play is not the listener's fault: the music goes on.
      audio.addEventListener('error', () => this.playingAd && void this.adEnded(false));
      this.adAudio = audio;
    }
    return this.adAudio;
  }

  /** Plays a break, then `then` (the next track); seek and skips wait until it is over. */
  private async playAd(ad: AdBreakPlan, then: () => Promise<void>) {
    this.dueAd = null;
    this.playingAd = { ad, then };
    const audio = this.adElement();
    if (audio.src !== ad.audioUrl) {
      audio.src = ad.audioUrl;
      audio.load();
    }
    audio.currentTime = 0;
    audio.volume = this.volume;
    this.playing = true;
    this.emit();
    await audio.play().catch((e: Error) => this.fail(e.message));
  }

  private async adEnded(heard = true) {
    const playing = this.playingAd;
    if (!playing) return;
    this.playingAd = null;
    // The music first: the report can wait a few milliseconds.
    const started = playing.then();
    if (heard) this.options.onAdPlayed?.(playing.ad);
    this.adAudio?.removeAttribute('src');
    await started;
  }

  private refuse(message: string) {
    this.error = message;
    this.emit();
  }

  private async onEnded() {
    if (this.dueAd) return this.playAd(this.dueAd, () => this.advanceAfterEnd());
    await this.advanceAfterEnd();
  }

  /** The track ended: the next one, at once from its prefetch when there is one. */
  private async advanceAfterEnd() {
    this.queue = Queue.advance(this.queue);
    const track = Queue.current(this.queue);
    if (track && this.other.trackId === track.id) {
      // The gapless path: the next track is loaded; start it before anything else.
      const previous = this.current;
      if (this.queue.playingNextUp === track) this.options.onNextUpStarted?.(track);
      this.active = 1 - this.active;
      this.reported = false;
      this.failures = 0;
      this.adAsked = false;
      this.playing = true;
      const started = this.current.audio.play();
      this.unload(previous);
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
    const position = this.current.audio.currentTime;
    this.failures += 1;
    if (this.failures <= this.options.retries) {
      await this.options.wait(500 * 2 ** (this.failures - 1));
      if (Queue.current(this.queue)?.id !== track.id) return;
      await this.load(this.current, track, position);
      if (this.playing) await this.current.audio.play().catch(() => {});
      return;
    }
    this.error = `Could not play “${track.title}”; skipped`;
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
    const ad = this.playingAd?.ad ?? null;
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
      nextPrefetched: this.other.trackId !== null,
      history: this.history,
    };
  }

  private emit() {
    this.snapshot = this.buildSnapshot();
    for (const listener of this.listeners) listener();
  }
}
