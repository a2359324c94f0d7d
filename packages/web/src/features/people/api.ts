import type { People, Profile } from '@runnel/api';
import { api } from '../../api/client.ts';

export const fetchPeople = () => api<People>('/me/people');
export const fetchProfile = (id: string) => api<Profile>(`/users/${encodeURIComponent(id)}`);
export const setFollowing = (id: string, follow: boolean) => api(`/users/${encodeURIComponent(id)}/followers`, { method: follow ? 'PUT' : 'DELETE' });
