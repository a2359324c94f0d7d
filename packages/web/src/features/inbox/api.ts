import type { Inbox } from '@runnel/api';
import { api } from '../../api/client.ts';

/** The react-query key of the inbox (its first page holds the unread count too). */
export const INBOX_KEY = ['inbox'];

export const fetchInbox = () => api<Inbox>('/me/inbox?limit=50');

/** Sends an item (`runnel:track:…`, album, artist or playlist uri) to people, with a message. */
export const sendTo = (uri: string, to: string[], message: string) =>
  api<{ sent: number }>('/me/shares', { method: 'POST', body: { uri, to, ...(message.trim() && { message: message.trim() }) } });

export const markAllRead = () => api('/me/inbox/read', { method: 'PUT', body: {} });

export const deleteInboxItem = (id: string) => api(`/me/inbox/${id}`, { method: 'DELETE' });
