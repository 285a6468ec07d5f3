import type { Locator, Page } from '@playwright/test';
import { DEMO, expect, logIn, mainNav, originHeader, screen, test } from './fixtures';

/** Drags with the mouse, in steps, the way a person does (the board waits for a few pixels). */
async function drag(page: Page, from: Locator, to: Locator) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('nothing to drag or nowhere to drop');
  await page.mouse.move(a.x + a.width / 2, a.y + 20);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 12, a.y + 26, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + 120, { steps: 6 });
  await page.mouse.up();
}

async function choose(page: Page, dialog: Locator, field: string, option: string) {
  await dialog.getByRole('combobox', { name: field, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('a channel manager creates leads with Save & New, pins a Kanban view and moves a card', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const tag = Date.now().toString(36);
  const company = `Fabrikam ${tag}`;
  const first = { firstName: 'Ada', lastName: `Lovelace${tag}` };
  const second = { firstName: 'Alan', lastName: `Turing${tag}` };

  await logIn(page, DEMO.channelManager);
  await mainNav(page).getByRole('link', { name: 'Leads' }).click();
  await expect(page).toHaveURL(/\/leads$/);

  // A new lead: the mandatory fields are checked before anything is sent.
  await page.getByRole('button', { name: 'New lead' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New lead' });
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog.getByText('Enter the company name')).toBeVisible();
  await expect(dialog.getByText('Choose a job title')).toBeVisible();

  await dialog.getByLabel('First name').fill(first.firstName);
  await dialog.getByLabel('Last name').fill(first.lastName);
  await choose(page, dialog, 'Job title', 'CTO / CIO');
  await dialog.getByLabel('Email').fill(`ada.${tag}@fabrikam.example`);
  await dialog.getByRole('textbox', { name: 'Company', exact: true }).fill(company);
  await choose(page, dialog, 'Lead source', 'Partner referral');
  await choose(page, dialog, 'Power', 'Decision maker');
  await dialog.getByLabel('Estimated value').fill('48000');
  await dialog.getByLabel('Product interest').fill('Cloud PBX');
  await dialog.getByRole('combobox', { name: 'Assigned partner', exact: true }).fill('Northwind');
  await page.getByRole('option', { name: 'Northwind Systems', exact: true }).click();
  await screen(page, 'lead-new', false);

  // Save & New: the dialog stays, empty, but keeps partner and source for the next lead.
  await dialog.getByRole('button', { name: 'Save & New' }).click();
  await expect(dialog.getByText(/Created one lead so far/)).toBeVisible();
  await expect(dialog.getByLabel('First name')).toHaveValue('');
  await expect(dialog.getByRole('combobox', { name: 'Assigned partner', exact: true })).toHaveValue(
    'Northwind Systems',
  );
  await expect(dialog.getByRole('combobox', { name: 'Lead source', exact: true })).toHaveValue(
    'Partner referral',
  );
  await dialog.getByLabel('First name').fill(second.firstName);
  await dialog.getByLabel('Last name').fill(second.lastName);
  await choose(page, dialog, 'Job title', 'IT manager');
  await dialog.getByLabel('Email').fill(`alan.${tag}@fabrikam.example`);
  await dialog.getByRole('textbox', { name: 'Company', exact: true }).fill(company);
  await choose(page, dialog, 'Power', 'Evaluator');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();

  // Both show in the list; the search, Kanban display and grouping become a pinned view.
  await page.getByRole('radiogroup', { name: 'List display' }).getByText('Table').click();
  await page.getByLabel('Search leads').fill(tag);
  const table = page.getByRole('table', { name: 'Leads' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(page.getByTestId('lead-count')).toHaveText('2 leads');
  await screen(page, 'leads-list');
  await page.getByRole('radiogroup', { name: 'List display' }).getByText('Kanban').click();
  await expect(page).toHaveURL(/display=kanban/);
  await page.getByRole('button', { name: 'Saved views' }).click();
  await page.getByRole('button', { name: 'Save current view…' }).click();
  const save = page.getByRole('dialog', { name: 'Save current view' });
  await save.getByLabel('Name').fill(`Fabrikam ${tag}`);
  await save.getByLabel('Pin as my default').check();
  await save.getByRole('button', { name: 'Save' }).click();
  await expect(save).toBeHidden();

  // Opening the list again applies the pinned view.
  await page.goto('/leads');
  await expect(page.getByRole('button', { name: 'Saved views' })).toContainText(`Fabrikam ${tag}`, {
    timeout: 15_000,
  });
  await expect(page.getByLabel('Search leads')).toHaveValue(tag);

  // The Kanban board: both cards start as New; one is dragged to Qualification.
  const board = page.getByRole('group', { name: 'Leads by status' });
  const column = (name: string) => board.getByRole('region', { name, exact: true });
  const card = (last: string) => board.getByRole('listitem', { name: new RegExp(last) });
  await expect(column('New').getByRole('listitem')).toHaveCount(2);
  await drag(page, card(first.lastName), column('Qualification'));
  await expect(column('Qualification').getByRole('listitem', { name: /Lovelace/ })).toBeVisible();
  await expect(column('Qualification').getByTestId(/^kanban-count-/)).toHaveText('1');
  await expect(column('New').getByRole('listitem')).toHaveCount(1);

  // Converted is reached only by converting: the drop is refused and the card stays.
  await drag(page, card(second.lastName), column('Converted'));
  const refusal = page.locator('.mantine-Notification-root', {
    hasText: 'Cannot move to Converted',
  });
  await expect(refusal).toContainText('reached only by converting the lead');
  await expect(column('New').getByRole('listitem', { name: /Turing/ })).toBeVisible();
  await screen(page, 'leads-kanban', false);

  // The card opens the lead, which now stands at Qualification.
  await card(first.lastName)
    .getByRole('link', { name: `Ada ${first.lastName}` })
    .click();
  await expect(
    page.getByRole('list', { name: 'Status path' }).locator('[aria-current="step"]'),
  ).toContainText('Qualification');

  // Leave the list as other tests expect it: no pinned default.
  const views = (await (
    await page.request.get('/api/saved-views?entity=leads&pinned=true')
  ).json()) as {
    data: { id: string }[];
  };
  for (const v of views.data) {
    const res = await page.request.delete(`/api/saved-views/${v.id}/pin`, {
      headers: originHeader(page),
    });
    expect(res.ok()).toBe(true);
  }
});

test('a lead is advanced, followed, noted, given a file and a task, cloned and converted', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const tag = Date.now().toString(36);
  const company = `Contoso ${tag}`;
  const last = `Hopper${tag}`;
  await logIn(page, DEMO.channelManager);
  const res = await page.request.post('/api/leads', {
    headers: originHeader(page),
    data: {
      company,
      firstName: 'Grace',
      lastName: last,
      jobTitle: 'cto',
      email: `grace.${tag}@contoso.example`,
      power: 'decision_maker',
      source: 'web',
      estimatedValue: '36000',
      productInterest: 'Contact center',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const lead = (await res.json()) as { id: string };
  await page.goto(`/leads/${lead.id}`);
  await expect(page.getByRole('heading', { name: `Grace ${last}` })).toBeVisible();

  // Mark status as complete: New → Qualification, the last open step, so Convert comes next.
  const path = page.getByRole('list', { name: 'Status path' });
  const current = path.locator('[aria-current="step"]');
  await expect(current).toContainText('New');
  await page.getByRole('button', { name: 'Mark status as complete' }).click();
  await expect(current).toContainText('Qualification');
  await expect(page.getByRole('button', { name: 'Mark status as complete' })).toHaveCount(0);

  // Follow it, then a note, a file and a task on it.
  await page.getByTestId('follow-button').click();
  await expect(page.getByTestId('follow-button')).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('tab', { name: 'Notes' }).click();
  const noteForm = page.getByRole('form', { name: 'Add a note' });
  await noteForm.getByLabel('Title').fill('Budget confirmed');
  await noteForm.getByLabel('Note', { exact: true }).fill('Signed off by the CFO for Q1.');
  await noteForm.getByRole('button', { name: 'Add note' }).click();
  await expect(
    page.getByRole('list', { name: 'Notes' }).getByText('Budget confirmed'),
  ).toBeVisible();
  await page.getByRole('tab', { name: 'Files' }).click();
  await page.getByTestId('file-input').setInputFiles({
    name: 'requirements.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Twelve seats, two sites, a hunt group per site.\n'),
  });
  await expect(
    page.getByRole('list', { name: 'Files' }).getByText('requirements.txt'),
  ).toBeVisible();
  await page.getByRole('tab', { name: 'Tasks' }).click();
  const taskForm = page.getByRole('form', { name: 'Add a task' });
  await taskForm.getByRole('textbox', { name: 'Task', exact: true }).fill('Send the proposal');
  await taskForm.getByRole('button', { name: 'Add task' }).click();
  await expect(
    page.getByRole('list', { name: 'Tasks' }).getByText('Send the proposal'),
  ).toBeVisible();
  await page.getByRole('tab', { name: 'Details' }).click();
  await screen(page, 'lead-detail');
  const leadUrl = page.url();

  // Clone: a copy to start from, opened at once, back at the first status.
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Clone' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Clone lead' }).click();
  await expect(page).not.toHaveURL(leadUrl);
  await expect(current).toContainText('New');
  await page.goto(leadUrl);

  // Convert into a new account, contact and opportunity.
  await page.getByRole('button', { name: 'Convert' }).first().click();
  const convert = page.getByRole('dialog', { name: `Convert Grace ${last}` });
  await expect(convert.getByRole('radio', { name: 'Create a new account' })).toBeChecked();
  await expect(convert.getByLabel('Opportunity name')).toHaveValue(`${company} – Contact center`);
  await expect(convert.getByLabel('Amount')).toHaveValue('36000.00');
  await screen(page, 'lead-convert', false);
  await convert.getByRole('button', { name: 'Convert' }).click();
  await expect(convert).toBeHidden();

  const banner = page.getByTestId('converted-banner');
  await expect(banner.getByRole('link', { name: company, exact: true })).toHaveAttribute(
    'href',
    /\/accounts\/[0-9a-f-]{36}$/,
  );
  await expect(banner.getByRole('link', { name: `Grace ${last}` })).toHaveAttribute(
    'href',
    /\/contacts\/[0-9a-f-]{36}$/,
  );
  await expect(banner.getByRole('link', { name: `${company} – Contact center` })).toHaveAttribute(
    'href',
    /\/opportunities\/[0-9a-f-]{36}$/,
  );
  // Read-only now: nothing to edit, advance or convert.
  await expect(page.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Convert', exact: true })).toHaveCount(0);
  await screen(page, 'lead-converted');
  await banner.getByRole('link', { name: company, exact: true }).click();
  await expect(page.getByRole('heading', { name: company })).toBeVisible();
});
