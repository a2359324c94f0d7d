import { useSyncExternalStore } from 'react';
import type { Plan } from '@runnel/api';
import { AudioEngine, type AdBreakPlan } from './engine.ts';
import type { EngineOptions } from './engine-types.ts';
import type { QueueState, QueueTrack } from './queue.ts';
import { api } from '../api/client.ts';
import { streamQuery } from './quality.ts';
import { getNormalisation } from './normalisation.ts';
import { elementOutput } from './slot.ts';
import { wakeAudio, webAudioOutput } from './web-audio.ts';
import { itemUri } from '../tracks/to-queue.ts';
import { sendOrKeep } from '../offline/actions.ts';
import { storedAudioUrl } from '../offline/playback.ts';
import { isStored } from '../offline/store.ts';
import { errorText } from '../i18n/errors.ts';
import { translate } from '../i18n/translate.ts';

const SAVED = 'runnel.player';

/** The listener's plan as last read (the shell keeps it current, live): whether ads and a skip limit apply. */
let plan: Plan | null = null;
/** The last now-playing report: a due ad break is asked for only after the server has counted the track. */
let reporting: Promise<unknown> = Promise.resolve();

/** Blob URLs of local files picked on this device, by their local key. */
export const localFiles = new Map<string, string>();

/** The one audio engine of this tab, bound to real <audio> elements. */
export const player = new AudioEngine({
  createAudio: () => {
    const audio = new Audio();
    audio.setAttribute('data-runnel-audio', '');
    document.body.appendChild(audio);
    return audio;
  },
  // Track slots can boost a quiet track through Web Audio; ads keep the plain element.
  createOutput: (audio) => (audio instanceof HTMLAudioElement ? webAudioOutput(audio) : elementOutput(audio)),
  normalisation: getNormalisation(),
  resolveUrl: async (track: QueueTrack) => {
    if (track.localKey) {
      const url = localFiles.get(track.localKey);
      if (!url) throw new Error(translate('player.localMissing'));
      return url;
    }
    // A track stored for offline plays from this device, at once, with or without the server.
    if (isStored(track.id)) return storedAudioUrl(track.id);
    // Same-origin media requests carry the session cookie.
    return `/api/v1/tracks/${encodeURIComponent(track.id)}/stream${streamQuery()}`;
  },
  onNextUpStarted: (track) => nextUpStartedHook?.(track),
  interceptPlay: (tracks, start, contextUri) => playElsewhereHook?.(tracks, start, contextUri) ?? false,
  nextAdBreak: async (): Promise<AdBreakPlan | null> => {
    if (!plan?.has_ads) return null;
    await reporting;
    const due = (await api('POST /me/ad-breaks')).break;
    if (!due) return null;
    const { ad } = due;
    return {
      id: due.id,
      title: ad.title,
      audioUrl: ad.audio_url,
      durationMs: ad.duration_ms,
      bannerUrl: ad.banner_url,
      bannerWidth: ad.banner_width,
      bannerHeight: ad.banner_height,
      clickUrl: ad.click_url,
    };
  },
  onAdPlayed: (ad) => void api('POST /me/ad-breaks/:id/played', { params: { id: ad.id } }).catch(() => {}),
  explainFailure: async () => {
    if (plan?.monthly_listening_hours === null || plan === null) return null;
    const usage = await api('GET /me/plan');
    if (usage.listening_minutes_left !== 0) return null;
    const hours = usage.plan.monthly_listening_hours;
    return translate('player.listeningLimit', { hours: hours ?? 0, plan: usage.plan.name });
  },
  beforeSkip: async () => {
    if (plan?.skips_per_hour === null || plan === null) return null;
    try {
      await api('POST /me/plan/skips');
      return null;
    } catch (error) {
      return errorText(error, 'player.cannotSkip');
    }
  },
  onPlayed: (track, startedAt) => {
    // Local files too: history shows them on every device (playable where the file is).
    // Offline, the play is kept with its time and id, and counted once when sent.
    const uri = itemUri(track);
    const context = player.getSnapshot().queue.contextUri;
    const where = context && /^runnel:(album|playlist|artist):/.test(context) ? { context_uri: context } : {};
    // keepalive: a play that counts just before the tab is closed or reloaded still arrives.
    const body = { uri, ...where, played_at: startedAt, play_id: playId() };
    void sendOrKeep('POST /me/player/recently-played', { body, keepalive: true }).catch(() => {});
  },
});

