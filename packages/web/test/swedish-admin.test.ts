import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, startE2E, type E2E } from './browser.ts';
import { englishDetector } from './english.ts';
import { scanTracks } from './library-fixture.ts';

// Issue 22 for an administrator with a Swedish browser: a new server's first page, and Admin
// (users, music folders and the scan with a file it could not read, libraries, plans, ads,
// streaming) without a text from the English catalogue. The listener's views: swedish.test.ts.

const TRACKS = [
  { title: 'Oslo', artist: 'Kent', album: 'Tillbaka till samtiden', seconds: 4 },
  { title: 'Dancing On My Own', artist: 'Robyn', album: 'Body Talk Pt. 1', seconds: 4 },
];
/** Not audio, and a cover that is not a picture: the scan reports both, and Admin → Library says why. */
const BAD_FILE = 'inte en låt.flac';
const BAD_COVER = 'cover.jpg';
const AD = 'Höstkampanj';

const detector = englishDetector({ data: [...TRACKS.flatMap((t) => [t.title, t.artist, t.album]), AD] });
let e2e: E2E;
let page: Page;
let found: string[] = [];
const check = async (where: string) => found.push(...(await detector.on(page)).map((text) => `${where}: ${text}`));

before(async () => {
  e2e = await startE2E();
  const music = await scanTracks(e2e.app, TRACKS);
  writeFileSync(join(music, 'Kent', BAD_FILE), 'en inköpslista, ingen låt\n'.repeat(50));
  writeFileSync(join(music, 'Robyn', 'Body Talk Pt. 1', BAD_COVER), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await e2e.app.library.scan('full');
  await e2e.app.ads.create({ title: AD, click_url: 'https://example.se/host' });
  page = await (await e2e.browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } })).newPage();
});
after(() => e2e.close());

test('a new server’s first page in Swedish: its administrator is made there', async () => {
  found = [];
  await page.goto(e2e.url);
  await page.getByRole('heading', { name: 'Välkommen till Runnel' }).waitFor();
  await page.waitForLoadState('networkidle');
  await check('first run');
  await page.locator('input[name="username"]').fill('greta');
  await page.locator('input[name="password"]').fill('greta-pass-1');
  await page.locator('form.auth-card button[type="submit"]').click();
  await page.locator('nav.sidebar').waitFor();
  assert.deepEqual(found, []);
});

test('Admin in Swedish: users, music folders and the scan’s issue, libraries, plans, ads and streaming', async () => {
  found = [];
  await e2e.app.makeUser({ username: 'lisa', password: 'lisa-pass' });
  await page.goto(`${e2e.url}/admin`);
  await page.getByRole('heading', { name: 'Administration', exact: true }).waitFor();
  for (const heading of ['Användare', 'Ditt bibliotek', 'Bibliotek', 'Abonnemang', 'Reklam', 'Streaming'])
    await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
  await page.getByRole('cell', { name: 'lisa', exact: true }).first().waitFor();
  await page.getByRole('cell').filter({ hasText: AD }).first().waitFor();

  // The scan's issues, opened: each said by its code, the parser's own words quoted as they are.
  await page.getByText('2 filer kunde inte läsas').click();
  const issue = (name: string) => page.locator('.issues li').filter({ hasText: name }).innerText();
  assert.match(await issue(BAD_FILE), /\/Kent\/inte en låt\.flac — kan inte läsas som ljud: Invalid FLAC preamble$/);
  assert.match(await issue(BAD_COVER), /\/cover\.jpg — omslagsfilen är inte en JPEG-, PNG-, GIF- eller WebP-bild, ignorerades$/);
  await page.waitForLoadState('networkidle');
  await check('admin');
  await screenshot(page, 'swedish-admin');

  // A library: its form, then the library made with it, and the question before deleting it.
  await page.getByRole('button', { name: 'Nytt bibliotek' }).click();
  const form = page.getByRole('form', { name: 'Nytt bibliotek' });
  await form.getByRole('textbox', { name: 'Bibliotekets namn' }).fill('Barnmusik');
  await form.getByRole('checkbox', { name: 'lisa' }).check();
  await check('admin, a new library');
  await form.getByRole('button', { name: 'Skapa bibliotek' }).click();
  await page.getByRole('list', { name: 'Bibliotek' }).getByText('Barnmusik', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Ta bort Barnmusik' }).click();
  await page.getByRole('group', { name: 'Ta bort Barnmusik' }).waitFor();
  await check('admin, a library');
  assert.deepEqual(found, []);
});
