import { adClicked, usePlayer } from '../audio/player.ts';
import { useT } from '../i18n/use-t.ts';
import { clock } from '../ui/format.ts';

/**
 * The ad slot of the 2011 layout, under the view: during a free plan's ad break it shows
 * the ad's banner (a link out, in a new tab) and how long the break has left.
 */
export function AdSlot() {
  const t = useT();
  const s = usePlayer();
  const ad = s.ad;
  if (!ad) return null;
  const left = Math.max(0, s.duration - s.position);
  return (
    <aside className="ad-slot" aria-label={t('player.advertisement')} data-testid="ad-slot">
      <span className="ad-label">{t('ads.label')}</span>
      <a href={ad.clickUrl} target="_blank" rel="noopener noreferrer" onClick={() => adClicked(ad)} className="ad-link">
        {ad.bannerUrl ? (
          <img
            src={ad.bannerUrl}
            alt={ad.title}
            width={ad.bannerWidth ? ad.bannerWidth / 2 : undefined}
            height={ad.bannerHeight ? ad.bannerHeight / 2 : undefined}
          />
        ) : (
          <span className="ad-title">{ad.title}</span>
        )}
      </a>
      <span className="muted ad-left" role="timer">
        {t('ads.continuesIn', { time: clock(left) })}
      </span>
    </aside>
  );
}
