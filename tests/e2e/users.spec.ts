import { DEMO, expect, logIn, test, unique } from './fixtures';

test('an admin invites a partner user, then deactivates and reactivates them', async ({ page }) => {
  const name = unique('Paula Partner');
  const email = `paula.${Date.now().toString(36)}@northwind.example`;
  await logIn(page, DEMO.admin);
  await page.goto('/users');

  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await dialog.getByRole('combobox', { name: 'Role', exact: true }).click();
  await page.getByRole('option', { name: 'Partner rep' }).click();
  await dialog.getByRole('combobox', { name: 'Partner', exact: true }).fill('North');
  await page.getByRole('option', { name: 'Northwind Systems' }).click();
  await expect(dialog.getByLabel('Send invitation email')).toBeChecked();
  await dialog.getByRole('button', { name: 'Create and invite' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`An invitation is on its way to ${email}.`)).toBeVisible();

  await page.getByRole('textbox', { name: 'Search users' }).fill(email);
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('Partner rep');
  await expect(row).toContainText('Northwind Systems');
  await expect(row).toContainText('Invitation pending');
  await expect(row).toContainText('Never');

  // Promote them to partner admin.
  await row.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: `Edit ${name}` });
  await edit.getByRole('combobox', { name: 'Role', exact: true }).click();
  // Only partner roles: an edit never moves someone between a partner and the vendor.
  await expect(page.getByRole('option', { name: 'Administrator' })).toHaveCount(0);
  await page.getByRole('option', { name: 'Partner admin' }).click();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('Partner admin');

  await row.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Deactivate' }).click();
  const confirm = page.getByRole('dialog', { name: `Deactivate ${name}?` });
  await expect(confirm).toContainText('sessions and API tokens end immediately');
  await confirm.getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('Deactivated');

  await row.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Reactivate' }).click();
  await page
    .getByRole('dialog', { name: `Reactivate ${name}?` })
    .getByRole('button', { name: 'Reactivate' })
    .click();
  await expect(row.getByText('Active', { exact: true })).toBeVisible();
});

test('creating a user shows the server’s field errors on the fields', async ({ page }) => {
  await logIn(page, DEMO.admin);
  await page.goto('/users');
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Someone Twice');
  // An address that already has an account.
  await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill('cm@demo.conduit.test');
  await dialog.getByRole('combobox', { name: 'Role', exact: true }).click();
  await page.getByRole('option', { name: 'Finance' }).click();
  await dialog.getByRole('button', { name: 'Create and invite' }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Email', exact: true })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
});
