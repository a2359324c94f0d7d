import Type, { type Static, type TSchema } from 'typebox';
import { Strict } from './common.ts';

/**
 * Smart playlists: a tree of rules over the catalogue and the owner's stars, ratings and
 * plays, with a sort and a limit. Every rule names a field and an operator that suits the
 * field's kind, so a rule that cannot be evaluated (`year contains "x"`) is refused by
 * validation, not at query time.
 */

/** One of these strings (an `enum`: far less validator code than a union of literals, at every level of nesting). */
const literals = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

export const SMART_TEXT_FIELDS = ['title', 'artist', 'album', 'albumartist', 'genre', 'format', 'path'] as const;
export const SMART_NUMBER_FIELDS = ['year', 'duration', 'bitrate', 'rating', 'play_count'] as const;
export const SMART_DATE_FIELDS = ['added', 'last_played'] as const;
export type SmartTextField = (typeof SMART_TEXT_FIELDS)[number];
export type SmartNumberField = (typeof SMART_NUMBER_FIELDS)[number];
export type SmartDateField = (typeof SMART_DATE_FIELDS)[number];

export const SMART_TEXT_OPS = ['is', 'is_not', 'contains', 'not_contains', 'starts_with', 'ends_with'] as const;
export const SMART_NUMBER_OPS = ['is', 'is_not', 'gt', 'lt'] as const;
export type SmartTextOp = (typeof SMART_TEXT_OPS)[number];
export type SmartNumberOp = (typeof SMART_NUMBER_OPS)[number];

const Text = Type.String({ minLength: 1, maxLength: 200 });
/** Whole numbers: years, seconds (duration), kbps (bitrate), stars 0–5 (rating), plays. */
const Num = Type.Integer({ minimum: -100_000_000, maximum: 100_000_000 });
const Days = Type.Integer({ minimum: 1, maximum: 36_500, description: 'A number of days' });
/** A calendar day (UTC). */
const Day = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', description: 'YYYY-MM-DD (UTC)' });
const Range = <T extends TSchema>(of: T) => Type.Array(of, { minItems: 2, maxItems: 2, description: '[from, to], both included' });

const TextRule = Strict({ field: literals(SMART_TEXT_FIELDS), op: literals(SMART_TEXT_OPS), value: Text });
const NumberRule = Strict({ field: literals(SMART_NUMBER_FIELDS), op: literals(SMART_NUMBER_OPS), value: Num });
const NumberRangeRule = Strict({ field: literals(SMART_NUMBER_FIELDS), op: Type.Literal('in_range'), value: Range(Num) });
const RecentPlaysRule = Strict({ field: Type.Literal('recent_plays'), days: Days, op: literals(SMART_NUMBER_OPS), value: Num });
const RecentPlaysRangeRule = Strict({ field: Type.Literal('recent_plays'), days: Days, op: Type.Literal('in_range'), value: Range(Num) });
const DateRule = Strict({ field: literals(SMART_DATE_FIELDS), op: literals(['gt', 'lt']), value: Day });
const DateRangeRule = Strict({ field: literals(SMART_DATE_FIELDS), op: Type.Literal('in_range'), value: Range(Day) });
const RelativeDateRule = Strict({
  field: literals(SMART_DATE_FIELDS),
  op: literals(['in_the_last', 'not_in_the_last']),
  value: Days,
});
const StarredRule = Strict({ field: Type.Literal('starred'), op: literals(['is_true', 'is_false']) });

/** One condition on a track. */
export const SmartRule = Type.Union([
  TextRule,
  NumberRule,
  NumberRangeRule,
  RecentPlaysRule,
  RecentPlaysRangeRule,
  DateRule,
  DateRangeRule,
  RelativeDateRule,
  StarredRule,
]);

/** The types the schema checks, written out (TypeBox's inference over the generic unions above is loose). */
export type SmartRule =
  | { field: SmartTextField; op: SmartTextOp; value: string }
  | { field: SmartNumberField; op: SmartNumberOp; value: number }
  | { field: SmartNumberField; op: 'in_range'; value: number[] }
  | { field: 'recent_plays'; days: number; op: SmartNumberOp; value: number }
  | { field: 'recent_plays'; days: number; op: 'in_range'; value: number[] }
  | { field: SmartDateField; op: 'gt' | 'lt'; value: string }
  | { field: SmartDateField; op: 'in_range'; value: string[] }
  | { field: SmartDateField; op: 'in_the_last' | 'not_in_the_last'; value: number }
  | { field: 'starred'; op: 'is_true' | 'is_false' };

