import type { SmartRule } from '@runnel/api';
import { useT } from '../../i18n/use-t.ts';
import { FIELDS, OPERATORS, kindOf, ruleFor, type RuleField } from './rule-model.ts';

/** Sets a rule's value (or one end of its range), keeping its field and operator. */
const withValue = (rule: SmartRule, value: unknown) => ({ ...rule, value }) as SmartRule;

/** One rule: field, operator, and the inputs that field and operator need. */
export function RuleRow({ rule, onChange, onRemove }: { rule: SmartRule; onChange(rule: SmartRule): void; onRemove(): void }) {
  const t = useT();
  const kind = kindOf(rule.field);
  const field = FIELDS.find((f) => f.field === rule.field)!;
  const value = 'value' in rule ? rule.value : undefined;
  const numberInput = (label: string, n: number, set: (n: number) => void) => (
    <input type="number" aria-label={label} className="rule-number" value={Number.isFinite(n) ? n : ''} onChange={(e) => set(e.target.valueAsNumber)} />
  );
  const dateInput = (label: string, day: string, set: (d: string) => void) => (
    <input type="date" aria-label={label} value={day} onChange={(e) => e.target.value && set(e.target.value)} />
  );

  function inputs() {
    if (kind === 'bool') return null;
    if (kind === 'text')
      return (
        <input
          aria-label={t('smart.value')}
          className="rule-text"
          value={String(value)}
          maxLength={200}
          onChange={(e) => onChange(withValue(rule, e.target.value))}
        />
      );
    if (rule.op === 'in_the_last' || rule.op === 'not_in_the_last')
      return (
        <>
          {numberInput(t('smart.days'), value as number, (n) => onChange(withValue(rule, n)))}
          <span className="muted">{t('smart.daysWord')}</span>
        </>
      );
    if (Array.isArray(value)) {
      const [from, to] = value as (string | number)[];
      const set = (i: number) => (v: string | number) => onChange(withValue(rule, i === 0 ? [v, to] : [from, v]));
      return kind === 'date' ? (
        <>
          {dateInput(t('smart.from'), String(from), set(0))} <span className="muted">{t('smart.and')}</span> {dateInput(t('smart.to'), String(to), set(1))}
        </>
      ) : (
        <>
          {numberInput(t('smart.from'), from as number, set(0))} <span className="muted">{t('smart.and')}</span>{' '}
          {numberInput(t('smart.to'), to as number, set(1))}
          {field.unit && <span className="muted">{t(field.unit)}</span>}
        </>
      );
    }
    if (kind === 'date') return dateInput(t('smart.date'), String(value), (d) => onChange(withValue(rule, d)));
    return (
      <>
        {numberInput(t('smart.value'), value as number, (n) => onChange(withValue(rule, n)))}
        {field.unit && <span className="muted">{t(field.unit)}</span>}
      </>
    );
  }

  return (
    <li className="rule-row">
      <select aria-label={t('smart.field')} value={rule.field} onChange={(e) => onChange(ruleFor(e.target.value as RuleField))}>
        {FIELDS.map((f) => (
          <option key={f.field} value={f.field}>
            {t(f.label)}
          </option>
        ))}
      </select>
      {rule.field === 'recent_plays' && (
        <>
          {numberInput(t('smart.daysCounted'), rule.days, (days) => onChange({ ...rule, days }))}
          <span className="muted">{t('smart.daysColon')}</span>
        </>
      )}
      <select
        aria-label={t('smart.operator')}
        value={rule.op}
        onChange={(e) => {
          const next = ruleFor(rule.field, e.target.value);
          // Keep what was typed when the new operator takes the same kind of value.
          const keep =
            kind === 'text' ||
            (typeof value === 'number' && 'value' in next && typeof next.value === 'number' && rule.op !== 'in_the_last' && rule.op !== 'not_in_the_last');
          onChange(keep && 'value' in next ? withValue(next, value) : next);
        }}
      >
        {OPERATORS[kind].map((o) => (
          <option key={o.op} value={o.op}>
            {t(o.label)}
          </option>
        ))}
      </select>
      {inputs()}
      <button className="rule-remove" aria-label={t('smart.removeRule')} title={t('smart.removeRule')} onClick={onRemove}>
        ×
      </button>
    </li>
  );
}
