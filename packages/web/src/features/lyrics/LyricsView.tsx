import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client.ts';
import { useControls } from '../../devices/controls.ts';
import { useT } from '../../i18n/use-t.ts';

/**
 * The words of what is playing. Synced lyrics (LRC) follow the music: the line being sung is
 * highlighted and kept in view, and a line clicked plays from there. Plain lyrics are shown
 * as text. They come from the track's tags, a `.lrc` file beside it, or LRCLIB.
 */
export function LyricsView() {
  const t = useT();
  const { s, c } = useControls();
  const track = s.current;
  const lyrics = useQuery({
    queryKey: ['lyrics', track?.id],
    queryFn: () => api('GET /tracks/:id/lyrics', { params: { id: track!.id } }),
    enabled: !!track && !track.localKey,
    retry: false,
    staleTime: Infinity,
  });
  const nowMs = s.position * 1000;
  const lines = lyrics.data?.lines ?? [];
  const synced = lyrics.data?.synced ?? false;
  let current = -1;
  if (synced) for (let i = 0; i < lines.length && lines[i]!.start_ms! <= nowMs; i++) current = i;
  const currentRef = useRef<HTMLButtonElement | null>(null);
  // In braces: Chromium's scrollIntoView returns a promise, which React would take for a cleanup.
  useEffect(() => {
    currentRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [current]);

  const missing = lyrics.error instanceof ApiError && lyrics.error.code === 'lyrics_not_found';
  return (
    <section aria-labelledby="lyrics-title" className="lyrics">
      <h1 id="lyrics-title">{t('player.lyrics')}</h1>
      {track && (
        <p className="muted">
          {track.title} · {track.artist}
        </p>
      )}
      {!track && <p className="muted">{t('lyrics.nothing')}</p>}
      {track?.localKey && <p className="muted">{t('lyrics.local')}</p>}
      {missing && <p className="muted">{t('lyrics.none')}</p>}
      {lyrics.isError && !missing && <p className="error">{t('lyrics.failed')}</p>}
      {synced ? (
        <ol className="lyric-lines synced" aria-label={t('lyrics.synced')}>
          {lines.map((line, i) => (
            <li key={i}>
              <button
                ref={i === current ? currentRef : undefined}
                aria-current={i === current ? 'true' : undefined}
                className={i === current ? 'now' : i < current ? 'sung' : ''}
                onClick={() => c.seek(line.start_ms! / 1000)}
                title={t('lyrics.playFromHere')}
              >
                {line.text || '♪'}
              </button>
            </li>
          ))}
        </ol>
      ) : (
        lines.length > 0 && (
          <div className="lyric-lines" aria-label={t('lyrics.text')}>
            {lines.map((line, i) => (line.text ? <p key={i}>{line.text}</p> : <br key={i} />))}
          </div>
        )
      )}
      {lyrics.data && <p className="muted small">{t('lyrics.source', { source: lyrics.data.source })}</p>}
    </section>
  );
}
