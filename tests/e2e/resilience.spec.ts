import { DEMO, expect, logIn, mainNav, screen, test } from './fixtures';

test('too many login attempts get a kind message with the wait time', async ({ page }) => {
  await page.route('**/api/auth/login', (route) =>
    route.fulfill({
      status: 429,
      headers: { 'Retry-After': '540' },
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Too many attempts' } }),
    }),
  );
  await page.goto('/login');
  await page.getByLabel('Email').fill(DEMO.admin);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('whatever-it-is');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Too many attempts — try again in 9 minutes');
});

test('a session that ends while the app is open leads back to the login page', async ({
  page,
  context,
}) => {
  await logIn(page, DEMO.admin);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();

  // The session disappears behind the app's back (expired, revoked, or the user deactivated).
  await context.clearCookies();
  await mainNav(page).getByRole('link', { name: 'Partners' }).click();

  await expect(page).toHaveURL(/\/login\?next=%2Fpartners$/);
  await logIn(page, DEMO.admin);
});

test('a failing list shows the server’s message, its request id and a retry', async ({ page }) => {
  await logIn(page, DEMO.admin);
  let failures = 0;
  await page.route('**/api/partners?*', async (route) => {
    if (failures < 3) {
      failures += 1;
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({
          error: {
            code: 'UNAVAILABLE',
            message: 'The server is busy right now',
            requestId: 'req-1234',
          },
        }),
      });
      return;
    }
    await route.continue();
  });
  await mainNav(page).getByRole('link', { name: 'Partners' }).click();

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The server is busy right now');
  await expect(alert).toContainText('req-1234');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('table', { name: 'Partners' })).toBeVisible();
});

test('a failed save shows the API’s message in a notification', async ({ page }) => {
  await logIn(page, DEMO.channelManager);
  await page.goto('/tokens');
  await page.route('**/api/tokens/*', (route) =>
    route.request().method() === 'DELETE'
      ? route.fulfill({
          status: 422,
          contentType: 'application/json',
          body: JSON.stringify({
            error: { code: 'BUSINESS_RULE', message: 'This token is used by a running import' },
          }),
        })
      : route.continue(),
  );
  await page.getByRole('button', { name: 'New token' }).first().click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'Name', exact: true }).fill('Busy');
  await page.getByRole('dialog').getByRole('button', { name: 'Create token' }).click();
  await page.getByRole('button', { name: 'I have copied it' }).click();

  await page
    .getByRole('row')
    .filter({ hasText: 'Busy' })
    .getByRole('button', { name: 'Revoke' })
    .click();
  await page.getByRole('button', { name: 'Revoke token' }).click();
  await expect(page.getByText('Could not revoke the token')).toBeVisible();
  await expect(page.getByText('This token is used by a running import')).toBeVisible();
});

test('a page that cannot load shows the error page with a reload button', async ({ page }) => {
  await logIn(page, DEMO.admin);
  // As after an upgrade, when the open tab asks for a page bundle the server no longer has.
  await page.route('**/assets/UsersPage-*.js', (route) => route.abort());
  await mainNav(page).getByRole('link', { name: 'Users' }).click();

  await expect(page.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reload the page' })).toBeVisible();
  // The navigation stays, so the user can go elsewhere.
  await expect(mainNav(page).getByRole('link', { name: 'Partners' })).toBeVisible();
  await screen(page, 'error-page', false);

  await page.unroute('**/assets/UsersPage-*.js');
  await page.getByRole('button', { name: 'Reload the page' }).click();
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
});
