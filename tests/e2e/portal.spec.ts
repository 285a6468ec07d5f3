import { DEMO, expect, logIn, logOut, mainNav, test } from './fixtures';

test('a partner admin gets the partner portal for their company', async ({ page }) => {
  await logIn(page, DEMO.partnerAdmin);

  await expect(page.getByTestId('partner-company')).toContainText('Northwind Systems');
  await expect(page.getByRole('heading', { name: 'Northwind Systems' })).toBeVisible();
  await expect(page.getByText('Recent activity')).toBeVisible();

  const nav = mainNav(page);
  await expect(nav.getByRole('link', { name: 'Home' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Company users' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'API tokens' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users', exact: true })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Partners' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toHaveCount(0);

  await nav.getByRole('link', { name: 'Company users' }).click();
  await expect(page.getByRole('heading', { name: 'Company users' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Users' });
  await expect(table.getByText('rep@northwind.demo.conduit.test')).toBeVisible();
  // Another partner's people are never listed.
  await expect(table.getByText('contoso', { exact: false })).toHaveCount(0);

  // Internal pages do not exist for partner users.
  await page.goto('/partners');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.goto('/users');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('a partner admin can only offer partner roles to new users', async ({ page }) => {
  await logIn(page, DEMO.partnerAdmin);
  await page.goto('/company/users');
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await dialog.getByRole('combobox', { name: 'Role', exact: true }).click();
  await expect(page.getByRole('option', { name: 'Partner admin' })).toBeVisible();
  await expect(page.getByRole('option', { name: 'Partner rep' })).toBeVisible();
  await expect(page.getByRole('option', { name: 'Administrator' })).toHaveCount(0);
  // No partner picker: the new user joins the admin's own company.
  await expect(dialog.getByRole('combobox', { name: 'Partner', exact: true })).toHaveCount(0);
});

test('a partner rep sees the portal without user administration', async ({ page }) => {
  await logIn(page, DEMO.partnerRep);

  await expect(page.getByTestId('partner-company')).toContainText('Northwind Systems');
  await expect(page.getByRole('button', { name: 'Account menu' })).toContainText('Partner rep');

  const nav = mainNav(page);
  await expect(nav.getByRole('link', { name: 'Home' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'API tokens' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Company users' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Users', exact: true })).toHaveCount(0);

  await page.goto('/company/users');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('a partner admin adds a colleague with a password, who can then log in', async ({ page }) => {
  const email = `colleague.${Date.now().toString(36)}@northwind.example`;
  const password = 'northwind-colleague-1';
  await logIn(page, DEMO.partnerAdmin);
  await page.goto('/company/users');
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Nina Colleague');
  await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await dialog.getByLabel('Set an initial password').check();
  await dialog.getByRole('textbox', { name: 'Initial password' }).fill(password);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('Partner rep');
  await expect(row).not.toContainText('Invitation pending');

  await logOut(page);
  await logIn(page, email, password);
  await expect(page.getByTestId('partner-company')).toContainText('Northwind Systems');
});
