import { DEMO, expect, logIn, logOut, originHeader, screen, test, unique } from './fixtures';

test('a channel manager adds a partner-managed account, a contact and a case, and works the case', async ({
  page,
}) => {
  // A long walk through five screens; the embedded database is shared with other specs' servers.
  test.setTimeout(90_000);
  const name = unique('Woodgrove Clinics');
  await logIn(page, DEMO.channelManager);
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Accounts' })
    .click();
  await expect(page).toHaveURL(/\/accounts$/);

  // The account, managed by a partner
  await page.getByRole('button', { name: 'New account' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New account' });
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(dialog.getByText('Enter the customer’s name')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await dialog.getByLabel('Domain').fill('woodgrove-clinics.example');
  await dialog.getByLabel('Industry').fill('Healthcare');
  await dialog.getByRole('combobox', { name: 'Company size', exact: true }).click();
  await page.getByRole('option', { name: '51–200 employees' }).click();
  await dialog.getByLabel('Country').fill('nl');
  await dialog.getByRole('combobox', { name: 'Managing partner', exact: true }).fill('Northwind');
  await page.getByRole('option', { name: 'Northwind Systems', exact: true }).click();
  await screen(page, 'account-new', false);
  await dialog.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/accounts\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Northwind Systems' }).first()).toBeVisible();
  await expect(page.getByText('NL', { exact: true })).toBeVisible();

  // A contact
  await page.getByRole('button', { name: 'New contact' }).click();
  const contactDialog = page.getByRole('dialog', { name: 'New contact' });
  await contactDialog.getByLabel('First name').fill('Grace');
  await contactDialog.getByLabel('Last name').fill('Hopper');
  await contactDialog.getByLabel('Email').fill('grace@woodgrove-clinics.example');
  await contactDialog.getByRole('button', { name: 'Add contact' }).click();
  const contacts = page.getByRole('table', { name: 'Contacts' });
  await expect(contacts.getByText('Grace Hopper')).toBeVisible();
  await expect(page.getByRole('tab', { name: /Contacts \(1\)/ })).toBeVisible();

  // A case for the account, with the contact
  await page.getByRole('tab', { name: /Cases/ }).click();
  await page.getByRole('button', { name: 'New case' }).click();
  const caseDialog = page.getByRole('dialog', { name: 'New case' });
  await expect(caseDialog.getByRole('combobox', { name: 'Account', exact: true })).toHaveValue(
    name,
  );
  await caseDialog.getByLabel('Subject').fill('Appointment reminders not sent');
  await caseDialog.getByLabel('Description').fill('Since Monday no SMS reminders go out.');
  await caseDialog.getByRole('combobox', { name: 'Priority', exact: true }).click();
  await page.getByRole('option', { name: 'High' }).click();
  await caseDialog.getByRole('combobox', { name: 'Contact', exact: true }).click();
  await page.getByRole('option', { name: 'Grace Hopper' }).click();
  await caseDialog.getByRole('button', { name: 'Open case' }).click();
  const cases = page.getByRole('table', { name: 'Cases' });
  await expect(cases.getByText('Appointment reminders not sent')).toBeVisible();
  await cases.getByRole('link', { name: /^CASE-\d{6}$/ }).click();

  // Work the case: one click changes the status
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: /Appointment reminders not sent/ })).toBeVisible();
  await expect(page.getByRole('link', { name })).toBeVisible();
  // Scoped to the details: the "contact added" notification may still show the same name.
  await expect(
    page.getByRole('tabpanel', { name: 'Details' }).getByText('Grace Hopper'),
  ).toBeVisible();
  await page.getByText('Resolved', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'Resolved' })).toBeChecked();
  await expect(page.getByText(/closed \d+ \w+ \d{4}/)).toBeVisible();
  await screen(page, 'case-detail');

  // History tells the story
  await page.getByRole('tab', { name: 'History' }).click();
  const history = page.locator('[aria-label="History"]');
  await expect(history.getByText('Status changed by Chris Channel')).toBeVisible();
  await expect(history.getByText('Created by Chris Channel')).toBeVisible();

  // The case is in the list with its colored status
  await page.goto('/cases?status=resolved');
  const list = page.getByRole('table', { name: 'Cases' });
  const row = list.getByRole('row').filter({ hasText: 'Appointment reminders not sent' });
  await expect(row.getByText('Resolved', { exact: true })).toBeVisible();
  await screen(page, 'cases-list');
});

