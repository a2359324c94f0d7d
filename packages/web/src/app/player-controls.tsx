import type { usePlayer } from '../audio/player.ts';
import type { Controls } from '../devices/controls.ts';
import { useT } from '../i18n/use-t.ts';
import { Icon } from '../ui/icons.tsx';
import { clock } from '../ui/format.ts';

type Snapshot = ReturnType<typeof usePlayer>;

/** Shuffle, previous, play/pause, next and repeat; `big`: the phone's full-screen player. */
export function Transport({ s, c, big = false }: { s: Snapshot; c: Controls; big?: boolean }) {
  const t = useT();
  const ad = s.ad;
  const repeatLabel = t('player.repeat', { mode: s.queue.repeat });
  const nextRepeat = s.queue.repeat === 'off' ? 'context' : s.queue.repeat === 'context' ? 'track' : 'off';
  const [small, step, main] = big ? [24, 32, 36] : [18, 20, 24];
  return (
    <div className="np-buttons">
      <button
        className={`icon ${s.queue.shuffle ? 'on' : ''}`}
        aria-pressed={s.queue.shuffle}
        aria-label={t('player.shuffle')}
        onClick={() => c.setShuffle(!s.queue.shuffle)}
      >
        <Icon name="shuffle" size={small} />
      </button>
      <button className="icon" aria-label={t('player.previous')} onClick={() => c.previous()} disabled={!!ad}>
        <Icon name="previous" size={step} />
      </button>
      <PlayButton s={s} c={c} size={main} />
      <button className="icon" aria-label={t('player.next')} onClick={() => c.next()} disabled={!!ad} title={ad ? t('player.skipAfterAd') : undefined}>
        <Icon name="next" size={step} />
      </button>
      <button className={`icon ${s.queue.repeat !== 'off' ? 'on' : ''}`} aria-label={repeatLabel} title={repeatLabel} onClick={() => c.setRepeat(nextRepeat)}>
        <Icon name="repeat" size={small} />
        {s.queue.repeat === 'track' && <span className="badge-one">1</span>}
      </button>
    </div>
  );
}

/** Play or pause what is loaded (disabled when nothing is). */
export function PlayButton({ s, c, size = 24 }: { s: Snapshot; c: Controls; size?: number }) {
  const t = useT();
  return (
    <button className="icon play" aria-label={s.playing ? t('player.pause') : t('player.play')} onClick={() => c.toggle()} disabled={!s.current}>
      <Icon name={s.playing ? 'pause' : 'play'} size={size} />
    </button>
  );
}

/** Elapsed time, the seek slider and the length of the track. */
export function Seek({ s, c }: { s: Snapshot; c: Controls }) {
  const t = useT();
  // With nothing loaded the audio element may still hold the last track's place: show none.
  const position = s.current ? s.position : 0;
  const duration = s.current ? s.duration : 0;
  return (
    <div className="np-seek">
      <span className="time" data-testid="np-elapsed">
        {clock(position)}
      </span>
      <input
        type="range"
        aria-label={t('player.seek')}
        min={0}
        max={Math.max(1, Math.floor(duration))}
        step={1}
        value={Math.min(Math.floor(position), Math.max(1, Math.floor(duration)))}
        onChange={(e) => c.seek(Number(e.target.value))}
        disabled={!s.current || !!s.ad}
      />
      <span className="time">{clock(duration)}</span>
    </div>
  );
}

/** The volume slider, with its icon. */
export function Volume({ s, c }: { s: Snapshot; c: Controls }) {
  const t = useT();
  return (
    <div className="np-volume">
      <Icon name="volume" size={18} />
      <input
        type="range"
        aria-label={t('player.volume')}
        min={0}
        max={100}
        value={Math.round(s.volume * 100)}
        onChange={(e) => c.setVolume(Number(e.target.value) / 100)}
      />
    </div>
  );
}

/** Why playback stopped, when it did. */
export function PlayerError({ s }: { s: Snapshot }) {
  return (
    s.error && (
      <div className="np-error" role="status">
        {s.error}
      </div>
    )
  );
}
