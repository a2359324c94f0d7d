import type { ReplayGain } from './loudness.ts';

/** A playable item as the player needs it. */
export interface QueueTrack {
  id: string;
  title: string;
  artist: string;
  album?: string;
  /** The catalogue album's id (so the player knows when the album plays in order). */
  albumId?: string;
  /** Its loudness, when the catalogue knows it (local files have none). */
  replayGain?: ReplayGain;
  durationMs: number;
  artUrl?: string;
  /** Set for a file on this device (local files), played from a blob URL. */
  localKey?: string;
  /** A "next up" item's id in the server's queue (shared by all of the user's devices). */
  entryId?: string;
}

export type RepeatMode = 'off' | 'context' | 'track';

export interface QueueState {
  contextUri: string | null;
  tracks: QueueTrack[];
  /** Index into `order` of the context track playing (or last played, while a next-up item plays). */
  cursor: number;
  /** Play order over `tracks` (a permutation when shuffled). */
  order: number[];
  /** Items the listener queued by hand; they play before the rest of the context. */
  nextUp: QueueTrack[];
  /** The hand-queued item playing now, if any (it is not part of the context). */
  playingNextUp: QueueTrack | null;
  shuffle: boolean;
  repeat: RepeatMode;
}

export const emptyQueue = (): QueueState => ({
  contextUri: null,
  tracks: [],
  cursor: 0,
  order: [],
  nextUp: [],
  playingNextUp: null,
  shuffle: false,
  repeat: 'off',
});

/**
 * The play queue as pure functions over QueueState: a context (album, playlist, search
 * results) with a position, plus "next up" items, shuffle and repeat. No DOM, no audio.
 */
export const Queue = {
  /** Plays `tracks` from `start` as the new context; keeps next-up items. */
  setContext(state: QueueState, tracks: QueueTrack[], start: number, contextUri: string | null, random = Math.random): QueueState {
    const order = tracks.map((_, i) => i);
    const next: QueueState = { ...state, contextUri, tracks, order, cursor: start, playingNextUp: null };
    return state.shuffle ? shuffleKeeping(next, start, random) : next;
  },

  /** Adds tracks at the end of the context (an endless station growing), after the rest of the play order. */
  extendContext(state: QueueState, tracks: QueueTrack[]): QueueState {
    const start = state.tracks.length;
    return { ...state, tracks: [...state.tracks, ...tracks], order: [...state.order, ...tracks.map((_, i) => start + i)] };
  },

  current(state: QueueState): QueueTrack | undefined {
    return state.playingNextUp ?? state.tracks[state.order[state.cursor] ?? -1];
  },

  /** What `advance` would play, without moving: the track to prefetch. */
  peekNext(state: QueueState): QueueTrack | undefined {
    if (state.repeat === 'track') return Queue.current(state);
    if (state.nextUp.length) return state.nextUp[0];
    const cursor = state.cursor + 1;
    if (cursor < state.order.length) return state.tracks[state.order[cursor]!];
    return state.repeat === 'context' ? state.tracks[state.order[0] ?? -1] : undefined;
  },

  /** Moves to the next track (at the end of one, or on "next"). */
  advance(state: QueueState, manual = false): QueueState {
    if (state.repeat === 'track' && !manual) return state;
    if (state.nextUp.length) {
      const [first, ...rest] = state.nextUp;
      return { ...state, nextUp: rest, playingNextUp: first! };
    }
    const cursor = state.cursor + 1;
    if (cursor < state.order.length) return { ...state, cursor, playingNextUp: null };
    if (state.repeat !== 'off' && state.order.length) return { ...state, cursor: 0, playingNextUp: null };
    return { ...state, cursor: state.order.length, playingNextUp: null };
  },

  previous(state: QueueState): QueueState {
    if (state.playingNextUp) return { ...state, playingNextUp: null };
    return { ...state, cursor: Math.max(0, state.cursor - 1) };
  },

  /** Adds items to play next, after any already queued by hand. */
  addToQueue(state: QueueState, tracks: QueueTrack[]): QueueState {
    return { ...state, nextUp: [...state.nextUp, ...tracks] };
  },

  /** Adds items to play right after the current one, before other queued items. */
  playNext(state: QueueState, tracks: QueueTrack[]): QueueState {
    return { ...state, nextUp: [...tracks, ...state.nextUp] };
  },

  /** Replaces the "next up" items (with the server's, shared by every device). */
  setNextUp(state: QueueState, tracks: QueueTrack[]): QueueState {
    return { ...state, nextUp: tracks };
  },

  removeFromQueue(state: QueueState, index: number): QueueState {
    return { ...state, nextUp: state.nextUp.filter((_, i) => i !== index) };
  },

  /** Removes the context's item at play-order position `at` (not the one playing: that stays). */
  removeFromContext(state: QueueState, at: number): QueueState {
    const gone = state.order[at];
    if (gone === undefined || at === state.cursor) return state;
    const order = state.order.filter((_, i) => i !== at).map((i) => (i > gone ? i - 1 : i));
    return { ...state, tracks: state.tracks.filter((_, i) => i !== gone), order, cursor: at < state.cursor ? state.cursor - 1 : state.cursor };
  },

  moveInQueue(state: QueueState, from: number, to: number): QueueState {
    const nextUp = [...state.nextUp];
    const [item] = nextUp.splice(from, 1);
    if (item) nextUp.splice(Math.min(to, nextUp.length), 0, item);
    return { ...state, nextUp };
  },

  /** The context's tracks still to come, in play order. */
  upcoming(state: QueueState): QueueTrack[] {
    return state.order.slice(state.cursor + 1).map((i) => state.tracks[i]!);
  },

  setShuffle(state: QueueState, shuffle: boolean, random = Math.random): QueueState {
    if (shuffle === state.shuffle) return state;
    const playing = state.order[state.cursor] ?? 0;
    if (shuffle) return shuffleKeeping({ ...state, shuffle: true }, playing, random);
    return { ...state, shuffle: false, order: state.tracks.map((_, i) => i), cursor: playing };
  },

  setRepeat(state: QueueState, repeat: RepeatMode): QueueState {
    return { ...state, repeat };
  },
};

/** Shuffles the play order, with the track at `keep` first so the music doesn't jump. */
function shuffleKeeping(state: QueueState, keep: number, random: () => number): QueueState {
  const rest = state.tracks.map((_, i) => i).filter((i) => i !== keep);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  const order = state.tracks.length ? [keep, ...rest] : [];
  return { ...state, order, cursor: 0 };
}
