import type { SmartGroup, SmartRule } from '@runnel/api';
import { SMART_MAX_DEPTH } from '@runnel/api';
import { childrenOf, groupOf, isGroup, matchOf, ruleFor } from './rule-model.ts';
import { useT } from '../../i18n/use-t.ts';
import { RuleRow } from './RuleRow.tsx';

interface Props {
  group: SmartGroup;
  onChange(group: SmartGroup): void;
  /** Nested groups can be removed; the top one cannot. */
  onRemove?: () => void;
  depth?: number;
}

/** A group of rules and groups, matched all (AND) or any (OR). */
export function RuleGroup({ group, onChange, onRemove, depth = 1 }: Props) {
  const t = useT();
  const match = matchOf(group);
  const children = childrenOf(group);
  const set = (next: (SmartRule | SmartGroup)[]) => onChange(groupOf(match, next));
  const replace = (i: number, child: SmartRule | SmartGroup) => set(children.map((c, j) => (j === i ? child : c)));
  const remove = (i: number) => set(children.filter((_, j) => j !== i));
  return (
    <fieldset className={`rule-group depth-${depth}`}>
      <legend>
        <label>
          {t('smart.match')}{' '}
          <select aria-label={t('smart.match')} value={match} onChange={(e) => onChange(groupOf(e.target.value as 'all' | 'any', children))}>
            <option value="all">{t('smart.matchAll')}</option>
            <option value="any">{t('smart.matchAny')}</option>
          </select>{' '}
          {t('smart.ofThese')}
        </label>
        {onRemove && (
          <button className="rule-remove" aria-label={t('smart.removeGroup')} title={t('smart.removeGroup')} onClick={onRemove}>
            ×
          </button>
        )}
      </legend>
      <ul className="rules">
        {children.map((child, i) =>
          isGroup(child) ? (
            <li key={i}>
              <RuleGroup group={child} depth={depth + 1} onChange={(g) => replace(i, g)} onRemove={() => remove(i)} />
            </li>
          ) : (
            <RuleRow key={i} rule={child} onChange={(r) => replace(i, r)} onRemove={() => remove(i)} />
          ),
        )}
      </ul>
      <div className="inline-actions">
        <button onClick={() => set([...children, ruleFor('title')])}>{t('smart.addRule')}</button>
        {depth < SMART_MAX_DEPTH && <button onClick={() => set([...children, { any: [ruleFor('title')] }])}>{t('smart.addGroup')}</button>}
      </div>
    </fieldset>
  );
}
