import { useEffect, useRef } from 'react';
import { useControls } from '../devices/controls.ts';
import { DevicePicker } from '../features/devices/DevicePicker.tsx';
import { useT } from '../i18n/use-t.ts';
import { Icon } from '../ui/icons.tsx';
import { navigate } from './router.ts';
import { PlayerError, Seek, Transport, Volume } from './player-controls.tsx';

/** Where a context uri's view is (`runnel:album:ID` → `/album/ID`), and what to call it; null for contexts without one. */
function contextView(uri: string | null): { path: string; kind: string } | null {
  const [, kind, id] = uri?.split(':') ?? [];
  if (kind === 'album' || kind === 'playlist' || kind === 'artist') return { path: `/${kind}/${id}`, kind };
  if (kind === 'radio') return { path: '/radio', kind: 'radio' };
  return null;
}

/**
 * The phone's full-screen player: big cover, title and artist, seek, every control, and the
 * way to what is playing. A modal <dialog>: the rest of the page is inert while it is open,
 * Escape (or Android's back) closes it, and focus goes back to where it was.
 */
export function FullPlayer({ onClose }: { onClose: () => void }) {
  const t = useT();
  const { s, c, remote } = useControls();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const close = () => dialog.current?.close();
  const go = (path: string) => {
    close();
    navigate(path);
  };
  const track = s.current;
  const ad = s.ad;
  const from = contextView(s.queue.contextUri);
  return (
    <dialog ref={dialog} className="full-player" aria-labelledby="full-player-title" onClose={onClose}>
      <header className="full-player-top">
        <button className="icon" aria-label={t('player.close')} onClick={close} autoFocus>
          <Icon name="chevron-down" size={28} />
        </button>
        <h2 id="full-player-title" className="kicker">
          {t('player.nowPlaying')}
        </h2>
        <span>
          <button className="icon" aria-label={t('player.lyrics')} onClick={() => go('/lyrics')}>
            <Icon name="lyrics" size={24} />
          </button>
          <button className="icon" aria-label={t('nav.playQueue')} onClick={() => go('/queue')}>
            <Icon name="queue" size={24} />
          </button>
        </span>
      </header>
      <div className="full-player-art">{!ad && track?.artUrl ? <img src={track.artUrl} alt="" /> : <div className="art-placeholder" aria-hidden="true" />}</div>
      <div className="full-player-text">
        <p className="full-player-title">{ad ? ad.title : (track?.title ?? t('player.nothingPlaying'))}</p>
        <p className="muted">{ad ? t('player.advertisement') : [track?.artist, track?.album].filter(Boolean).join(' · ')}</p>
        {remote && (
          <p className="full-player-remote" role="status">
            {t('player.playingOn', { device: remote.device.name })}
          </p>
        )}
      </div>
      <Seek s={s} c={c} />
      <Transport s={s} c={c} big />
      <PlayerError s={s} />
      <Volume s={s} c={c} />
      <DevicePicker />
      {from && !ad && (
        <button className="full-player-from" onClick={() => go(from.path)}>
          {t('player.goTo', { kind: from.kind })}
        </button>
      )}
    </dialog>
  );
}
