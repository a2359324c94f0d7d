import { api } from '../../api/client.ts';
import { ToggleButton } from '../../ui/ToggleButton.tsx';
import { useServerToggle } from '../../ui/use-server-toggle.ts';
import { useT } from '../../i18n/use-t.ts';

/** "Follow" on someone else's public playlist: it joins your sidebar and Library, and updates live. */
export function FollowButton({ id, me }: { id: string; me: string }) {
  const t = useT();
  const followed = useServerToggle(
    ['playlist-followed', id],
    async () => (await api('GET /playlists/:id/followers/contains', { params: { id }, query: { ids: me } }))[0] === true,
    (follow) => api(follow ? 'PUT /playlists/:id/followers' : 'DELETE /playlists/:id/followers', { params: { id } }),
    [['sidebar'], ['my-playlists']],
  );
  return <ToggleButton on={followed.on} label={t('people.follow')} onText={t('people.following')} disabled={!followed.ready} onToggle={followed.set} />;
}
