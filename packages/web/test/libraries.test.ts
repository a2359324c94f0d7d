import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, signedIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

/**
 * Libraries per person (issue 23) in the web player: in Admin → Libraries the admin makes a
 * library of one of two music folders and grants it to Bea, and puts the other folder in a
 * library granted to no one (a folder in no library would be everyone's). Bea's search then
 * finds only her library's music; the admin's finds both.
 */
let e2e: E2E;
let family: string;
let work: string;

before(async () => {
  e2e = await startE2E();
  family = await scanTracks(e2e.app, [{ title: 'Lullaby Hum', artist: 'The Cradles', album: 'Bedtime', seconds: 2 }]);
  work = await scanTracks(e2e.app, [{ title: 'Ledger Hum', artist: 'The Accountants', album: 'Quarterly', seconds: 2 }]);
  await e2e.app.makeUser({ username: 'root', password: 'root-password', role: 'admin' });
  await e2e.app.makeUser({ username: 'bea', password: 'bea-password' });
  await e2e.app.makeUser({ username: 'carl', password: 'carl-password' });
  for (let i = 0; i < 50; i++) {
    const hits = await e2e.app.search.query({ q: 'hum', kinds: ['track'], limit: 5, offset: 0, userId: 'x' });
    if (hits.results.track?.hits.length === 2) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});
after(() => e2e.close());

test('the admin makes a library of one folder for Bea; Bea finds only its music', async () => {
  const admin = await signedIn(e2e, 'root', 'root-password');
  await admin.goto(`${e2e.url}/admin`);
  const card = admin.getByRole('region', { name: 'Libraries' });
  await card.getByText('A folder in no library is open to everyone; admins see all.').waitFor();
  await card.getByText('No libraries yet: every folder is open to everyone.').waitFor();

  // Family: the first folder, granted to Bea.
  await card.getByRole('button', { name: 'New library' }).click();
  const form = card.getByRole('form', { name: 'New library' });
  await form.getByRole('textbox', { name: 'Library name' }).fill('Family');
  await form.getByRole('group', { name: 'Music folders' }).getByRole('checkbox', { name: family }).check();
  await form.getByRole('group', { name: 'Users granted it' }).getByRole('checkbox', { name: 'bea' }).check();
  await form.getByRole('button', { name: 'Create library' }).click();
  const libraries = card.getByRole('list', { name: 'Libraries' });
  await libraries.getByText('Granted to: bea').waitFor();
  // Work: the second folder, granted to Carl; then changed to no one, in place.
  await card.getByRole('button', { name: 'New library' }).click();
  await card.getByRole('textbox', { name: 'Library name' }).fill('Work');
  await card.getByRole('checkbox', { name: work }).check();
  await card.getByRole('checkbox', { name: 'carl' }).check();
  await card.getByRole('button', { name: 'Create library' }).click();
  await libraries.getByText('Granted to: carl').waitFor();
  await card.getByRole('button', { name: 'Edit Work' }).click();
  await card.getByRole('form', { name: 'Edit Work' }).getByRole('checkbox', { name: 'carl' }).uncheck();
  await card.getByRole('form', { name: 'Edit Work' }).getByRole('button', { name: 'Save' }).click();
  await libraries.getByText('Granted to no one').waitFor();
  // A name taken is said in the form, not lost.
  await card.getByRole('button', { name: 'New library' }).click();
  await card.getByRole('textbox', { name: 'Library name' }).fill('Family');
  await card.getByRole('button', { name: 'Create library' }).click();
  await card
    .getByRole('alert')
    .getByText(/already/)
    .waitFor();
  await card.getByRole('button', { name: 'Cancel' }).click();
  await card.getByRole('button', { name: 'Edit Family' }).click();
  await card.getByRole('heading', { name: 'Libraries' }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
  await screenshot(admin, 'admin-libraries');
  await card.getByRole('button', { name: 'Cancel' }).click();

  const listed = (await libraries.getByRole('listitem').allInnerTexts()).map((text) => text.split('\n')[0]);
  assert.deepEqual(listed, ['Family', 'Work']);
  const stored = await e2e.app.libraries.list();
  assert.deepEqual(
    stored.map((l) => [l.name, l.folders.length, l.members.length]),
    [
      ['Family', 1, 1],
      ['Work', 1, 0],
    ],
  );

  const bea = await signedIn(e2e, 'bea', 'bea-password');
  await bea.getByRole('searchbox', { name: 'Search' }).fill('hum');
  const found = bea.getByRole('grid', { name: 'Tracks found' });
  await found.getByRole('row').filter({ hasText: 'Lullaby Hum' }).waitFor();
  assert.equal(await found.getByRole('row').filter({ hasText: 'Ledger Hum' }).count(), 0, 'the Work folder is not Bea’s');
  // The admin sees both.
  await admin.getByRole('searchbox', { name: 'Search' }).fill('hum');
  await admin.getByRole('grid', { name: 'Tracks found' }).getByRole('row').filter({ hasText: 'Ledger Hum' }).waitFor();

  // Deleting Work (after its in-place question) makes its folder everyone's again.
  await admin.goto(`${e2e.url}/admin`);
  await admin.getByRole('button', { name: 'Delete Work' }).click();
  await admin.getByRole('group', { name: 'Delete Work' }).getByRole('button', { name: 'Delete library' }).click();
  await admin.getByRole('list', { name: 'Libraries' }).getByText('Work', { exact: true }).waitFor({ state: 'detached' });
  await bea.reload();
  await bea.getByRole('searchbox', { name: 'Search' }).fill('ledger');
  await bea.getByRole('grid', { name: 'Tracks found' }).getByRole('row').filter({ hasText: 'Ledger Hum' }).waitFor();
});
