import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [
    { title: 'Do-Wah-Doo', artist: 'Kate Nash', album: 'My Best Friend Is You', seconds: 6 },
    { title: 'Fembot', artist: 'Robyn', album: 'Body Talk Pt. 1', seconds: 6 },
    { title: 'Zebra', artist: 'Beach House', album: 'Teen Dream', seconds: 6 },
  ]);
  await e2e.app.makeUser({ username: 'owner', password: 'owner-pass' });
  await e2e.app.makeUser({ username: 'friend', password: 'friend-pass' });
  // Search is fed by events; wait until the scanned tracks are searchable.
  for (let i = 0; i < 50; i++) {
    const hits = await e2e.app.search.query({ q: 'zebra', kinds: ['track'], limit: 1, offset: 0, userId: 'x' });
    if (hits.results.track?.hits.length) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});
after(() => e2e.close());

async function typeSearch(page: Page, text: string) {
  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.waitFor();
  await page.keyboard.press('/'); // the shortcut focuses the search box
  await page.waitForFunction(() => document.activeElement?.id === 'search-box');
  await box.pressSequentially(text, { delay: 30 }); // one request per keystroke, as a person types
}

test('search as you type, double-click a track: it plays and the now-playing bar shows it', async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, e2e.url, 'owner', 'owner-pass');
  await typeSearch(page, 'kate nash do');
  const row = page.getByRole('grid', { name: 'Tracks found' }).getByRole('row').filter({ hasText: 'Do-Wah-Doo' });
  await row.waitFor();
  await screenshot(page, 'search');
  await row.getByText('Do-Wah-Doo').dblclick(); // on the title: the artist and album cells are links
  await page.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => !a.paused && a.currentTime > 0.3));
  assert.equal(await page.getByTestId('np-title').innerText(), 'Do-Wah-Doo');

  // Leaving the results empties the box; going back to them shows what they are for.
  const box = page.getByRole('searchbox', { name: 'Search' });
  await row.getByRole('link').first().click();
  await page.waitForURL((url) => !url.pathname.startsWith('/search/'));
  assert.equal(await box.inputValue(), '');
  await page.goBack();
  await row.waitFor();
  assert.equal(await box.inputValue(), 'kate nash do');
});

test('a playlist: create it, drag tracks in, reorder by drag, reload; a collaborator sees changes live', async () => {
  const owner = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await owner.newPage();
  await signIn(page, e2e.url, 'owner', 'owner-pass');
  await page.getByRole('button', { name: '+ New playlist' }).click();
  await page.getByRole('textbox', { name: 'Name of the new playlist' }).fill('Jogg');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Jogg' }).waitFor();
  const playlistUrl = page.url();
  await page.getByRole('button', { name: 'Make collaborative' }).click();
  await page.getByRole('button', { name: 'Stop collaborating' }).waitFor();
  const target = page.getByRole('group', { name: 'Playlists' }).getByRole('link', { name: 'Jogg' });

  for (const q of ['fembot', 'zebra']) {
    await page.getByRole('searchbox', { name: 'Search' }).fill(q);
    const row = page.getByRole('grid', { name: 'Tracks found' }).getByRole('row').nth(1);
    await row.waitFor();
    await row.dragTo(target);
  }
  await page.goto(playlistUrl);
  const grid = page.getByRole('grid', { name: 'Tracks of Jogg' });
  await grid.getByRole('row', { name: /Zebra/ }).waitFor();
  const order = async (p: Page) =>
    (await p.getByRole('grid', { name: 'Tracks of Jogg' }).getByRole('row').allInnerTexts()).slice(1).map((t) =>
      t
        .split('\n')
        .find((s) => /Fembot|Zebra/.test(s))
        ?.trim(),
    );
  assert.deepEqual(await order(page), ['Fembot', 'Zebra']);

  // The collaborator opens the same playlist in another browser context.
  const friendContext = await e2e.browser.newContext();
  const friend = await friendContext.newPage();
  await signIn(friend, e2e.url, 'friend', 'friend-pass');
  const playlistId = playlistUrl.split('/').pop()!;
  const friendId = (await e2e.app.accounts.userByName('friend'))!.id;
  const invited = await page.evaluate(async ([id, user]) => (await fetch(`/api/v1/playlists/${id}/collaborators/${user}`, { method: 'PUT' })).status, [
    playlistId,
    friendId,
  ] as const);
  assert.equal(invited, 204);
  await friend.goto(playlistUrl);
  await friend.getByRole('grid', { name: 'Tracks of Jogg' }).getByRole('row', { name: /Zebra/ }).waitFor();

  // Reorder by dragging Zebra above Fembot. The row moves at once; the reload waits for the
  // server's answer, else its GET can be read before the move is committed.
  const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(`/playlists/${playlistId}/tracks`));
  await grid.getByRole('row', { name: /Zebra/ }).dragTo(grid.getByRole('row', { name: /Fembot/ }));
  await page.waitForFunction(() => /Zebra[\s\S]*Fembot/.test(document.querySelector('[aria-label="Tracks of Jogg"]')?.textContent ?? ''));
  assert.equal((await saved).status(), 200, 'the move is saved');
  await page.reload();
  await page
    .getByRole('grid', { name: 'Tracks of Jogg' })
    .getByRole('row', { name: /Fembot/ })
    .waitFor();
  assert.deepEqual(await order(page), ['Zebra', 'Fembot'], 'the order persists');
  await screenshot(page, 'playlist');

  // The friend saw it without reloading.
  await friend.waitForFunction(() => /Zebra[\s\S]*Fembot/.test(document.querySelector('[aria-label="Tracks of Jogg"]')?.textContent ?? ''), null, {
    timeout: 5000,
  });
  await friendContext.close();
  await owner.close();
});
