import { test as base, expect, type Page } from '@playwright/test';

/**
 * Every spec fails on an uncaught exception in the page or on a Content-Security-Policy
 * violation (the server forbids inline scripts), even when the visible assertions pass.
 */
export const test = base.extend<{ pageProblems: void }>({
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) {
          problems.push(`CSP: ${msg.text()}`);
        }
      });
      await use();
      expect(problems, 'problems reported by the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export const DEMO_PASSWORD = 'conduit-demo-2026';

export const DEMO = {
  admin: 'admin@demo.conduit.test',
  channelManager: 'cm@demo.conduit.test',
  partnerAdmin: 'admin@northwind.demo.conduit.test',
  partnerRep: 'rep@northwind.demo.conduit.test',
} as const;

/** Logs in through the form, the way a person does, and waits for the app to appear. */
export async function logIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible();
}

export async function logOut(page: Page) {
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

export const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });

/**
 * Saves a screenshot for people to look at (test-results/screens), not compared against
 * anything. Only with E2E_SCREENS=1: CI has nobody to look at them and spends its minutes on
 * the assertions instead.
 */
export async function screen(page: Page, name: string, fullPage = true) {
  if (!process.env.E2E_SCREENS) return;
  // Park the pointer where it opens no tooltip, and let transitions and charts settle.
  await page.mouse.move(640, 5);
  await page.waitForTimeout(400);
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage });
}

/** The same-origin header the API requires for cookie-authenticated writes from scripts. */
export const originHeader = (page: Page) => ({ Origin: new URL(page.url()).origin });

export const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}`;
