import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { YearSummary } from '@runnel/api';
import { api } from '../../api/client.ts';
import { navigate } from '../../app/router.ts';
import { useT } from '../../i18n/use-t.ts';
import { AppLink } from '../../ui/AppLink.tsx';
import { browserZone } from './api.ts';
import './history.css';

function Top({ title, items }: { title: string; items: { id: string | null; name: string; plays: number; artist?: string }[] }) {
  const t = useT();
  return (
    <div>
      <h2>{title}</h2>
      {items.length === 0 ? (
        <p className="muted">{t('summary.nothingYet')}</p>
      ) : (
        <ol aria-label={title}>
          {items.map((i, k) => (
            <li key={`${i.id ?? i.name}-${k}`}>
              {i.name}
              {i.artist && <span className="muted"> · {i.artist}</span>} <span className="muted">· {t('summary.plays', { count: i.plays })}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function Months({ months }: { months: YearSummary['months'] }) {
  const t = useT();
  const most = Math.max(1, ...months);
  const names = months.map((_, i) => t.intl.formatDate(Date.UTC(2026, i, 15), { month: 'short', timeZone: 'UTC' }));
  return (
    <>
      <div className="summary-months" aria-hidden="true">
        {months.map((m, i) => (
          <div key={i} style={{ height: `${Math.round((m / most) * 100)}%` }} title={t('summary.monthPlays', { month: names[i] ?? '', count: m })} />
        ))}
      </div>
      <div className="summary-month-names" aria-hidden="true">
        {names.map((m, i) => (
          <span key={i}>{m}</span>
        ))}
      </div>
    </>
  );
}

/**
 * "Your 2026": a year of listening from your history, its year, months and days those of the
 * browser's time zone, with a public link you can turn on and off. The link's page shows this
 * summary (counted in the same zone) and your display name, nothing else.
 */
export function SummaryView({ year }: { year: number }) {
  const t = useT();
  const n = (value: number) => t.intl.formatNumber(value);
  const client = useQueryClient();
  const tz = browserZone();
  const mine = useQuery({ queryKey: ['summary', year], queryFn: () => api('GET /me/summary/:year', { params: { year }, query: { tz } }) });
  const refresh = () => client.invalidateQueries({ queryKey: ['summary', year] });
  const share = useMutation({ mutationFn: () => api('PUT /me/summary/:year/share', { params: { year }, query: { tz } }), onSuccess: refresh });
  const unshare = useMutation({ mutationFn: () => api('DELETE /me/summary/:year/share', { params: { year } }), onSuccess: refresh });
  const s = mine.data?.summary;
  const link = mine.data?.share;
  return (
    <section aria-labelledby="summary-title">
      <div className="inline-actions">
        <button aria-label={t('summary.title', { year: String(year - 1) })} onClick={() => navigate(`/summary/${year - 1}`)}>
          ← {year - 1}
        </button>
        <button
          aria-label={t('summary.title', { year: String(year + 1) })}
          onClick={() => navigate(`/summary/${year + 1}`)}
          disabled={year >= new Date().getFullYear()}
        >
          {year + 1} →
        </button>
        <span className="spacer" />
        <AppLink to="/history">{t('history.title')}</AppLink>
      </div>
      <h1 id="summary-title">{t('summary.title', { year: String(year) })}</h1>
      {s && s.plays === 0 && <p className="muted">{t('summary.noPlays', { year: String(year) })}</p>}
      {s && s.plays > 0 && (
        <>
          <div className="summary-stats">
            <div className="summary-stat">
              <b>{n(s.minutes)}</b>
              {t('summary.minutes')}
            </div>
            <div className="summary-stat">
              <b>{n(s.plays)}</b>
              {t('summary.playsLabel')}
            </div>
            <div className="summary-stat">
              <b>{n(s.discoveries.artists)}</b>
              {t('summary.newArtists')}
            </div>
            <div className="summary-stat">
              <b>{n(s.discoveries.tracks)}</b>
              {t('summary.newTracks')}
            </div>
          </div>
          <div className="summary-lists">
            <Top title={t('summary.topArtists')} items={s.top_artists} />
            <Top title={t('summary.topAlbums')} items={s.top_albums} />
            <Top title={t('summary.topTracks')} items={s.top_tracks} />
            <Top title={t('summary.newToYou')} items={s.discoveries.top_artists} />
          </div>
          <h2>{t('summary.months')}</h2>
          <Months months={s.months} />
          {s.busiest_day && (
            <p className="muted">
              {t('summary.busiestDay', {
                day: t.intl.formatDate(`${s.busiest_day.date}T12:00:00Z`, { month: 'long', day: 'numeric', timeZone: 'UTC' }),
                count: s.busiest_day.plays,
              })}
            </p>
          )}
          <h2>{t('summary.share')}</h2>
          {link ? (
            <div className="summary-share">
              <input readOnly value={link.url} aria-label={t('summary.publicLink')} onFocus={(e) => e.target.select()} />
              <button onClick={() => void navigator.clipboard?.writeText(link.url)}>{t('summary.copy')}</button>
              <button onClick={() => unshare.mutate()} disabled={unshare.isPending}>
                {t('summary.unshare')}
              </button>
            </div>
          ) : (
            <div className="summary-share">
              <span className="muted">{t('summary.shareExplained')}</span>
              <button className="primary" onClick={() => share.mutate()} disabled={share.isPending}>
                {t('summary.sharePublicly')}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
