import { sql, type RawBuilder } from 'kysely';
import type { SmartDefinition, SmartGroup, SmartRule, SmartSortKey, SmartTextOp } from '@runnel/api';
import { catalogSmartFields as catalog } from '../catalog/smart-fields.ts';
import { collectionSmartFields as collection } from '../collection/smart-fields.ts';
import type { DbKind } from '../db/database.ts';
import { discoverySmartFields as discovery } from '../discovery/smart-fields.ts';
import { DAY_MS, dayStart } from './dates.ts';

type Sql = RawBuilder<unknown>;

/** Who the rules are evaluated for (their stars, ratings, plays), and when ("in the last N days"). */
export interface Viewer {
  userId: string;
  now: number;
  dbKind: DbKind;
  /** Which of the 32 shuffles a `random` sort reads (engine.ts: the same for an hour). */
  shuffle?: number;
}

/** A definition as SQL: the FROM clause with only the joins the rules and sort need, the condition, the ORDER BY terms. */
export interface CompiledQuery {
  from: Sql;
  where: Sql;
  orderBy: Sql;
}

/** `%`, `_` and the escape character itself, escaped for LIKE … ESCAPE '\'. */
const likeEscape = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A positive text test (is, contains, starts with, ends with), ignoring the case of ASCII
 * letters only, on both databases: SQLite's LIKE and NOCASE fold ASCII as its lower() does,
 * so it needs no lower() per row; PostgreSQL lower-cases both sides under the C collation.
 */
function textTest(column: Sql, op: SmartTextOp, value: string, viewer: Viewer): Sql {
  const pattern =
    op === 'is' || op === 'is_not'
      ? null
      : op === 'starts_with'
        ? `${likeEscape(value)}%`
        : op === 'ends_with'
          ? `%${likeEscape(value)}`
          : `%${likeEscape(value)}%`;
  if (viewer.dbKind === 'sqlite') return pattern === null ? sql`${column} = ${value} collate nocase` : sql`${column} like ${pattern} escape '\\'`;
  // lower() under the C collation folds ASCII only, like SQLite, and skips the locale's per-call cost.
  const folded = sql`lower(${column} collate "C")`;
  const wanted = sql`lower(cast(${pattern ?? value} as text) collate "C")`;
  return pattern === null ? sql`${folded} = ${wanted}` : sql`${folded} like ${wanted} escape '\\'`;
}

const negated = (op: string) => op === 'is_not' || op === 'not_contains';

function numberTest(column: Sql, op: string, value: number | number[]): Sql {
  if (Array.isArray(value)) return sql`(${column} >= ${value[0]} and ${column} <= ${value[1]})`;
  if (op === 'is') return sql`${column} = ${value}`;
  if (op === 'is_not') return sql`${column} <> ${value}`;
  return op === 'gt' ? sql`${column} > ${value}` : sql`${column} < ${value}`;
}

/** The same test on a number in JS: does a track without a row (0 plays, unrated) pass? */
function numberHolds(op: string, value: number | number[], n: number): boolean {
  if (Array.isArray(value)) return n >= value[0]! && n <= value[1]!;
  return op === 'is' ? n === value : op === 'is_not' ? n !== value : op === 'gt' ? n > value : n < value;
}

function dateTest(column: Sql, rule: Extract<SmartRule, { field: 'added' | 'last_played' }>, viewer: Viewer): Sql {
  if (rule.op === 'in_the_last') return sql`${column} >= ${viewer.now - rule.value * DAY_MS}`;
  if (rule.op === 'not_in_the_last') return sql`(${column} < ${viewer.now - rule.value * DAY_MS} or ${column} is null)`;
  if (rule.op === 'in_range') return sql`(${column} >= ${dayStart(rule.value[0]!)} and ${column} < ${dayStart(rule.value[1]!) + DAY_MS})`;
  const day = dayStart(String(rule.value));
  return rule.op === 'gt' ? sql`${column} >= ${day + DAY_MS}` : sql`${column} < ${day}`;
}

/**
 * A rule on per-user values as membership of one set per query (no lookup per track): a
 * track without a row (never played, unrated, not starred) has the default value; when the
 * default passes, the track is kept unless it is among those whose value fails.
 */
function member(defaultPasses: boolean, set: (test: (column: Sql) => Sql) => Sql, test: (column: Sql) => Sql): Sql {
  return defaultPasses ? sql`${catalog.trackId} not in (${set((c) => sql`not (${test(c)})`)})` : sql`${catalog.trackId} in (${set(test)})`;
}

/** The compiler's state: which joins the sort needs, and whether the album is read. */
class Joins {
  album = false;
  stars = false;
  ratings = false;
  plays = false;
  recent = new Map<number, string>();
  recentAlias(days: number) {
    let alias = this.recent.get(days);
    if (!alias) this.recent.set(days, (alias = `rp${this.recent.size}`));
    return alias;
  }
}

