import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, signedIn, startE2E, untilFindable, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
let albumId = '';
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [
    { title: 'Zebra', artist: 'Beach House', album: 'Teen Dream', seconds: 4, cover: 30 },
    { title: 'Norway', artist: 'Beach House', album: 'Teen Dream', seconds: 4, cover: 30 },
  ]);
  await e2e.app.makeUser({ username: 'ann', password: 'ann-pass' });
  await e2e.app.makeUser({ username: 'bodil', password: 'bodil-pass' });
  albumId = (await e2e.app.catalog.listAlbums('name', 1, 0)).items[0]!.id;
  await untilFindable(e2e.app, 'bodil');
});
after(() => e2e.close());

test('send an album and a track to someone with a message: their inbox counts it live, shows it, marks it read; they play it', async () => {
  const ann = await signedIn(e2e, 'ann', 'ann-pass');
  const bodil = await signedIn(e2e, 'bodil', 'bodil-pass');
  const inboxLink = bodil.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Inbox/ });
  await inboxLink.waitFor();
  assert.equal(await inboxLink.getByLabel(/unread/).count(), 0);

  // Ann sends the album from its page.
  await ann.goto(`${e2e.url}/album/${albumId}`);
  await ann.getByRole('button', { name: 'Send to…' }).click();
  const dialog = ann.getByRole('dialog', { name: 'Send “Teen Dream”' });
  await dialog.getByLabel('To').fill('bod');
  await dialog.getByRole('list', { name: 'People found' }).getByRole('button', { name: 'bodil' }).click();
  await dialog.getByLabel('Message (optional)').fill('Put this on tonight');
  await screenshot(ann, 'send-to');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.getByRole('status').filter({ hasText: 'Sent to bodil' }).waitFor();
  await dialog.waitFor({ state: 'detached' });

  // Bodil's sidebar counts it at once (live), without a reload.
  await inboxLink.getByLabel('1 unread').waitFor();

  // Ann sends a track from its menu.
  await ann.getByRole('grid', { name: 'Tracks of Teen Dream' }).getByText('Norway').click({ button: 'right' });
  await ann.getByRole('menuitem', { name: 'Send to…' }).click();
  const again = ann.getByRole('dialog', { name: 'Send “Norway”' });
  await again.getByLabel('To').fill('bodil');
  await again.getByRole('list', { name: 'People found' }).getByRole('button', { name: 'bodil' }).click();
  await again.getByRole('button', { name: 'Send' }).click();
  await inboxLink.getByLabel('2 unread').waitFor();

  await inboxLink.click();
  const items = bodil.getByRole('list', { name: 'Inbox items' });
  await items.getByText('Put this on tonight').waitFor();
  assert.equal(await items.getByRole('listitem').count(), 2);
  await screenshot(bodil, 'inbox');
  // Seen: after a moment everything is read, and the count goes.
  await inboxLink.getByLabel(/unread/).waitFor({ state: 'detached' });

  await items.getByRole('button', { name: 'Play track Norway' }).click();
  await bodil.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => !a.paused && a.currentTime > 0.3));
  assert.equal(await bodil.getByTestId('np-title').innerText(), 'Norway');

  await items.getByRole('button', { name: 'Delete from inbox: Norway' }).click();
  await bodil.waitForFunction(() => document.querySelectorAll('[aria-label="Inbox items"] li').length === 1);
  await items.getByRole('button', { name: 'Open album Teen Dream' }).click();
  await bodil.getByRole('heading', { name: 'Teen Dream' }).waitFor();
});
