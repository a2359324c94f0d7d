import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { audit, MAIN_VIEWS } from './axe.ts';
import { signIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(() => e2e.close());

test('the main views pass the accessibility check (axe-core, WCAG 2.1 A and AA)', async () => {
  // bypassCSP: axe is injected as an inline script, which Runnel's policy rightly refuses.
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  await page.goto(e2e.url);
  await page.getByRole('heading', { name: 'Welcome to Runnel' }).waitFor();
  assert.deepEqual(await audit(page), [], 'setup view');

  await e2e.app.makeUser({ username: 'admin1', password: 'admin-pass', role: 'admin' });
  await signIn(page, e2e.url, 'admin1', 'admin-pass');
  assert.deepEqual(await audit(page), [], 'home');
  for (const [path, heading] of MAIN_VIEWS) {
    await page.goto(`${e2e.url}${path}`);
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
    assert.deepEqual(await audit(page), [], path);
  }
  // The admin's library form: its folder and user checkboxes in their fieldsets.
  await page.goto(`${e2e.url}/admin`);
  await page.getByRole('button', { name: 'New library' }).click();
  await page.getByLabel('Library name').waitFor();
  assert.deepEqual(await audit(page), [], '/admin, a new library');
});

test('every control of the now-playing bar is reachable by keyboard', async () => {
  const page = await e2e.browser.newPage();
  await e2e.app.makeUser({ username: 'keys', password: 'keys-pass' });
  await signIn(page, e2e.url, 'keys', 'keys-pass');
  const reached = new Set<string>();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
    reached.add(label.trim());
  }
  for (const control of ['Shuffle', 'Previous', 'Next', 'Volume', 'Back', 'Forward'])
    assert.ok(reached.has(control), `${control} not reachable (reached: ${[...reached].join(', ')})`);
});
