import type { Plan, PlanId, PlanPatch, PlanUsage, Tier } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { AppError, forbidden } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import { createPlansRepository } from './repository.ts';
import type { PlansTable } from './tables.ts';

export interface PlansDeps {
  db: Db;
  events: EventBus;
  now: () => number;
}

/** A right a plan may or may not give. */
export type PlanRight = 'downloads' | 'offline';

const HOUR_MS = 3_600_000;
/** Plans are read on every stream; another node's change shows within this long (this node's at once). */
const CACHE_MS = 5_000;

/**
 * The plans module: what Free and Premium each give (bitrate, skips, offline, downloads,
 * ads, a monthly listening limit), as the administrator set it, and the checks every
 * surface (REST, signed URLs, Subsonic, the web player) makes against it. Refusals of a
 * right only Premium has are `premium_required`, saying what Premium gives.
 */
export function createPlans({ db, events, now }: PlansDeps) {
  const repo = createPlansRepository(db);
  let cached: { plans: Map<PlanId, Plan>; at: number } | undefined;
  // Another node's change arrives on the bus (Redis between nodes): forget what was read.
  const unsubscribe = events.subscribe((event) => {
    if (event.type === 'plan.updated') cached = undefined;
  });

  const all = async (): Promise<Map<PlanId, Plan>> => {
    if (cached && now() - cached.at < CACHE_MS) return cached.plans;
    const rows = await repo.all();
    cached = { plans: new Map(rows.map((row) => [row.id, present(row)])), at: now() };
    return cached.plans;
  };
  const get = async (id: PlanId): Promise<Plan> => (await all()).get(id)!;

  const month = (at: number) => new Date(at).toISOString().slice(0, 7);

  return {
    list: async (): Promise<Plan[]> => [...(await all()).values()],
    get,

    async update(id: PlanId, patch: PlanPatch): Promise<Plan> {
      const values: Partial<Omit<PlansTable, 'id'>> = { updated_at: now() };
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        (values as Record<string, unknown>)[key] = typeof value === 'boolean' ? Number(value) : value;
      }
      await repo.update(id, values);
      cached = undefined;
      const plan = await get(id);
      // Every signed-in user: open players show the new rules (and drop or add ads) at once.
      await events.publish({ type: 'plan.updated', data: plan });
      return plan;
    },

    /** Throws `premium_required` unless the tier's plan gives the right; `what` names the action for the message. */
    async requireRight(tier: Tier, right: PlanRight, what: string): Promise<void> {
      const plan = await get(tier);
      if (plan[right]) return;
      const premium = await get('premium');
      if (tier === 'premium' || !premium[right]) throw forbidden(`${what} is not offered on this server`);
      throw new AppError('premium_required', 403, `${what} is part of ${premium.name}. ${premium.name} gives ${gives(premium)}.`);
    },

    /** Counts a forward skip, or refuses it when the plan's hourly skips are used up. */
    async skip(userId: string, tier: Tier): Promise<PlanUsage> {
      const plan = await get(tier);
      if (plan.skips_per_hour !== null) {
        const at = now();
        const used = await repo.skipsSince(userId, at - HOUR_MS);
        if (used >= plan.skips_per_hour) {
          const premium = await get('premium');
          const more = premium.skips_per_hour === null && tier !== 'premium' ? ` ${premium.name} has unlimited skips.` : '';
          throw new AppError('skip_limit_reached', 403, `You have used your ${plan.skips_per_hour} skips for this hour.${more}`);
        }
        await repo.addSkip(userId, at, at - HOUR_MS);
      }
      return this.usage(userId, tier);
    },

    /** Adds listening time (a play reported by a player) to this month's total. */
    async listened(userId: string, ms: number): Promise<void> {
      if (ms > 0) await repo.addListening(userId, month(now()), Math.round(ms));
    },

    /** Refuses a stream when the plan's monthly listening is used up. */
    async requireListening(userId: string, tier: Tier): Promise<void> {
      const plan = await get(tier);
      if (plan.monthly_listening_hours === null) return;
      if ((await repo.listened(userId, month(now()))) < plan.monthly_listening_hours * HOUR_MS) return;
      const hours = plan.monthly_listening_hours;
      throw new AppError('listening_limit_reached', 403, `You have listened for the ${hours} hour${hours === 1 ? '' : 's'} ${plan.name} allows this month.`);
    },

    async usage(userId: string, tier: Tier): Promise<PlanUsage> {
      const plan = await get(tier);
      const at = now();
      const skips = plan.skips_per_hour === null ? null : Math.max(0, plan.skips_per_hour - (await repo.skipsSince(userId, at - HOUR_MS)));
      const listening =
        plan.monthly_listening_hours === null
          ? null
          : Math.max(0, Math.floor((plan.monthly_listening_hours * HOUR_MS - (await repo.listened(userId, month(at)))) / 60_000));
      return { plan, skips_left: skips, listening_minutes_left: listening };
    },

    close: () => unsubscribe(),
  };
}

export type Plans = ReturnType<typeof createPlans>;

function present(row: PlansTable): Plan {
  return {
    id: row.id,
    name: row.name,
    max_bitrate: Number(row.max_bitrate),
    skips_per_hour: nullable(row.skips_per_hour),
    offline: Boolean(Number(row.offline)),
    downloads: Boolean(Number(row.downloads)),
    ad_every_tracks: nullable(row.ad_every_tracks),
    ad_every_minutes: nullable(row.ad_every_minutes),
    monthly_listening_hours: nullable(row.monthly_listening_hours),
    has_ads: row.ad_every_tracks !== null || row.ad_every_minutes !== null,
    updated_at: new Date(Number(row.updated_at)).toISOString(),
  };
}

const nullable = (value: number | null) => (value === null ? null : Number(value));

/** What a plan gives, in words: "up to 320 kbps, downloads, offline listening and no ads". */
export function gives(plan: Plan): string {
  const parts = [`up to ${plan.max_bitrate} kbps`];
  if (plan.skips_per_hour === null) parts.push('unlimited skips');
  if (plan.downloads) parts.push('downloads');
  if (plan.offline) parts.push('offline listening');
  if (!plan.has_ads) parts.push('no ads');
  if (plan.monthly_listening_hours === null) parts.push('no listening limit');
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]!;
}
