import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signIn, startE2E, type E2E } from './browser.ts';

// Issue 22's acceptance list, made in this order.
const MADE = ['Zappa', 'Åslund', 'Ärlig', 'Östlund', 'Västerbron', 'Wilco', 'Abba', 'Oasis'];
const SWEDISH = ['Abba', 'Oasis', 'Västerbron', 'Wilco', 'Zappa', 'Åslund', 'Ärlig', 'Östlund'];
const ENGLISH = ['Abba', 'Ärlig', 'Åslund', 'Oasis', 'Östlund', 'Västerbron', 'Wilco', 'Zappa'];

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
  const user = await e2e.app.makeUser({ username: 'ordering', password: 'ordering-pass' });
  for (const name of MADE) await e2e.app.playlists.create(user.me.id, { name });
});
after(() => e2e.close());

/** Waits until the sidebar shows these playlists, in this order. */
async function expectShown(page: Page, expected: string[]) {
  const rows = page.locator('nav.sidebar .playlists .node-row');
  let shown: string[] = [];
  for (let i = 0; i < 50; i++) {
    shown = await rows.evaluateAll((all) => all.map((row) => (row.querySelector('a, .folder') as HTMLElement).innerText));
    if (JSON.stringify(shown) === JSON.stringify(expected)) return;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(shown, expected);
}

test('the sidebar’s playlists A–Z in the player’s language, kept on the device, and back to their own order', async () => {
  const swedish = await (await e2e.browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(swedish, e2e.url, 'ordering', 'ordering-pass');
  await expectShown(swedish, MADE);
  const order = swedish.getByLabel('Spellistornas ordning');
  await order.selectOption({ label: 'A–Ö' });
  await expectShown(swedish, SWEDISH);
  // A sorted list is not dragged into order.
  assert.equal(await swedish.locator('nav.sidebar .playlists .node-row[draggable="true"]').count(), 0);
  await swedish.reload();
  await expectShown(swedish, SWEDISH);
  assert.equal(await order.inputValue(), 'name');

  // Another device (here a browser speaking English) keeps its own choice, and sorts in its language.
  const english = await (await e2e.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(english, e2e.url, 'ordering', 'ordering-pass');
  await expectShown(english, MADE);
  await english.getByLabel('Order of the playlists').selectOption({ label: 'A–Z' });
  await expectShown(english, ENGLISH);

  await order.selectOption({ label: 'Egen ordning' });
  await expectShown(swedish, MADE);
  assert.equal(await swedish.locator('nav.sidebar .playlists .node-row[draggable="true"]').count(), MADE.length);
});

test('with fewer than two playlists there is nothing to order: the choice appears with the second', async () => {
  await e2e.app.makeUser({ username: 'one-list', password: 'one-list-pass' });
  const page = await (await e2e.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(page, e2e.url, 'one-list', 'one-list-pass');
  const choice = page.getByLabel('Order of the playlists');
  assert.equal(await choice.count(), 0);
  for (const name of ['First', 'Second']) {
    await page.getByRole('button', { name: '+ New playlist' }).click();
    await page.getByRole('textbox', { name: 'Name of the new playlist' }).fill(name);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name }).waitFor();
  }
  await choice.waitFor();
});
