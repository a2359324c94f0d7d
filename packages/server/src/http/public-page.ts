import type { Language } from '@runnel/api';

/** Text for HTML, in element content and in quoted attributes alike. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What chats and social sites show of a page (Open Graph and Twitter card tags); every value already escaped. */
export interface PagePreview {
  title: string;
  description: string;
  url: string;
  /** Open Graph's type: `website`, `music.album`… */
  type: string;
  /** A large picture for the card, when there is one. */
  image?: string;
}

/**
 * A page Runnel serves to visitors without an account (a share link, a shared year summary):
 * plain HTML, no script, in the visitor's language, with the preview tags when given. The
 * caller escapes what it puts in (`escapeHtml`).
 */
export function publicPage({ language, style, preview, body }: { language: Language; style: string; preview?: PagePreview; body: string }): string {
  const head = preview
    ? [
        `<title>${preview.title} · Runnel</title>`,
        `<meta name="description" content="${preview.description}">`,
        '<meta property="og:site_name" content="Runnel">',
        `<meta property="og:type" content="${preview.type}">`,
        `<meta property="og:title" content="${preview.title}">`,
        `<meta property="og:description" content="${preview.description}">`,
        `<meta property="og:url" content="${preview.url}">`,
        ...(preview.image ? [`<meta property="og:image" content="${preview.image}">`] : []),
        `<meta name="twitter:card" content="${preview.image ? 'summary_large_image' : 'summary'}">`,
        `<meta name="twitter:title" content="${preview.title}">`,
        `<meta name="twitter:description" content="${preview.description}">`,
        ...(preview.image ? [`<meta name="twitter:image" content="${preview.image}">`] : []),
      ]
    : ['<title>Runnel</title>', '<meta name="robots" content="noindex">'];
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${head.join('\n')}
<style>${style}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}
