import Type, { type Static } from 'typebox';
import { Strict } from './common.ts';

/** The two plans: every user is on one (their `product`). */
export const PlanId = Type.Union([Type.Literal('free'), Type.Literal('premium')]);
export type PlanId = Static<typeof PlanId>;

const Count = (description: string) => Type.Union([Type.Integer({ minimum: 1, maximum: 100_000 }), Type.Null()], { description });

/** What a plan lets its listeners do; an administrator sets each value, the server enforces it on every client. */
export const PlanRules = {
  name: Type.String({ minLength: 1, maxLength: 40, description: 'What listeners see, e.g. "Free" or "Premium"' }),
  max_bitrate: Type.Integer({ minimum: 32, maximum: 10_000, description: 'Highest bitrate streamed, kbps: higher originals are transcoded down' }),
  skips_per_hour: Count('Track skips allowed in any hour; null: unlimited'),
  offline: Type.Boolean({ description: 'Whether playlists may be kept for offline listening' }),
  downloads: Type.Boolean({ description: 'Whether tracks, albums and playlists may be downloaded as files' }),
  ad_every_tracks: Count('An ad break after this many tracks; null: never by count'),
  ad_every_minutes: Count('An ad break after this many minutes of listening; null: never by time'),
  monthly_listening_hours: Count('Hours of listening a calendar month allows; null: unlimited'),
};

export const Plan = Type.Object({
  id: PlanId,
  ...PlanRules,
  has_ads: Type.Boolean({ description: 'Whether listeners on this plan hear ads (an ad cadence is set)' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type Plan = Static<typeof Plan>;

export const PlanList = Type.Object({ plans: Type.Array(Plan) });
export type PlanList = Static<typeof PlanList>;

export const PlanParams = Strict({ id: PlanId });
export type PlanParams = Static<typeof PlanParams>;

const R = PlanRules;
export const PlanPatch = Strict({
  name: Type.Optional(R.name),
  max_bitrate: Type.Optional(R.max_bitrate),
  skips_per_hour: Type.Optional(R.skips_per_hour),
  offline: Type.Optional(R.offline),
  downloads: Type.Optional(R.downloads),
  ad_every_tracks: Type.Optional(R.ad_every_tracks),
  ad_every_minutes: Type.Optional(R.ad_every_minutes),
  monthly_listening_hours: Type.Optional(R.monthly_listening_hours),
});
export type PlanPatch = Static<typeof PlanPatch>;

/** Your plan and how much of its limits is left. */
export const PlanUsage = Type.Object({
  plan: Plan,
  skips_left: Type.Union([Type.Integer(), Type.Null()], { description: 'Skips left in the current hour; null: unlimited' }),
  listening_minutes_left: Type.Union([Type.Integer(), Type.Null()], { description: 'Minutes of listening left this month; null: unlimited' }),
});
export type PlanUsage = Static<typeof PlanUsage>;
