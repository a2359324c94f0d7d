import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { errorText } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { usePlayer } from '../../audio/player.ts';
import { Queue } from '../../audio/queue.ts';
import { Icon } from '../../ui/icons.tsx';
import { startRadio, useStation, vote } from './station.ts';

/** Radio: the station playing (with thumbs up / down and what comes next), and genre stations to start. */
export function RadioView() {
  const t = useT();
  const station = useStation();
  const { current, queue } = usePlayer();
  const [votes, setVotes] = useState<Record<string, 'up' | 'down'>>({});
  const [error, setError] = useState<string | null>(null);
  const genres = useQuery({ queryKey: ['genres'], queryFn: () => api('GET /genres', { query: { limit: 50 } }) });
  const start = (seed: string) => {
    setError(null);
    startRadio(seed).catch((e: unknown) => setError(errorText(e, 'radio.couldNotStart')));
  };
  /** A second press on the same thumb takes the vote back. */
  const cast = (trackId: string, value: 'up' | 'down') => {
    const next = votes[trackId] === value ? 'none' : value;
    setVotes((all) => {
      const copy = { ...all };
      if (next === 'none') delete copy[trackId];
      else copy[trackId] = next;
      return copy;
    });
    void vote(trackId, next);
  };
  const upcoming = station ? Queue.upcoming(queue).slice(0, 10) : [];
  return (
    <section aria-labelledby="radio-title">
      <h1 id="radio-title">{t('nav.radio')}</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {station && current ? (
        <div className="card wide station" aria-label={t('radio.station')}>
          <p className="kicker">{t('radio.playing', { type: station.type })}</p>
          <h2>{station.name}</h2>
          <p>
            <strong>{current.title}</strong> <span className="muted">· {current.artist}</span>
          </p>
          <div className="inline-actions" role="group" aria-label={t('radio.steer')}>
            <button className="vote" aria-pressed={votes[current.id] === 'up'} onClick={() => cast(current.id, 'up')}>
              <Icon name="thumb-up" size={16} /> {t('radio.moreLikeThis')}
            </button>
            <button className="vote" aria-pressed={votes[current.id] === 'down'} onClick={() => cast(current.id, 'down')}>
              <Icon name="thumb-down" size={16} /> {t('radio.notThis')}
            </button>
          </div>
          {upcoming.length > 0 && (
            <>
              <h3>{t('radio.comingUp')}</h3>
              <ol className="plain" aria-label={t('radio.comingUp')}>
                {upcoming.map((q, i) => (
                  <li key={`${q.id}-${i}`}>
                    {q.title} <span className="muted">· {q.artist}</span>
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      ) : (
        <p className="muted">{t('radio.intro')}</p>
      )}
      <h2>{t('radio.genres')}</h2>
      <ul className="chips" aria-label={t('radio.genres')}>
        {(genres.data?.items ?? []).map((g) => (
          <li key={g.id}>
            <button onClick={() => start(`runnel:genre:${encodeURIComponent(g.name)}`)}>{g.name}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
