import type { Normalisation } from './loudness.ts';
import type { QueueState, QueueTrack } from './queue.ts';

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

/**
 * Where a track slot's sound goes, at a level: the listener's volume (0–1) times the
 * track's loudness gain (linear, may be above 1). An element's own volume can only
 * attenuate; the browser's output boosts through Web Audio.
 */
export interface SlotOutput {
  setLevel(volume: number, gain: number): void;
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
  /** A track slot's output (not an ad's: ads play at the listener's volume); by default the element's volume, the gain capped at 1. */
  createOutput?: (audio: AudioLike) => SlotOutput;
  /** The volume normalisation to start with (Settings; `setNormalisation` changes it). */
  normalisation?: Normalisation;
  /** Where to fetch a track's audio (a signed stream URL, or a blob URL for a local file). */
  resolveUrl: (track: QueueTrack) => Promise<string>;
  /** A play counts after half the track or 4 minutes, whichever comes first (plays.ts); `startedAt`: when it began. */
  onPlayed?: (track: QueueTrack, startedAt: number) => void;
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
  /** Asked before playing a new list here: true when it was sent to another device instead (another one is active). */
  interceptPlay?: (tracks: QueueTrack[], start: number, contextUri: string | null) => boolean;
  /** Asked when a track fails: a message means playing on cannot help (the plan's monthly listening is used up), so playback stops with it. */
  explainFailure?: () => Promise<string | null>;
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
