import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Person } from '@runnel/api';
import { live } from '../../api/live-instance.ts';
import { navigate } from '../../app/router.ts';
import { ago } from '../../ui/format.ts';
import { fetchPeople } from './api.ts';
import { FollowUser } from './FollowUser.tsx';

/** People: who you follow, with what they are playing now, and who follows you. */
export function PeopleView() {
  const client = useQueryClient();
  const people = useQuery({ queryKey: ['people'], queryFn: fetchPeople, staleTime: 0, refetchInterval: 15_000 });
  useEffect(() => live.on('people.followed', () => void client.invalidateQueries({ queryKey: ['people'] })), [client]);
  if (!people.data)
    return (
      <p className="muted" aria-busy="true">
        Loading…
      </p>
    );
  const { following, followers } = people.data;
  return (
    <>
      <h2>People you follow</h2>
      {following.length === 0 ? (
        <p className="muted">
          You follow no one yet. Find people with the search box, open their profile and follow them: you will see what they are playing here.
        </p>
      ) : (
        <PersonList people={following} label="People you follow" />
      )}
      <h2>Your followers</h2>
      {followers.length === 0 ? <p className="muted">No one follows you yet.</p> : <PersonList people={followers} label="Your followers" />}
    </>
  );
}

function PersonList({ people, label }: { people: Person[]; label: string }) {
  return (
    <ul className="people-list" aria-label={label}>
      {people.map((p) => {
        const track = p.now_playing?.track as { name?: string; artists?: { name: string }[]; album?: { id: string } } | undefined;
        return (
          <li key={p.user.id}>
            <a
              href={`/user/${p.user.id}`}
              onClick={(e) => {
                e.preventDefault();
                navigate(`/user/${p.user.id}`);
              }}
              className="person-name"
            >
              {p.user.display_name ?? 'Someone'}
            </a>
            {p.follows_you && p.you_follow && <span className="muted"> · follows you</span>}
            <span className="person-status">
              {track ? (
                <>
                  <span className="new-dot" aria-hidden="true" /> Listening to{' '}
                  <a
                    href={`/album/${track.album?.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/album/${track.album?.id}`);
                    }}
                  >
                    {track.name}
                  </a>
                  <span className="muted">
                    {' '}
                    by {(track.artists ?? []).map((a) => a.name).join(', ')} · {ago(p.now_playing!.at)}
                  </span>
                </>
              ) : (
                p.you_follow && <span className="muted">Not playing anything</span>
              )}
            </span>
            <FollowUser id={p.user.id} following={p.you_follow} />
          </li>
        );
      })}
    </ul>
  );
}
