import { DEMO, expect, logIn, mainNav, screen, test, unique } from './fixtures';

interface ContactRow {
  id: string;
  firstName: string;
  lastName: string;
  name: string;
  account: { id: string; name: string };
}

test('a channel manager finds a contact, logs an activity and sees the edit in its history', async ({
  page,
}) => {
  await logIn(page, DEMO.channelManager);
  // A demo contact, looked up with the signed-in user's session.
  const res = await page.request.get('/api/contacts?limit=1&sort=-createdAt');
  expect(res.ok()).toBe(true);
  const [contact] = ((await res.json()) as { data: ContactRow[] }).data;
  expect(contact).toBeDefined();

  await mainNav(page).getByRole('link', { name: 'Contacts' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  const table = page.getByRole('table', { name: 'Contacts' });
  await expect(table.getByRole('row').nth(1)).toBeVisible();

  // Search: the filter lands in the address, and the list narrows to matching people.
  await page.getByRole('textbox', { name: 'Search contacts' }).fill(contact!.name);
  await expect(page).toHaveURL(/[?&]q=/);
  const link = table.getByRole('link', { name: contact!.name, exact: true });
  await expect(link).toBeVisible();
  const found = table
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: contact!.name, exact: true }) });
  await expect(found).toContainText(contact!.account.name);
  await screen(page, 'contacts-list');

  await link.click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact!.id}$`));
  await expect(page.getByRole('heading', { name: contact!.name })).toBeVisible();
  await expect(page.getByRole('link', { name: contact!.account.name }).first()).toHaveAttribute(
    'href',
    `/accounts/${contact!.account.id}`,
  );

  // Activities is the first tab.
  const subject = unique('Discovery call');
  const form = page.getByRole('form', { name: 'Add a sales activity' });
  await form.getByRole('combobox', { name: 'Type' }).click();
  await page.getByRole('option', { name: 'Call' }).click();
  await form.getByLabel('Subject').fill(subject);
  await form.getByLabel('Date & time').fill('2026-11-18T09:15');
  await form.getByLabel('Outcome').fill('Wants a demo for the finance team');
  await form.getByRole('button', { name: 'Save' }).click();
  const row = page.getByTestId('activity-row').filter({ hasText: subject });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Wants a demo for the finance team');

  // Edit the contact; the change shows in its history.
  const title = unique('Head of IT');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${contact!.name}` });
  await dialog.getByLabel('Job title').fill(title);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`${title} at`)).toBeVisible();

  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page).toHaveURL(/[?&]tab=history/);
  const history = page.locator('[aria-label="History"]');
  await expect(history.getByText('Updated by Chris Channel').first()).toBeVisible();
  await expect(history).toContainText(`Job title:`);
  await expect(history).toContainText(title);
  await screen(page, 'contact-detail-history');
});
