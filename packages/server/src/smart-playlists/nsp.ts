import type { SmartDefinition, SmartGroup, SmartRule, SmartSortKey } from '@runnel/api';
import { SMART_MAX_LIMIT } from '@runnel/api';

/**
 * Navidrome's smart playlists (`.nsp`, JSON: `{name, comment, all|any: [...], sort, order,
 * limit}`, each condition `{"<operator>": {"<field>": value}}`; Navidrome reads keys
 * case-insensitively). Import maps what has a Runnel equivalent and names what it left out;
 * export writes what Navidrome can read and names what it cannot.
 */

/** Navidrome field (lower-case) → Runnel field. */
const FIELDS: Record<string, string> = {
  title: 'title',
  album: 'album',
  artist: 'artist',
  albumartist: 'albumartist',
  genre: 'genre',
  filetype: 'format',
  filepath: 'path',
  year: 'year',
  duration: 'duration',
  bitrate: 'bitrate',
  rating: 'rating',
  playcount: 'play_count',
  dateadded: 'added',
  lastplayed: 'last_played',
  loved: 'starred',
  random: 'random',
};
/** Runnel field → how Navidrome spells it (its export writes camelCase). */
const NAVIDROME: Record<string, string> = {
  title: 'title',
  album: 'album',
  artist: 'artist',
  albumartist: 'albumartist',
  genre: 'genre',
  format: 'filetype',
  path: 'filepath',
  year: 'year',
  duration: 'duration',
  bitrate: 'bitrate',
  rating: 'rating',
  play_count: 'playCount',
  added: 'dateAdded',
  last_played: 'lastPlayed',
  starred: 'loved',
  random: 'random',
};

const TEXT = new Set(['title', 'album', 'artist', 'albumartist', 'genre', 'format', 'path']);
const NUMBER = new Set(['year', 'duration', 'bitrate', 'rating', 'play_count']);
const DATE = new Set(['added', 'last_played']);

