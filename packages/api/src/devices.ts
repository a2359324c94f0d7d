import Type, { type Static } from 'typebox';
import { CatalogObject } from './catalog-refs.ts';
import { Strict } from './common.ts';
import { ContextUri, RepeatState } from './player.ts';
import { ItemUri } from './playlists.ts';

/** A device's own id, chosen and kept by the device. */
export const DeviceId = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const DeviceType = Type.Union([Type.Literal('computer'), Type.Literal('smartphone'), Type.Literal('box'), Type.Literal('speaker')]);
export type DeviceType = Static<typeof DeviceType>;
const Percent = Type.Integer({ minimum: 0, maximum: 100 });
const PositionMs = Type.Integer({ minimum: 0, maximum: 100_000_000 });
/** The list a device plays through (a context's tracks, or tracks sent by uri). */
const Uris = Type.Array(ItemUri, { maxItems: 1000 });

/** One of the user's devices, as Spotify's Web API shows it. */
export const Device = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: DeviceType,
  is_active: Type.Boolean(),
  volume_percent: Type.Union([Percent, Type.Null()]),
  supports_volume: Type.Boolean(),
});
export type Device = Static<typeof Device>;
export const DeviceList = Type.Object({ devices: Type.Array(Device) });
export type DeviceList = Static<typeof DeviceList>;

export const RenameDeviceBody = Strict({ name: Type.String({ minLength: 1, maxLength: 80 }) });
export const DeviceParams = Strict({ id: DeviceId });
export const RegisterDeviceBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 80 }),
  type: Type.Optional(DeviceType),
  supports_volume: Type.Optional(Type.Boolean()),
  volume_percent: Type.Optional(Percent),
});
export type RegisterDeviceBody = Static<typeof RegisterDeviceBody>;

/** What the active device says it is doing (sent on every change, not every tick). */
export const DeviceStateBody = Strict({
  is_playing: Type.Boolean(),
  progress_ms: PositionMs,
  uris: Uris,
  index: Type.Integer({ minimum: 0, maximum: 1000 }),
  context_uri: Type.Optional(Type.Union([ContextUri, Type.Null()])),
  shuffle: Type.Optional(Type.Boolean()),
  repeat: Type.Optional(RepeatState),
  volume_percent: Type.Optional(Percent),
  /** The command this report answers. */
  ack: Type.Optional(Type.String({ maxLength: 64 })),
  /**
   * Whether playing began here with this report (play pressed, a new list chosen), rather than
   * going on (the next track of the same list). Only a beginning makes a device that is not the
   * active one active; absent counts as a beginning.
   */
  began: Type.Optional(Type.Boolean()),
});
export type DeviceStateBody = Static<typeof DeviceStateBody>;

/** `GET /me/player`: the one playback of the user, on their active device. */
export const PlaybackState = Type.Object({
  device: Device,
  is_playing: Type.Boolean(),
  /** Into the item, extrapolated to `timestamp` while playing. */
  progress_ms: Type.Integer(),
  /** When this state was true (ms since the epoch). */
  timestamp: Type.Integer(),
  item: Type.Union([CatalogObject, Type.Null()]),
  context: Type.Union([Type.Object({ uri: Type.String(), type: Type.String() }), Type.Null()]),
  shuffle_state: Type.Boolean(),
  repeat_state: RepeatState,
  /** Runnel: the list the device plays through and where it is in it (Subsonic's jukebox shows it). */
  tracks: Type.Object({ uris: Type.Array(Type.String()), index: Type.Integer() }),
  /** The command this state answers, on live `player.state` events. */
  ack: Type.Optional(Type.String()),
});
export type PlaybackState = Static<typeof PlaybackState>;

/** `GET /me/player`'s answers: 200 with the state, 204 when nothing plays. */
export const PlaybackStateOrNothing = Type.Union([PlaybackState, Type.Null({ description: 'No content' })]);

