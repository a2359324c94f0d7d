import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(() => e2e.close());

test('first-run setup creates the admin and opens the player; sign out; sign in again', async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(e2e.url);
  await page.getByRole('heading', { name: 'Welcome to Runnel' }).waitFor();
  await screenshot(page, 'setup');
  await page.getByLabel('Username').fill('rasmus');
  await page.getByLabel('Password').fill('premium-pass');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  assert.match(await page.getByRole('button', { name: /rasmus/ }).innerText(), /Premium/i);
  await screenshot(page, 'home');

  await page.getByRole('button', { name: /rasmus/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();

  await page.getByLabel('Username').fill('rasmus');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong username or password' }).waitFor();

  await signIn(page, e2e.url, 'rasmus', 'premium-pass');
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).waitFor(); // the session survives a reload
  assert.deepEqual(errors, []);
});

test('a second user signs in; only admins see Admin', async () => {
  await e2e.app.makeUser({ username: 'anders', password: 'anders-pass' });
  const page = await e2e.browser.newPage();
  await signIn(page, e2e.url, 'anders', 'anders-pass');
  await page.getByRole('button', { name: /anders/ }).click();
  assert.equal(await page.getByRole('menuitem', { name: 'Admin' }).count(), 0);
  await page.getByRole('menuitem', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings' }).waitFor();
  await page.getByLabel('Token name').fill('my script');
  await page.getByRole('button', { name: 'Create token' }).click();
  const shown = await page.locator('.new-token code').innerText();
  assert.match(shown, /^rt_/);
  await screenshot(page, 'settings');
});
