import type { SmartDefinition, SmartGroup, SmartRule, SmartSortKey } from '@runnel/api';

/**
 * What the rule editor offers for each field: its kind (which operators and inputs it has)
 * and how it is named. Framework-free, so the defaults and checks are unit-tested.
 */
export type FieldKind = 'text' | 'number' | 'recent' | 'date' | 'bool';
export type RuleField = SmartRule['field'];

export const FIELDS: { field: RuleField; label: string; kind: FieldKind; unit?: string }[] = [
  { field: 'title', label: 'Title', kind: 'text' },
  { field: 'artist', label: 'Artist', kind: 'text' },
  { field: 'album', label: 'Album', kind: 'text' },
  { field: 'albumartist', label: 'Album artist', kind: 'text' },
  { field: 'genre', label: 'Genre', kind: 'text' },
  { field: 'year', label: 'Year', kind: 'number' },
  { field: 'duration', label: 'Duration', kind: 'number', unit: 'seconds' },
  { field: 'bitrate', label: 'Bitrate', kind: 'number', unit: 'kbps' },
  { field: 'format', label: 'Format', kind: 'text' },
  { field: 'path', label: 'File path', kind: 'text' },
  { field: 'added', label: 'Date added', kind: 'date' },
  { field: 'starred', label: 'Starred', kind: 'bool' },
  { field: 'rating', label: 'Rating', kind: 'number', unit: 'stars' },
  { field: 'play_count', label: 'Play count', kind: 'number', unit: 'plays' },
  { field: 'last_played', label: 'Last played', kind: 'date' },
  { field: 'recent_plays', label: 'Plays in the last days', kind: 'recent', unit: 'plays' },
];

export const OPERATORS: Record<FieldKind, { op: string; label: string }[]> = {
  text: [
    { op: 'is', label: 'is' },
    { op: 'is_not', label: 'is not' },
    { op: 'contains', label: 'contains' },
    { op: 'not_contains', label: 'does not contain' },
    { op: 'starts_with', label: 'starts with' },
    { op: 'ends_with', label: 'ends with' },
  ],
  number: [
    { op: 'is', label: 'is' },
    { op: 'is_not', label: 'is not' },
    { op: 'gt', label: 'is more than' },
    { op: 'lt', label: 'is less than' },
    { op: 'in_range', label: 'is between' },
  ],
  recent: [],
  date: [
    { op: 'in_the_last', label: 'in the last' },
    { op: 'not_in_the_last', label: 'not in the last' },
    { op: 'gt', label: 'after' },
    { op: 'lt', label: 'before' },
    { op: 'in_range', label: 'between' },
  ],
  bool: [
    { op: 'is_true', label: 'yes' },
    { op: 'is_false', label: 'no' },
  ],
};
OPERATORS.recent = OPERATORS.number;

export const SORT_FIELDS: { field: SmartSortKey['field']; label: string }[] = [
  ...FIELDS.filter((f) => f.field !== 'recent_plays').map(({ field, label }) => ({ field: field as SmartSortKey['field'], label })),
  { field: 'recent_plays', label: 'Plays in the last 30 days' },
  { field: 'random', label: 'Random' },
];

export const kindOf = (field: RuleField): FieldKind => FIELDS.find((f) => f.field === field)!.kind;
export const isGroup = (node: SmartRule | SmartGroup): node is SmartGroup => 'all' in node || 'any' in node;
export const childrenOf = (group: SmartGroup) => ('all' in group ? group.all : group.any);
export const matchOf = (group: SmartGroup): 'all' | 'any' => ('all' in group ? 'all' : 'any');
export const groupOf = (match: 'all' | 'any', children: (SmartRule | SmartGroup)[]): SmartGroup => (match === 'all' ? { all: children } : { any: children });

const today = () => new Date().toISOString().slice(0, 10);

/** A rule of this field and operator (the field's first when omitted) with a sensible starting value. */
export function ruleFor(field: RuleField, op?: string): SmartRule {
  const kind = kindOf(field);
  const chosen = op ?? OPERATORS[kind][0]!.op;
  if (kind === 'bool') return { field: 'starred', op: chosen as 'is_true' };
  if (kind === 'text') return { field, op: chosen, value: '' } as SmartRule;
  if (kind === 'date') {
    if (chosen === 'in_the_last' || chosen === 'not_in_the_last') return { field, op: chosen, value: 30 } as SmartRule;
    return { field, op: chosen, value: chosen === 'in_range' ? [today(), today()] : today() } as SmartRule;
  }
  const start = field === 'year' ? 2000 : field === 'duration' ? 180 : field === 'bitrate' ? 320 : field === 'rating' ? 4 : 0;
  const value = chosen === 'in_range' ? [start, field === 'year' ? 2010 : start + 60] : start;
  return (kind === 'recent' ? { field: 'recent_plays', days: 30, op: chosen, value } : { field, op: chosen, value }) as SmartRule;
}

/** Why the rules cannot be counted yet (an empty text, a group with nothing in it), or null. */
export function incomplete(group: SmartGroup): string | null {
  for (const child of childrenOf(group)) {
    if (isGroup(child)) {
      if (!childrenOf(child).length) return 'A group has no rules';
      const inner = incomplete(child);
      if (inner) return inner;
    } else if ('value' in child && (child.value === '' || (typeof child.value === 'number' && !Number.isFinite(child.value)))) return 'A rule has no value';
  }
  return childrenOf(group).length ? null : 'Add a rule';
}

/** The definition the editor's state stands for. */
export function definitionOf(rules: SmartGroup, sort: SmartSortKey | null, limit: number | null): SmartDefinition {
  return { rules, ...(sort && { sort: [sort] }), ...(limit !== null && { limit }) };
}
