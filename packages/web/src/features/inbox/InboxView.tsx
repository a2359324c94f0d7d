import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { InboxItem } from '@runnel/api';
import { itemArt, openItem, type ItemObject } from '../../tracks/open-item.ts';
import { ago } from '../../ui/format.ts';
import { deleteInboxItem, fetchInbox, INBOX_KEY, markAllRead } from './api.ts';

const KIND_LABEL: Record<string, string> = { track: 'Track', album: 'Album', artist: 'Artist', playlist: 'Playlist' };

/** Inbox: what people sent you, newest first. Opening it marks everything read. */
export function InboxView() {
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
      <h1 id="inbox-title">Inbox</h1>
      {inbox.isSuccess && items.length === 0 && (
        <p className="muted">Nothing here yet. When someone sends you a track, album or playlist (“Send to…” in its menu), it lands here.</p>
      )}
      <ul className="inbox" aria-label="Inbox items">
        {items.map((item) => (
          <li key={item.id} className={item.read ? undefined : 'unread'}>
            <Thing item={item} />
            <div className="inbox-text">
              <p>
                <strong>{item.from.display_name ?? 'Someone'}</strong> sent you {item.item ? 'this' : 'something that is no longer available'}
                <span className="muted"> · {ago(item.sent_at)}</span>
                {!item.read && <span className="new-dot" aria-label="new" />}
              </p>
              {item.message && <blockquote>“{item.message}”</blockquote>}
            </div>
            <button
              className="icon"
              aria-label={`Delete from inbox: ${String((item.item as { name?: string } | null)?.name ?? item.uri)}`}
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
  const kind = item.uri.split(':')[1]!;
  const object = item.item as ItemObject | null;
  if (!object) return <div className="inbox-thing muted">{KIND_LABEL[kind]}</div>;
  const art = itemArt(object, 64);
  const byline = kind === 'track' || kind === 'album' ? (object.artists ?? []).map((a) => a.name).join(', ') : '';
  return (
    <button
      className="inbox-thing"
      onClick={() => openItem(kind, object)}
      aria-label={`${kind === 'track' ? 'Play' : 'Open'} ${KIND_LABEL[kind]!.toLowerCase()} ${object.name ?? ''}`}
    >
      {art ? <img src={art} alt="" width={48} height={48} /> : <span className="art-placeholder small" aria-hidden="true" />}
      <span>
        <span className="kicker">{KIND_LABEL[kind]}</span>
        <span className="inbox-name">{object.name}</span>
        {byline && <span className="muted"> {byline}</span>}
      </span>
    </button>
  );
}
