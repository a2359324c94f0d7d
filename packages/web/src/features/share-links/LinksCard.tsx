import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

/** Settings: the public links you made (from "Send to…"), how often each was opened, and turning one off. */
export function LinksCard() {
  const client = useQueryClient();
  const links = useQuery({ queryKey: ['share-links'], queryFn: () => api('GET /me/share-links') });
  const revoke = useMutation({
    mutationFn: (id: string) => api('DELETE /me/share-links/:id', { params: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['share-links'] }),
  });
  return (
    <div className="card">
      <h2>Public links</h2>
      <p className="muted">Links anyone can open to listen, without an account. Turned off, a link tells whoever opens it so.</p>
      <ul className="plain" aria-label="Your public links">
        {links.data?.items.map((l) => (
          <li key={l.id}>
            <a href={l.url} target="_blank" rel="noreferrer">
              {l.title}
            </a>{' '}
            <span className="muted">
              {l.kind === 'tracks' ? `${l.track_count} songs` : l.kind}, opened {l.views} {l.views === 1 ? 'time' : 'times'}
              {l.expired ? ', expired' : l.expires_at ? `, until ${new Date(l.expires_at).toLocaleDateString()}` : ''}
            </span>{' '}
            <button onClick={() => revoke.mutate(l.id)} aria-label={`Turn off the link to ${l.title}`}>
              Turn off
            </button>
          </li>
        ))}
        {links.data?.items.length === 0 && <li className="muted">No links yet. Make one from “Send to…” on a track, album or playlist.</li>}
      </ul>
    </div>
  );
}
