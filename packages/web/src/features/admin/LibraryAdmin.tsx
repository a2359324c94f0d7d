import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client.ts';

/** Music folders, and the scanner with its live progress and the files it could not read. */
export function LibraryAdmin() {
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
      setError(err instanceof ApiError ? err.message : 'Could not add the folder');
    }
  }
  const s = status.data;
  return (
    <div className="card wide">
      <h2>Library</h2>
      <ul className="plain" aria-label="Music folders">
        {folders.data?.items.map((f) => (
          <li key={f.id}>
            <code>{f.path}</code>{' '}
            <span className="muted">{f.source === 'config' ? '(from the command line)' : f.source === 'demo' ? '(demo library)' : ''}</span>{' '}
            {f.source === 'api' && (
              <button onClick={() => remove.mutate(f.id)} aria-label={`Remove ${f.path}`}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="inline" onSubmit={add}>
        <input aria-label="Folder path on the server" placeholder="/srv/music" required value={path} onChange={(e) => setPath(e.target.value)} />
        <button type="submit">Add folder</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="inline-actions">
        <button onClick={() => scan.mutate('quick')} disabled={s?.state === 'scanning'}>
          Scan for changes
        </button>
        <button onClick={() => scan.mutate('full')} disabled={s?.state === 'scanning'}>
          Rescan everything
        </button>
      </div>
      {s && (
        <div role="status" aria-live="polite" className="scan-status">
          {s.state === 'scanning' ? (
            <p>
              Scanning ({s.phase ?? 'starting'}): {s.counts.walked} files found, {s.counts.tags_read} read, {Math.round(s.files_per_second)} files/s
            </p>
          ) : (
            <p className="muted">
              {s.watching ? 'Watching for changes. ' : ''}
              {s.finished_at ? `Last scan ${new Date(s.finished_at).toLocaleString()}: ` : ''}
              {s.counts.added} added, {s.counts.updated} updated, {s.counts.moved} moved, {s.counts.removed} removed, {s.counts.failed} failed.
            </p>
          )}
          {s.issue_count > 0 && (
            <details>
              <summary>{s.issue_count} files could not be read</summary>
              <ul className="plain issues">
                {s.issues.map((i) => (
                  <li key={`${i.path}-${i.at}`}>
                    <code>{i.path}</code> — {i.reason}
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
