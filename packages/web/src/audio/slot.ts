import type { AudioLike, SlotOutput } from './engine-types.ts';

/** Without Web Audio: the gain folded into the element's volume, so it attenuates but cannot boost. */
export const elementOutput = (audio: AudioLike): SlotOutput => ({
  setLevel: (volume, gain) => {
    audio.volume = Math.max(0, Math.min(1, volume * gain));
  },
});

/**
 * One of the engine's two audio elements: the track loaded in it, and the level it plays
 * at, the listener's volume times that track's loudness gain.
 */
export class Slot {
  /** The track loaded (or being loaded), claimed before its URL is known so a second load sees it. */
  trackId: string | null = null;
  readonly audio: AudioLike;
  private volume = 1;
  private gain = 1;
  private readonly output: SlotOutput;

  constructor(audio: AudioLike, createOutput: (audio: AudioLike) => SlotOutput = elementOutput) {
    audio.preload = 'auto';
    this.audio = audio;
    this.output = createOutput(audio);
  }

  /** Loads the claimed track's audio from `url`, to start at `position` seconds. */
  load(url: string, position: number) {
    this.audio.src = url;
    this.audio.load();
    if (position) this.audio.currentTime = position;
  }

  unload() {
    this.trackId = null;
    this.audio.removeAttribute('src');
    this.audio.load();
  }

  setVolume(volume: number) {
    this.volume = volume;
    this.output.setLevel(this.volume, this.gain);
  }

  /** The loudness gain of the track in this slot (1: as recorded). */
  setGain(gain: number) {
    this.gain = gain;
    this.output.setLevel(this.volume, this.gain);
  }
}

/** What the engine hears of the current slot's element (the other one only loads). */
export type SlotEvents = Record<'timeupdate' | 'ended' | 'error' | 'playing' | 'durationchange', (slot: Slot) => void>;

/**
 * The engine's two slots: the current one plays, the other loads what comes next; `swap`
 * makes the other current. Only the current slot's events reach the engine.
 */
export class SlotPair {
  private readonly slots: [Slot, Slot];
  private active = 0;

  constructor(createAudio: () => AudioLike, createOutput: ((audio: AudioLike) => SlotOutput) | undefined, events: SlotEvents) {
    const make = () => {
      const slot = new Slot(createAudio(), createOutput);
      for (const [type, handler] of Object.entries(events)) slot.audio.addEventListener(type, () => slot === this.current && handler(slot));
      return slot;
    };
    this.slots = [make(), make()];
  }

  get current(): Slot {
    return this.slots[this.active]!;
  }
  get other(): Slot {
    return this.slots[1 - this.active]!;
  }

  swap() {
    this.active = 1 - this.active;
  }

  setVolume(volume: number) {
    for (const slot of this.slots) slot.setVolume(volume);
  }
}
