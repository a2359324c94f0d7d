import Type, { type Static } from 'typebox';
import { Strict } from './common.ts';

/** Formats a transcode can be made in; `original` asks for the file as stored. */
export const StreamFormat = Type.Union([Type.Literal('original'), Type.Literal('opus'), Type.Literal('vorbis'), Type.Literal('mp3'), Type.Literal('aac')], {
  description: '`original` (the stored file), or a transcode: `opus` and `vorbis` (Ogg), `mp3`, `aac` (ADTS)',
});
export type StreamFormat = Static<typeof StreamFormat>;

/** What a client may ask of a stream; the server decides within the caller's tier. */
export const StreamOptions = {
  format: Type.Optional(StreamFormat),
  bitrate: Type.Optional(Type.Integer({ minimum: 32, maximum: 512, description: 'Wanted bitrate in kbps; capped by the tier limit' })),
  offset: Type.Optional(Type.Number({ minimum: 0, maximum: 86400, description: 'Start this many seconds into the track (forces a transcode)' })),
  codecs: Type.Optional(
    Type.String({
      maxLength: 200,
      pattern: '^[a-z0-9]+(,[a-z0-9]+)*$',
      description: 'Comma-separated codecs the client can play (e.g. `mp3,aac,opus`); an original in another codec is transcoded',
    }),
  ),
};

export const StreamQuery = Strict({
  ...StreamOptions,
  token: Type.Optional(Type.String({ maxLength: 400, description: 'A signed stream token from `stream-url`, instead of an Authorization header' })),
  access_token: Type.Optional(Type.String({ maxLength: 400 })),
  purpose: Type.Optional(
    Type.Literal('offline', {
      description: '`offline`: the player keeps the track to play offline; 403 `premium_required` unless the plan allows offline listening',
    }),
  ),
});
export type StreamQuery = Static<typeof StreamQuery>;

export const StreamUrlQuery = Strict(StreamOptions);
export type StreamUrlQuery = Static<typeof StreamUrlQuery>;

/** A short-lived URL that plays a track for its owner without an Authorization header. */
export const StreamUrl = Type.Object({
  url: Type.String({ description: 'Path and query of the stream, signed for this user and track' }),
  expires_at: Type.String({ format: 'date-time' }),
  expires_in: Type.Integer({ description: 'Seconds until the URL stops working' }),
});
export type StreamUrl = Static<typeof StreamUrl>;

/** What the streaming module is doing right now (administrators). */
export const StreamingStatus = Type.Object({
  transcoding: Type.Boolean({ description: 'Whether ffmpeg was found' }),
  ffmpeg_path: Type.Union([Type.String(), Type.Null()]),
  transcodes_started: Type.Integer({ description: 'ffmpeg processes started since the server started' }),
  transcodes_running: Type.Integer(),
  transcodes_queued: Type.Integer(),
  cache_bytes: Type.Integer(),
  cache_max_bytes: Type.Integer(),
  cache_entries: Type.Integer(),
});
export type StreamingStatus = Static<typeof StreamingStatus>;
