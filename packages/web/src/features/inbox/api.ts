import { api } from '../../api/client.ts';

/** The react-query key of the inbox (its first page holds the unread count too). */
export const INBOX_KEY = ['inbox'];

export const fetchInbox = () => api('GET /me/inbox', { query: { limit: 50 } });

/** Sends an item (`runnel:track:…`, album, artist or playlist uri) to people, with a message. */
export const sendTo = (uri: string, to: string[], message: string) =>
  api('POST /me/shares', { body: { uri, to, ...(message.trim() && { message: message.trim() }) } });

export const markAllRead = () => api('PUT /me/inbox/read', { body: {} });

export const deleteInboxItem = (id: string) => api('DELETE /me/inbox/:id', { params: { id } });
