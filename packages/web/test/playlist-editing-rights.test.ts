import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
let theirs: string;
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [{ title: 'Heartbeats', artist: 'The Knife', album: 'Deep Cuts', seconds: 4 }]);
  const owner = await e2e.app.makeUser({ username: 'anna', password: 'anna-pass' });
  const listener = await e2e.app.makeUser({ username: 'bo', password: 'bo-pass' });
  theirs = (await e2e.app.playlists.create(owner.me.id, { name: 'Anna mix' })).id;
  await e2e.app.playlists.follow(theirs, listener.me.id);
  await e2e.app.playlists.create(listener.me.id, { name: 'Bo own' });
});
after(() => e2e.close());

test('a followed playlist of someone else is not offered to add to, and a drop on it is refused visibly', async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, e2e.url, 'bo', 'bo-pass');
  const sidebar = page.getByRole('group', { name: 'Playlists' });
  await sidebar.getByRole('link', { name: 'Anna mix' }).waitFor();

  const album = (await e2e.app.catalog.listAlbums('name', 1, 0)).items[0]!.id;
  await page.goto(`${e2e.url}/album/${album}`);
  const row = page.getByRole('row', { name: /Heartbeats/ });
  await row.waitFor();

  await row.click({ button: 'right' });
  await page.getByRole('menuitem', { name: /Add to playlist/ }).click();
  const choices = await page.getByRole('group', { name: 'Playlists', exact: true }).last().getByRole('menuitem').allInnerTexts();
  assert.deepEqual(
    choices.map((c) => c.trim()),
    ['Bo own'],
  );
  await page.keyboard.press('Escape');

  await row.dragTo(sidebar.getByRole('link', { name: 'Anna mix' }));
  await sidebar.getByRole('status').filter({ hasText: '“Anna mix” is read-only' }).waitFor();
  const playlist = await e2e.app.playlists.get(theirs, (await e2e.app.accounts.userByName('anna'))!.id);
  assert.equal(playlist.tracks.total, 0, 'nothing was added');
  await page.close();
});
