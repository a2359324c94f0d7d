import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/use-t.ts';

/** Settings: the public links you made (from "Send to…"), how often each was opened, and turning one off. */
export function LinksCard() {
  const t = useT();
  const client = useQueryClient();
  const links = useQuery({ queryKey: ['share-links'], queryFn: () => api('GET /me/share-links') });
  const revoke = useMutation({
    mutationFn: (id: string) => api('DELETE /me/share-links/:id', { params: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['share-links'] }),
  });
  return (
    <div className="card">
      <h2>{t('links.title')}</h2>
      <p className="muted">{t('links.intro')}</p>
      <ul className="plain" aria-label={t('links.yours')}>
        {links.data?.items.map((l) => (
          <li key={l.id}>
            <a href={l.url} target="_blank" rel="noreferrer">
              {l.title}
            </a>{' '}
            <span className="muted">
              {t('links.facts', {
                kind: l.kind,
                count: l.track_count,
                views: l.views,
                state: l.expired ? 'expired' : l.expires_at ? 'until' : 'open',
                until: l.expires_at ? t.intl.formatDate(l.expires_at, { dateStyle: 'medium' }) : '',
              })}
            </span>{' '}
            <button onClick={() => revoke.mutate(l.id)} aria-label={t('links.turnOffLabel', { title: l.title })}>
              {t('links.turnOff')}
            </button>
          </li>
        ))}
        {links.data?.items.length === 0 && <li className="muted">{t('links.none')}</li>}
      </ul>
    </div>
  );
}
