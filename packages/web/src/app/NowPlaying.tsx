import { useControls } from '../devices/controls.ts';
import { DevicePicker } from '../features/devices/DevicePicker.tsx';
import { PlayerError, Seek, Transport, Volume } from './player-controls.tsx';
import { useT } from '../i18n/use-t.ts';
import { Icon } from '../ui/icons.tsx';
import { navigate, usePath } from './router.ts';

/** The bar at the bottom: what plays (here, or on the active device), where it is, and every control. */
export function NowPlaying() {
  const t = useT();
  const { s, c, remote } = useControls();
  const path = usePath();
  const track = s.current;
  const ad = s.ad;
  return (
    <footer className={`now-playing ${remote ? 'remote' : ''}`} aria-label={t('player.nowPlaying')}>
      <div className="np-track">
        {!ad && track?.artUrl ? <img src={track.artUrl} alt="" width={56} height={56} /> : <div className="art-placeholder" aria-hidden="true" />}
        <div className="np-text">
          <div className="np-title" data-testid="np-title">
            {ad ? ad.title : (track?.title ?? t('player.nothingPlaying'))}
          </div>
          <div className="np-artist muted">{ad ? t('player.advertisement') : (track?.artist ?? '')}</div>
        </div>
      </div>
      <div className="np-center">
        <Transport s={s} c={c} />
        <Seek s={s} c={c} />
        <PlayerError s={s} />
      </div>
      <div className="np-right">
        <button
          className={`icon ${path === '/lyrics' ? 'on' : ''}`}
          aria-label={t('player.lyrics')}
          aria-pressed={path === '/lyrics'}
          onClick={() => (path === '/lyrics' ? history.back() : navigate('/lyrics'))}
        >
          <Icon name="lyrics" size={18} />
        </button>
        <DevicePicker />
        <Volume s={s} c={c} />
      </div>
      {remote && (
        <div className="np-remote" role="status" data-testid="np-remote">
          {t('player.playingOn', { device: remote.device.name })}
        </div>
      )}
    </footer>
  );
}
