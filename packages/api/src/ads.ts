import Type, { type Static } from 'typebox';
import { Id, Strict } from './common.ts';

const When = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const HttpsUrl = Type.String({ minLength: 9, maxLength: 2000, pattern: '^https://', description: 'Where a click on the banner goes: an absolute https URL' });

/** A house ad as administrators see it: its files, dates, weight and how often it was heard and clicked. */
export const Ad = Type.Object({
  id: Type.String(),
  title: Type.String(),
  click_url: Type.String(),
  starts_at: When,
  ends_at: When,
  weight: Type.Integer({ description: 'Relative chance of being picked among the ads running' }),
  duration_ms: Type.Union([Type.Integer(), Type.Null()], { description: 'Length of the audio; null until uploaded' }),
  loudness_lufs: Type.Union([Type.Number(), Type.Null()], { description: 'Integrated loudness of the stored audio, as measured after normalising' }),
  has_banner: Type.Boolean(),
  banner_width: Type.Union([Type.Integer(), Type.Null()]),
  banner_height: Type.Union([Type.Integer(), Type.Null()]),
  running: Type.Boolean({ description: 'Has audio and is within its dates: it can be picked now' }),
  impressions: Type.Integer({ description: 'Times it was heard to the end' }),
  clicks: Type.Integer(),
  created_at: Type.String({ format: 'date-time' }),
});
export type Ad = Static<typeof Ad>;

export const AdList = Type.Object({ items: Type.Array(Ad) });
export type AdList = Static<typeof AdList>;

export const CreateAdBody = Strict({
  title: Type.String({ minLength: 1, maxLength: 100 }),
  click_url: HttpsUrl,
  starts_at: Type.Optional(When),
  ends_at: Type.Optional(When),
  weight: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export type CreateAdBody = Static<typeof CreateAdBody>;

export const UpdateAdBody = Strict({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  click_url: Type.Optional(HttpsUrl),
  starts_at: Type.Optional(When),
  ends_at: Type.Optional(When),
  weight: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export type UpdateAdBody = Static<typeof UpdateAdBody>;

/** An ad break the web player plays now: the ad's audio and banner, and where a click goes. */
export const AdBreak = Type.Object({
  id: Type.String({ description: 'Report it with POST …/ad-breaks/{id}/played once heard to the end' }),
  ad: Type.Object({
    id: Type.String(),
    title: Type.String(),
    duration_ms: Type.Integer(),
    audio_url: Type.String(),
    banner_url: Type.Union([Type.String(), Type.Null()]),
    banner_width: Type.Union([Type.Integer(), Type.Null()]),
    banner_height: Type.Union([Type.Integer(), Type.Null()]),
    click_url: Type.String(),
  }),
});
export type AdBreak = Static<typeof AdBreak>;

/** `break`: the ad break due now, or null when none is. */
export const AdBreakAnswer = Type.Object({ break: Type.Union([AdBreak, Type.Null()]) });
export type AdBreakAnswer = Static<typeof AdBreakAnswer>;

export const AdBreakParams = Strict({ id: Id });
