import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
}

/**
 * Runs axe-core's WCAG 2 A/AA rules (2.0 and 2.1) on the page; returns the violations, readable.
 * The page needs `bypassCSP`: axe is injected as an inline script, which Runnel's policy rightly refuses.
 */
export async function audit(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<unknown> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  )) as AxeResult;
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The player's main views and their headings: each must pass the audit, on a desktop and on a phone. */
export const MAIN_VIEWS: readonly (readonly [path: string, heading: string])[] = [
  ['/queue', 'Play queue'],
  ['/radio', 'Radio'],
  ['/top', 'Top lists'],
  ['/inbox', 'Inbox'],
  ['/people', 'People'],
  ['/feed', 'Feed'],
  ['/library', 'Library'],
  ['/downloads', 'Downloads'],
  ['/offline', 'Available offline'],
  ['/settings', 'Settings'],
  ['/admin', 'Admin'],
];