/** A new play's own id (crypto.randomUUID needs HTTPS; a LAN address over HTTP has only getRandomValues). */
function playId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The shell tells the player the listener's plan, at sign-in and whenever it or their tier changes. */
export function setPlan(next: Plan | null) {
  plan = next;
  if (!next?.has_ads) player.dropAds();
}

/** Counts a banner click of the break playing (the link itself opens in a new tab). */
export function adClicked(ad: AdBreakPlan) {
  void api('POST /me/ad-breaks/:id/click', { params: { id: ad.id } }).catch(() => {});
}

let playElsewhereHook: EngineOptions['interceptPlay'];
/** Set by the devices sync: a list played while another device is active goes to that device (avoids an import cycle). */
export function onPlayElsewhere(hook: EngineOptions['interceptPlay']) {
  playElsewhereHook = hook;
}

let nextUpStartedHook: ((track: QueueTrack) => void) | undefined;
/** Set by the queue sync: told when a "next up" item starts (avoids an import cycle). */
export function onNextUpStarted(hook: (track: QueueTrack) => void) {
  nextUpStartedHook = hook;
}

/** The engine's state for React components (re-renders on every tick of the position). */
export function usePlayer() {
  return useSyncExternalStore(player.subscribe, player.getSnapshot);
}

/** The id of the track playing; re-renders only when it changes (long track lists use it). */
export function usePlayingId(): string | undefined {
  return useSyncExternalStore(player.subscribe, () => player.getSnapshot().current?.id);
}

/** On sign-out: stop, and forget this user's queue on this device. */
export function forgetPlayer() {
  player.pause();
  localStorage.removeItem(SAVED);
}

/** Keeps the queue and position across reloads, and the OS media keys in step. */
export function bindPlayerToBrowser() {
  try {
    const saved = JSON.parse(localStorage.getItem(SAVED) ?? 'null') as { queue: QueueState; position: number } | null;
    if (saved?.queue)
      void player.restore({ ...saved.queue, tracks: saved.queue.tracks.filter((t) => !t.localKey || localFiles.has(t.localKey)) }, saved.position);
  } catch {
    localStorage.removeItem(SAVED);
  }
  // The AudioContext that boosts quiet tracks may run only once the listener has used the page.
  for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, wakeAudio, { capture: true, passive: true });
  let lastSaved = 0;
  player.subscribe(() => {
    const s = player.getSnapshot();
    const now = Date.now();
    if (now - lastSaved > 2000 || !s.playing) {
      lastSaved = now;
      localStorage.setItem(SAVED, JSON.stringify({ queue: s.queue, position: s.position }));
    }
    updateMediaSession();
    reportNowPlaying();
  });
  if ('mediaSession' in navigator) {
    const session = navigator.mediaSession;
    session.setActionHandler('play', () => void player.resume());
    session.setActionHandler('pause', () => player.pause());
    session.setActionHandler('nexttrack', () => void player.next());
    session.setActionHandler('previoustrack', () => void player.previous());
    session.setActionHandler('seekto', (d) => d.seekTime !== undefined && player.seek(d.seekTime));
  }
}

let lastTrackId: string | undefined;
function updateMediaSession() {
  if (!('mediaSession' in navigator)) return;
  const { current, playing } = player.getSnapshot();
  navigator.mediaSession.playbackState = playing ? 'playing' : 'paused';
  if (current?.id === lastTrackId) return;
  lastTrackId = current?.id;
  navigator.mediaSession.metadata = current
    ? new MediaMetadata({
        title: current.title,
        artist: current.artist,
        album: current.album ?? '',
        artwork: current.artUrl ? [{ src: current.artUrl, sizes: '300x300' }] : [],
      })
    : null;
  document.title = current ? `${current.title} · ${current.artist} — Runnel` : 'Runnel';
}

let reported: string | undefined;
/** Tells the server which catalogue track just started playing here (the people who follow you see it). */
function reportNowPlaying() {
  const { current, playing, ad } = player.getSnapshot();
  if (ad || !playing || !current || current.localKey || current.id === reported) return;
  reported = current.id;
  reporting = api('PUT /me/player/now-playing', { body: { uri: `runnel:track:${current.id}` } }).catch(() => {});
}
