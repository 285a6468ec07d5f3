import { DEMO, expect, logIn, mainNav, screen, test, unique } from './fixtures';

const MARKETING = 'marketing@demo.conduit.test';

test('an admin adds a lead source, moves it up, retires and deletes it', async ({ page }) => {
  test.setTimeout(120_000);
  const label = unique('Trade fair');
  await logIn(page, DEMO.admin);
  await mainNav(page).getByRole('link', { name: 'Sales process' }).click();
  await expect(page).toHaveURL(/\/settings\/sales-process$/);
  await expect(page.getByRole('heading', { name: 'Sales process' })).toBeVisible();

  const list = page.getByRole('list', { name: 'Lead sources' });
  // The first visit may wait for the page's code to load.
  await expect(list.getByRole('listitem').first()).toBeVisible({ timeout: 20_000 });
  const before = await list.getByRole('listitem').count();

  await page.getByRole('textbox', { name: 'New value' }).fill(label);
  await page.getByRole('button', { name: 'Add value' }).click();
  await expect(page.getByText('Value added')).toBeVisible();
  const rows = list.getByRole('listitem');
  await expect(rows).toHaveCount(before + 1);
  await expect(rows.last()).toHaveAccessibleName(label);

  // Keyboard-free reordering: the up button moves it one place and saves.
  await page.getByRole('button', { name: `Move ${label} up` }).click();
  await expect(page.getByText(`${label} is now value ${before} of ${before + 1}.`)).toBeVisible();
  await expect(rows.nth(before - 1)).toHaveAccessibleName(label);
  await screen(page, 'sales-process-picklists');

  // The order is stored: a reload shows the same.
  await page.reload();
  await expect(
    page
      .getByRole('list', { name: 'Lead sources' })
      .getByRole('listitem')
      .nth(before - 1),
  ).toHaveAccessibleName(label, { timeout: 20_000 });

  // Retire it, then delete it (nothing uses it yet).
  await page.getByRole('button', { name: `Retire ${label}` }).click();
  await expect(page.getByText(`${label} stays on existing records`)).toBeVisible();
  await expect(list.getByRole('listitem', { name: label }).getByText('Retired')).toBeVisible();
  await page.getByRole('button', { name: `Delete ${label}` }).click();
  await page
    .getByRole('dialog', { name: 'Delete value' })
    .getByRole('button', { name: 'Delete value' })
    .click();
  await expect(list.getByRole('listitem', { name: label })).toHaveCount(0);

  // A value in use cannot be deleted; the page offers to retire it instead.
  await page.getByRole('button', { name: 'Delete Web', exact: true }).click();
  await page
    .getByRole('dialog', { name: 'Delete value' })
    .getByRole('button', { name: 'Delete value' })
    .click();
  const inUse = page.getByRole('dialog', { name: '“Web” is in use' });
  await expect(inUse.getByText(/cannot be deleted\. Retire it instead/)).toBeVisible();
  await screen(page, 'sales-process-in-use', false);
  await inUse.getByRole('button', { name: 'Cancel' }).click();

  // The other tabs render.
  await page.getByRole('tab', { name: 'Lead status path' }).click();
  await expect(
    page.getByRole('list', { name: 'Lead statuses' }).getByRole('listitem', { name: 'Converted' }),
  ).toBeVisible();
  await screen(page, 'sales-process-statuses');
  await page.getByRole('tab', { name: 'Opportunity stages' }).click();
  await expect(
    page.getByRole('list', { name: 'Stages' }).getByRole('listitem', { name: 'Closed won' }),
  ).toBeVisible();
  await screen(page, 'sales-process-stages');
  await page.getByRole('tab', { name: 'Currencies' }).click();
  await expect(page.getByRole('textbox', { name: 'Rate of USD' })).toBeVisible();
  await screen(page, 'sales-process-currencies');
});

test('marketing edits a scoring rule, the leads are rescored and the distribution shows it', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await logIn(page, MARKETING);
  await mainNav(page).getByRole('link', { name: 'Lead scoring' }).click();
  await expect(page).toHaveURL(/\/settings\/lead-scoring$/);
  const points = page.getByRole('textbox', { name: 'Power rule decision_maker: points' });
  await expect(points).toBeVisible({ timeout: 20_000 });
  await expect(page.getByLabel('Leads per rating')).toBeVisible();

  const current = Number((await points.inputValue()).replace(/[^\d-]/g, ''));
  await points.fill(String(current + 5));
  await expect(page.getByText('Unsaved changes. Saving rescores every lead.')).toBeVisible();
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByText('Scoring saved')).toBeVisible();
  // The worker rescores in the background; the page follows its progress until it is done.
  await expect(page.getByText(/All [\d,]+ leads rescored/)).toBeVisible({ timeout: 60_000 });
  await screen(page, 'lead-scoring');

  // Put it back, so the demo keeps its model.
  await points.fill(String(current));
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByText('No unsaved changes.')).toBeVisible();
});
