import type { PlanId } from '@runnel/api';

/** One row per plan (`free`, `premium`); booleans are 0/1 and "unlimited" is null, on SQLite and PostgreSQL alike. */
export interface PlansTable {
  id: PlanId;
  name: string;
  max_bitrate: number;
  skips_per_hour: number | null;
  offline: number;
  downloads: number;
  ad_every_tracks: number | null;
  ad_every_minutes: number | null;
  monthly_listening_hours: number | null;
  updated_at: number;
}

/** Each forward skip a listener on a plan with a skip limit made, kept for an hour. */
export interface PlanSkipsTable {
  user_id: string;
  at: number;
}

/** Listening per user and calendar month (UTC, `YYYY-MM`), for a plan's monthly limit. */
export interface PlanListeningTable {
  user_id: string;
  month: string;
  ms: number;
}

export interface PlansTables {
  plans: PlansTable;
  plan_skips: PlanSkipsTable;
  plan_listening: PlanListeningTable;
}
