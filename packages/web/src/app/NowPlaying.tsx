import { player, usePlayer } from '../audio/player.ts';
import { Icon } from '../ui/icons.tsx';
import { clock } from '../ui/format.ts';

/** The bar at the bottom: what plays, where it is, and every control. */
export function NowPlaying() {
  const s = usePlayer();
  const track = s.current;
  const ad = s.ad;
  const repeatLabel = s.queue.repeat === 'off' ? 'Repeat: off' : s.queue.repeat === 'context' ? 'Repeat: all' : 'Repeat: this track';
  const nextRepeat = s.queue.repeat === 'off' ? 'context' : s.queue.repeat === 'context' ? 'track' : 'off';
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
        <div className="np-buttons">
          <button
            className={`icon ${s.queue.shuffle ? 'on' : ''}`}
            aria-pressed={s.queue.shuffle}
            aria-label="Shuffle"
            onClick={() => player.setShuffle(!s.queue.shuffle)}
          >
            <Icon name="shuffle" size={18} />
          </button>
          <button className="icon" aria-label="Previous" onClick={() => void player.previous()} disabled={!!ad}>
            <Icon name="previous" />
          </button>
          <button className="icon play" aria-label={s.playing ? 'Pause' : 'Play'} onClick={() => void player.toggle()} disabled={!track}>
            <Icon name={s.playing ? 'pause' : 'play'} size={24} />
          </button>
          <button
            className="icon"
            aria-label="Next"
            onClick={() => void player.next()}
            disabled={!!ad}
            title={ad ? 'You can skip when the ad is over' : undefined}
          >
            <Icon name="next" />
          </button>
          <button
            className={`icon ${s.queue.repeat !== 'off' ? 'on' : ''}`}
            aria-label={repeatLabel}
            title={repeatLabel}
            onClick={() => player.setRepeat(nextRepeat)}
          >
            <Icon name="repeat" size={18} />
            {s.queue.repeat === 'track' && <span className="badge-one">1</span>}
          </button>
        </div>
        <div className="np-seek">
          <span className="time" data-testid="np-elapsed">
            {clock(s.position)}
          </span>
          <input
            type="range"
            aria-label="Seek"
            min={0}
            max={Math.max(1, Math.floor(s.duration))}
            step={1}
            value={Math.floor(s.position)}
            onChange={(e) => player.seek(Number(e.target.value))}
            disabled={!track || !!ad}
          />
          <span className="time">{clock(s.duration)}</span>
        </div>
        {s.error && (
          <div className="np-error" role="status">
            {s.error}
          </div>
        )}
      </div>
      <div className="np-volume">
        <Icon name="volume" size={18} />
        <input
          type="range"
          aria-label="Volume"
          min={0}
          max={100}
          value={Math.round(s.volume * 100)}
          onChange={(e) => player.setVolume(Number(e.target.value) / 100)}
        />
      </div>
    </footer>
  );
}
