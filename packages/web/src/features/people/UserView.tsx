import { useQuery } from '@tanstack/react-query';
import type { Me } from '@runnel/api';
import { ApiError } from '../../api/client.ts';
import { LinkChips } from '../../ui/LinkChips.tsx';
import { fetchProfile } from './api.ts';
import { FollowUser } from './FollowUser.tsx';

/** Someone's profile: name, followers, Follow, and their public playlists. */
export function UserView({ id, me }: { id: string; me: Me }) {
  const profile = useQuery({ queryKey: ['profile', id], queryFn: () => fetchProfile(id) });
  if (profile.isPending)
    return (
      <p className="muted" aria-busy="true">
        Loading…
      </p>
    );
  if (profile.isError)
    return (
      <p className="error" role="alert">
        {profile.error instanceof ApiError && profile.error.status === 404 ? 'There is no one by that id here.' : profile.error.message}
      </p>
    );
  const p = profile.data;
  const playlists = (p.playlists as { id: string; name?: string }[]).map((pl) => ({ id: pl.id, path: `/playlist/${pl.id}`, text: pl.name ?? '' }));
  return (
    <section aria-labelledby="user-title">
      <header className="hero">
        <div className="art-placeholder big round" aria-hidden="true" />
        <div>
          <p className="kicker">Profile</p>
          <h1 id="user-title">{p.display_name}</h1>
          <p className="muted">
            {p.followers.total} {p.followers.total === 1 ? 'follower' : 'followers'} · {playlists.length} public{' '}
            {playlists.length === 1 ? 'playlist' : 'playlists'}
          </p>
          {p.id !== me.id && (
            <div className="inline-actions">
              <FollowUser id={p.id} following={p.you_follow} />
            </div>
          )}
        </div>
      </header>
      <h2>Public playlists</h2>
      {playlists.length ? <LinkChips label={`Playlists of ${p.display_name}`} chips={playlists} /> : <p className="muted">None yet.</p>}
    </section>
  );
}
