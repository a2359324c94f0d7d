import type { MessageKey } from '../../i18n/languages.ts';
import type { SmartDefinition, SmartGroup, SmartRule, SmartSortKey } from '@runnel/api';

/**
 * What the rule editor offers for each field: its kind (which operators and inputs it has)
 * and how it is named. Framework-free, so the defaults and checks are unit-tested.
 */
export type FieldKind = 'text' | 'number' | 'recent' | 'date' | 'bool';
export type RuleField = SmartRule['field'];

export const FIELDS: { field: RuleField; label: MessageKey; kind: FieldKind; unit?: MessageKey }[] = [
  { field: 'title', label: 'smart.field.title', kind: 'text' },
  { field: 'artist', label: 'smart.field.artist', kind: 'text' },
  { field: 'album', label: 'smart.field.album', kind: 'text' },
  { field: 'albumartist', label: 'smart.field.albumartist', kind: 'text' },
  { field: 'genre', label: 'smart.field.genre', kind: 'text' },
  { field: 'year', label: 'smart.field.year', kind: 'number' },
  { field: 'duration', label: 'smart.field.duration', kind: 'number', unit: 'smart.unit.seconds' },
  { field: 'bitrate', label: 'smart.field.bitrate', kind: 'number', unit: 'smart.unit.kbps' },
  { field: 'format', label: 'smart.field.format', kind: 'text' },
  { field: 'path', label: 'smart.field.path', kind: 'text' },
  { field: 'added', label: 'smart.field.added', kind: 'date' },
  { field: 'starred', label: 'smart.field.starred', kind: 'bool' },
  { field: 'rating', label: 'smart.field.rating', kind: 'number', unit: 'smart.unit.stars' },
  { field: 'play_count', label: 'smart.field.play_count', kind: 'number', unit: 'smart.unit.plays' },
  { field: 'last_played', label: 'smart.field.last_played', kind: 'date' },
  { field: 'recent_plays', label: 'smart.field.recent_plays', kind: 'recent', unit: 'smart.unit.plays' },
];

export const OPERATORS: Record<FieldKind, { op: string; label: MessageKey }[]> = {
  text: [
    { op: 'is', label: 'smart.op.is' },
    { op: 'is_not', label: 'smart.op.isNot' },
    { op: 'contains', label: 'smart.op.contains' },
    { op: 'not_contains', label: 'smart.op.notContains' },
    { op: 'starts_with', label: 'smart.op.startsWith' },
    { op: 'ends_with', label: 'smart.op.endsWith' },
  ],
  number: [
    { op: 'is', label: 'smart.op.is' },
    { op: 'is_not', label: 'smart.op.isNot' },
    { op: 'gt', label: 'smart.op.gt' },
    { op: 'lt', label: 'smart.op.lt' },
    { op: 'in_range', label: 'smart.op.between' },
  ],
  recent: [],
  date: [
    { op: 'in_the_last', label: 'smart.op.inTheLast' },
    { op: 'not_in_the_last', label: 'smart.op.notInTheLast' },
    { op: 'gt', label: 'smart.op.after' },
    { op: 'lt', label: 'smart.op.before' },
    { op: 'in_range', label: 'smart.op.dateBetween' },
  ],
  bool: [
    { op: 'is_true', label: 'smart.op.yes' },
    { op: 'is_false', label: 'smart.op.no' },
  ],
};
OPERATORS.recent = OPERATORS.number;

export const SORT_FIELDS: { field: SmartSortKey['field']; label: MessageKey }[] = [
  ...FIELDS.filter((f) => f.field !== 'recent_plays').map(({ field, label }) => ({ field: field as SmartSortKey['field'], label })),
  { field: 'recent_plays', label: 'smart.sort.recentPlays' },
  { field: 'random', label: 'smart.sort.random' },
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
export function incomplete(group: SmartGroup): MessageKey | null {
  for (const child of childrenOf(group)) {
    if (isGroup(child)) {
      if (!childrenOf(child).length) return 'smart.incomplete.groupEmpty';
      const inner = incomplete(child);
      if (inner) return inner;
    } else if ('value' in child && (child.value === '' || (typeof child.value === 'number' && !Number.isFinite(child.value))))
      return 'smart.incomplete.noValue';
  }
  return childrenOf(group).length ? null : 'smart.incomplete.noRules';
}

/** The definition the editor's state stands for. */
export function definitionOf(rules: SmartGroup, sort: SmartSortKey | null, limit: number | null): SmartDefinition {
  return { rules, ...(sort && { sort: [sort] }), ...(limit !== null && { limit }) };
}
