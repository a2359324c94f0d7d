import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ScrobbleConnection, ScrobbleService, Scrobbling } from '@runnel/api';
import { api } from '../../api/client.ts';
import type { MessageKey } from '../../i18n/languages.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';

const KEY = ['scrobbling'];
const NAMES: Record<ScrobbleService, string> = { listenbrainz: 'ListenBrainz', lastfm: 'Last.fm' };

/** What Last.fm's return to /settings?scrobbling=lastfm[&error=…] says, once. */
function lastfmReturn(): MessageKey | null {
  const query = new URLSearchParams(window.location.search);
  if (query.get('scrobbling') !== 'lastfm') return null;
  const error = query.get('error');
  if (!error) return 'scrobbling.lastfmConnected';
  return error === 'scrobbling_auth_expired' ? 'scrobbling.lastfmExpired' : 'scrobbling.lastfmRefused';
}

/** Plays wait for this service and it is sending them (not paused, not waiting for the listener to connect again). */
const sending = (s: ScrobbleConnection) => s.pending > 0 && s.connected && s.enabled && !s.needs_reconnect;

/** Settings: your plays sent to ListenBrainz and Last.fm, with how sending goes. */
export function ScrobblingCard() {
  const t = useT();
  const client = useQueryClient();
  // Refreshed while open: what waits and what was sent change as the server sends. A play
  // just made is usually sent within a second or two, so while some wait to go out the card
  // asks again soon; otherwise every 10 s.
  const status = useQuery({
    queryKey: KEY,
    queryFn: () => api('GET /me/scrobbling'),
    refetchInterval: (query) => (query.state.data?.services.some(sending) ? 2_000 : 10_000),
  });
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
      <h2>{t('scrobbling.title')}</h2>
      <p className="muted">{t('scrobbling.intro')}</p>
      {returned && <p role="status">{t(returned)}</p>}
      {status.data?.services.map((s) => (
        <section key={s.service} aria-label={NAMES[s.service]} className="scrobble-service">
          <h3>{NAMES[s.service]}</h3>
          {s.connected && !s.needs_reconnect && (
            <>
              <p>{t.rich('scrobbling.connectedAs', { account: <strong>{s.account}</strong> })}</p>
              <Progress s={s} />
              <label className="check">
                <input type="checkbox" checked={s.enabled} onChange={(e) => toggle.mutate({ service: s.service, enabled: e.target.checked })} />
                {t('scrobbling.send')}
              </label>
              <button onClick={() => disconnect.mutate(s.service)}>{t('scrobbling.disconnect')}</button>
            </>
          )}
          {s.needs_reconnect && (
            <p role="alert" className="error">
              {t('scrobbling.reconnect', { service: NAMES[s.service], pending: s.pending })}
            </p>
          )}
          {s.service === 'listenbrainz' && (!s.connected || s.needs_reconnect) && <ListenBrainzToken onSaved={saved} />}
          {s.service === 'lastfm' && (!s.connected || s.needs_reconnect) && (
            <p>
              {s.available ? (
                <button onClick={() => lastfm.mutate()} disabled={lastfm.isPending}>
                  {t('scrobbling.connectLastfm')}
                </button>
              ) : (
                <span className="muted">{t('scrobbling.lastfmMissing')}</span>
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
  const t = useT();
  const last = s.last_sent_at ? t.intl.formatDate(s.last_sent_at, { dateStyle: 'medium', timeStyle: 'short' }) : '';
  return (
    <>
      <p className="muted" data-testid={`scrobbles-${s.service}`}>
        {t('scrobbling.progress', { sent: s.sent, last: last || 'empty', pending: s.pending })}
      </p>
      {s.last_error && <p className="muted">{t('scrobbling.failed', { failures: s.failures, why: s.last_error })}</p>}
    </>
  );
}

function ListenBrainzToken({ onSaved }: { onSaved: (s: Scrobbling) => void }) {
  const t = useT();
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
        aria-label={t('scrobbling.tokenLabel')}
        placeholder={t('scrobbling.tokenPlaceholder')}
        required
        value={token}
        onChange={(e) => setToken(e.target.value)}
      />
      <button type="submit" disabled={connect.isPending}>
        {t('scrobbling.connectListenBrainz')}
      </button>
      {connect.error && (
        <p role="alert" className="error">
          {errorText(connect.error, 'scrobbling.connectFailed')}
        </p>
      )}
    </form>
  );
}
