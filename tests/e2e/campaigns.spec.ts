import { DEMO, expect, logIn, logOut, mainNav, screen, test, unique } from './fixtures';

const MARKETING = 'marketing@demo.conduit.test';

test('marketing creates a campaign, sees its results and opens the attribution report', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const name = unique('Autumn webinar series');
  await logIn(page, MARKETING);
  await mainNav(page).getByRole('link', { name: 'Campaigns' }).click();
  await expect(page).toHaveURL(/\/campaigns$/);
  await expect(page.getByRole('table', { name: 'Campaigns' })).toBeVisible({ timeout: 20_000 });
  await screen(page, 'campaigns');

  await page.getByRole('button', { name: 'New campaign' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New campaign' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('combobox', { name: 'Type', exact: true }).click();
  await page.getByRole('option', { name: 'Webinar', exact: true }).click();
  await dialog.getByRole('combobox', { name: 'Status', exact: true }).click();
  await page.getByRole('option', { name: 'Active', exact: true }).click();
  await dialog.getByLabel('Start date').fill('2026-09-01');
  await dialog.getByLabel('End date').fill('2026-08-01');
  await dialog.getByRole('textbox', { name: 'Budget' }).fill('4500');
  await dialog.getByRole('button', { name: 'Create campaign' }).click();
  await expect(dialog.getByText('must not be before the start date')).toBeVisible();
  await dialog.getByLabel('End date').fill('2026-11-30');
  await screen(page, 'campaign-new', false);
  await dialog.getByRole('button', { name: 'Create campaign' }).click();

  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByText('Nothing attributed yet')).toBeVisible();
  await expect(page.getByText('Cost per lead')).toBeVisible();
  await screen(page, 'campaign-detail-empty');

  // The search finds it, as the campaign pickers on lead forms do.
  await page.getByRole('link', { name: 'Campaigns' }).first().click();
  await page.getByRole('textbox', { name: 'Search campaigns' }).fill(name);
  await expect(
    page.getByRole('table', { name: 'Campaigns' }).getByRole('link', { name }),
  ).toBeVisible();

  // A demo campaign with results.
  await page.getByRole('textbox', { name: 'Search campaigns' }).fill('');
  await mainNav(page).getByRole('link', { name: 'Attribution' }).click();
  await expect(page).toHaveURL(/\/reports\/attribution$/);
  const table = page.getByRole('table', { name: 'Attribution' });
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  await expect(page.getByLabel('Won amount by campaign')).toBeVisible();
  await screen(page, 'attribution-campaign');

  await page.getByRole('radiogroup', { name: 'Group by' }).getByText('Partner').click();
  await expect(page).toHaveURL(/groupBy=partner/);
  await expect(table.getByRole('columnheader', { name: /Partner/ })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Northwind Systems' })).toBeVisible();
  // Sorting by leads puts the partner with most leads first.
  await table.getByRole('button', { name: /Leads/ }).click();
  await expect(table.getByRole('columnheader', { name: /Leads/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  await screen(page, 'attribution-partner');

  // The top campaign's detail page has a chart.
  await page.getByRole('radiogroup', { name: 'Group by' }).getByText('Campaign').click();
  await table.getByRole('row').nth(1).getByRole('link').click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await expect(page.getByLabel('Leads, conversions, opportunities and won deals')).toBeVisible();
  await screen(page, 'campaign-detail');
});

test("a partner admin sees the vendor's live campaigns without their budget", async ({ page }) => {
  await logIn(page, DEMO.partnerAdmin);
  await mainNav(page).getByRole('link', { name: 'Campaigns' }).click();
  const table = page.getByRole('table', { name: 'Campaigns' });
  await expect(table).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: 'Attribution' })).toHaveCount(0);
  const vendorRow = table.getByRole('row').filter({ hasText: 'Vendor' }).first();
  await expect(vendorRow).toBeVisible();
  await expect(vendorRow.getByRole('cell').nth(4)).toHaveText('—');
  await screen(page, 'campaigns-partner');
  await logOut(page);
});
