import { api } from '../../api/client.ts';

export const fetchPeople = () => api('GET /me/people');
export const fetchProfile = (id: string) => api('GET /users/:id', { params: { id } });
export const setFollowing = (id: string, follow: boolean) => api(follow ? 'PUT /users/:id/followers' : 'DELETE /users/:id/followers', { params: { id } });