export const TransferBody = Strict({ device_ids: Type.Array(DeviceId, { minItems: 1, maxItems: 1 }), play: Type.Optional(Type.Boolean()) });
export type TransferBody = Static<typeof TransferBody>;
export const DeviceQuery = Strict({ device_id: Type.Optional(DeviceId) });
export const PlayBody = Strict({
  context_uri: Type.Optional(ContextUri),
  uris: Type.Optional(Uris),
  offset: Type.Optional(Type.Union([Strict({ position: Type.Integer({ minimum: 0, maximum: 1000 }) }), Strict({ uri: ItemUri })])),
  position_ms: Type.Optional(PositionMs),
});
export type PlayBody = Static<typeof PlayBody>;
export const SeekQuery = Strict({ position_ms: PositionMs, device_id: Type.Optional(DeviceId) });
export const VolumeQuery = Strict({ volume_percent: Percent, device_id: Type.Optional(DeviceId) });
/** A device's own shuffle and repeat (`/me/player/shuffle` and `/me/player/repeat` are the shared queue's). */
export const DeviceShuffleQuery = Strict({ state: Type.Boolean() });
export const DeviceRepeatQuery = Strict({ state: RepeatState });

/** A command to one device, on the live channel as `device.command`. */
export interface DeviceCommand {
  id: string;
  device_id: string;
  action: 'play' | 'pause' | 'resume' | 'stop' | 'next' | 'previous' | 'seek' | 'volume' | 'add' | 'remove' | 'clear' | 'shuffle' | 'repeat';
  context_uri?: string | null;
  uris?: string[];
  index?: number;
  position_ms?: number;
  play?: boolean;
  volume_percent?: number;
  state?: boolean;
  repeat?: RepeatState;
}

/** `POST /me/player/renderers`: a UPnP/DLNA renderer on the LAN, by its device description URL. */
export const AddRendererBody = Strict({
  url: Type.String({ minLength: 1, maxLength: 1000, description: 'Its description URL (SSDP LOCATION): http:, on the local network' }),
});
export type AddRendererBody = Static<typeof AddRendererBody>;
/** A renderer an SSDP search found (`GET /me/player/renderers/discover`). */
export const FoundRenderer = Type.Object({ url: Type.String(), name: Type.String() });
export const FoundRenderers = Type.Object({ renderers: Type.Array(FoundRenderer) });
export type FoundRenderers = Static<typeof FoundRenderers>;

/**
 * A card's code, as a Runnel Box reads it from an RFID/NFC reader (a keyboard wedge types
 * it) or a person types it: user data, never a path. `learn` is the learn route's.
 */
export const CardCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^(?!learn$)[A-Za-z0-9_-]+$' });
export const CardParams = Strict({ id: DeviceId, code: CardCode });
/** "Tap a card now": the next card the device reads plays this context from then on. */
export const LearnCardBody = Strict({ uri: ContextUri });
export type LearnCardBody = Static<typeof LearnCardBody>;
export const CardLearning = Type.Object({
  uri: Type.String(),
  /** Until when the device waits for the card (ms since the epoch). */
  expires_at: Type.Integer(),
});
export type CardLearning = Static<typeof CardLearning>;

/** A card a device knows, and the context it plays. */
export const Card = Type.Object({
  code: Type.String(),
  uri: Type.String(),
  name: Type.String(),
  created_at: Type.Integer(),
});
export type Card = Static<typeof Card>;
export const CardList = Type.Object({ cards: Type.Array(Card) });
export type CardList = Static<typeof CardList>;

/** What a card plays: its context and the context's tracks now (as `play` sends them). */
export const CardPlay = Type.Object({
  code: Type.String(),
  uri: Type.String(),
  name: Type.String(),
  uris: Type.Array(Type.String()),
  /** True when this read assigned the card (a learn was pending). */
  assigned: Type.Boolean(),
});
export type CardPlay = Static<typeof CardPlay>;

/** Live `device.card.assigned`: a device read the card its user asked it to learn. */
export interface CardAssigned {
  device_id: string;
  code: string;
  uri: string;
  name: string;
}
