import type { Locator, Page } from '@playwright/test';
import { DEMO, expect, logIn, screen, test, unique } from './fixtures';

/** Drags with the mouse in small steps, the way a person does, so dnd-kit sees a real drag. */
async function drag(page: Page, card: Locator, target: Locator) {
  const from = await card.boundingBox();
  if (!from) throw new Error('card not visible');
  await page.mouse.move(from.x + from.width / 2, from.y + 12);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 12, from.y + 20, { steps: 4 });
  const to = await target.boundingBox();
  if (!to) throw new Error('column not found');
  await page.mouse.move(to.x + to.width / 2, to.y + 90, { steps: 12 });
  await page.mouse.move(to.x + to.width / 2, to.y + 100, { steps: 3 });
  await page.mouse.up();
}

/** The board column whose header starts with this stage's label. */
const column = (page: Page, label: string) =>
  page
    .getByRole('group', { name: 'Pipeline' })
    .locator('section')
    .filter({ has: page.getByText(new RegExp(`^${label}( ·|$)`)) });

test('a channel manager creates a deal with a credited partner, moves it on the pipeline and closes it as lost', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const name = unique('Fabrikam rollout');
  await logIn(page, DEMO.channelManager);
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Opportunities' })
    .click();
  await expect(page).toHaveURL(/\/opportunities$/);
  await expect(page.getByRole('heading', { name: 'Opportunities' })).toBeVisible();
  await screen(page, 'opportunities-list');

  // The form: required fields are explained before anything is sent
  await page.getByRole('button', { name: 'New opportunity' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New opportunity' });
  await dialog.getByRole('button', { name: 'Create opportunity' }).click();
  await expect(dialog.getByText('Give the deal a name')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await dialog.getByRole('combobox', { name: 'Stage', exact: true }).click();
  await page.getByRole('option', { name: /^Qualification/ }).click();
  await dialog.getByLabel('Amount').fill('48000');
  await dialog.getByRole('combobox', { name: 'Assigned partner', exact: true }).fill('Northwind');
  await page.getByRole('option', { name: 'Northwind Systems', exact: true }).click();
  // Choosing the working partner credits it as the sourcing partner
  const credits = dialog.getByRole('group', { name: 'Credited partners' });
  await expect(
    credits.getByRole('combobox', { name: 'Credited partner 1', exact: true }),
  ).toHaveValue('Northwind Systems');
  // A second sourcing partner is refused in the form
  await credits.getByRole('button', { name: 'Add credited partner' }).click();
  await credits.getByRole('combobox', { name: 'Credited partner 2', exact: true }).fill('Contoso');
  await page.getByRole('option', { name: 'Contoso Integration', exact: true }).click();
  await credits.getByRole('combobox', { name: 'Role of credited partner 2' }).click();
  await page.getByRole('option', { name: 'Sourcing', exact: true }).click();
  await dialog.getByRole('button', { name: 'Create opportunity' }).click();
  await expect(dialog.getByText('Only one partner can be the sourcing partner')).toBeVisible();
  await credits.getByRole('combobox', { name: 'Role of credited partner 2' }).click();
  await page.getByRole('option', { name: 'Implementing', exact: true }).click();
  await screen(page, 'opportunity-form', false);
  await dialog.getByRole('button', { name: 'Create opportunity' }).click();

  // Its page
  await expect(page).toHaveURL(/\/opportunities\/[0-9a-f-]{36}$/);
  const detailUrl = page.url();
  await expect(page.getByRole('heading', { name: new RegExp(name) })).toBeVisible();
  const creditList = page.getByRole('list', { name: 'Credited partners' });
  await expect(creditList).toContainText('Northwind Systems');
  await expect(creditList).toContainText('Sourcing');
  await expect(creditList).toContainText('Contoso Integration');
  await expect(creditList).toContainText('Implementing');
  await expect(page.getByRole('listitem').filter({ hasText: /Qualification/ })).toHaveAttribute(
    'aria-current',
    'step',
  );

  // The pipeline, narrowed to this deal by a search
  await page.goto(`/opportunities?display=pipeline&q=${encodeURIComponent(name)}`);
  const board = page.getByRole('group', { name: 'Pipeline' });
  await expect(board).toBeVisible();
  const card = board.getByRole('listitem', { name: new RegExp(name) });
  await expect(
    column(page, 'Qualification').getByRole('listitem', { name: new RegExp(name) }),
  ).toBeVisible();
  await expect(column(page, 'Qualification')).toContainText('weighted');
  await screen(page, 'opportunities-pipeline');

  // Drag it to the next stage
  await drag(page, card, column(page, 'Needs analysis'));
  await expect(
    column(page, 'Needs analysis').getByRole('listitem', { name: new RegExp(name) }),
  ).toBeVisible();
  await expect(
    column(page, 'Qualification').getByRole('listitem', { name: new RegExp(name) }),
  ).toHaveCount(0);
  await expect(column(page, 'Needs analysis').getByTestId(/^kanban-count-/)).toHaveText('1');

  // A lost stage asks why; cancelling puts the card back (here through the card's Move menu)
  await board.getByRole('button', { name: new RegExp(`^Move ${name}.* to…$`) }).click();
  await page.getByRole('menuitem', { name: 'Closed lost' }).click();
  const lostDialog = page.getByRole('dialog', { name: /as lost/ });
  await expect(lostDialog.getByRole('combobox', { name: 'Loss reason' })).toBeVisible();
  await screen(page, 'opportunities-lost-reason', false);
  await lostDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(
    column(page, 'Needs analysis').getByRole('listitem', { name: new RegExp(name) }),
  ).toBeVisible();

  // Asked again, it needs a reason, and with one it closes as lost
  await board.getByRole('button', { name: new RegExp(`^Move ${name}.* to…$`) }).click();
  await page.getByRole('menuitem', { name: 'Closed lost' }).click();
  await lostDialog.getByRole('button', { name: 'Mark as lost' }).click();
  await expect(lostDialog.getByText('Choose why the deal was lost')).toBeVisible();
  await lostDialog.getByRole('combobox', { name: 'Loss reason' }).click();
  await page.getByRole('option').first().click();
  await lostDialog.getByRole('button', { name: 'Mark as lost' }).click();
  await expect(lostDialog).toHaveCount(0);
  await expect(
    column(page, 'Closed lost').getByRole('listitem', { name: new RegExp(name) }),
  ).toBeVisible();

  // The detail page tells the story
  await page.goto(detailUrl);
  await expect(page.getByRole('listitem').filter({ hasText: /Closed lost/ })).toHaveAttribute(
    'aria-current',
    'step',
  );
  await expect(page.getByText(/reason:/)).toBeVisible();
  await screen(page, 'opportunity-detail');
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByRole('tabpanel', { name: 'History' })).toContainText(/Stage|stage/);
});

test('the table filters by assigned partner, keeps the filter in the address and exports it', async ({
  page,
}) => {
  await logIn(page, DEMO.channelManager);
  await page.goto('/opportunities');
  const filters = page.getByRole('group', { name: 'Filters' });
  await filters.getByRole('button', { name: 'Assigned partner' }).click();
  await page.getByRole('textbox', { name: 'Find assigned partner' }).fill('Northwind Systems');
  // The search answers from the server; wait for the narrowed list before ticking.
  const choices = page.getByRole('group', { name: 'Assigned partner' }).getByRole('checkbox');
  await expect(choices).toHaveCount(1);
  // A click, not check(): the box turns on once the address has the filter.
  await page.getByRole('checkbox', { name: 'Northwind Systems' }).click();
  await expect(page.getByRole('checkbox', { name: 'Northwind Systems' })).toBeChecked();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/partnerId=/);
  await expect(
    page.getByRole('group', { name: 'Active filters' }).getByText('Partner: Northwind Systems'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Export' }).click();
  await expect(page.getByRole('menuitem', { name: 'CSV' })).toHaveAttribute(
    'href',
    /\/api\/exports\/opportunities\.csv\?.*partnerId=/,
  );
  const excel = page.getByRole('menuitem', { name: 'Excel (.xlsx)' });
  await expect(excel).toHaveAttribute('href', /\/api\/exports\/opportunities\.xlsx\?.*partnerId=/);
  const download = page.waitForEvent('download');
  await excel.click();
  expect((await download).suggestedFilename()).toMatch(/^opportunities-\d{4}-\d{2}-\d{2}\.xlsx$/);
  await page.reload();
  await expect(
    page.getByRole('group', { name: 'Active filters' }).getByText('Partner: Northwind Systems'),
  ).toBeVisible();
});

test('a partner rep sees the pipeline of their own company', async ({ page }) => {
  await logIn(page, DEMO.partnerRep);
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Opportunities' })
    .click();
  await expect(page.getByRole('heading', { name: 'Opportunities' })).toBeVisible();
  // No partner picker for partner users: their company is implied.
  await expect(
    page.getByRole('group', { name: 'Filters' }).getByRole('button', { name: 'Assigned partner' }),
  ).toHaveCount(0);
  await page.getByRole('radiogroup', { name: 'Display' }).getByText('Pipeline').click();
  await expect(page.getByRole('group', { name: 'Pipeline' })).toBeVisible();
});
