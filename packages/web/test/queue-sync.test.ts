import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [
    { title: 'Red Revelations', artist: 'Jace Everett', album: 'Red Revelations', seconds: 5 },
    { title: 'I Feel Better', artist: 'Hot Chip', album: 'One Life Stand', seconds: 5 },
  ]);
  await e2e.app.makeUser({ username: 'twodevices', password: 'two-devices' });
});
after(() => e2e.close());

test('two browser contexts of one user: a track queued in one appears in the other', async () => {
  const laptop = await (await e2e.browser.newContext()).newPage();
  const phone = await (await e2e.browser.newContext({ viewport: { width: 390, height: 800 } })).newPage();
  await signIn(laptop, e2e.url, 'twodevices', 'two-devices');
  await signIn(phone, e2e.url, 'twodevices', 'two-devices');
  await phone.getByRole('navigation', { name: 'Tabs' }).getByRole('link', { name: 'Queue' }).click(); // the phone's layout: tabs, no sidebar
  await phone.getByRole('heading', { name: 'Play queue' }).waitFor();

  await laptop.getByRole('link', { name: /One Life Stand/ }).click();
  const row = laptop.getByRole('row').filter({ hasText: 'I Feel Better' });
  await row.getByText('I Feel Better').click({ button: 'right' });
  await laptop.getByRole('menuitem', { name: 'Add to queue' }).click();

  // On the other device, without reloading.
  await phone.getByRole('list', { name: 'Next up' }).getByText('I Feel Better').waitFor({ timeout: 5000 });
  assert.equal(await phone.getByRole('list', { name: 'Next up' }).getByRole('listitem').count(), 1);

  // Removing it there removes it here too.
  await phone.getByRole('button', { name: 'Remove I Feel Better from the queue' }).click();
  await laptop.getByRole('link', { name: 'Play queue' }).click();
  await laptop.getByRole('heading', { name: 'Play queue' }).waitFor();
  await laptop.waitForFunction(() => !document.querySelector('[aria-label="Next up"]'));
});
