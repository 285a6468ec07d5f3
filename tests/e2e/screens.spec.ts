import { DEMO, expect, logIn, screen, test } from './fixtures';

/** Pictures of every main page, for people reviewing the look; saved under test-results/screens. */

test.describe('screens', () => {
  test.describe.configure({ timeout: 60_000 });
  // These walk the main pages to photograph them; the other specs cover what they assert.
  test.skip(!process.env.E2E_SCREENS, 'pictures are taken only with E2E_SCREENS=1');

  test('signed out', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    await screen(page, 'login');

    await page.getByLabel('Email').fill('nobody@demo.conduit.test');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await screen(page, 'login-error');

    await page.goto('/set-password?token=example');
    await screen(page, 'set-password');

    await page.goto('/nowhere');
    await screen(page, 'not-found-signed-out');
  });

  test('dashboard and partners', async ({ page }) => {
    await logIn(page, DEMO.admin);
    await expect(page.locator('.recharts-bar-rectangle').first()).toBeVisible();
    await screen(page, 'dashboard-admin');

    await page.goto('/partners');
    await expect(page.getByRole('table', { name: 'Partners' })).toBeVisible();
    await screen(page, 'partners');

    await page.getByRole('button', { name: 'New partner' }).click();
    await expect(page.getByRole('dialog', { name: 'New partner' })).toBeVisible();
    await screen(page, 'partners-new-modal', false);
    await page.keyboard.press('Escape');

    await page.goto('/partners?q=Northwind');
    await page.getByRole('link', { name: 'Northwind Systems' }).click();
    await expect(page.getByRole('heading', { name: 'Northwind Systems' })).toBeVisible();
    await screen(page, 'partner-detail');
    await page.getByRole('tab', { name: 'History' }).click();
    await expect(page.getByText(/Created by/)).toBeVisible();
    await screen(page, 'partner-history');
  });

  test('users', async ({ page }) => {
    await logIn(page, DEMO.admin);
    await page.goto('/users');
    await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
    await screen(page, 'users');

    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByRole('button', { name: 'Create and invite' }).click();
    await screen(page, 'users-new-modal-errors', false);
    await dialog.getByRole('combobox', { name: 'Role', exact: true }).click();
    await page.getByRole('option', { name: 'Partner admin' }).click();
    await dialog.getByLabel('Set an initial password').check();
    await screen(page, 'users-new-modal', false);
    await page.keyboard.press('Escape');

    await page
      .getByRole('button', { name: /^Actions for / })
      .nth(1)
      .click();
    await page.getByRole('menuitem', { name: 'Deactivate' }).click();
    await expect(page.getByRole('dialog')).toContainText('sessions and API tokens');
    await screen(page, 'users-deactivate-confirm', false);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  test('tokens and the user menu', async ({ page }) => {
    // Someone no other spec gives tokens to, so the empty state shows.
    await logIn(page, 'finance@demo.conduit.test');
    await page.goto('/tokens');
    await expect(page.getByRole('heading', { name: 'API tokens' })).toBeVisible();
    await screen(page, 'tokens-empty');
    await page.getByRole('button', { name: 'New token' }).first().click();
    await screen(page, 'tokens-new-modal', false);
    await page
      .getByRole('dialog')
      .getByRole('textbox', { name: 'Name', exact: true })
      .fill('Nightly export');
    await page.getByRole('dialog').getByRole('button', { name: 'Create token' }).click();
    await expect(page.getByText('You will not see it again')).toBeVisible();
    await screen(page, 'tokens-created-modal', false);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'Nightly export' })).toBeVisible();
    await screen(page, 'tokens');

    await page.getByRole('button', { name: 'Account menu' }).click();
    await expect(page.getByRole('menuitem', { name: 'Log out' })).toBeVisible();
    await screen(page, 'user-menu', false);
    await page.keyboard.press('Escape');

    await page.goto('/missing-page');
    await screen(page, 'not-found-signed-in');
  });

  test('small screens', async ({ page }) => {
    await logIn(page, DEMO.admin);
    await page.setViewportSize({ width: 1024, height: 720 });
    await page.goto('/users');
    await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
    await screen(page, 'users-1024', false);
    await page.goto('/');
    await expect(page.locator('.recharts-bar-rectangle').first()).toBeVisible();
    await screen(page, 'dashboard-1024');
    await page.getByRole('button', { name: 'Toggle navigation' }).last().click();
    await screen(page, 'dashboard-1024-nav-hidden', false);
    await page.getByRole('button', { name: 'Toggle navigation' }).last().click();

    await page.setViewportSize({ width: 700, height: 900 });
    await page.getByRole('button', { name: 'Toggle navigation' }).first().click();
    await screen(page, 'navigation-narrow', false);
  });

  test('partner portal', async ({ page }) => {
    await logIn(page, DEMO.partnerAdmin);
    await expect(page.getByText('Recent activity')).toBeVisible();
    await screen(page, 'portal-home');
    await page.getByRole('link', { name: 'Company users' }).click();
    await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
    await screen(page, 'portal-company-users');
    await page.getByRole('button', { name: 'New user' }).click();
    await screen(page, 'portal-new-user-modal', false);
  });
});
