import { DEMO, expect, logIn, test } from './fixtures';

test('a user creates an API token, sees it once, uses it and revokes it', async ({ page }) => {
  await logIn(page, DEMO.partnerRep);
  await page.getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByText('No API tokens yet')).toBeVisible();

  await page.getByRole('button', { name: 'New token' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New API token' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('CRM sync');
  await dialog.getByRole('button', { name: 'Create token' }).click();

  const shown = page.getByRole('dialog', { name: 'Your new API token' });
  await expect(shown).toContainText('You will not see it again');
  const secret = (await shown.getByTestId('new-token-value').textContent())?.trim() ?? '';
  expect(secret.length).toBeGreaterThan(20);
  await shown.getByRole('button', { name: 'I have copied it' }).click();

  const row = page.getByRole('row').filter({ hasText: 'CRM sync' });
  await expect(row).toContainText('Active');
  await expect(row).toContainText('Never');
  // The list shows only the prefix, never the secret.
  await expect(page.getByText(secret)).toHaveCount(0);

  const me = await page.request.get('/api/me', { headers: { Authorization: `Bearer ${secret}` } });
  expect(me.status()).toBe(200);

  await row.getByRole('button', { name: 'Revoke' }).click();
  await page
    .getByRole('dialog', { name: 'Revoke “CRM sync”?' })
    .getByRole('button', { name: 'Revoke token' })
    .click();
  await expect(row).toContainText('Revoked');

  const after = await page.request.get('/api/me', {
    headers: { Authorization: `Bearer ${secret}` },
  });
  expect(after.status()).toBe(401);
});
