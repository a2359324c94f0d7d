import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';
import { scanIssueText } from './scan-issues.ts';

/** Music folders, and the scanner with its live progress and the files it could not read. */
export function LibraryAdmin() {
  const t = useT();
  const client = useQueryClient();
  const folders = useQuery({ queryKey: ['folders'], queryFn: () => api('GET /library/folders') });
  const status = useQuery({
    queryKey: ['scan-status'],
    queryFn: () => api('GET /library/scan'),
    refetchInterval: (q) => (q.state.data?.state === 'scanning' ? 1000 : 10_000),
  });
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const scan = useMutation({
    mutationFn: (kind: 'quick' | 'full') => api('POST /library/scan', { body: { kind } }),
    onSuccess: (s) => client.setQueryData(['scan-status'], s),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api('DELETE /library/folders/:id', { params: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['folders'] }),
  });
  async function add(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api('POST /library/folders', { body: { path } });
      setPath('');
      await client.invalidateQueries({ queryKey: ['folders'] });
    } catch (err) {
      setError(errorText(err, 'admin.folderFailed'));
    }
  }
  const s = status.data;
  return (
    <div className="card wide">
      <h2>{t('nav.library')}</h2>
      <ul className="plain" aria-label={t('admin.folders')}>
        {folders.data?.items.map((f) => (
          <li key={f.id}>
            <code>{f.path}</code> <span className="muted">{t('admin.folderSource', { source: f.source })}</span>{' '}
            {f.source === 'api' && (
              <button onClick={() => remove.mutate(f.id)} aria-label={t('send.remove', { name: f.path })}>
                {t('common.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="inline" onSubmit={add}>
        <input aria-label={t('admin.folderPath')} placeholder="/srv/music" required value={path} onChange={(e) => setPath(e.target.value)} />
        <button type="submit">{t('admin.addFolder')}</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="inline-actions">
        <button onClick={() => scan.mutate('quick')} disabled={s?.state === 'scanning'}>
          {t('admin.scanChanges')}
        </button>
        <button onClick={() => scan.mutate('full')} disabled={s?.state === 'scanning'}>
          {t('admin.rescan')}
        </button>
      </div>
      {s && (
        <div role="status" aria-live="polite" className="scan-status">
          {s.state === 'scanning' ? (
            <p>
              {t('admin.scanning', { phase: s.phase ?? 'starting', walked: s.counts.walked, read: s.counts.tags_read, speed: Math.round(s.files_per_second) })}
            </p>
          ) : (
            <p className="muted">
              {s.watching ? `${t('admin.watching')} ` : ''}
              {s.finished_at ? `${t('admin.lastScan', { at: t.intl.formatDate(s.finished_at, { dateStyle: 'medium', timeStyle: 'short' }) })} ` : ''}
              {t('admin.scanCounts', { ...s.counts })}
            </p>
          )}
          {s.issue_count > 0 && (
            <details>
              <summary>{t('admin.issues', { count: s.issue_count })}</summary>
              <ul className="plain issues">
                {s.issues.map((i) => (
                  <li key={`${i.path}-${i.at}`}>
                    <code>{i.path}</code> — <span>{scanIssueText(t, i)}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </div>
  );
}
