import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

/** "Follow" on someone else's public playlist: it joins your sidebar and Library, and updates live. */
export function FollowButton({ id, me }: { id: string; me: string }) {
  const client = useQueryClient();
  const key = ['playlist-followed', id];
  const followed = useQuery({ queryKey: key, queryFn: async () => (await api<boolean[]>(`/playlists/${id}/followers/contains?ids=${me}`))[0] === true });
  const toggle = useMutation({
    mutationFn: (follow: boolean) => api(`/playlists/${id}/followers`, { method: follow ? 'PUT' : 'DELETE' }),
    onMutate: (follow) => client.setQueryData(key, follow),
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: key }), client.invalidateQueries({ queryKey: ['sidebar'] }), client.invalidateQueries({ queryKey: ['my-playlists'] })]),
  });
  const on = followed.data === true;
  return (
    <button className={on ? 'saved' : undefined} aria-pressed={on} aria-label="Follow" disabled={!followed.isSuccess} onClick={() => toggle.mutate(!on)}>
      {on ? '✓ Following' : 'Follow'}
    </button>
  );
}
