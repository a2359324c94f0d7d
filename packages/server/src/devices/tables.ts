import type { DeviceType, RepeatState } from '@runnel/api';

/** One of a user's devices: a web player, a Runnel Box, a UPnP renderer. */
export interface DevicesTable {
  user_id: string;
  /** Chosen by the device (unique per user). */
  id: string;
  name: string;
  type: DeviceType;
  supports_volume: number;
  volume_percent: number | null;
  /** Last sign of life (live channel opened or pinged, renderer polled); ms since the epoch. */
  seen_at: number;
  /** 1 while a live channel (or the renderer driver) holds it. */
  online: number;
  /** For a renderer: its UPnP description URL (the server drives it). */
  renderer_url: string | null;
}

/** The user's one playback: which device plays what, and where it was when it last said. */
export interface PlaybackTable {
  user_id: string;
  device_id: string;
  is_playing: number;
  progress_ms: number;
  /** When `progress_ms` was true. */
  progress_at: number;
  /** JSON array of item uris the device plays through. */
  uris: string;
  idx: number;
  context_uri: string | null;
  shuffle: number;
  repeat: RepeatState;
}

/** A card a device knows (a Runnel Box's RFID/NFC card) and the context it plays. */
export interface DeviceCardsTable {
  user_id: string;
  device_id: string;
  code: string;
  context_uri: string;
  /** The context's name when the card was assigned. */
  name: string;
  created_at: number;
}

/** "Tap a card now" on a device: the next card it reads plays this context (one per device). */
export interface DeviceCardLearnsTable {
  user_id: string;
  device_id: string;
  context_uri: string;
  name: string;
  expires_at: number;
}

export interface DevicesTables {
  devices: DevicesTable;
  playback: PlaybackTable;
  device_cards: DeviceCardsTable;
  device_card_learns: DeviceCardLearnsTable;
}
