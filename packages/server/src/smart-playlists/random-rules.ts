import {
  SMART_DATE_FIELDS,
  SMART_NUMBER_FIELDS,
  SMART_NUMBER_OPS,
  SMART_SORT_FIELDS,
  SMART_TEXT_FIELDS,
  SMART_TEXT_OPS,
  type SmartDefinition,
  type SmartGroup,
  type SmartRule,
  type SmartSortKey,
} from '@runnel/api';
import { DAY_MS, dayOfTime } from './dates.ts';
import { int, pick, type Random, type TrackFacts } from './test-library.ts';

/**
 * Random definitions for the property test, their values drawn from the library so that
 * rules match some tracks and miss others (a value picked from a track, part of one, its case
 * changed, or a number near one).
 */

/** Flips the case of ASCII letters at random (rules ignore case). */
const recase = (random: Random, s: string) =>
  [...s].map((c) => (/[a-z]/i.test(c) && random() < 0.3 ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('');

function textValue(random: Random, f: TrackFacts, field: string, op: string): string {
  const whole = field === 'genre' ? (f.genres[0] ?? 'Jazz') : (f as unknown as Record<string, string>)[field]!;
  if (op === 'is' || op === 'is_not' || whole.length < 2) return recase(random, whole);
  const from = op === 'starts_with' ? 0 : int(random, 0, whole.length - 2);
  const to = op === 'ends_with' ? whole.length : int(random, from + 1, whole.length);
  return recase(random, whole.slice(from, to)) || 'a';
}

function numberNear(random: Random, f: TrackFacts, field: string, now: number): number {
  const value = {
    year: f.year ?? 1990,
    duration: Math.trunc(f.durationMs / 1000),
    bitrate: f.bitrate === null ? 320 : Math.trunc(f.bitrate / 1000),
    rating: f.rating,
    play_count: f.plays.length,
  }[field];
  const base = value ?? f.plays.filter((at) => at >= now - 30 * DAY_MS).length;
  return Math.max(0, base + int(random, -2, 2));
}

function randomRule(random: Random, facts: TrackFacts[], now: number): SmartRule {
  const f = pick(random, facts);
  const kind = random();
  if (kind < 0.4) {
    const field = pick(random, SMART_TEXT_FIELDS);
    const op = pick(random, SMART_TEXT_OPS);
    return { field, op, value: textValue(random, f, field, op) };
  }
  if (kind < 0.75) {
    const recent = random() < 0.2;
    const field = recent ? 'recent_plays' : pick(random, SMART_NUMBER_FIELDS);
    const near = numberNear(random, f, field, now);
    const days = int(random, 1, 60);
    if (random() < 0.25) {
      const value = [near, near + int(random, 0, field === 'duration' ? 120 : 10)];
      return recent ? { field: 'recent_plays', days, op: 'in_range', value } : ({ field, op: 'in_range', value } as SmartRule);
    }
    const op = pick(random, SMART_NUMBER_OPS);
    return recent ? { field: 'recent_plays', days, op, value: near } : ({ field, op, value: near } as SmartRule);
  }
  if (kind < 0.92) {
    const field = pick(random, SMART_DATE_FIELDS);
    const at = field === 'added' || !f.plays.length ? f.addedAt : f.plays[0]!;
    const op = pick(random, ['gt', 'lt', 'in_range', 'in_the_last', 'not_in_the_last'] as const);
    if (op === 'in_the_last' || op === 'not_in_the_last') return { field, op, value: int(random, 1, 400) };
    if (op === 'in_range') return { field, op, value: [dayOfTime(at - int(random, 0, 40) * DAY_MS), dayOfTime(at + int(random, 0, 40) * DAY_MS)] };
    return { field, op, value: dayOfTime(at + int(random, -3, 3) * DAY_MS) };
  }
  return { field: 'starred', op: random() < 0.5 ? 'is_true' : 'is_false' };
}

function randomGroup(random: Random, facts: TrackFacts[], now: number, depth: number): SmartGroup {
  const children = Array.from({ length: int(random, 1, 4) }, () =>
    depth > 1 && random() < 0.25 ? randomGroup(random, facts, now, depth - 1) : randomRule(random, facts, now),
  );
  return random() < 0.5 ? { all: children } : { any: children };
}

function randomSort(random: Random): SmartSortKey[] | undefined {
  if (random() < 0.2) return undefined;
  return Array.from({ length: int(random, 1, 3) }, (): SmartSortKey => {
    const r = random();
    if (r < 0.05) return { field: 'random' };
    const order = random() < 0.5 ? 'asc' : 'desc';
    if (r < 0.15) return { field: 'recent_plays', days: int(random, 1, 60), order };
    return { field: pick(random, SMART_SORT_FIELDS), order };
  });
}

/** A random definition over this library: up to 3 levels of groups, a sort, sometimes a limit. */
export function randomDefinition(random: Random, facts: TrackFacts[], now: number): SmartDefinition {
  const sort = randomSort(random);
  const limit = random() < 0.3 ? int(random, 1, 40) : undefined;
  return { rules: randomGroup(random, facts, now, 3), ...(sort && { sort }), ...(limit !== undefined && { limit }) };
}
