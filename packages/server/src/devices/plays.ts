import type { DeviceType } from '@runnel/api';
import type { CatalogLookup } from '../track-lookup.ts';
import type { PlaybackTable } from './tables.ts';

/** A play to record, as a player reports one (the player module's `played`). */
export interface DevicePlay {
  uri: string;
  context_uri?: string;
  /** When it began, ms since the epoch. */
  played_at: number;
  /** The same for every node that sees this play (a report seen twice counts once). */
  play_id: string;
}

export interface DevicePlaysDeps {
  catalog: CatalogLookup;
  playback: (userId: string) => Promise<PlaybackTable | undefined>;
  /** Where the playback row puts the device now (its position extrapolated while playing). */
  progressOf: (p: PlaybackTable) => number;
  played: (userId: string, play: DevicePlay) => Promise<void>;
  /** Says what a device has started playing, by its name (now playing: friends' feed, Subsonic apps, scrobbling services). */
  started: (userId: string, player: string, uri: string) => Promise<void>;
  onError: (error: Error) => void;
}

/** Devices that play without a web player of ours to report their plays. */
const COUNTED_HERE: readonly DeviceType[] = ['box', 'speaker'];
/** A play counts after half the track or 4 minutes (the web player's rule, audio/plays.ts, and the scrobbling services'). */
const ENOUGH_MS = 240_000;
/** A report this near a track's start is a (re)start of it: said as now playing again. */
const RESTART_MS = 1_500;

/**
 * Plays on the Runnel Box and on UPnP renderers, which report where they are but not what
 * counted: after each report the server arms a timer for the moment the track reaches half
 * its length (or 4 minutes) and, when it fires, records the play if the playback still says
 * that track is playing that far in. The web player counts its own plays.
 */
export function devicePlays({ catalog, playback, progressOf, played, started, onError }: DevicePlaysDeps) {
  const timers = new Map<string, NodeJS.Timeout>();
  /** What each device was last said to be playing: its track and place in the list. */
  const announced = new Map<string, string>();

  async function fire(userId: string, deviceId: string, uri: string, enoughMs: number) {
    const p = await playback(userId);
    if (!p || p.device_id !== deviceId || Number(p.is_playing) !== 1) return;
    if ((JSON.parse(p.uris) as string[])[Number(p.idx)] !== uri || progressOf(p) < enoughMs - 250) return;
    // Every node reading this row computes the same start, so two timers record one play.
    const began = Number(p.progress_at) - Number(p.progress_ms);
    await played(userId, { uri, played_at: began, play_id: `${deviceId}:${began}:${uri}`, ...(p.context_uri && { context_uri: p.context_uri }) });
  }

  return {
    /** After a device's report: counts what it plays now once it has played long enough. */
    async watch(userId: string, { id: deviceId, type, name }: { id: string; type: DeviceType; name: string }) {
      const key = `${userId}/${deviceId}`;
      clearTimeout(timers.get(key));
      timers.delete(key);
      if (!COUNTED_HERE.includes(type)) return;
      const p = await playback(userId);
      const uri = p && Number(p.is_playing) === 1 ? (JSON.parse(p.uris) as string[])[Number(p.idx)] : undefined;
      if (!p || !uri?.startsWith('runnel:track:')) return;
      const position = progressOf(p);
      // Now playing: when the device moves to another track, or starts one from its beginning again.
      const playing = `${uri}|${String(p.idx)}`;
      if (announced.get(key) !== playing || position < RESTART_MS) {
        announced.set(key, playing);
        started(userId, name, uri).catch(onError);
      }
      const id = uri.slice('runnel:track:'.length);
      const durationMs = Number((await catalog.tracks([id])).get(id)?.duration_ms) || 0;
      if (!durationMs) return;
      const enoughMs = Math.min(durationMs / 2, ENOUGH_MS);
      // Already past it: counted before, or skipped to there (which is not a listen).
      if (position >= enoughMs) return;
      const timer = setTimeout(() => {
        timers.delete(key);
        fire(userId, deviceId, uri, enoughMs).catch(onError);
      }, enoughMs - position);
      timer.unref();
      timers.set(key, timer);
    },

    close() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      announced.clear();
    },
  };
}
