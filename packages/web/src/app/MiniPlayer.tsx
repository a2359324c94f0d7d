import { useState, type CSSProperties } from 'react';
import { useControls } from '../devices/controls.ts';
import { DevicePicker } from '../features/devices/DevicePicker.tsx';
import { useT } from '../i18n/use-t.ts';
import { Icon } from '../ui/icons.tsx';
import { FullPlayer } from './FullPlayer.tsx';
import { PlayButton } from './player-controls.tsx';

/**
 * The phone's now-playing bar, above the tabs: what plays, play/pause and next, and a thin
 * line of progress. Tapping the track opens the full-screen player with every control.
 */
export function MiniPlayer() {
  const t = useT();
  const { s, c, remote } = useControls();
  const [open, setOpen] = useState(false);
  const track = s.current;
  const ad = s.ad;
  if (!track && !ad) return null;
  const progress = s.duration > 0 ? Math.min(100, (s.position / s.duration) * 100) : 0;
  return (
    <>
      <footer className="mini-player" aria-label={t('player.nowPlaying')}>
        <button className="mini-open" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen(true)}>
          {!ad && track?.artUrl ? <img src={track.artUrl} alt="" width={44} height={44} /> : <span className="art-placeholder" aria-hidden="true" />}
          <span className="np-text">
            <span className="np-title" data-testid="np-title">
              {ad ? ad.title : track?.title}
            </span>
            <span className="np-artist muted">
              {ad ? t('player.advertisement') : remote ? t('player.playingOn', { device: remote.device.name }) : track?.artist}
            </span>
          </span>
        </button>
        <DevicePicker />
        <PlayButton s={s} c={c} />
        <button className="icon" aria-label={t('player.next')} onClick={() => c.next()} disabled={!!ad} title={ad ? t('player.skipAfterAd') : undefined}>
          <Icon name="next" size={24} />
        </button>
        <span className="mini-progress" style={{ '--progress': `${progress}%` } as CSSProperties} aria-hidden="true" />
      </footer>
      {open && <FullPlayer onClose={() => setOpen(false)} />}
    </>
  );
}
