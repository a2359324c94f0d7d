import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

const SWEDISH = ['Abba', 'Oasis', 'Västerbron', 'Wilco', 'Zappa', 'Åslund', 'Ärlig', 'Östlund'];
const ENGLISH = ['Abba', 'Ärlig', 'Åslund', 'Oasis', 'Östlund', 'Västerbron', 'Wilco', 'Zappa'];

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
  await scanTracks(
    e2e.app,
    ['Zappa', 'Åslund', 'Ärlig', 'Östlund', 'Västerbron', 'Wilco', 'Abba', 'Oasis'].map((artist) => ({
      title: `${artist} song`,
      artist,
      album: artist,
      seconds: 1,
    })),
  );
  await e2e.app.makeUser({ username: 'lisa', password: 'lisa-pass' });
});
after(() => e2e.close());

/** The artists A–Z as the player's own requests get them (the browser adds its Accept-Language). */
const artists = (page: Page) =>
  page.evaluate(async () => ((await (await fetch('/api/v1/artists')).json()) as { items: { name: string }[] }).items.map((a) => a.name));

test("Settings → Language: the browser's language by default, a choice kept for the user that the player speaks at once, and back", async () => {
  const page = await (await e2e.browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(page, e2e.url, 'lisa', 'lisa-pass');
  assert.deepEqual(await artists(page), SWEDISH);

  await page.goto(`${e2e.url}/settings`);
  // The browser asks for Swedish, so the player speaks it.
  await page.getByRole('heading', { name: 'Inställningar' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'sv');
  const choice = page.getByLabel('Språk');
  assert.equal(await choice.inputValue(), '');
  await choice.selectOption({ label: 'English' });
  await page.waitForFunction(async () => ((await (await fetch('/api/v1/me')).json()) as { language: string | null }).language === 'en');
  assert.deepEqual(await artists(page), ENGLISH);
  // At once, without a reload.
  await page.getByRole('heading', { name: 'Settings' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');

  // Kept on the account: a reload shows it chosen, in English.
  await page.reload();
  assert.equal(await page.getByLabel('Language').inputValue(), 'en');
  await page.getByLabel('Language').selectOption({ label: 'From your browser' });
  await page.getByRole('heading', { name: 'Inställningar' }).waitFor();
  await page.waitForFunction(async () => ((await (await fetch('/api/v1/me')).json()) as { language: string | null }).language === null);
  assert.deepEqual(await artists(page), SWEDISH);
});