/** AND (`all`) or OR (`any`) over rules and groups. */
export type SmartGroup = { all: (SmartRule | SmartGroup)[] } | { any: (SmartRule | SmartGroup)[] };

/** How deep groups may nest (the top group counts as one). */
export const SMART_MAX_DEPTH = 4;
const MAX_CHILDREN = 50;

/**
 * `{all: [...]}` or `{any: [...]}`, written with one copy of its children per level (two
 * properties, or a union of two objects, would double the schema at every level).
 */
function group(depth: number): TSchema {
  const child = depth > 1 ? Type.Union([SmartRule, group(depth - 1)]) : SmartRule;
  const children = Type.Array(child, { minItems: 1, maxItems: MAX_CHILDREN });
  return Type.Unsafe({
    type: 'object',
    description: '`{"all": [...]}` (AND) or `{"any": [...]}` (OR) over rules and groups',
    patternProperties: { '^(all|any)$': children },
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
  });
}

export const SmartGroup = Type.Unsafe<SmartGroup>(group(SMART_MAX_DEPTH));

export const SMART_SORT_FIELDS = [...SMART_TEXT_FIELDS, ...SMART_NUMBER_FIELDS, ...SMART_DATE_FIELDS, 'starred'] as const;
export type SmartSortField = (typeof SMART_SORT_FIELDS)[number];
const Order = Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' }));

export type SmartSortKey =
  { field: SmartSortField; order?: 'asc' | 'desc' } | { field: 'recent_plays'; days: number; order?: 'asc' | 'desc' } | { field: 'random' };
export const SmartSortKey = Type.Unsafe<SmartSortKey>(
  Type.Union([
    Strict({ field: literals(SMART_SORT_FIELDS), order: Order }),
    Strict({ field: Type.Literal('recent_plays'), days: Days, order: Order }),
    Strict({ field: Type.Literal('random') }),
  ]),
);

/** Most tracks a limit may keep. */
export const SMART_MAX_LIMIT = 10_000;

/** What a smart playlist is: which tracks (rules), in what order (sort; ties by track id), how many (limit). */
export const SmartDefinition = Strict({
  rules: SmartGroup,
  sort: Type.Optional(Type.Array(SmartSortKey, { minItems: 1, maxItems: 3 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SMART_MAX_LIMIT })),
});
export interface SmartDefinition {
  rules: SmartGroup;
  sort?: SmartSortKey[];
  limit?: number;
}

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Description = Type.Union([Type.String({ maxLength: 300 }), Type.Null()]);

export const CreateSmartPlaylistBody = Strict({
  name: Name,
  description: Type.Optional(Description),
  public: Type.Optional(Type.Boolean()),
  definition: SmartDefinition,
});
export type CreateSmartPlaylistBody = Static<typeof CreateSmartPlaylistBody> & { definition: SmartDefinition };

export const UpdateSmartPlaylistBody = Strict({ definition: SmartDefinition });
export type UpdateSmartPlaylistBody = { definition: SmartDefinition };

/** A smart playlist's rules, as the editor loads them. */
export const SmartPlaylistRules = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  definition: SmartDefinition,
});
export type SmartPlaylistRules = { id: string; name: string; description: string | null; definition: SmartDefinition };

/** A smart playlist as a Navidrome `.nsp` file (JSON), with the rules Navidrome cannot express left out. */
export const NspExport = Type.Object({}, { additionalProperties: true });

export const SmartCountBody = Strict({ definition: SmartDefinition });
export type SmartCountBody = { definition: SmartDefinition };
export const SmartCount = Type.Object({
  matched: Type.Integer({ description: 'Tracks the rules match' }),
  total: Type.Integer({ description: 'Tracks the playlist holds: `matched`, cut to the limit' }),
});
export type SmartCount = Static<typeof SmartCount>;

/** A Navidrome smart playlist (`.nsp`, JSON) to import; its fields are Navidrome's and checked when mapped. */
export const NspImportBody = Strict({
  nsp: Type.Object({}, { additionalProperties: true, description: 'The .nsp file (JSON)' }),
  name: Type.Optional(Name),
});
export type NspImportBody = { nsp: object; name?: string };
export const NspImported = Type.Object({
  id: Type.String({ description: 'The smart playlist made' }),
  name: Type.String(),
  definition: SmartDefinition,
  unmapped: Type.Array(Type.String(), { description: 'What Runnel could not map (left out of the rules), one line each' }),
});
export type NspImported = { id: string; name: string; definition: SmartDefinition; unmapped: string[] };