/** Navidrome operator (lower-case) → Runnel operator, per kind of field. */
const TEXT_OPS: Record<string, string> = {
  is: 'is',
  isnot: 'is_not',
  contains: 'contains',
  notcontains: 'not_contains',
  startswith: 'starts_with',
  endswith: 'ends_with',
};
const NUMBER_OPS: Record<string, string> = { is: 'is', isnot: 'is_not', gt: 'gt', lt: 'lt', intherange: 'in_range' };
const DATE_OPS: Record<string, string> = { before: 'lt', after: 'gt', intherange: 'in_range', inthelast: 'in_the_last', notinthelast: 'not_in_the_last' };
const OPS_OUT: Record<string, string> = {
  is: 'is',
  is_not: 'isNot',
  contains: 'contains',
  not_contains: 'notContains',
  starts_with: 'startsWith',
  ends_with: 'endsWith',
  gt: 'gt',
  lt: 'lt',
  in_range: 'inTheRange',
  in_the_last: 'inTheLast',
  not_in_the_last: 'notInTheLast',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const DAY = /^\d{4}-\d{2}-\d{2}/;
const day = (v: unknown) => (typeof v === 'string' && DAY.test(v) ? v.slice(0, 10) : undefined);
const whole = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Math.round(Number(v)) : undefined;

/** One Navidrome condition as a Runnel rule, or why it cannot be one. */
function ruleFrom(op: string, body: unknown): SmartRule | string {
  if (!isObject(body) || Object.keys(body).length !== 1) return `${op}: expected one field`;
  const [[name, value]] = Object.entries(body) as [[string, unknown]];
  const field = FIELDS[name.toLowerCase()];
  const what = `${op} ${name}`;
  if (!field || field === 'random') return `${what}: no such field in Runnel`;
  if (field === 'starred') {
    if (op !== 'is' && op !== 'isnot') return `${what}: operator not supported for this field`;
    const yes = value === true || value === 'true';
    return { field: 'starred', op: yes === (op === 'is') ? 'is_true' : 'is_false' };
  }
  if (TEXT.has(field)) {
    const mapped = TEXT_OPS[op];
    if (!mapped) return `${what}: operator not supported for text`;
    if (typeof value !== 'string' && typeof value !== 'number') return `${what}: expected text`;
    const text = String(value);
    if (!text.length || text.length > 200) return `${what}: text must be 1–200 characters`;
    return { field, op: mapped, value: text } as SmartRule;
  }
  if (NUMBER.has(field)) {
    const mapped = NUMBER_OPS[op];
    if (!mapped) return `${what}: operator not supported for numbers`;
    if (mapped === 'in_range') {
      const range = Array.isArray(value) && value.length === 2 ? value.map(whole) : [];
      if (range.length !== 2 || range.some((n) => n === undefined)) return `${what}: expected [from, to]`;
      return { field, op: 'in_range', value: range as number[] } as SmartRule;
    }
    const n = whole(value);
    return n === undefined ? `${what}: expected a number` : ({ field, op: mapped, value: n } as SmartRule);
  }
  if (DATE.has(field)) {
    const mapped = DATE_OPS[op];
    if (!mapped) return `${what}: operator not supported for dates`;
    if (mapped === 'in_the_last' || mapped === 'not_in_the_last') {
      const n = whole(value);
      return n === undefined || n < 1 ? `${what}: expected a number of days` : ({ field, op: mapped, value: n } as SmartRule);
    }
    if (mapped === 'in_range') {
      const range = Array.isArray(value) && value.length === 2 ? value.map(day) : [];
      if (range.length !== 2 || range.some((d) => d === undefined)) return `${what}: expected [from, to] dates`;
      return { field, op: 'in_range', value: range as string[] } as SmartRule;
    }
    const d = day(value);
    return d === undefined ? `${what}: expected a date (YYYY-MM-DD)` : ({ field, op: mapped, value: d } as SmartRule);
  }
  return `${what}: not supported`;
}

/** A Navidrome conjunction's items as Runnel children; what could not be mapped goes to `unmapped`. */
function childrenFrom(items: unknown, unmapped: string[], depth: number): (SmartRule | SmartGroup)[] {
  if (!Array.isArray(items)) return [];
  const out: (SmartRule | SmartGroup)[] = [];
  for (const item of items) {
    if (!isObject(item)) continue;
    for (const [key, body] of Object.entries(item)) {
      const op = key.toLowerCase();
      if (op === 'all' || op === 'any') {
        if (depth >= 4) {
          unmapped.push(`${key}: groups nested deeper than 4`);
          continue;
        }
        const children = childrenFrom(body, unmapped, depth + 1);
        if (children.length) out.push(op === 'all' ? { all: children } : { any: children });
        continue;
      }
      const rule = ruleFrom(op, body);
      if (typeof rule === 'string') unmapped.push(rule);
      else out.push(rule);
    }
  }
  return out.slice(0, 50);
}

function sortFrom(sort: unknown, order: unknown, unmapped: string[]): SmartSortKey[] | undefined {
  if (typeof sort !== 'string' || !sort.trim()) return undefined;
  const flip = typeof order === 'string' && order.trim().toLowerCase() === 'desc';
  const keys: SmartSortKey[] = [];
  for (const raw of sort.split(',')) {
    const part = raw.trim();
    const desc = part.startsWith('-') !== flip;
    const field = FIELDS[part.replace(/^[+-]/, '').trim().toLowerCase()];
    if (!field) unmapped.push(`sort ${part}: no such field in Runnel`);
    else keys.push(field === 'random' ? { field: 'random' } : ({ field, order: desc ? 'desc' : 'asc' } as SmartSortKey));
  }
  return keys.length ? keys.slice(0, 3) : undefined;
}

/** A `.nsp` as a Runnel definition, its name, and what was left out; `definition` is undefined when no rule could be mapped. */
export function fromNsp(nsp: object): { name?: string; definition?: SmartDefinition; unmapped: string[] } {
  const unmapped: string[] = [];
  const keys = Object.fromEntries(Object.entries(nsp).map(([k, v]) => [k.toLowerCase(), v]));
  const any = keys.any !== undefined && keys.all === undefined;
  const children = childrenFrom(any ? keys.any : keys.all, unmapped, 1);
  const sort = sortFrom(keys.sort, keys.order, unmapped);
  let limit = whole(keys.limit);
  if (limit !== undefined && (limit < 1 || limit > SMART_MAX_LIMIT)) {
    unmapped.push(`limit ${limit}: Runnel keeps 1–${SMART_MAX_LIMIT}`);
    limit = limit < 1 ? undefined : SMART_MAX_LIMIT;
  }
  if (keys.limitpercent !== undefined) unmapped.push('limitPercent: not supported');
  const name = typeof keys.name === 'string' && keys.name.trim() ? keys.name.trim().slice(0, 100) : undefined;
  if (!children.length) return { name, unmapped };
  const rules: SmartGroup = any ? { any: children } : { all: children };
  return { name, definition: { rules, ...(sort && { sort }), ...(limit !== undefined && { limit }) }, unmapped };
}

function ruleTo(rule: SmartRule, unmapped: string[]): Record<string, unknown> | undefined {
  if (rule.field === 'recent_plays') {
    unmapped.push(`recent_plays (${rule.days} days): Navidrome has no such field`);
    return undefined;
  }
  if (rule.field === 'starred') return { is: { loved: rule.op === 'is_true' } };
  const field = NAVIDROME[rule.field]!;
  const op = DATE.has(rule.field) && (rule.op === 'gt' || rule.op === 'lt') ? (rule.op === 'gt' ? 'after' : 'before') : OPS_OUT[rule.op]!;
  return { [op]: { [field]: rule.value } };
}

function groupTo(group: SmartGroup, unmapped: string[]): Record<string, unknown> | undefined {
  const [key, children] = 'all' in group ? (['all', group.all] as const) : (['any', group.any] as const);
  const items = children.map((c) => ('all' in c || 'any' in c ? groupTo(c, unmapped) : ruleTo(c, unmapped))).filter((c) => c !== undefined);
  return items.length ? { [key]: items } : undefined;
}

/** A definition as a `.nsp` Navidrome reads, and what it had to leave out. */
export function toNsp(name: string, comment: string | null, definition: SmartDefinition): { nsp: Record<string, unknown>; unmapped: string[] } {
  const unmapped: string[] = [];
  const rules = groupTo(definition.rules, unmapped) ?? { all: [{ gt: { playCount: -1 } }] };
  const sort = (definition.sort ?? [])
    .flatMap((key) => {
      if (key.field === 'recent_plays') {
        unmapped.push(`sort recent_plays (${key.days} days): Navidrome has no such field`);
        return [];
      }
      const order = 'order' in key && key.order === 'desc' ? '-' : '';
      return [`${order}${NAVIDROME[key.field]}`];
    })
    .join(',');
  return {
    nsp: { name, ...(comment && { comment }), ...rules, ...(sort && { sort }), ...(definition.limit !== undefined && { limit: definition.limit }) },
    unmapped,
  };
}
