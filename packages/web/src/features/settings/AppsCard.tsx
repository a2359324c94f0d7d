import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NewAppPassword } from '@runnel/api';
import { api } from '../../api/client.ts';

/**
 * Connecting Subsonic apps (Symfonium, DSub, Feishin, Supersonic…): what to type into them,
 * and the app password they sign requests with (shown once, separate from your password).
 */
export function AppsCard({ username }: { username: string }) {
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
      <h2 id="apps-title">Phone and desktop apps</h2>
      <p className="muted">
        Runnel speaks the Subsonic and OpenSubsonic API, so apps such as Symfonium, DSub, Feishin, Supersonic, play:Sub and substreamer can play your music. In
        the app, pick “Subsonic” (or “OpenSubsonic”) and enter:
      </p>
      <dl className="facts">
        <dt>Server</dt>
        <dd>
          <code>{window.location.origin}</code>
        </dd>
        <dt>Username</dt>
        <dd>
          <code>{username}</code>
        </dd>
        <dt>Password</dt>
        <dd>your app password (below). Apps that support API keys can use an API token instead.</dd>
      </dl>
      <p>
        {info.isPending
          ? 'Checking…'
          : exists
            ? `You have an app password, made ${new Date(info.data!.created_at!).toLocaleDateString()}.`
            : 'You have no app password yet.'}
      </p>
      <div className="inline">
        <button type="button" onClick={() => create.mutate()} disabled={create.isPending}>
          {exists ? 'Replace app password' : 'Create app password'}
        </button>
        {exists && (
          <button type="button" onClick={() => remove.mutate()} disabled={remove.isPending}>
            Remove
          </button>
        )}
      </div>
      {created && (
        <p role="status" className="new-token">
          Your app password, shown only this once: <code data-testid="app-password">{created.password}</code>{' '}
          <button type="button" onClick={() => void copy(created.password)}>
            {copied ? 'Copied' : 'Copy'}
          </button>
          <br />
          <span className="muted">Apps signed in with an older app password must be given this one.</span>
        </p>
      )}
    </div>
  );
}