function ruleSql(rule: SmartRule, joins: Joins, viewer: Viewer): Sql {
  const user = viewer.userId;
  switch (rule.field) {
    case 'starred':
      return member(
        rule.op === 'is_false',
        () => collection.starredIds(user),
        () => sql`1 = 1`,
      );
    case 'rating':
      return member(
        numberHolds(rule.op, rule.value, 0),
        (test) => collection.ratedIds(user, test),
        (c) => numberTest(c, rule.op, rule.value),
      );
    case 'play_count':
      return member(
        numberHolds(rule.op, rule.value, 0),
        (test) => discovery.playedIds(user, (plays) => test(plays)),
        (c) => numberTest(c, rule.op, rule.value),
      );
    case 'recent_plays':
      return member(
        numberHolds(rule.op, rule.value, 0),
        (test) => discovery.recentIds(user, rule.days, viewer.now, test),
        (c) => numberTest(c, rule.op, rule.value),
      );
    case 'last_played':
      return member(
        rule.op === 'not_in_the_last',
        (test) => discovery.playedIds(user, (_, last) => test(last)),
        (c) => dateTest(c, rule, viewer),
      );
    case 'added':
      return dateTest(catalog.date.added, rule, viewer);
    case 'genre': {
      const positive = rule.op === 'is_not' ? 'is' : rule.op === 'not_contains' ? 'contains' : rule.op;
      const ids = catalog.genreTrackIds((name) => textTest(name, positive, rule.value, viewer));
      return negated(rule.op) ? sql`${catalog.trackId} not in (${ids})` : sql`${catalog.trackId} in (${ids})`;
    }
    case 'album':
    case 'albumartist': {
      const positive = rule.op === 'is_not' ? 'is' : rule.op === 'not_contains' ? 'contains' : rule.op;
      const ids = catalog.albumIds(rule.field, (column) => textTest(column, positive, rule.value, viewer));
      return negated(rule.op) ? sql`${catalog.albumId} not in (${ids})` : sql`${catalog.albumId} in (${ids})`;
    }
    case 'title':
    case 'artist':
    case 'format':
    case 'path': {
      const test = textTest(catalog.text[rule.field], rule.op, rule.value, viewer);
      return negated(rule.op) ? sql`not (${test})` : test;
    }
    default:
      return numberTest(catalog.number[rule.field], rule.op, rule.value);
  }
}

function groupSql(group: SmartGroup, joins: Joins, viewer: Viewer): Sql {
  const [children, joiner] = 'all' in group ? [group.all, sql` and `] : [group.any, sql` or `];
  const parts = children.map((child) => ('all' in child || 'any' in child ? groupSql(child, joins, viewer) : ruleSql(child, joins, viewer)));
  return sql`(${sql.join(parts, joiner)})`;
}

/** A value to sort by, joining what it needs. */
function sortColumn(field: string, joins: Joins, days?: number): Sql {
  if (field === 'rating') return ((joins.ratings = true), collection.rating);
  if (field === 'play_count') return ((joins.plays = true), discovery.playCount);
  if (field === 'last_played') return ((joins.plays = true), discovery.lastPlayed);
  if (field === 'recent_plays') return discovery.recentPlays(joins.recentAlias(days!));
  if (field === 'added') return catalog.date.added;
  return catalog.number[field as keyof typeof catalog.number];
}

/** Text sorts by code point on both databases (PostgreSQL's collation could differ from SQLite's). */
const binary = (expression: Sql, viewer: Viewer) => (viewer.dbKind === 'postgres' ? sql`${expression} collate "C"` : expression);
/** Lower-cased for sorting as text tests fold it: ASCII letters only, on both databases. */
const foldedForSort = (column: Sql, viewer: Viewer) => (viewer.dbKind === 'postgres' ? sql`lower(${column} collate "C")` : sql`lower(${column})`);

/**
 * A `random` sort that reads the same from one request to the next (an app pages through
 * the playlist; its track list and its totals are separate reads): track ids are random,
 * so ordering by the id read from one of its 16 places on (and forwards or backwards) is one
 * of 32 unrelated shuffles, the same on both databases.
 */
function shuffled(viewer: Viewer): Sql[] {
  const n = viewer.shuffle ?? 0;
  const rotated = binary(sql`substr(${catalog.trackId} || ${catalog.trackId}, ${(n % 16) + 1}, 16)`, viewer);
  return [sql`${rotated} ${n >= 16 ? sql`desc` : sql`asc`}`];
}

function sortTerms(key: SmartSortKey, joins: Joins, viewer: Viewer): Sql[] {
  if (key.field === 'random') return shuffled(viewer);
  const direction = key.order === 'desc' ? sql`desc` : sql`asc`;
  const field = key.field;
  if (field === 'starred') return ((joins.stars = true), [sql`case when ${collection.starred} then 1 else 0 end ${direction}`]);
  if (field === 'genre') return [sql`case when ${catalog.firstGenre} is null then 1 else 0 end`, sql`${binary(catalog.firstGenre, viewer)} ${direction}`];
  if (field in catalog.text) {
    if (catalog.onAlbum.has(field)) joins.album = true;
    return [sql`${binary(foldedForSort(catalog.text[field as keyof typeof catalog.text], viewer), viewer)} ${direction}`];
  }
  const column = sortColumn(field, joins, 'days' in key ? key.days : undefined);
  // Missing values (no year, never played) last, whichever the direction.
  return [sql`case when ${column} is null then 1 else 0 end`, sql`${column} ${direction}`];
}

/** Compiles a definition into one query's parts, for one viewer; validated definitions only (the API schema). */
export function compile(definition: SmartDefinition, viewer: Viewer): CompiledQuery {
  const joins = new Joins();
  const where = groupSql(definition.rules, joins, viewer);
  const sort = definition.sort ?? [{ field: 'title' }];
  const orderBy = sql.join([...sort.flatMap((key) => sortTerms(key, joins, viewer)), binary(catalog.trackId, viewer)]);
  const from: Sql[] = [catalog.tracks];
  if (joins.album) from.push(catalog.albumJoin);
  if (joins.stars) from.push(collection.starsJoin(viewer.userId, catalog.trackId));
  if (joins.ratings) from.push(collection.ratingsJoin(viewer.userId, catalog.trackId));
  if (joins.plays) from.push(discovery.playsJoin(viewer.userId, catalog.trackId));
  for (const [days, alias] of joins.recent) from.push(discovery.recentJoin(alias, viewer.userId, days, viewer.now, catalog.trackId));
  return { from: sql.join(from, sql` `), where: sql`${catalog.present} and ${where}`, orderBy };
}
