import type { PublicSummary } from '@runnel/api';

/** Text for HTML, in element content and in quoted attributes alike. */
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const number = (n: number) => n.toLocaleString('en');
const plays = (n: number) => (n === 1 ? '1 play' : `${number(n)} plays`);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

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

const list = (items: { name: string; plays: number; artist?: string }[]) =>
  items.length
    ? `<ol>${items.map((i) => `<li>${escape(i.name)}${i.artist ? ` <span class="sub">· ${escape(i.artist)}</span>` : ''} <span class="sub">· ${plays(i.plays)}</span></li>`).join('')}</ol>`
    : '<p class="sub">Nothing yet.</p>';

/**
 * The public page of a shared year summary: the numbers and top lists, with Open Graph and
 * Twitter card tags for previews. Plain HTML, no script; every name on it is escaped.
 */
export function summaryPage({ display_name, summary: s }: PublicSummary, url: string): string {
  const title = escape(`${display_name}’s ${s.year} in music`);
  const line = escape(`${number(s.plays)} plays · ${number(s.minutes)} minutes${s.top_artists[0] ? ` · most played: ${s.top_artists[0].name}` : ''}`);
  const most = Math.max(1, ...s.months);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Runnel</title>
<meta name="description" content="${line}">
<meta property="og:site_name" content="Runnel">
<meta property="og:type" content="website">
<meta property="og:title" content="${title}">
<meta property="og:description" content="${line}">
<meta property="og:url" content="${escape(url)}">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="${title}">
<meta name="twitter:description" content="${line}">
<style>${STYLE}</style>
</head>
<body>
<main>
<div class="kind">Year in music</div>
<h1>${title}</h1>
<div class="stats">
<div class="stat"><b>${number(s.minutes)}</b>minutes</div>
<div class="stat"><b>${number(s.plays)}</b>plays</div>
<div class="stat"><b>${number(s.discoveries.artists)}</b>new artists</div>
<div class="stat"><b>${number(s.discoveries.tracks)}</b>new tracks</div>
</div>
<h2>Top artists</h2>${list(s.top_artists)}
<h2>Top albums</h2>${list(s.top_albums)}
<h2>Top tracks</h2>${list(s.top_tracks)}
<h2>Month by month</h2>
<div class="bars">${s.months.map((n, i) => `<div style="height:${Math.round((n / most) * 100)}%" title="${MONTHS[i]}: ${plays(n)}"></div>`).join('')}</div>
<div class="labels">${MONTHS.map((m) => `<span>${m}</span>`).join('')}</div>
${s.busiest_day ? `<p class="sub">Busiest day: ${escape(s.busiest_day.date)}, ${plays(s.busiest_day.plays)}.</p>` : ''}
<footer>Shared from Runnel</footer>
</main>
</body>
</html>`;
}

/** The page of a link that is unknown or turned off. */
export function summaryPageGone(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Runnel</title><meta name="robots" content="noindex"><style>${STYLE}</style></head>
<body><main><h1>This summary is not shared</h1><p>The link does not exist, or its owner turned it off.</p></main></body>
</html>`;
}
