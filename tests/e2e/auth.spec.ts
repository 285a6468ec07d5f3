import { DEMO, expect, logIn, logOut, mainNav, test } from './fixtures';

test('an admin logs in, sees the dashboard and moves between pages', async ({ page }) => {
  await logIn(page, DEMO.admin);

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText('Recent activity')).toBeVisible();
  await expect(page.getByText('Users by role')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Account menu' })).toContainText('Ada Admin');
  await expect(page.getByRole('button', { name: 'Account menu' })).toContainText('Administrator');

  const nav = mainNav(page);
  for (const item of ['Dashboard', 'Partners', 'Users', 'API tokens']) {
    await expect(nav.getByRole('link', { name: item })).toBeVisible();
  }

  await nav.getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users.getByText('admin@northwind.demo.conduit.test')).toBeVisible();
  await expect(users.getByText('Northwind Systems').first()).toBeVisible();

  await nav.getByRole('link', { name: 'Partners' }).click();
  await expect(page).toHaveURL(/\/partners$/);
  const partners = page.getByRole('table', { name: 'Partners' });
  await expect(partners.getByRole('link', { name: 'Northwind Systems' })).toBeVisible();
  await expect(partners.getByRole('link', { name: 'Contoso Integration' })).toBeVisible();
});

test('a channel manager sees partners but not user administration', async ({ page }) => {
  await logIn(page, DEMO.channelManager);
  const nav = mainNav(page);
  await expect(nav.getByRole('link', { name: 'Partners' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users', exact: true })).toHaveCount(0);

  await page.goto('/users');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('a wrong password shows a clear error and keeps the user on the login page', async ({
  page,
}) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill('nobody@demo.conduit.test');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();

  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('button', { name: 'Log in' })).toBeEnabled();
});

test('logging out ends the session', async ({ page }) => {
  await logIn(page, DEMO.admin);
  await logOut(page);

  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  const me = await page.request.get('/api/me');
  expect(me.status()).toBe(401);

  // The app itself agrees: a signed-in page sends the visitor back to the login form.
  await page.goto('/partners');
  await expect(page).toHaveURL(/\/login\?next=%2Fpartners$/);
});

test('after logging in, the user lands on the page they asked for', async ({ page }) => {
  await page.goto('/partners?status=active');
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(DEMO.admin);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('conduit-demo-2026');
  await page.getByRole('button', { name: 'Log in' }).click();

  await expect(page).toHaveURL(/\/partners\?status=active$/);
  await expect(page.getByRole('heading', { name: 'Partners' })).toBeVisible();
});

test('an invitation link that is not valid says so', async ({ page }) => {
  await page.goto('/set-password?token=not-a-real-token');
  await page.getByLabel('New password').fill('a-long-enough-password');
  await page.getByLabel('Confirm password').fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'This link is invalid or has expired — ask your administrator for a new invitation',
  );
});

test('unknown addresses show the not-found page with a way home', async ({ page }) => {
  await page.goto('/this/does/not/exist');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the login page' }).click();
  // Anonymous visitors are asked to log in first.
  await expect(page).toHaveURL(/\/login$/);

  await logIn(page, DEMO.admin);
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  // Signed in, the page keeps the app's navigation.
  await expect(mainNav(page).getByRole('link', { name: 'Dashboard' })).toBeVisible();
});

test('setting a password from an invitation leads to the login page with a notice', async ({
  page,
}) => {
  // The real link arrives by email; here the API's answer for a valid token is stood in for.
  await page.route('**/api/auth/set-password', (route) => route.fulfill({ status: 204 }));
  await page.goto('/set-password?token=valid-looking-token');

  await page.getByLabel('New password').fill('too-short');
  await page.getByLabel('Confirm password').fill('too-short');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByText('Use at least 10 characters (9 so far)')).toBeVisible();

  await page.getByLabel('New password').fill('a-much-longer-password');
  await page.getByLabel('Confirm password').fill('a-much-longer-passwort');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByText('The passwords do not match')).toBeVisible();

  await page.getByLabel('Confirm password').fill('a-much-longer-password');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText('Your password is set.')).toBeVisible();
});
