import { useQuery } from '@tanstack/react-query';
import type { Me } from '@runnel/api';
import { ApiError } from '../../api/client.ts';
import { LinkChips } from '../../ui/LinkChips.tsx';
import { fetchProfile } from './api.ts';
import { FollowUser } from './FollowUser.tsx';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';

/** Someone's profile: name, followers, Follow, and their public playlists. */
export function UserView({ id, me }: { id: string; me: Me }) {
  const t = useT();
  const profile = useQuery({ queryKey: ['profile', id], queryFn: () => fetchProfile(id) });
  if (profile.isPending)
    return (
      <p className="muted" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  if (profile.isError)
    return (
      <p className="error" role="alert">
        {profile.error instanceof ApiError && profile.error.status === 404 ? t('people.noSuchUser') : errorText(profile.error, 'common.couldNotLoad')}
      </p>
    );
  const p = profile.data;
  const playlists = (p.playlists as { id: string; name?: string }[]).map((pl) => ({ id: pl.id, path: `/playlist/${pl.id}`, text: pl.name ?? '' }));
  return (
    <section aria-labelledby="user-title">
      <header className="hero">
        <div className="art-placeholder big round" aria-hidden="true" />
        <div>
          <p className="kicker">{t('people.profile')}</p>
          <h1 id="user-title">{p.display_name}</h1>
          <p className="muted">{t('people.counts', { followers: p.followers.total, playlists: playlists.length })}</p>
          {p.id !== me.id && (
            <div className="inline-actions">
              <FollowUser id={p.id} following={p.you_follow} />
            </div>
          )}
        </div>
      </header>
      <h2>{t('people.publicPlaylists')}</h2>
      {playlists.length ? (
        <LinkChips label={t('people.playlistsOf', { name: p.display_name })} chips={playlists} />
      ) : (
        <p className="muted">{t('common.noneYet')}</p>
      )}
    </section>
  );
}
