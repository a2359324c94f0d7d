import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me, SearchUser } from '@runnel/api';
import { api } from '../../api/client.ts';
import { errorText } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { sendTo } from './api.ts';
import { PublicLink } from '../share-links/PublicLink.tsx';

/**
 * "Send to…": pick people (found as you type their name), add a message, send. The item
 * lands in their inbox; a private playlist only goes to people who may open it.
 */
export function SendTo({ uri, name, onClose }: { uri: string; name: string; onClose: () => void }) {
  const t = useT();
  const client = useQueryClient();
  const me = client.getQueryData<{ me: Me | null }>(['session'])?.me?.id;
  const [q, setQ] = useState('');
  const [to, setTo] = useState<SearchUser[]>([]);
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [sending, setSending] = useState(false);
  const people = useQuery({
    queryKey: ['search-people', q],
    queryFn: ({ signal }) => api('GET /search', { query: { q, type: 'user', limit: 8 }, signal }),
    enabled: q.trim().length > 0,
  });
  const found = (people.data?.users?.items ?? []).filter((u) => u.id !== me && !to.some((chosen) => chosen.id === u.id));
  useEffect(() => {
    const escape = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', escape);
    return () => document.removeEventListener('keydown', escape);
  }, [onClose]);

  async function send() {
    setSending(true);
    setStatus(null);
    try {
      await sendTo(
        uri,
        to.map((u) => u.id),
        message,
      );
      setStatus({ ok: true, text: t('send.sent', { names: t.intl.formatList(to.map((u) => u.display_name)) }) });
      setTimeout(onClose, 1200);
    } catch (e) {
      setStatus({ ok: false, text: errorText(e, 'send.failed') });
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      <div className="menu-backdrop" onClick={onClose} />
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="send-title">
        <h2 id="send-title">{t('send.title', { name })}</h2>
        <label>
          {t('send.to')}
          <input autoFocus placeholder={t('send.typeName')} value={q} onChange={(e) => setQ(e.target.value)} aria-describedby="send-chosen" />
        </label>
        {people.isSuccess && q.trim() && found.length === 0 && <p className="muted">{t('send.noOne')}</p>}
        {found.length > 0 && (
          <ul className="plain people" aria-label={t('search.peopleFound')}>
            {found.map((u) => (
              <li key={u.id}>
                <button
                  onClick={() => {
                    setTo([...to, u]);
                    setQ('');
                  }}
                >
                  {u.display_name}
                </button>
              </li>
            ))}
          </ul>
        )}
        <ul className="chips" id="send-chosen" aria-label={t('send.recipients')}>
          {to.map((u) => (
            <li key={u.id}>
              <span>
                {u.display_name}{' '}
                <button
                  className="icon"
                  aria-label={t('send.remove', { name: u.display_name })}
                  onClick={() => setTo(to.filter((chosen) => chosen.id !== u.id))}
                >
                  ✕
                </button>
              </span>
            </li>
          ))}
        </ul>
        <label>
          {t('send.message')}
          <textarea maxLength={500} rows={3} value={message} onChange={(e) => setMessage(e.target.value)} />
        </label>
        {status && (
          <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'ok' : 'error'}>
            {status.text}
          </p>
        )}
        <div className="inline-actions">
          <button className="primary" disabled={!to.length || sending} onClick={() => void send()}>
            {t('send.send')}
          </button>
          <button onClick={onClose}>{t('common.cancel')}</button>
        </div>
        {!uri.startsWith('runnel:artist:') && <PublicLink uri={uri} />}
      </div>
    </>
  );
}
