import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NewAppPassword } from '@runnel/api';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/use-t.ts';

/**
 * Connecting Subsonic apps (Symfonium, DSub, Feishin, Supersonic…): what to type into them,
 * and the app password they sign requests with (shown once, separate from your password).
 */
export function AppsCard({ username }: { username: string }) {
  const t = useT();
  const client = useQueryClient();
  const info = useQuery({ queryKey: ['app-password'], queryFn: () => api('GET /me/app-password') });
  const [created, setCreated] = useState<NewAppPassword | null>(null);
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: () => api('POST /me/app-password'),
    onSuccess: (result) => {
      setCreated(result);
      setCopied(false);
      void client.invalidateQueries({ queryKey: ['app-password'] });
    },
  });
  const remove = useMutation({
    mutationFn: () => api('DELETE /me/app-password'),
    onSuccess: () => {
      setCreated(null);
      void client.invalidateQueries({ queryKey: ['app-password'] });
    },
  });
  const exists = info.data?.exists === true;
  async function copy(text: string) {
    await navigator.clipboard?.writeText(text).catch(() => undefined);
    setCopied(true);
  }
  return (
    <div className="card" aria-labelledby="apps-title">
      <h2 id="apps-title">{t('apps.title')}</h2>
      <p className="muted">{t('apps.intro')}</p>
      <dl className="facts">
        <dt>{t('apps.server')}</dt>
        <dd>
          <code>{window.location.origin}</code>
        </dd>
        <dt>{t('auth.username')}</dt>
        <dd>
          <code>{username}</code>
        </dd>
        <dt>{t('auth.password')}</dt>
        <dd>{t('apps.passwordNote')}</dd>
      </dl>
      <p>
        {info.isPending
          ? t('apps.checking')
          : exists
            ? t('apps.made', { date: t.intl.formatDate(info.data!.created_at!, { dateStyle: 'medium' }) })
            : t('apps.none')}
      </p>
      <div className="inline">
        <button type="button" onClick={() => create.mutate()} disabled={create.isPending}>
          {exists ? t('apps.replace') : t('apps.create')}
        </button>
        {exists && (
          <button type="button" onClick={() => remove.mutate()} disabled={remove.isPending}>
            {t('common.remove')}
          </button>
        )}
      </div>
      {created && (
        <p role="status" className="new-token">
          {t.rich('apps.created', { password: <code data-testid="app-password">{created.password}</code> })}{' '}
          <button type="button" onClick={() => void copy(created.password)}>
            {copied ? t('apps.copied') : t('apps.copy')}
          </button>
          <br />
          <span className="muted">{t('apps.older')}</span>
        </p>
      )}
    </div>
  );
}
