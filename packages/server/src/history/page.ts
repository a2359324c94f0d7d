import type { Language, PublicSummary } from '@runnel/api';
import { escapeHtml as escape, publicPage } from '../http/public-page.ts';
import { pageCatalogues } from '../language/page-words.ts';
import en from './messages/en.json' with { type: 'json' };
import sv from './messages/sv.json' with { type: 'json' };

/** The page's words in a visitor's language (messages/, checked with the others by `npm run check:i18n`). */
const pageWords = pageCatalogues<keyof typeof en>({ en, sv });
type Say = ReturnType<typeof pageWords>;

const STYLE = `
body{margin:0;font:16px/1.4 system-ui,sans-serif;background:#121212;color:#eee}
main{max-width:44rem;margin:0 auto;padding:2rem 1rem}
.kind{text-transform:uppercase;font-size:.75rem;letter-spacing:.1em;color:#aaa}
h1{margin:.25rem 0 1rem;font-size:2.25rem}
h2{font-size:1.1rem;margin:2rem 0 .5rem}
.stats{display:flex;flex-wrap:wrap;gap:1rem}
.stat{background:#1e1e1e;border-radius:8px;padding:.75rem 1rem;min-width:8rem}
.stat b{display:block;font-size:1.6rem}
ol{padding-left:1.5rem;margin:0}
li{padding:.3rem 0}
.sub{color:#999;font-size:.875rem}
.bars{display:grid;grid-template-columns:repeat(12,1fr);gap:4px;align-items:end;height:6rem}
.bars div{background:#1db954;border-radius:2px 2px 0 0;min-height:2px}
.labels{display:grid;grid-template-columns:repeat(12,1fr);gap:4px;color:#888;font-size:.7rem;text-align:center}
footer{margin-top:2rem;color:#777;font-size:.8rem}
`;

const list = (say: Say, items: { name: string; plays: number; artist?: string }[]) =>
  items.length
    ? `<ol>${items.map((i) => `<li>${escape(i.name)}${i.artist ? ` <span class="sub">· ${escape(i.artist)}</span>` : ''} <span class="sub">· ${say('summary.playCount', { count: i.plays })}</span></li>`).join('')}</ol>`
    : `<p class="sub">${say('summary.nothingYet')}</p>`;

/**
 * The public page of a shared year summary: the numbers and top lists, with Open Graph and
 * Twitter card tags for previews. Plain HTML, no script; every name on it is escaped.
 */
export function summaryPage({ display_name, summary: s }: PublicSummary, url: string, language: Language = 'en'): string {
  const say = pageWords(language);
  const number = (n: number) => n.toLocaleString(language);
  const months = s.months.map((_, i) => new Date(Date.UTC(2026, i, 15)).toLocaleString(language, { month: 'short', timeZone: 'UTC' }));
  const title = escape(say('summary.title', { name: display_name, year: String(s.year) }));
  const top = s.top_artists[0];
  const line = escape(
    top ? say('summary.lineTop', { plays: s.plays, minutes: s.minutes, artist: top.name }) : say('summary.line', { plays: s.plays, minutes: s.minutes }),
  );
  const most = Math.max(1, ...s.months);
  const busiest = s.busiest_day
    ? say('summary.busiestDay', {
        day: new Date(`${s.busiest_day.date}T12:00:00Z`).toLocaleDateString(language, { month: 'long', day: 'numeric', timeZone: 'UTC' }),
        count: s.busiest_day.plays,
      })
    : null;
  return publicPage({
    language,
    style: STYLE,
    preview: { title, description: line, url: escape(url), type: 'website' },
    body: `<div class="kind">${say('summary.kind')}</div>
<h1>${title}</h1>
<div class="stats">
<div class="stat"><b>${number(s.minutes)}</b>${say('summary.minutes')}</div>
<div class="stat"><b>${number(s.plays)}</b>${say('summary.plays')}</div>
<div class="stat"><b>${number(s.discoveries.artists)}</b>${say('summary.newArtists')}</div>
<div class="stat"><b>${number(s.discoveries.tracks)}</b>${say('summary.newTracks')}</div>
</div>
<h2>${say('summary.topArtists')}</h2>${list(say, s.top_artists)}
<h2>${say('summary.topAlbums')}</h2>${list(say, s.top_albums)}
<h2>${say('summary.topTracks')}</h2>${list(say, s.top_tracks)}
<h2>${say('summary.months')}</h2>
<div class="bars">${s.months.map((n, i) => `<div style="height:${Math.round((n / most) * 100)}%" title="${escape(say('summary.monthPlays', { month: months[i]!, count: n }))}"></div>`).join('')}</div>
<div class="labels">${months.map((m) => `<span>${escape(m)}</span>`).join('')}</div>
${busiest ? `<p class="sub">${escape(busiest)}</p>` : ''}
<footer>${say('summary.footer')}</footer>`,
  });
}

/** The page of a link that is unknown or turned off. */
export function summaryPageGone(language: Language = 'en'): string {
  const say = pageWords(language);
  return publicPage({ language, style: STYLE, body: `<h1>${say('summary.goneTitle')}</h1><p>${say('summary.goneText')}</p>` });
}
