import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { InboxItem } from '@runnel/api';
import { itemArt, openItem, type ItemObject } from '../../tracks/open-item.ts';
import { ago } from '../../ui/format.ts';
import { deleteInboxItem, fetchInbox, INBOX_KEY, markAllRead } from './api.ts';
import { useT } from '../../i18n/use-t.ts';

/** Inbox: what people sent you, newest first. Opening it marks everything read. */
export function InboxView() {
  const t = useT();
  const client = useQueryClient();
  const inbox = useQuery({ queryKey: INBOX_KEY, queryFn: fetchInbox });
  const unread = inbox.data?.unread ?? 0;
  useEffect(() => {
    if (!unread) return;
    // A moment to see what is new, then it is read (here and on your other devices).
    const timer = setTimeout(() => void markAllRead().then(() => client.invalidateQueries({ queryKey: INBOX_KEY })), 1500);
    return () => clearTimeout(timer);
  }, [unread, client]);
  const remove = (id: string) => void deleteInboxItem(id).then(() => client.invalidateQueries({ queryKey: INBOX_KEY }));
  const items = inbox.data?.items ?? [];
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('nav.inbox')}</h1>
      {inbox.isSuccess && items.length === 0 && <p className="muted">{t('inbox.empty')}</p>}
      <ul className="inbox" aria-label={t('inbox.items')}>
        {items.map((item) => (
          <li key={item.id} className={item.read ? undefined : 'unread'}>
            <Thing item={item} />
            <div className="inbox-text">
              <p>
                {t.rich('inbox.sentYou', {
                  who: <strong>{item.from.display_name ?? t('common.someoneCapital')}</strong>,
                  available: item.item ? 'yes' : 'no',
                })}
                <span className="muted"> · {ago(t.intl, item.sent_at)}</span>
                {!item.read && <span className="new-dot" aria-label={t('inbox.new')} />}
              </p>
              {item.message && <blockquote>{t('inbox.quote', { message: item.message })}</blockquote>}
            </div>
            <button
              className="icon"
              aria-label={t('inbox.delete', { name: String((item.item as { name?: string } | null)?.name ?? item.uri) })}
              onClick={() => remove(item.id)}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The sent item: its picture, kind and name; opening it goes to its page, a track plays. */
function Thing({ item }: { item: InboxItem }) {
  const t = useT();
  const kind = item.uri.split(':')[1]!;
  const object = item.item as ItemObject | null;
  if (!object) return <div className="inbox-thing muted">{t('inbox.kind', { kind })}</div>;
  const art = itemArt(object, 64);
  const byline = kind === 'track' || kind === 'album' ? (object.artists ?? []).map((a) => a.name).join(', ') : '';
  return (
    <button className="inbox-thing" onClick={() => openItem(kind, object)} aria-label={t('inbox.open', { kind, name: object.name ?? '' })}>
      {art ? <img src={art} alt="" width={48} height={48} /> : <span className="art-placeholder small" aria-hidden="true" />}
      <span>
        <span className="kicker">{t('inbox.kind', { kind })}</span>
        <span className="inbox-name">{object.name}</span>
        {byline && <span className="muted"> {byline}</span>}
      </span>
    </button>
  );
}
