import type { Page } from '@playwright/test';
import { DEMO, expect, logIn, originHeader, screen, test, unique } from './fixtures';

const partnersTable = (page: Page) => page.getByRole('table', { name: 'Partners' });

async function createByApi(page: Page, data: Record<string, unknown>) {
  const res = await page.request.post('/api/partners', { data, headers: originHeader(page) });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; version: number; companyName: string };
}

async function pick(page: Page, label: string, option: string) {
  await page.getByRole('dialog').getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('a channel manager creates a partner, and a second one with the same name is flagged', async ({
  page,
}) => {
  const name = unique('Tailspin Toys');
  await logIn(page, DEMO.channelManager);
  await page.goto('/partners');
  await expect(partnersTable(page)).toBeVisible();

  await page.getByRole('button', { name: 'New partner' }).click();
  const dialog = page.getByRole('dialog', { name: 'New partner' });
  // Nothing is sent without a company name.
  await dialog.getByRole('button', { name: 'Create partner' }).click();
  await expect(dialog.getByText('Enter the company name')).toBeVisible();

  await dialog.getByLabel('Company name').fill(name);
  await dialog.getByLabel('Legal name').fill(`${name} GmbH`);
  await pick(page, 'Partner type', 'System integrator');
  await dialog.getByLabel('Website').fill('https://www.tailspin-toys.example/');
  await dialog.getByLabel('Email').fill('partners@tailspin-toys.example');
  await dialog.getByLabel('Phone').fill('+49 30 555 0100');
  await dialog.getByLabel('Street').fill('Friedrichstraße 68');
  await dialog.getByLabel('Postal code').fill('10117');
  await dialog.getByLabel('City').fill('Berlin');
  await dialog.getByRole('combobox', { name: 'Country', exact: true }).fill('Germ');
  await page.getByRole('option', { name: 'Germany', exact: true }).click();
  await pick(page, 'Level', 'Gold');
  await pick(page, 'Activation stage', 'Ramp-up');
  await pick(page, 'SLA tier', 'Premium');
  await dialog.getByLabel('Partner since').fill('2026-01-15');
  await dialog.getByLabel('Next review').fill('2027-01-15');
  const tags = dialog.getByLabel('Tags');
  await tags.fill('toys');
  await tags.press('Enter');
  await tags.fill('dach');
  await tags.press('Enter');
  // The channel manager who creates a partner looks after it unless they choose someone else.
  await expect(dialog.getByRole('combobox', { name: 'Channel manager', exact: true })).toHaveValue(
    'Chris Channel',
  );
  await screen(page, 'partner-new', false);
  await dialog.getByRole('button', { name: 'Create partner' }).click();

  await expect(page).toHaveURL(/\/partners\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const header = page.getByRole('heading', { name });
  await expect(header).toContainText('Gold');
  await expect(page.getByRole('link', { name: 'partners@tailspin-toys.example' })).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'tailspin-toys.example', exact: true }),
  ).toBeVisible();
  await expect(page.getByText('10117 Berlin', { exact: true })).toBeVisible();
  await expect(page.getByText('Germany', { exact: true })).toBeVisible();
  await expect(page.locator('[aria-current="step"]')).toContainText('Ramp-up');
  await expect(page.getByRole('tab', { name: /Consultants/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const createdUrl = page.url();

  // A second partner with the same name: the form warns before anything is saved.
  await page.goto('/partners');
  await page.getByRole('button', { name: 'New partner' }).click();
  await dialog.getByLabel('Company name').fill(name.toUpperCase());
  await dialog.getByRole('button', { name: 'Create partner' }).click();
  const warning = dialog.getByRole('alert').filter({ hasText: 'This partner may already exist' });
  await expect(warning).toBeVisible();
  await expect(warning.getByRole('link', { name })).toHaveAttribute(
    'href',
    new URL(createdUrl).pathname,
  );
  await warning.getByRole('button', { name: 'Cancel' }).click();
  await expect(warning).toBeHidden();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // Cancelled means nothing was created.
  await page.getByRole('textbox', { name: 'Search partners' }).fill(name);
  await expect(partnersTable(page).locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('partner-count')).toHaveText('1 partner');
});

test('the data view filters, sorts and remembers a saved view', async ({ page }) => {
  await logIn(page, DEMO.channelManager);
  await page.goto('/partners');
  const table = partnersTable(page);
  await expect(table.getByRole('link', { name: 'Contoso Integration' })).toBeVisible();

  await page.getByRole('group', { name: 'Filters' }).getByRole('button', { name: 'Level' }).click();
  // The filters live in the address; the box ticks once the new address is in place.
  await page.getByRole('checkbox', { name: 'Gold' }).click();
  await expect(page.getByRole('checkbox', { name: 'Gold' })).toBeChecked();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/levelId=/);
  await expect(table.getByRole('link', { name: 'Contoso Integration' })).toHaveCount(0);
  await expect(table.getByRole('link', { name: 'Northwind Systems' })).toBeVisible();

  await page.getByRole('textbox', { name: 'Search partners' }).fill('cloud');
  await expect(page).toHaveURL(/q=cloud/);
  await expect(table.getByRole('link', { name: 'Adatum Cloud Partners' })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Orion Cloudworks' })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Granite Peak Technologies' })).toHaveCount(0);
  await expect(page.getByRole('group', { name: 'Active filters' })).toContainText('Level: Gold');

  // Sorting by a column header is done by the server and announced on the header.
  const companyHeader = table.getByRole('columnheader', { name: 'Company' });
  await companyHeader.getByRole('button').click();
  await expect(companyHeader).toHaveAttribute('aria-sort', 'ascending');
  await companyHeader.getByRole('button').click();
  await expect(companyHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(table.locator('tbody tr').first()).toContainText('Orion Cloudworks');

  // An extra column from the column chooser.
  await page.getByRole('button', { name: 'Columns' }).click();
  await page
    .getByRole('group', { name: 'Shown columns' })
    .getByRole('checkbox', { name: 'Tags' })
    .click();
  await page.keyboard.press('Escape');
  await expect(table.getByRole('columnheader', { name: 'Tags' })).toBeVisible();

  await page.getByRole('button', { name: 'Saved views' }).click();
  await page.getByRole('button', { name: 'Save current view…' }).click();
  const save = page.getByRole('dialog', { name: 'Save current view' });
  await save.getByLabel('Name').fill('My Gold partners');
  await save.getByRole('button', { name: 'Save' }).click();
  await expect(save).toBeHidden();
  await expect(page.getByRole('button', { name: 'Saved views' })).toContainText('My Gold partners');
  await screen(page, 'partners-list');

  // A fresh visit starts from all partners; the saved view brings everything back.
  await page.goto('/partners');
  await expect(table.getByRole('link', { name: 'Contoso Integration' })).toBeVisible();
  await page.reload();
  await page.getByRole('button', { name: 'Saved views' }).click();
  await page.getByRole('button', { name: /^My Gold partners/ }).click();
  await expect(page).toHaveURL(/levelId=.*q=cloud|q=cloud.*levelId=/);
  await expect(page.getByRole('textbox', { name: 'Search partners' })).toHaveValue('cloud');
  await expect(table.getByRole('columnheader', { name: 'Tags' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Company' })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  await expect(table.getByRole('link', { name: 'Contoso Integration' })).toHaveCount(0);
  await expect(table.getByRole('link', { name: 'Adatum Cloud Partners' })).toBeVisible();

  // Removing a chip widens the filter again; "Clear filters" empties it.
  await page.getByRole('button', { name: 'Remove filter Level: Gold' }).click();
  await expect(page).not.toHaveURL(/levelId=/);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  // The view's sort and columns stay: every level again, newest names first.
  await expect(table.getByRole('link', { name: 'Zephyr OEM Technologies' })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Yellowstone Networks' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Active filters' })).toHaveCount(0);
});

test('an empty filter result says so and offers a way back', async ({ page }) => {
  await logIn(page, DEMO.channelManager);
  await page.goto('/partners?q=zzzz-no-such-partner');
  await expect(page.getByText('No partners match these filters')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(partnersTable(page).getByRole('link', { name: 'Northwind Systems' })).toBeVisible();
});

test('bulk actions change many partners at once and report the result', async ({ page }) => {
  const prefix = unique('Bulk Batch');
  await logIn(page, DEMO.channelManager);
  for (const n of ['One', 'Two']) await createByApi(page, { companyName: `${prefix} ${n}` });

  await page.goto(`/partners?q=${encodeURIComponent(prefix)}&columns=companyName,activationStage`);
  const table = partnersTable(page);
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await table.getByRole('checkbox', { name: 'Select all partners shown' }).check();
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar).toContainText('2 partners selected');
  await bar.getByRole('button', { name: 'Change stage' }).click();
  await page.getByRole('menuitem', { name: 'Fully operational' }).click();
  const confirm = page.getByRole('dialog', { name: 'Change activation stage' });
  await confirm.getByRole('button', { name: 'Update 2 partners' }).click();
  await expect(page.getByText('2 partners updated.')).toBeVisible();
  await expect(bar).toBeHidden();
  await expect(table.locator('tbody tr').nth(0)).toContainText('Fully operational');
  await expect(table.locator('tbody tr').nth(1)).toContainText('Fully operational');
});

test('a stale edit opens the conflict dialog and keeps the user’s changes', async ({ page }) => {
  const name = unique('Adventure Works');
  await logIn(page, DEMO.channelManager);
  const partner = await createByApi(page, { companyName: name, phone: '+1 555 0100' });

  await page.goto(`/partners/${partner.id}`);
  await page.getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('dialog', { name: `Edit ${name}` });
  await form.getByLabel('Phone').fill('+1 555 0199');

  // Someone else renames the partner while the form is open.
  const other = await page.request.patch(`/api/partners/${partner.id}`, {
    data: { version: partner.version, companyName: `${name} (theirs)` },
    headers: originHeader(page),
  });
  expect(other.status()).toBe(200);

  await form.getByRole('button', { name: 'Update' }).click();
  const conflict = page.getByRole('dialog', { name: 'Someone else changed this partner' });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByText('Phone')).toBeVisible();
  await conflict.getByRole('button', { name: 'Load their version' }).click();
  await expect(conflict).toBeHidden();

  // Their rename is there, and the user's phone number is still in the form.
  await expect(form.getByLabel('Company name')).toHaveValue(`${name} (theirs)`);
  await expect(form.getByLabel('Phone')).toHaveValue('+1 555 0199');
  await expect(form.getByRole('status')).toContainText('they changed: Company name');
  await form.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByText('Partner updated')).toBeVisible();
  await expect(form).toBeHidden();
  await expect(page.getByRole('heading', { name: `${name} (theirs)` })).toBeVisible();
  await expect(page.getByRole('link', { name: '+1 555 0199' })).toBeVisible();

  await page.getByRole('tab', { name: /History/ }).click();
  await expect(page).toHaveURL(/tab=history/);
  await expect(
    page.getByLabel('History').getByText('Updated by Chris Channel').first(),
  ).toBeVisible();
});

