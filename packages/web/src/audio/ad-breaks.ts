import type { AdBreakPlan, AudioLike } from './engine-types.ts';

export interface AdBreaksOptions {
  createAudio: () => AudioLike;
  nextAdBreak?: () => Promise<AdBreakPlan | null>;
  onAdPlayed?: (ad: AdBreakPlan) => void;
  /** Something changed that the player shows (the break started, ticked or ended). */
  onChange: () => void;
  /** play() failed. */
  onFail: (message: string) => void;
}

/**
 * A free plan's ad breaks, for the audio engine: asks whether one is due when the next
 * track is prefetched, preloads its audio in a third element (both track slots keep what
 * they loaded), plays it between tracks, and hands back to the music when it ends.
 */
export class AdBreaks {
  /** The break due before the next track (its audio preloading). */
  due: AdBreakPlan | null = null;
  /** Whether the current track has asked yet. */
  asked = false;
  private element: AudioLike | undefined;
  private current: { ad: AdBreakPlan; then: () => Promise<void> } | null = null;
  private readonly options: AdBreaksOptions;

  constructor(options: AdBreaksOptions) {
    this.options = options;
  }

  /** The break playing now, or null. */
  get playing(): AdBreakPlan | null {
    return this.current?.ad ?? null;
  }
  /** The element playing the break (when one plays). */
  get audio(): AudioLike | undefined {
    return this.current ? this.element : undefined;
  }

  /** Asks once per track whether a break is due, and preloads it. */
  async prepare() {
    if (this.asked) return;
    this.asked = true;
    const ad = await this.options.nextAdBreak?.().catch(() => null);
    if (!ad || this.current) return;
    this.due = ad;
    const audio = this.audioElement();
    audio.src = ad.audioUrl;
    audio.load();
  }

  /** Plays a break, then `then` (the next track). */
  async play(ad: AdBreakPlan, then: () => Promise<void>, volume: number) {
    this.due = null;
    this.current = { ad, then };
    const audio = this.audioElement();
    if (audio.src !== ad.audioUrl) {
      audio.src = ad.audioUrl;
      audio.load();
    }
    audio.currentTime = 0;
    audio.volume = volume;
    this.options.onChange();
    await audio.play().catch((e: Error) => this.options.onFail(e.message));
  }

  setVolume(volume: number) {
    if (this.element) this.element.volume = volume;
  }

  /** The plan no longer has ads (an upgrade): a due break is dropped, a playing one ends now. */
  drop() {
    this.due = null;
    if (!this.current) return;
    this.element?.pause();
    void this.ended(false);
  }

  private audioElement(): AudioLike {
    if (!this.element) {
      const audio = this.options.createAudio();
      audio.preload = 'auto';
      audio.addEventListener('timeupdate', () => this.current && this.options.onChange());
      audio.addEventListener('ended', () => void this.ended(true));
      // An ad that cannot play is not the listener's fault: the music goes on.
      audio.addEventListener('error', () => this.current && void this.ended(false));
      this.element = audio;
    }
    return this.element;
  }

  private async ended(heard: boolean) {
    const current = this.current;
    if (!current) return;
    this.current = null;
    // The music first: the report can wait a few milliseconds.
    const started = current.then();
    if (heard) this.options.onAdPlayed?.(current.ad);
    this.element?.removeAttribute('src');
    await started;
  }
}
