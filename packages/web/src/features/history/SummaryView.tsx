import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { YearSummary } from '@runnel/api';
import { api } from '../../api/client.ts';
import { navigate } from '../../app/router.ts';
import { AppLink } from '../../ui/AppLink.tsx';
import './history.css';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const n = (value: number) => value.toLocaleString();
const plays = (value: number) => (value === 1 ? '1 play' : `${n(value)} plays`);

function Top({ title, items }: { title: string; items: { id: string | null; name: string; plays: number; artist?: string }[] }) {
  return (
    <div>
      <h2>{title}</h2>
      {items.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ol aria-label={title}>
          {items.map((i, k) => (
            <li key={`${i.id ?? i.name}-${k}`}>
              {i.name}
              {i.artist && <span className="muted"> · {i.artist}</span>} <span className="muted">· {plays(i.plays)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function Months({ months }: { months: YearSummary['months'] }) {
  const most = Math.max(1, ...months);
  return (
    <>
      <div className="summary-months" aria-hidden="true">
        {months.map((m, i) => (
          <div key={MONTHS[i]} style={{ height: `${Math.round((m / most) * 100)}%` }} title={`${MONTHS[i]}: ${plays(m)}`} />
        ))}
      </div>
      <div className="summary-month-names" aria-hidden="true">
        {MONTHS.map((m) => (
          <span key={m}>{m}</span>
        ))}
      </div>
    </>
  );
}

/**
 * "Your 2026": a year of listening (UTC) from your history, with a public link you can turn
 * on and off. The link's page shows this summary and your display name, nothing else.
 */
export function SummaryView({ year }: { year: number }) {
  const client = useQueryClient();
  const mine = useQuery({ queryKey: ['summary', year], queryFn: () => api('GET /me/summary/:year', { params: { year } }) });
  const refresh = () => client.invalidateQueries({ queryKey: ['summary', year] });
  const share = useMutation({ mutationFn: () => api('PUT /me/summary/:year/share', { params: { year } }), onSuccess: refresh });
  const unshare = useMutation({ mutationFn: () => api('DELETE /me/summary/:year/share', { params: { year } }), onSuccess: refresh });
  const s = mine.data?.summary;
  const link = mine.data?.share;
  return (
    <section aria-labelledby="summary-title">
      <div className="inline-actions">
        <button aria-label={`Your ${year - 1}`} onClick={() => navigate(`/summary/${year - 1}`)}>
          ← {year - 1}
        </button>
        <button aria-label={`Your ${year + 1}`} onClick={() => navigate(`/summary/${year + 1}`)} disabled={year >= new Date().getFullYear()}>
          {year + 1} →
        </button>
        <span className="spacer" />
        <AppLink to="/history">History</AppLink>
      </div>
      <h1 id="summary-title">Your {year}</h1>
      {s && s.plays === 0 && <p className="muted">No plays in {year}.</p>}
      {s && s.plays > 0 && (
        <>
          <div className="summary-stats">
            <div className="summary-stat">
              <b>{n(s.minutes)}</b>minutes
            </div>
            <div className="summary-stat">
              <b>{n(s.plays)}</b>plays
            </div>
            <div className="summary-stat">
              <b>{n(s.discoveries.artists)}</b>new artists
            </div>
            <div className="summary-stat">
              <b>{n(s.discoveries.tracks)}</b>new tracks
            </div>
          </div>
          <div className="summary-lists">
            <Top title="Top artists" items={s.top_artists} />
            <Top title="Top albums" items={s.top_albums} />
            <Top title="Top tracks" items={s.top_tracks} />
            <Top title="New to you" items={s.discoveries.top_artists} />
          </div>
          <h2>Month by month</h2>
          <Months months={s.months} />
          {s.busiest_day && (
            <p className="muted">
              Busiest day: {new Date(`${s.busiest_day.date}T12:00:00Z`).toLocaleDateString(undefined, { month: 'long', day: 'numeric' })},{' '}
              {plays(s.busiest_day.plays)}.
            </p>
          )}
          <h2>Share</h2>
          {link ? (
            <div className="summary-share">
              <input readOnly value={link.url} aria-label="Public link" onFocus={(e) => e.target.select()} />
              <button onClick={() => void navigator.clipboard?.writeText(link.url)}>Copy</button>
              <button onClick={() => unshare.mutate()} disabled={unshare.isPending}>
                Turn link off
              </button>
            </div>
          ) : (
            <div className="summary-share">
              <span className="muted">Anyone with a link would see this page: your name, these numbers and lists, nothing else.</span>
              <button className="primary" onClick={() => share.mutate()} disabled={share.isPending}>
                Share publicly
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
