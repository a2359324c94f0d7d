import { useState } from 'react';
import { errorText } from '../../i18n/errors.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SmartGroup, SmartSortKey } from '@runnel/api';
import { navigate } from '../../app/router.ts';
import { useT } from '../../i18n/use-t.ts';
import { LoadError } from '../../ui/LoadError.tsx';
import { createSmartPlaylist, fetchRules, updateRules } from './api.ts';
import { ImportNsp } from './ImportNsp.tsx';
import { MatchCountLine } from './MatchCountLine.tsx';
import { RuleGroup } from './RuleGroup.tsx';
import { definitionOf, incomplete, ruleFor, SORT_FIELDS } from './rule-model.ts';
import { useMatchCount } from './use-match-count.ts';

/** `/smart/new`: a new smart playlist; `/smart/:id`: its rules, to change. */
export function SmartPlaylistEditor({ id }: { id?: string }) {
  const t = useT();
  const existing = useQuery({ queryKey: ['smart-rules', id], queryFn: () => fetchRules(id!), enabled: id !== undefined });
  if (id === undefined) return <Editor />;
  if (existing.isPending) return <p className="muted">{t('common.loading')}</p>;
  if (existing.isError) return <LoadError error={existing.error} what={t('smart.what')} notFound={t('smart.notFound')} />;
  const { definition, name } = existing.data;
  return <Editor id={id} name={name} rules={definition.rules} sort={definition.sort?.[0] ?? null} limit={definition.limit ?? null} />;
}

interface EditorProps {
  id?: string;
  name?: string;
  rules?: SmartGroup;
  sort?: SmartSortKey | null;
  limit?: number | null;
}

function Editor(props: EditorProps) {
  const t = useT();
  const client = useQueryClient();
  const [name, setName] = useState(props.name ?? t('smart.newName'));
  const [rules, setRules] = useState<SmartGroup>(props.rules ?? { all: [ruleFor('genre')] });
  const [sort, setSort] = useState<SmartSortKey | null>(props.sort ?? null);
  const [limit, setLimit] = useState<number | null>(props.limit ?? null);
  const [error, setError] = useState<string | null>(null);
  const definition = definitionOf(rules, sort, limit);
  const count = useMatchCount(definition);
  const missing = incomplete(rules);

  async function save() {
    setError(null);
    try {
      const id = props.id ?? (await createSmartPlaylist(name, definition)).id;
      if (props.id) await updateRules(props.id, definition);
      await Promise.all([client.invalidateQueries({ queryKey: ['sidebar'] }), client.invalidateQueries({ queryKey: ['playlist', id] })]);
      navigate(`/playlist/${id}`);
    } catch (e) {
      setError(errorText(e, 'smart.saveFailed'));
    }
  }

  const sortField = sort?.field ?? '';
  return (
    <section aria-labelledby="smart-title" className="smart-editor">
      <p className="kicker">{t('smart.kicker')}</p>
      <h1 id="smart-title">{props.id ? t('smart.rulesOf', { name: props.name ?? '' }) : t('smart.newName')}</h1>
      {!props.id && (
        <label className="smart-name">
          {t('smart.name')} <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
      )}
      <RuleGroup group={rules} onChange={setRules} />
      <div className="smart-options">
        <label>
          {t('smart.sortBy')}{' '}
          <select
            value={sortField}
            onChange={(e) => {
              const field = e.target.value;
              if (!field) setSort(null);
              else if (field === 'random') setSort({ field: 'random' });
              else if (field === 'recent_plays') setSort({ field: 'recent_plays', days: 30, order: 'desc' });
              else setSort({ field: field as Exclude<SmartSortKey['field'], 'random' | 'recent_plays'>, order: 'asc' });
            }}
          >
            <option value="">{t('smart.sortDefault')}</option>
            {SORT_FIELDS.map((f) => (
              <option key={f.field} value={f.field}>
                {t(f.label)}
              </option>
            ))}
          </select>
        </label>
        {sort && sort.field !== 'random' && (
          <select aria-label={t('smart.order')} value={sort.order ?? 'asc'} onChange={(e) => setSort({ ...sort, order: e.target.value as 'asc' | 'desc' })}>
            <option value="asc">{t('smart.ascending')}</option>
            <option value="desc">{t('smart.descending')}</option>
          </select>
        )}
        <label>
          <input type="checkbox" checked={limit !== null} onChange={(e) => setLimit(e.target.checked ? 50 : null)} /> {t('smart.keepAtMost')}
        </label>
        {limit !== null && (
          <input
            type="number"
            aria-label={t('smart.mostTracks')}
            className="rule-number"
            min={1}
            max={10000}
            value={limit}
            onChange={(e) => setLimit(Math.max(1, Math.min(10_000, e.target.valueAsNumber || 1)))}
          />
        )}
        {limit !== null && <span className="muted">{t('smart.tracksWord')}</span>}
      </div>
      <MatchCountLine count={count} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="inline-actions">
        <button className="primary" disabled={missing !== null || !name.trim()} onClick={() => void save()}>
          {props.id ? t('smart.saveRules') : t('smart.create')}
        </button>
        <button onClick={() => (props.id ? navigate(`/playlist/${props.id}`) : history.back())}>{t('common.cancel')}</button>
        {!props.id && <ImportNsp onError={setError} />}
      </div>
    </section>
  );
}
