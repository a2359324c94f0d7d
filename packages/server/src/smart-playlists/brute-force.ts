import type { SmartDefinition, SmartGroup, SmartRule, SmartSortKey } from '@runnel/api';
import { DAY_MS, dayStart } from './dates.ts';
import type { TrackFacts } from './test-library.ts';

/**
 * The reference the engine is tested against: the README's rules written as a plain filter
 * and sort over facts in memory, sharing no code with the compiler.
 */

const lower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const dayNumber = (ms: number) => Math.floor(ms / DAY_MS);

function textMatches(value: string, op: string, wanted: string): boolean {
  const [v, w] = [lower(value), lower(wanted)];
  if (op === 'is' || op === 'is_not') return v === w;
  if (op === 'contains' || op === 'not_contains') return v.includes(w);
  if (op === 'starts_with') return v.startsWith(w);
  return v.endsWith(w);
}

function textField(f: TrackFacts, field: string): string {
  return { title: f.title, artist: f.artist, album: f.album, albumartist: f.albumartist, format: f.format, path: f.path }[field]!;
}

function recentPlays(f: TrackFacts, days: number, now: number) {
  const since = dayNumber(now) - (days - 1);
  return f.plays.filter((at) => dayNumber(at) >= since).length;
}

function numberValue(f: TrackFacts, field: string, now: number, days?: number): number | null {
  switch (field) {
    case 'year':
      return f.year;
    case 'duration':
      return Math.trunc(f.durationMs / 1000);
    case 'bitrate':
      return f.bitrate === null ? null : Math.trunc(f.bitrate / 1000);
    case 'rating':
      return f.rating;
    case 'play_count':
      return f.plays.length;
    default:
      return recentPlays(f, days!, now);
  }
}

const lastPlayed = (f: TrackFacts) => (f.plays.length ? Math.max(...f.plays) : null);
const dateValue = (f: TrackFacts, field: string) => (field === 'added' ? f.addedAt : lastPlayed(f));

function ruleMatches(rule: SmartRule, f: TrackFacts, now: number): boolean {
  const negative = rule.op === 'is_not' || rule.op === 'not_contains';
  switch (rule.field) {
    case 'starred':
      return rule.op === 'is_true' ? f.starred : !f.starred;
    case 'genre': {
      const any = f.genres.some((g) => textMatches(g, rule.op, rule.value));
      return negative ? !any : any;
    }
    case 'title':
    case 'artist':
    case 'album':
    case 'albumartist':
    case 'format':
    case 'path': {
      const yes = textMatches(textField(f, rule.field), rule.op, rule.value);
      return negative ? !yes : yes;
    }
    case 'added':
    case 'last_played': {
      const at = dateValue(f, rule.field);
      if (rule.op === 'not_in_the_last') return at === null || at < now - rule.value * DAY_MS;
      if (at === null) return false;
      if (rule.op === 'in_the_last') return at >= now - rule.value * DAY_MS;
      if (rule.op === 'in_range') return at >= dayStart(rule.value[0]!) && at < dayStart(rule.value[1]!) + DAY_MS;
      const day = dayStart(String(rule.value));
      return rule.op === 'gt' ? at >= day + DAY_MS : at < day;
    }
    default: {
      const n = numberValue(f, rule.field, now, 'days' in rule ? rule.days : undefined);
      if (n === null) return false;
      if (Array.isArray(rule.value)) return n >= rule.value[0]! && n <= rule.value[1]!;
      const v = rule.value;
      return rule.op === 'is' ? n === v : rule.op === 'is_not' ? n !== v : rule.op === 'gt' ? n > v : n < v;
    }
  }
}

function groupMatches(group: SmartGroup, f: TrackFacts, now: number): boolean {
  const test = (child: SmartRule | SmartGroup) => ('all' in child || 'any' in child ? groupMatches(child, f, now) : ruleMatches(child, f, now));
  return 'all' in group ? group.all.every(test) : group.any.some(test);
}

/** A sort key's value: [missing (1 sorts last), value]. */
function sortValue(key: Exclude<SmartSortKey, { field: 'random' }>, f: TrackFacts, now: number): [number, string | number] {
  const field = key.field;
  if (field === 'starred') return [0, f.starred ? 1 : 0];
  if (field === 'genre') {
    const first = f.genres.map(lower).sort()[0];
    return first === undefined ? [1, ''] : [0, first];
  }
  if (['title', 'artist', 'album', 'albumartist', 'format', 'path'].includes(field)) return [0, lower(textField(f, field))];
  const v = field === 'added' || field === 'last_played' ? dateValue(f, field) : numberValue(f, field, now, 'days' in key ? key.days : undefined);
  return v === null ? [1, 0] : [0, v];
}

const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** The ids a definition selects, in its order; `random` sorts are left in id order (callers compare sets). */
export function bruteForce(definition: SmartDefinition, facts: TrackFacts[], now: number): { ids: string[]; matched: number } {
  const matched = facts.filter((f) => groupMatches(definition.rules, f, now));
  const keys = (definition.sort ?? [{ field: 'title' }]).filter((k): k is Exclude<SmartSortKey, { field: 'random' }> => k.field !== 'random');
  const sorted = matched
    .map((f) => ({ f, values: keys.map((k) => sortValue(k, f, now)) }))
    .sort((a, b) => {
      for (let i = 0; i < keys.length; i++) {
        const [[missingA, va], [missingB, vb]] = [a.values[i]!, b.values[i]!];
        if (missingA !== missingB) return missingA - missingB;
        const c = compare(va, vb) * ('order' in keys[i]! && keys[i]!.order === 'desc' ? -1 : 1);
        if (c) return c;
      }
      return compare(a.f.id, b.f.id);
    })
    .map(({ f }) => f.id);
  return { ids: definition.limit === undefined ? sorted : sorted.slice(0, definition.limit), matched: matched.length };
}
