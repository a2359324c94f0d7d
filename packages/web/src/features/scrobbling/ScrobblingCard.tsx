import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ScrobbleConnection, ScrobbleService, Scrobbling } from '@runnel/api';
import { api, ApiError } from '../../api/client.ts';

const KEY = ['scrobbling'];
const NAMES: Record<ScrobbleService, string> = { listenbrainz: 'ListenBrainz', lastfm: 'Last.fm' };

/** What Last.fm's return to /settings?scrobbling=lastfm[&error=…] says, once. */
function lastfmReturn(): string | null {
  const query = new URLSearchParams(window.location.search);
  if (query.get('scrobbling') !== 'lastfm') return null;
  const error = query.get('error');
  if (!error) return 'Last.fm is connected.';
  return error === 'scrobbling_auth_expired'
    ? 'That Last.fm connection took too long or was already used. Try again.'
    : 'Last.fm did not allow Runnel. Try again.';
}

/** Settings: your plays sent to ListenBrainz and Last.fm, with how sending goes. */
export function ScrobblingCard() {
  const client = useQueryClient();
  // Refreshed while open: what waits and what was sent change as the server sends.
  const status = useQuery({ queryKey: KEY, queryFn: () => api('GET /me/scrobbling'), refetchInterval: 10_000 });
  const [returned] = useState(lastfmReturn);
  const saved = (next: Scrobbling) => client.setQueryData(KEY, next);
  const toggle = useMutation({
    mutationFn: ({ service, enabled }: { service: ScrobbleService; enabled: boolean }) =>
      api('PATCH /me/scrobbling/:service', { params: { service }, body: { enabled } }),
    onSuccess: saved,
  });
  const disconnect = useMutation({
    mutationFn: (service: ScrobbleService) => api('DELETE /me/scrobbling/:service', { params: { service } }),
    onSuccess: saved,
  });
  const lastfm = useMutation({
    mutationFn: () => api('POST /me/scrobbling/lastfm/connect'),
    onSuccess: ({ url }) => window.location.assign(url),
  });
  return (
    <div className="card">
      <h2>Scrobbling</h2>
      <p className="muted">
        Send what you play to ListenBrainz or Last.fm: a track counts after half of it or 4 minutes. Plays made offline or while a service is down go out later,
        with their own times.
      </p>
      {returned && <p role="status">{returned}</p>}
      {status.data?.services.map((s) => (
        <section key={s.service} aria-label={NAMES[s.service]} className="scrobble-service">
          <h3>{NAMES[s.service]}</h3>
          {s.connected && !s.needs_reconnect && (
            <>
              <p>
                Connected as <strong>{s.account}</strong>
              </p>
              <Progress s={s} />
              <label className="check">
                <input type="checkbox" checked={s.enabled} onChange={(e) => toggle.mutate({ service: s.service, enabled: e.target.checked })} />
                Send my plays
              </label>
              <button onClick={() => disconnect.mutate(s.service)}>Disconnect</button>
            </>
          )}
          {s.needs_reconnect && (
            <p role="alert" className="error">
              {NAMES[s.service]} no longer accepts Runnel&apos;s access{s.pending ? `; ${s.pending} plays are kept until you connect again` : ''}.
            </p>
          )}
          {s.service === 'listenbrainz' && (!s.connected || s.needs_reconnect) && <ListenBrainzToken onSaved={saved} />}
          {s.service === 'lastfm' && (!s.connected || s.needs_reconnect) && (
            <p>
              {s.available ? (
                <button onClick={() => lastfm.mutate()} disabled={lastfm.isPending}>
                  Connect Last.fm
                </button>
              ) : (
                <span className="muted">Your server&apos;s administrator has not set up Last.fm.</span>
              )}
            </p>
          )}
        </section>
      ))}
    </div>
  );
}

/** Sent, waiting, and the last failure of one connected service. */
function Progress({ s }: { s: ScrobbleConnection }) {
  const last = s.last_sent_at ? `, the last ${new Date(s.last_sent_at).toLocaleString()}` : '';
  return (
    <>
      <p className="muted" data-testid={`scrobbles-${s.service}`}>
        {s.sent} {s.sent === 1 ? 'play' : 'plays'} sent{last}
        {s.pending ? `; ${s.pending} waiting` : ''}
      </p>
      {s.last_error && (
        <p className="muted">
          Last attempt failed{s.failures > 1 ? ` (${s.failures} times in a row)` : ''}: {s.last_error}. Runnel tries again by itself.
        </p>
      )}
    </>
  );
}

function ListenBrainzToken({ onSaved }: { onSaved: (s: Scrobbling) => void }) {
  const [token, setToken] = useState('');
  const connect = useMutation({ mutationFn: () => api('PUT /me/scrobbling/listenbrainz', { body: { token: token.trim() } }), onSuccess: onSaved });
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        connect.mutate();
      }}
    >
      <input
        aria-label="ListenBrainz user token"
        placeholder="User token from listenbrainz.org/settings"
        required
        value={token}
        onChange={(e) => setToken(e.target.value)}
      />
      <button type="submit" disabled={connect.isPending}>
        Connect ListenBrainz
      </button>
      {connect.error && (
        <p role="alert" className="error">
          {connect.error instanceof ApiError ? connect.error.message : 'Could not connect'}
        </p>
      )}
    </form>
  );
}
