import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SocialSettings } from '@runnel/api';
import { api } from '../../api/client.ts';

/** Whether the people who follow you see what you play (People, Feed): the 2011 client's "private session". */
export function PrivacyCard() {
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['social-settings'], queryFn: () => api<SocialSettings>('/me/social-settings') });
  const save = useMutation({
    mutationFn: (share: boolean) => api<SocialSettings>('/me/social-settings', { method: 'PUT', body: { share_listening: share } }),
    // The box follows the click at once; the server's answer (or a failure) settles it.
    onMutate: (share) => client.setQueryData<SocialSettings>(['social-settings'], { share_listening: share }),
    onSettled: () => client.invalidateQueries({ queryKey: ['social-settings'] }),
  });
  return (
    <div className="card">
      <h2>Privacy</h2>
      <label className="check">
        <input type="checkbox" disabled={!settings.isSuccess} checked={settings.data?.share_listening ?? true} onChange={(e) => save.mutate(e.target.checked)} />
        Share what I listen to with the people who follow me
      </label>
      <p className="muted">Off: what you play stays out of their Feed and People, and is not recorded for them meanwhile. Your stars, saved albums and public playlists still show.</p>
    </div>
  );
}
