import { DEMO, expect, logIn, originHeader, test, unique } from './fixtures';

test('create a partner, edit it and read its history', async ({ page }) => {
  const name = unique('Tailspin Toys');
  const renamed = `${name} Ltd`;
  await logIn(page, DEMO.admin);
  await page.goto('/partners');

  await page.getByRole('button', { name: 'New partner' }).click();
  const dialog = page.getByRole('dialog', { name: 'New partner' });
  // An empty name is caught before anything is sent.
  await dialog.getByRole('button', { name: 'Create partner' }).click();
  await expect(dialog.getByText('Enter the company name')).toBeVisible();

  await dialog.getByLabel('Company name').fill(name);
  await dialog.getByRole('button', { name: 'Create partner' }).click();

  // Creating opens the new partner.
  await expect(page).toHaveURL(/\/partners\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name })).toBeVisible();

  await page.getByLabel('Company name').fill(renamed);
  await page.getByRole('combobox', { name: 'Status', exact: true }).click();
  await page.getByRole('option', { name: 'Suspended' }).click();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('The partner was updated.')).toBeVisible();
  await expect(page.getByRole('heading', { name: renamed })).toBeVisible();

  await page.getByRole('tab', { name: 'History' }).click();
  const history = page.getByLabel('History');
  await expect(history.getByText('Updated by Ada Admin')).toBeVisible();
  await expect(history.getByText('Created by Ada Admin')).toBeVisible();
  const update = history.locator('.mantine-Timeline-item').first();
  await expect(update).toContainText(`Company name: ${name} → ${renamed}`);
  await expect(update).toContainText('Status: Active → Suspended');

  // The new partner is in the list, and the search finds it.
  await page.getByRole('link', { name: 'Partners' }).first().click();
  await page.getByRole('textbox', { name: 'Search partners' }).fill(renamed);
  await expect(page).toHaveURL(/q=/);
  const rows = page.getByRole('table', { name: 'Partners' }).getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText(renamed);
  await expect(rows.nth(1)).toContainText('Suspended');
});

test('a stale edit is never saved over someone else’s change', async ({ page }) => {
  const name = unique('Adventure Works');
  await logIn(page, DEMO.admin);
  const created = await page.request.post('/api/partners', {
    data: { companyName: name, status: 'active' },
    headers: originHeader(page),
  });
  expect(created.status()).toBe(201);
  const partner = (await created.json()) as { id: string; version: number };

  await page.goto(`/partners/${partner.id}`);
  await expect(page.getByRole('heading', { name })).toBeVisible();

  // Someone else renames the partner while this page is open.
  const other = await page.request.patch(`/api/partners/${partner.id}`, {
    data: { version: partner.version, companyName: `${name} (theirs)` },
    headers: originHeader(page),
  });
  expect(other.status()).toBe(200);

  await page.getByLabel('Company name').fill(`${name} (mine)`);
  await page.getByRole('button', { name: 'Save changes' }).click();

  const conflict = page.getByRole('dialog', { name: 'This record changed' });
  await expect(
    conflict.getByText('Someone else changed this partner. Reload to see their changes?'),
  ).toBeVisible();
  await conflict.getByRole('button', { name: 'Reload' }).click();
  await expect(conflict).toBeHidden();
  await expect(page.getByLabel('Company name')).toHaveValue(`${name} (theirs)`);
});

test('the partner list filters by status and shows an empty state', async ({ page }) => {
  await logIn(page, DEMO.admin);
  await page.goto('/partners?status=applicant');
  const table = page.getByRole('table', { name: 'Partners' });
  await expect(table.getByRole('link', { name: 'Fabrikam Referrals' })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Northwind Systems' })).toHaveCount(0);

  await page.goto('/partners?q=zzzz-no-such-partner');
  await expect(page.getByText('No partners match these filters')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(page.getByRole('table', { name: 'Partners' })).toBeVisible();
});

test('people who may not create partners do not see the button', async ({ page }) => {
  await logIn(page, 'sales@demo.conduit.test');
  await page.goto('/partners');
  await expect(page.getByRole('table', { name: 'Partners' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New partner' })).toHaveCount(0);
});

test('long lists load more rows on demand', async ({ page }) => {
  // Sorts after the demo partners, so other specs still find those on the first page.
  const prefix = unique('Zephyr Batch');
  await logIn(page, DEMO.admin);
  for (let i = 1; i <= 27; i += 1) {
    const res = await page.request.post('/api/partners', {
      data: { companyName: `${prefix} ${String(i).padStart(2, '0')}` },
      headers: originHeader(page),
    });
    expect(res.status()).toBe(201);
  }

  await page.goto(`/partners?q=${encodeURIComponent(prefix)}`);
  const rows = page.getByRole('table', { name: 'Partners' }).locator('tbody tr');
  await expect(rows).toHaveCount(25);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(rows).toHaveCount(27);
  await expect(page.getByText('All 27 partners shown')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
});
