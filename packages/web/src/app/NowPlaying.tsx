import { usePlayer } from '../audio/player.ts';
import { PlayerError, Seek, Transport, Volume } from './player-controls.tsx';

/** The bar at the bottom: what plays, where it is, and every control. */
export function NowPlaying() {
  const s = usePlayer();
  const track = s.current;
  const ad = s.ad;
  return (
    <footer className="now-playing" aria-label="Now playing">
      <div className="np-track">
        {!ad && track?.artUrl ? <img src={track.artUrl} alt="" width={56} height={56} /> : <div className="art-placeholder" aria-hidden="true" />}
        <div className="np-text">
          <div className="np-title" data-testid="np-title">
            {ad ? ad.title : (track?.title ?? 'Nothing playing')}
          </div>
          <div className="np-artist muted">{ad ? 'Advertisement' : (track?.artist ?? '')}</div>
        </div>
      </div>
      <div className="np-center">
        <Transport s={s} />
        <Seek s={s} />
        <PlayerError s={s} />
      </div>
      <Volume s={s} />
    </footer>
  );
}
