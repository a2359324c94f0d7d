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
}

/** A definition as SQL: the FROM clause with only the joins the rules and sort need, the condition, the ORDER BY terms. */
export interface CompiledQuery {
  from: Sql;
  where: Sql;
  orderBy: Sql;
}

/** `%`, `_` and the escape character itself, escaped for LIKE … ESCAPE '\'. */
const likeEscape = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A text test on an expression; both sides lower-cased by the database (README: case and non-ASCII letters). */
function textTest(column: Sql, op: SmartTextOp, value: string): Sql {
  const lowered = sql`lower(${column})`;
  const like = (pattern: string) => sql`${lowered} like lower(cast(${pattern} as text)) escape '\\'`;
  switch (op) {
    case 'is':
    case 'is_not':
      return sql`${lowered} = lower(cast(${value} as text))`;
    case 'contains':
    case 'not_contains':
      return like(`%${likeEscape(value)}%`);
    case 'starts_with':
      return like(`${likeEscape(value)}%`);
    case 'ends_with':
      return like(`%${likeEscape(value)}`);
  }
}

const negated = (op: string) => op === 'is_not' || op === 'not_contains';

function numberTest(column: Sql, op: string, value: number | number[]): Sql {
  if (Array.isArray(value)) return sql`(${column} >= ${value[0]} and ${column} <= ${value[1]})`;
  if (op === 'is') return sql`${column} = ${value}`;
  if (op === 'is_not') return sql`${column} <> ${value}`;
  return op === 'gt' ? sql`${column} > ${value}` : sql`${column} < ${value}`;
}

/** The compiler's state: which joins the definition needs so far. */
class Joins {
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

function numberColumn(field: string, joins: Joins, days?: number): Sql {
  if (field === 'rating') return ((joins.ratings = true), collection.rating);
  if (field === 'play_count') return ((joins.plays = true), discovery.playCount);
  if (field === 'recent_plays') return discovery.recentPlays(joins.recentAlias(days!));
  return catalog.number[field as keyof typeof catalog.number];
}

function dateColumn(field: string, joins: Joins): Sql {
  if (field === 'last_played') return ((joins.plays = true), discovery.lastPlayed);
  return catalog.date.added;
}

function ruleSql(rule: SmartRule, joins: Joins, viewer: Viewer): Sql {
  switch (rule.field) {
    case 'starred':
      joins.stars = true;
      return rule.op === 'is_true' ? collection.starred : sql`not ${collection.starred}`;
    case 'genre': {
      const exists = catalog.anyGenre((name) => textTest(name, rule.op, rule.value));
      return negated(rule.op) ? sql`not ${exists}` : exists;
    }
    case 'title':
    case 'artist':
    case 'album':
    case 'albumartist':
    case 'format':
    case 'path': {
      const test = textTest(catalog.text[rule.field], rule.op, rule.value);
      return negated(rule.op) ? sql`not (${test})` : test;
    }
    case 'added':
    case 'last_played': {
      const column = dateColumn(rule.field, joins);
      if (rule.op === 'in_the_last') return sql`${column} >= ${viewer.now - rule.value * DAY_MS}`;
      if (rule.op === 'not_in_the_last') return sql`(${column} < ${viewer.now - rule.value * DAY_MS} or ${column} is null)`;
      if (rule.op === 'in_range') return sql`(${column} >= ${dayStart(rule.value[0]!)} and ${column} < ${dayStart(rule.value[1]!) + DAY_MS})`;
      const day = dayStart(String(rule.value));
      return rule.op === 'gt' ? sql`${column} >= ${day + DAY_MS}` : sql`${column} < ${day}`;
    }
    default:
      return numberTest(numberColumn(rule.field, joins, 'days' in rule ? rule.days : undefined), rule.op, rule.value);
  }
}

function groupSql(group: SmartGroup, joins: Joins, viewer: Viewer): Sql {
  const [children, joiner] = 'all' in group ? [group.all, sql` and `] : [group.any, sql` or `];
  const parts = children.map((child) => ('all' in child || 'any' in child ? groupSql(child, joins, viewer) : ruleSql(child, joins, viewer)));
  return sql`(${sql.join(parts, joiner)})`;
}

/** Text sorts by code point on both databases (PostgreSQL's collation could differ from SQLite's). */
const binary = (expression: Sql, viewer: Viewer) => (viewer.dbKind === 'postgres' ? sql`${expression} collate "C"` : expression);

function sortTerms(key: SmartSortKey, joins: Joins, viewer: Viewer): Sql[] {
  if (key.field === 'random') return [sql`random()`];
  const direction = key.order === 'desc' ? sql`desc` : sql`asc`;
  const field = key.field;
  if (field === 'starred') return ((joins.stars = true), [sql`case when ${collection.starred} then 1 else 0 end ${direction}`]);
  if (field === 'genre') return [sql`case when ${catalog.firstGenre} is null then 1 else 0 end`, sql`${binary(catalog.firstGenre, viewer)} ${direction}`];
  if (field in catalog.text) return [sql`${binary(sql`lower(${catalog.text[field as keyof typeof catalog.text]})`, viewer)} ${direction}`];
  const column = field === 'added' || field === 'last_played' ? dateColumn(field, joins) : numberColumn(field, joins, 'days' in key ? key.days : undefined);
  // Missing values (no year, never played) last, whichever the direction.
  return [sql`case when ${column} is null then 1 else 0 end`, sql`${column} ${direction}`];
}

/** Compiles a definition into one query's parts, for one viewer; validated definitions only (the API schema). */
export function compile(definition: SmartDefinition, viewer: Viewer): CompiledQuery {
  const joins = new Joins();
  const where = groupSql(definition.rules, joins, viewer);
  const sort = definition.sort ?? [{ field: 'title' }];
  const orderBy = sql.join([...sort.flatMap((key) => sortTerms(key, joins, viewer)), binary(catalog.trackId, viewer)]);
  const from: Sql[] = [catalog.from];
  if (joins.stars) from.push(collection.starsJoin(viewer.userId, catalog.trackId));
  if (joins.ratings) from.push(collection.ratingsJoin(viewer.userId, catalog.trackId));
  if (joins.plays) from.push(discovery.playsJoin(viewer.userId, catalog.trackId));
  for (const [days, alias] of joins.recent) from.push(discovery.recentJoin(alias, viewer.userId, days, viewer.now, catalog.trackId));
  return { from: sql.join(from, sql` `), where: sql`${catalog.present} and ${where}`, orderBy };
}
