import type { Page } from 'playwright-core';

/**
 * Headless Chromium keeps every page 'visible' (another tab in front, a minimised window and focus emulation turned
 * off all leave it so), so the page is told what a minimised window tells it: `visibilityState` hidden and its event.
 */
export async function hidePage(page: Page): Promise<void> {
  // A string: tsx compiles functions with a `__name` helper the page does not have.
  await page.evaluate(`
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  `);
  if ((await page.evaluate('document.visibilityState')) !== 'hidden') throw new Error('The page did not take the hidden state.');
}
