import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Person } from '@runnel/api';
import { live } from '../../api/live-instance.ts';
import { navigate } from '../../app/router.ts';
import { ago } from '../../ui/format.ts';
import { fetchPeople } from './api.ts';
import { FollowUser } from './FollowUser.tsx';
import { useT } from '../../i18n/use-t.ts';

/** People: who you follow, with what they are playing now, and who follows you. */
export function PeopleView() {
  const t = useT();
  const client = useQueryClient();
  const people = useQuery({ queryKey: ['people'], queryFn: fetchPeople, staleTime: 0, refetchInterval: 15_000 });
  useEffect(() => live.on('people.followed', () => void client.invalidateQueries({ queryKey: ['people'] })), [client]);
  if (!people.data)
    return (
      <p className="muted" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  const { following, followers } = people.data;
  return (
    <>
      <h2>{t('people.youFollow')}</h2>
      {following.length === 0 ? <p className="muted">{t('people.youFollowNoOne')}</p> : <PersonList people={following} label={t('people.youFollow')} />}
      <h2>{t('people.yourFollowers')}</h2>
      {followers.length === 0 ? <p className="muted">{t('people.noFollowers')}</p> : <PersonList people={followers} label={t('people.yourFollowers')} />}
    </>
  );
}

function PersonList({ people, label }: { people: Person[]; label: string }) {
  const t = useT();
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
              {p.user.display_name ?? t('common.someoneCapital')}
            </a>
            {p.follows_you && p.you_follow && <span className="muted"> · {t('people.followsYou')}</span>}
            <span className="person-status">
              {track ? (
                <>
                  <span className="new-dot" aria-hidden="true" />{' '}
                  {t.rich('people.listeningTo', {
                    track: (
                      <a
                        href={`/album/${track.album?.id}`}
                        onClick={(e) => {
                          e.preventDefault();
                          navigate(`/album/${track.album?.id}`);
                        }}
                      >
                        {track.name}
                      </a>
                    ),
                  })}
                  <span className="muted">
                    {' '}
                    {t('common.byArtists', { artists: (track.artists ?? []).map((a) => a.name).join(', ') })} · {ago(t.intl, p.now_playing!.at)}
                  </span>
                </>
              ) : (
                p.you_follow && <span className="muted">{t('people.notPlaying')}</span>
              )}
            </span>
            <FollowUser id={p.user.id} following={p.you_follow} />
          </li>
        );
      })}
    </ul>
  );
}