test('deleting shows what is affected, archives, and can be undone', async ({ page }) => {
  await logIn(page, DEMO.channelManager);

  // A partner with people attached: the dialog says who loses access before anything happens.
  await page.goto('/partners?q=Northwind');
  await partnersTable(page).getByRole('link', { name: 'Northwind Systems' }).click();
  await expect(page.getByRole('heading', { name: 'Northwind Systems' })).toBeVisible();
  await expect(page.getByRole('tab', { name: /Consultants/ })).toBeVisible();
  await screen(page, 'partner-detail');
  await page.getByRole('button', { name: 'Delete' }).click();
  const impact = page.getByRole('dialog', { name: 'Delete Northwind Systems' });
  await expect(impact.getByText(/partner users? loses? access at once/)).toBeVisible();
  await expect(impact.getByText('consultant', { exact: false }).first()).toBeVisible();
  await screen(page, 'partner-delete-impact', false);
  await impact.getByRole('button', { name: 'Cancel' }).click();
  await expect(impact).toBeHidden();

  const name = unique('Woodgrove Resellers');
  const partner = await createByApi(page, { companyName: name });
  await page.goto(`/partners/${partner.id}`);
  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${name}` });
  await expect(dialog.getByText('Nothing else is attached')).toBeVisible();
  await dialog.getByRole('button', { name: 'Archive partner' }).click();
  await expect(dialog).toBeHidden();

  const banner = page.getByRole('alert').filter({ hasText: 'This partner is archived' });
  await expect(banner).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit' })).toHaveCount(0);

  // Archived partners leave the list unless asked for.
  await page.goto(`/partners?q=${encodeURIComponent(name)}`);
  await expect(page.getByText('No partners match these filters')).toBeVisible();
  await page.getByRole('switch', { name: 'Include archived' }).click();
  await expect(page.getByRole('switch', { name: 'Include archived' })).toBeChecked();
  await partnersTable(page).getByRole('link', { name }).click();

  await banner.getByRole('button', { name: 'Restore' }).click();
  await expect(banner).toBeHidden();
  await expect(page.getByRole('button', { name: 'Edit' })).toBeVisible();
});

test('an archived partner with nothing attached can be deleted for good', async ({ page }) => {
  await logIn(page, DEMO.channelManager);
  const name = unique('Short-lived Partner');
  const partner = await createByApi(page, { companyName: name });
  const archived = await page.request.delete(`/api/partners/${partner.id}`, {
    headers: originHeader(page),
  });
  expect(archived.status()).toBe(204);

  await page.goto(`/partners/${partner.id}`);
  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${name}` });
  const confirm = dialog.getByRole('button', { name: 'Delete permanently' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type “${name}” to confirm`).fill(name);
  await confirm.click();
  await expect(page).toHaveURL(/\/partners$/);
  await expect(page.getByText(`${name} was deleted permanently.`)).toBeVisible();

  await page.goto(`/partners/${partner.id}`);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('an admin adds a level and reorders levels with the keyboard buttons', async ({ page }) => {
  const name = unique('Platinum');
  await logIn(page, DEMO.admin);
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Partner program' })
    .click();
  await expect(page).toHaveURL(/\/settings\/partner-program$/);
  const levels = page.getByRole('list', { name: 'Levels' });
  await expect(levels.getByRole('listitem')).toHaveCount(3);

  await page.getByRole('textbox', { name: 'New level name' }).fill(name);
  await page.getByRole('button', { name: 'Add level' }).click();
  const items = levels.getByRole('listitem');
  await expect(items).toHaveCount(4);
  await expect(items.nth(3)).toHaveAccessibleName(name);

  // Up/down buttons reorder without a mouse drag; the order is saved at once.
  await levels.getByRole('button', { name: `Move ${name} up` }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText(`${name} is now level 3 of 4.`)).toBeVisible();
  await expect(items.nth(2)).toHaveAccessibleName(name);
  await expect(items.nth(3)).toHaveAccessibleName('Gold');
  await screen(page, 'partner-program-settings');

  await page.reload();
  await expect(items.nth(2)).toHaveAccessibleName(name);

  // Put the program back as it was: Gold on top, then remove the unused level.
  await levels.getByRole('button', { name: `Move ${name} down` }).click();
  await expect(items.nth(3)).toHaveAccessibleName(name);
  await levels.getByRole('button', { name: `Delete ${name}` }).click();
  await page
    .getByRole('dialog', { name: 'Delete level' })
    .getByRole('button', { name: 'Delete level' })
    .click();
  await expect(items).toHaveCount(3);

  // A level in use cannot be deleted; the server's reason is shown.
  await levels.getByRole('button', { name: 'Delete Gold' }).click();
  await page
    .getByRole('dialog', { name: 'Delete level' })
    .getByRole('button', { name: 'Delete level' })
    .click();
  await expect(page.getByText('Could not delete “Gold”')).toBeVisible();
  await expect(items).toHaveCount(3);
});

test('people who may not create partners see no create or bulk controls', async ({ page }) => {
  await logIn(page, 'sales@demo.conduit.test');
  await page.goto('/partners');
  await expect(partnersTable(page)).toBeVisible();
  await expect(page.getByRole('button', { name: 'New partner' })).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: 'Select all partners shown' })).toHaveCount(0);
});

test('a partner admin reads their own company page, without editing', async ({ page }) => {
  await logIn(page, DEMO.partnerAdmin);
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Our company' })
    .click();
  await expect(page.getByRole('heading', { name: 'Northwind Systems' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: /History/ })).toHaveCount(0);
});

test('long lists load more rows on demand', async ({ page }) => {
  // Sorts after the demo partners, so other specs still find those on the first page.
  const prefix = unique('Zephyr Batch');
  await logIn(page, DEMO.admin);
  for (let i = 1; i <= 27; i += 1) {
    await createByApi(page, { companyName: `${prefix} ${String(i).padStart(2, '0')}` });
  }

  await page.goto(`/partners?q=${encodeURIComponent(prefix)}`);
  const rows = partnersTable(page).locator('tbody tr');
  await expect(rows).toHaveCount(25, { timeout: 15_000 });
  await expect(page.getByTestId('partner-count')).toHaveText('27 partners');
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(rows).toHaveCount(27);
  await expect(page.getByText('All 27 partners shown')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
});
