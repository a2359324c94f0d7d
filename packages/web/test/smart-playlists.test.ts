import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [
    { title: 'So What', artist: 'Miles Davis', album: 'Kind of Blue', seconds: 6, genre: 'Jazz', tags: { date: '1959' } },
    { title: 'Blue in Green', artist: 'Miles Davis', album: 'Kind of Blue', seconds: 6, genre: 'Jazz', tags: { date: '1959' } },
    { title: 'Bitches Brew', artist: 'Miles Davis', album: 'Bitches Brew', seconds: 6, genre: 'Jazz', tags: { date: '1970' } },
    { title: 'Fembot', artist: 'Robyn', album: 'Body Talk Pt. 1', seconds: 6, genre: 'Pop', tags: { date: '2010' } },
  ]);
  await e2e.app.makeUser({ username: 'curator', password: 'curator-pass' });
});
after(() => e2e.close());

test('a smart playlist made in the rule editor, with the match count live as the rules change; it is in the sidebar and plays', async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, e2e.url, 'curator', 'curator-pass');
  await page.getByRole('button', { name: '+ New smart playlist' }).click();
  await page.getByRole('heading', { name: 'New smart playlist' }).waitFor();
  const count = page.getByTestId('match-count');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Cool jazz');
  await count.getByText('A rule has no value').waitFor();

  // Genre is "jazz" (any case): three tracks.
  await page.getByRole('textbox', { name: 'Value' }).fill('jazz');
  await count.getByText('3 tracks match').waitFor();

  // And year between 1955 and 1965: two.
  await page.getByRole('button', { name: '+ Rule' }).click();
  await page.getByRole('combobox', { name: 'Field' }).nth(1).selectOption('year');
  await page.getByRole('combobox', { name: 'Operator' }).nth(1).selectOption('in_range');
  await page.getByRole('spinbutton', { name: 'From' }).fill('1955');
  await page.getByRole('spinbutton', { name: 'To' }).fill('1965');
  await count.getByText('2 tracks match').waitFor();

  // An OR group inside: (title contains "green" or artist is "robyn") — one.
  await page.getByRole('button', { name: '+ Group' }).click();
  const group = page.locator('.rule-group.depth-2');
  await group.getByRole('combobox', { name: 'Operator' }).selectOption('contains');
  await group.getByRole('textbox', { name: 'Value' }).fill('green');
  await count.getByText('1 track matches').waitFor();
  await screenshot(page, 'smart-playlist-editor');
  await group.getByRole('button', { name: 'Remove group' }).click();
  await count.getByText('2 tracks match').waitFor();

  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('title');
  await page.getByRole('button', { name: 'Create smart playlist' }).click();
  await page.getByRole('heading', { name: 'Cool jazz' }).waitFor();
  await page.getByText('Smart playlist', { exact: true }).waitFor();
  const grid = page.getByRole('grid', { name: 'Tracks of Cool jazz' });
  await grid.getByRole('row').filter({ hasText: 'So What' }).waitFor();
  const titles = await grid.getByRole('row').filter({ hasText: 'Miles Davis' }).allInnerTexts();
  assert.deepEqual(
    titles.map((t) => (t.includes('Blue in Green') ? 'Blue in Green' : t.includes('So What') ? 'So What' : t)),
    ['Blue in Green', 'So What'],
  );
  const link = page.getByRole('group', { name: 'Playlists' }).getByRole('link', { name: 'Cool jazz' });
  await link.waitFor();
  assert.equal(await link.locator('.smart-mark').count(), 1, 'the sidebar marks it as smart');
  await screenshot(page, 'smart-playlist-view');

  await page.locator('.hero').getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => !a.paused && a.currentTime > 0.3));
  assert.equal(await page.getByTestId('np-title').innerText(), 'Blue in Green');

  // Editing the rules: back in the editor with them, a change is saved and shown.
  await page.getByRole('button', { name: 'Edit rules' }).click();
  await page.getByRole('heading', { name: 'Rules of Cool jazz' }).waitFor();
  await count.getByText('2 tracks match').waitFor();
  await page.getByRole('spinbutton', { name: 'To' }).fill('1975');
  await count.getByText('3 tracks match').waitFor();
  await page.getByRole('button', { name: 'Save rules' }).click();
  await grid.getByRole('row').filter({ hasText: 'Bitches Brew' }).waitFor();
});
