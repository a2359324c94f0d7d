import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testApp, type TestApp } from '../../server/src/testing/app.ts';
import { findChromium } from '../../server/src/tools/chromium.ts';

/** Screenshots of e2e runs land here (git-ignored); the README's come from these. */
export const SHOTS = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

/**
 * Chromium, headless, with the flags this machine's closed network needs: CHROMIUM_PATH,
 * else the system's, else @sparticuz/chromium's (tools/chromium.ts).
 * `scrollbars`: keep the scrollbars headless mode hides (to drag one, as bench/web does).
 */
export async function launchBrowser(options: { scrollbars?: boolean } = {}): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? (await findChromium())?.path;
  if (!executablePath) throw new Error('No Chromium: install chromium, or run npm ci (the @sparticuz/chromium devDependency)');
  return chromium.launch({
    executablePath,
    ignoreDefaultArgs: options.scrollbars ? ['--hide-scrollbars'] : undefined,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

export interface E2E {
  app: TestApp;
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The real server on a port, with the built web player, and a browser. */
export async function startE2E(options: { scrollbars?: boolean; app?: Parameters<typeof testApp>[0] } = {}): Promise<E2E> {
  const app = await testApp(options.app);
  await app.http.listen({ host: '127.0.0.1', port: 0 });
  const address = app.http.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await launchBrowser(options);
  return {
    app,
    url,
    browser,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png` });
}

/**
 * Signs in through the form; done when the player shows its sidebar (or, on a phone, its
 * tabs). By the fields' names, not their labels: it works in every language the browser asks for.
 */
export async function signIn(page: Page, url: string, username: string, password: string) {
  await page.goto(url);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form.auth-card button[type="submit"]').click();
  await page.locator('nav.sidebar, nav.tab-bar').first().waitFor();
}

/** A person on their own device: a new browser context (its own cookies), signed in. */
export async function signedIn(e2e: E2E, username: string, password: string): Promise<Page> {
  const page = await (await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(page, e2e.url, username, password);
  return page;
}

/** People are found through search, which events keep current: waits until this user is findable. */
export async function untilFindable(app: TestApp, name: string) {
  for (let i = 0; i < 50; i++) {
    const hits = await app.search.query({ q: name, kinds: ['user'], limit: 1, offset: 0, userId: 'x' });
    if (hits.results.user?.hits.length) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} never became findable`);
}
