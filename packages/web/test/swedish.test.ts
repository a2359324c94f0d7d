import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

const catalogue = (language: string) =>
  JSON.parse(readFileSync(new URL(`../src/i18n/messages/${language}.json`, import.meta.url), 'utf8')) as Record<string, string>;
const en = catalogue('en');
const sv = catalogue('sv');

/** An English message as a whole-text pattern: its placeholders match anything, its plurals and selects are left out (they vary). */
const pattern = (message: string) => new RegExp(`^${message.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '.+')}$`);
/** Every English message that Swedish says differently (the same words in both, "Radio", "Album", are not English). */
const ENGLISH = Object.keys(en)
  .filter((key) => en[key] !== sv[key] && !/\{\w+,/.test(en[key]!))
  .map((key) => ({ key, match: pattern(en[key]!) }));

const TRACKS = [
  { title: 'Östermalm', artist: 'Håkan Hellström', album: 'Det är så jag säger det', seconds: 4 },
  { title: 'Dancing On My Own', artist: 'Robyn', album: 'Body Talk Pt. 1', seconds: 4 },
  { title: 'Oslo', artist: 'Kent', album: 'Tillbaka till samtiden', seconds: 4 },
];

let e2e: E2E;
let page: Page;
let friendName = '';
let ids: { playlist: string; album: string; artist: string; track: string; friend: string };
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, TRACKS);
  await e2e.app.makeUser({ username: 'lisa', password: 'lisa-pass' });
  const friend = await e2e.app.makeUser({ username: 'ann', password: 'ann-pass' });
  page = await (await e2e.browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(page, e2e.url, 'lisa', 'lisa-pass');
  // A playlist of all three, made through the API the player itself calls.
  ids = await page.evaluate(async () => {
    const call = async (method: string, path: string, body?: object) =>
      (await fetch(`/api/v1${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) })).json();
    const albums = (await call('GET', '/browse/new-releases?limit=10')) as { albums: { items: { id: string; name: string }[] } };
    const album = albums.albums.items.find((a) => a.name === 'Body Talk Pt. 1')!;
    const tracks = (await call('GET', `/albums/${album.id}/tracks`)) as { items: { id: string; artists: { id: string }[] }[] };
    const all = await Promise.all(
      albums.albums.items.map(async (a) => ((await call('GET', `/albums/${a.id}/tracks`)) as { items: { uri: string }[] }).items[0]!.uri),
    );
    const playlist = (await call('POST', '/me/playlists', { name: 'Sommarlåtar' })) as { id: string };
    await call('POST', `/playlists/${playlist.id}/tracks`, { uris: all });
    return { playlist: playlist.id, album: album.id, artist: tracks.items[0]!.artists[0]!.id, track: tracks.items[0]!.id, friend: '' };
  });
  ids.friend = friend.me.id;
  friendName = friend.me.display_name;
});
after(() => e2e.close());

/** The texts a person sees or hears on the page: visible text, and the names, hints and placeholders of its elements. */
const texts = (p: Page) =>
  p.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      if (text && node.parentElement?.checkVisibility()) found.push(text);
    }
    for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = el.getAttribute(name)?.trim();
        if (value) found.push(value);
      }
    return found;
  });

/** The English strings among what the page shows (music names, being data, are never a catalogue's text). */
async function english(p: Page): Promise<string[]> {
  const music = new Set(TRACKS.flatMap((t) => [t.title, t.artist, t.album]));
  return (await texts(p)).filter((text) => !music.has(text) && ENGLISH.some(({ match }) => match.test(text)));
}

const VIEWS = () => [
  ['/', 'Nytt'],
  ['/top', 'Topplistor'],
  ['/feed', 'Flöde'],
  ['/people', 'Personer'],
  ['/search/o', 'Resultat för ”o”'],
  ['/radio', 'Radio'],
  ['/queue', 'Spelkö'],
  ['/history', 'Historik'],
  ['/smart/new', 'Ny smart spellista'],
  [`/summary/${new Date().getFullYear()}`, `Ditt ${new Date().getFullYear()}`],
  ['/inbox', 'Inkorg'],
  ['/library', 'Ditt bibliotek'],
  ['/starred', 'Stjärnmärkt'],
  ['/local', 'Lokala filer'],
  ['/downloads', 'Nedladdningar'],
  ['/offline', 'Tillgängligt offline'],
  [`/playlist/${ids.playlist}`, 'Sommarlåtar'],
  [`/album/${ids.album}`, 'Body Talk Pt. 1'],
  [`/artist/${ids.artist}`, 'Robyn'],
  [`/track/${ids.track}`, 'Dancing On My Own'],
  [`/user/${ids.friend}`, friendName],
  ['/lyrics', 'Låttext'],
  ['/settings', 'Inställningar'],
  ['/no-such-page', 'Hittades inte'],
];

test('with a Swedish browser, every main view speaks Swedish: no text, label or hint from the English catalogue', async () => {
  assert.ok(ENGLISH.length > 300, `${ENGLISH.length} English messages to look for`);
  const found: string[] = [];
  for (const [path, heading] of VIEWS()) {
    await page.goto(`${e2e.url}${path}`);
    await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'sv');
    found.push(...(await english(page)).map((text) => `${path}: ${text}`));
  }
  // A track row's menu and the playing bar, once something plays.
  await page.goto(`${e2e.url}/playlist/${ids.playlist}`);
  await page.getByRole('row', { name: /Oslo/ }).dblclick();
  await page.getByTestId('np-title').filter({ hasText: 'Oslo' }).waitFor();
  await page.getByRole('row', { name: /Östermalm/ }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Lägg till i kön' }).waitFor();
  found.push(...(await english(page)).map((text) => `row menu: ${text}`));
  await page.keyboard.press('Escape');
  assert.deepEqual(found, []);
});

test('search in Swedish: typing o still finds ö, as the issue asks, and the results read in Swedish', async () => {
  await page.goto(`${e2e.url}/search/o`);
  const found = page.getByRole('grid', { name: 'Låtar som hittades' });
  await found.getByRole('row', { name: /Östermalm/ }).waitFor();
  await found.getByRole('row', { name: /Oslo/ }).waitFor();
  await page.waitForLoadState('networkidle');
  await screenshot(page, 'swedish-search');
});

test('screenshots of Home and a playlist in Swedish, and relative times through Intl', async () => {
  await page.goto(`${e2e.url}/`);
  await page
    .getByRole('heading', { name: 'Nya album' })
    .or(page.getByRole('list', { name: 'Nya album' }))
    .first()
    .waitFor();
  await page.waitForLoadState('networkidle');
  await screenshot(page, 'swedish-home');
  await page.goto(`${e2e.url}/playlist/${ids.playlist}`);
  await page.getByText('av dig · 3 låtar · offentlig').or(page.getByText('av dig · 3 låtar · privat')).first().waitFor();
  await screenshot(page, 'swedish-playlist');
  const relative = await page.evaluate(() => new Intl.RelativeTimeFormat('sv', { numeric: 'always' }).format(-5, 'minute'));
  assert.equal(relative, 'för 5 minuter sedan');
});
