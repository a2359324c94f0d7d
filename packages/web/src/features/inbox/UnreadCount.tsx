import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { live } from '../../api/live-instance.ts';
import { fetchInbox, INBOX_KEY } from './api.ts';
import { useT } from '../../i18n/use-t.ts';

/** The sidebar's unread count beside "Inbox", kept current by the live channel. */
export function UnreadCount() {
  const t = useT();
  const client = useQueryClient();
  const inbox = useQuery({ queryKey: INBOX_KEY, queryFn: fetchInbox });
  useEffect(() => {
    const refresh = () => void client.invalidateQueries({ queryKey: INBOX_KEY });
    const offs = [live.on('inbox.received', refresh), live.on('inbox.read', refresh)];
    return () => offs.forEach((off) => off());
  }, [client]);
  const unread = inbox.data?.unread ?? 0;
  if (!unread) return null;
  return (
    <span className="badge" aria-label={t('inbox.unread', { count: unread })}>
      {unread}
    </span>
  );
}
