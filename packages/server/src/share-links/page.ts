import type { Language, SharedItem } from '@runnel/api';
import { escapeHtml as escape, publicPage } from '../http/public-page.ts';
import { pageWords, type PageKey } from './page-language.ts';

const OG_TYPE: Record<SharedItem['kind'], string> = { track: 'music.song', album: 'music.album', playlist: 'music.playlist', tracks: 'music.playlist' };

const duration = (ms: number) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

const STYLE = `
body{margin:0;font:16px/1.4 system-ui,sans-serif;background:#121212;color:#eee}
main{max-width:44rem;margin:0 auto;padding:2rem 1rem}
header{display:flex;gap:1.5rem;align-items:flex-end;margin-bottom:2rem}
header img{width:10rem;height:10rem;object-fit:cover;border-radius:4px;background:#333}
.kind{text-transform:uppercase;font-size:.75rem;letter-spacing:.1em;color:#aaa}
h1{margin:.25rem 0;font-size:2rem}
p{margin:.25rem 0;color:#bbb}
ol{list-style:none;padding:0;margin:0}
li{display:grid;grid-template-columns:1fr auto;gap:.25rem 1rem;padding:.75rem 0;border-top:1px solid #2a2a2a}
li audio{grid-column:1/3;width:100%;height:2.25rem}
.sub{color:#999;font-size:.875rem}
footer{margin-top:2rem;color:#777;font-size:.8rem}
`;

/**
 * The page a public link opens: the item's title, cover and tracks, each playable in the
 * browser's own audio player (no script: it plays wherever HTML does), with Open Graph and
 * Twitter card tags so chats and social sites show a preview. In the visitor's `language`.
 */
export function sharePage(item: SharedItem, origin: string, language: Language = 'en'): string {
  const say = pageWords(language);
  const title = escape(item.title);
  const kind = say('page.kind', { kind: item.kind });
  const byline = say('page.byline', { kind, name: item.shared_by });
  const summary = escape(item.description ?? say('page.summary', { byline, count: item.tracks.length }));
  const image = item.cover_url ? escape(`${origin}${item.cover_url}?size=600`) : undefined;
  const url = escape(`${origin}/s/${item.id}`);
  const tracks = item.tracks
    .map(
      (t, i) => `<li>
  <span>${i + 1}. ${escape(t.name)}<br><span class="sub">${escape(t.artists.join(', '))} · ${escape(t.album)}</span></span>
  <span class="sub">${item.preview_seconds === null ? duration(t.duration_ms) : say('page.clip', { clip: duration(Math.min(t.duration_ms, item.preview_seconds * 1000)), length: duration(t.duration_ms) })}</span>
  <audio controls preload="none" src="${escape(t.stream_url)}"></audio>
</li>`,
    )
    .join('\n');
  return publicPage({
    language,
    style: STYLE,
    preview: { title, description: summary, url, type: OG_TYPE[item.kind], image },
    body: `<header>
${item.cover_url ? `<img src="${escape(item.cover_url)}?size=320" alt="">` : ''}
<div><div class="kind">${escape(kind)}</div><h1>${title}</h1><p>${escape(byline)}</p>${item.description ? `<p>${escape(item.description)}</p>` : ''}${
      item.preview_seconds === null ? '' : `<p class="sub">${escape(say('page.previews', { seconds: item.preview_seconds }))}</p>`
    }</div>
</header>
<ol>
${tracks}
</ol>
<footer>${escape(say('page.footer'))}</footer>`,
  });
}

const GONE: Record<string, PageKey> = { share_link_expired: 'page.error.expired', share_link_revoked: 'page.error.revoked' };

/** The page for a link that cannot be opened: expired, revoked (by the error's code) or unknown, in the visitor's `language`. */
export function sharePageError(code: string, language: Language = 'en'): string {
  const say = pageWords(language);
  const message = say(GONE[code] ?? 'page.error.notFound');
  return publicPage({ language, style: STYLE, body: `<h1>${escape(message)}</h1><p>${escape(say('page.error.askAgain'))}</p>` });
}