test('partner users see only what their company manages', async ({ page }) => {
  // Set-up through the API as the channel manager: one account for each partner.
  await logIn(page, DEMO.channelManager);
  const headers = originHeader(page);
  const partners = await (await page.request.get('/api/partners?limit=200')).json();
  const northwind = partners.data.find((p: any) => p.companyName === 'Northwind Systems');
  const contoso = partners.data.find((p: any) => p.companyName === 'Contoso Integration');
  const ours = unique('Northwind Customer');
  const theirs = unique('Contoso Customer');
  for (const [accountName, partner] of [
    [ours, northwind],
    [theirs, contoso],
  ] as const) {
    const res = await page.request.post('/api/accounts', {
      data: { name: accountName, managedByPartnerId: partner.id },
      headers,
    });
    expect(res.status()).toBe(201);
  }
  await logOut(page);

  await logIn(page, DEMO.partnerAdmin);
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Accounts' })
    .click();
  const table = page.getByRole('table', { name: 'Accounts' });
  await expect(table.getByRole('link', { name: ours })).toBeVisible();
  await expect(table.getByText(theirs)).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Search accounts' }).fill('Contoso Customer');
  await expect(page.getByText('No accounts match these filters')).toBeVisible();
  await screen(page, 'accounts-partner-admin');
});

test('a saved cases view brings its filters back on a fresh visit', async ({ page }) => {
  await logIn(page, DEMO.channelManager);
  await page.goto('/cases');
  const status = page.getByRole('combobox', { name: 'Filter by status' });
  const priority = page.getByRole('combobox', { name: 'Filter by priority' });
  // The total beside the filters (the foot of the list may say the same), checked against the API.
  const count = page.getByText(/^\d+ cases?$/).first();
  const countText = async (query: string) => {
    const res = await page.request.get(`/api/cases/count?${query}`);
    const { count: n } = (await res.json()) as { count: number };
    return `${n} ${n === 1 ? 'case' : 'cases'}`;
  };
  const openCount = await countText('open=true');
  const filteredCount = await countText('status=open&priority=urgent');
  expect(filteredCount).not.toBe(openCount);
  await expect(status).toHaveValue('All open');
  await expect(count).toHaveText(openCount);

  await status.click();
  await page.getByRole('option', { name: 'Open', exact: true }).click();
  await expect(page).toHaveURL(/[?&]status=open(&|$)/);
  await priority.click();
  await page.getByRole('option', { name: 'Urgent' }).click();
  await expect(page).toHaveURL(/[?&]priority=urgent(&|$)/);
  await expect(count).toHaveText(filteredCount);

  await page.getByRole('button', { name: 'Saved views' }).click();
  await page.getByRole('button', { name: 'Save current view…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save current view' });
  await dialog.getByLabel('Name').fill('Open escalations');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Saved views' })).toContainText('Open escalations');

  // A bare visit starts from the default filters; the view is not pinned.
  await page.goto('/cases');
  await page.reload();
  await expect(status).toHaveValue('All open');
  await expect(priority).toHaveValue('');
  await expect(count).toHaveText(openCount);

  await page.getByRole('button', { name: 'Saved views' }).click();
  await page.getByRole('button', { name: /^Open escalations/ }).click();
  await expect(status).toHaveValue('Open');
  await expect(priority).toHaveValue('Urgent');
  await expect(count).toHaveText(filteredCount);
  await expect(page).toHaveURL(/[?&]status=open(&|$)/);

  // The address carries the restored filters, so a reload keeps them.
  await page.reload();
  await expect(status).toHaveValue('Open');
  await expect(priority).toHaveValue('Urgent');
  await expect(page.getByRole('button', { name: 'Saved views' })).toContainText('Open escalations');
});
