import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page, Request } from 'playwright-core';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
  await e2e.app.makeUser({ username: 'sorter', password: 'sorter-pass' });
});
after(() => e2e.close());

/** The sidebar as the API has it: one line per node, indented by depth. */
const apiTree = (page: Page) =>
  page.evaluate(async () =>
    ((await (await fetch('/api/v1/me/sidebar')).json()) as { items: { name: string; depth: number }[] }).items.map((n) => `${'  '.repeat(n.depth)}${n.name}`),
  );

/** Waits until the server's sidebar is `expected` (moves are saved in the background). */
async function expectTree(page: Page, expected: string[]) {
  let tree: string[] = [];
  for (let i = 0; i < 50; i++) {
    tree = await apiTree(page);
    if (JSON.stringify(tree) === JSON.stringify(expected)) return;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(tree, expected);
}

/** The sidebar as shown: one line per visible row, indented by depth (16 px a level). */
const shownTree = (page: Page) =>
  page
    .getByRole('group', { name: 'Playlists', exact: true })
    .locator('li:has(> .node-row)')
    .evaluateAll((rows) =>
      rows.map(
        (li) =>
          `${'  '.repeat(parseInt((li as HTMLElement).style.paddingLeft || '0', 10) / 16)}${(li.querySelector('a, .folder') as HTMLElement).innerText.replace(/^[▸▾]\s*/, '')}`,
      ),
    );

async function createInline(page: Page, kind: 'playlist' | 'folder', name: string) {
  await page.getByRole('button', { name: `+ New ${kind}` }).click();
  const input = page.getByRole('textbox', { name: `Name of the new ${kind}` });
  assert.equal(await input.inputValue(), `New ${kind}`);
  assert.ok(
    await input.evaluate((el: HTMLInputElement) => document.activeElement === el && el.selectionStart === 0 && el.selectionEnd === el.value.length),
    'focused, text selected',
  );
  await page.keyboard.type(name); // replaces the selected text
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'detached' });
}

test('sidebar folders: create inline, drag in and reorder, rename in place, reload, delete keeping the playlists', async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, e2e.url, 'sorter', 'sorter-pass');
  const sidebar = page.getByRole('group', { name: 'Playlists', exact: true });
  const link = (name: string) => sidebar.getByRole('link', { name, exact: true });
  const folder = (name: string) => sidebar.getByRole('button', { name, exact: true });

  await createInline(page, 'playlist', 'Morning');
  await page.getByRole('heading', { name: 'Morning' }).waitFor(); // a new playlist opens
  await createInline(page, 'playlist', 'Evening');
  await page.getByRole('heading', { name: 'Evening' }).waitFor();
  await createInline(page, 'playlist', 'Night');
  await createInline(page, 'folder', 'Moods');
  await folder('Moods').waitFor();

  // Escape cancels, and so does an emptied name.
  await page.getByRole('button', { name: '+ New folder' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '+ New playlist' }).click();
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  await expectTree(page, ['Morning', 'Evening', 'Night', 'Moods']);

  // A folder dropped on a playlist goes before it; playlists dropped on a folder go in at its end.
  await folder('Moods').dragTo(link('Night'));
  await expectTree(page, ['Morning', 'Evening', 'Moods', 'Night']);
  await link('Evening').dragTo(folder('Moods'));
  await expectTree(page, ['Morning', 'Moods', '  Evening', 'Night']);
  await link('Morning').dragTo(folder('Moods'));
  await expectTree(page, ['Moods', '  Evening', '  Morning', 'Night']);
  // Reorder inside the folder: Morning before Evening.
  await link('Morning').dragTo(link('Evening'));
  await expectTree(page, ['Moods', '  Morning', '  Evening', 'Night']);

  // A folder cannot go into itself: the row under it shows the refusal and the drop does nothing.
  await folder('Moods').hover();
  await page.mouse.down();
  const evening = (await link('Evening').boundingBox())!;
  await page.mouse.move(evening.x + 20, evening.y + evening.height / 2, { steps: 5 });
  await sidebar.locator('.node-row.no-drop', { hasText: 'Evening' }).waitFor({ timeout: 5000 });
  const moves: string[] = [];
  const onRequest = (request: Request) => request.url().endsWith('/api/v1/me/sidebar/move') && moves.push(request.url());
  page.on('request', onRequest);
  await page.mouse.up();
  // The drop is over once the refusal mark is gone; a move would have been sent from that same handler.
  await sidebar.locator('.node-row.no-drop').waitFor({ state: 'detached' });
  assert.deepEqual(await apiTree(page), ['Moods', '  Morning', '  Evening', 'Night']);
  page.off('request', onRequest);
  assert.deepEqual(moves, [], 'the refused drop sent a move');

  // Rename the folder in place: double-click its name.
  await folder('Moods').dblclick();
  const name = sidebar.getByRole('textbox', { name: 'Name of the folder' });
  assert.equal(await name.inputValue(), 'Moods');
  await name.fill('Chill');
  await name.press('Enter');
  await folder('Chill').waitFor();

  // Rename a playlist in place on its page; Escape leaves the name alone.
  await link('Night').click();
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('textbox', { name: 'Name of the playlist' }).fill('Nope');
  await page.keyboard.press('Escape');
  await page.getByRole('heading', { name: 'Night' }).waitFor();
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('textbox', { name: 'Name of the playlist' }).fill('Late night');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Late night' }).waitFor();
  await link('Late night').waitFor();

  await page.reload();
  await folder('Chill').waitFor();
  assert.deepEqual(await shownTree(page), ['Chill', '  Morning', '  Evening', 'Late night']);
  assert.deepEqual(await apiTree(page), ['Chill', '  Morning', '  Evening', 'Late night']);

  // An empty folder goes at once.
  await createInline(page, 'folder', 'Spare');
  await folder('Spare').hover();
  await sidebar.getByRole('button', { name: 'More options for Spare' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await folder('Spare').waitFor({ state: 'detached' });

  // A folder with content asks first; keeping its playlists puts them where the folder was.
  await folder('Chill').hover();
  await sidebar.getByRole('button', { name: 'More options for Chill' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  const ask = sidebar.getByRole('group', { name: 'Delete folder Chill' });
  await ask.waitFor();
  await screenshot(page, 'sidebar-folders');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await ask.waitFor({ state: 'detached' });
  await sidebar.getByRole('button', { name: 'More options for Chill' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await ask.getByRole('button', { name: 'Keep its playlists' }).click();
  await expectTree(page, ['Morning', 'Evening', 'Late night']);
  await folder('Chill').waitFor({ state: 'detached' });
  assert.deepEqual(await shownTree(page), ['Morning', 'Evening', 'Late night']);
  await page.close();
});
