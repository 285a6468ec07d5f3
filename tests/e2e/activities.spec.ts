import type { Page } from '@playwright/test';
import { DEMO, expect, logIn, logOut, screen, test, unique } from './fixtures';

/** A demo partner's id, looked up with the signed-in user's session. */
async function partnerNamed(page: Page, q: string) {
  const res = await page.request.get(`/api/partners?q=${encodeURIComponent(q)}`);
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { data: { id: string; companyName: string }[] };
  expect(body.data.length).toBeGreaterThan(0);
  return body.data[0]!;
}

test('a channel manager adds, edits and deletes a sales activity on a partner', async ({
  page,
}) => {
  await logIn(page, DEMO.channelManager);
  const partner = await partnerNamed(page, 'Northwind');
  await page.goto(`/partners/${partner.id}`);
  await page.getByRole('tab', { name: /Sales activities/ }).click();

  // Add: fill out the activity form and click Save.
  const subject = unique('Pipeline review');
  const form = page.getByRole('form', { name: 'Add a sales activity' });
  await form.getByRole('combobox', { name: 'Type' }).click();
  await page.getByRole('option', { name: 'Meeting' }).click();
  await form.getByLabel('Subject').fill(subject);
  await form.getByLabel('Date & time').fill('2026-11-20T14:30');
  await form.getByLabel('Duration (minutes)').fill('45');
  await form.getByLabel('Outcome').fill('Agreed on a joint webinar in January');
  await form.getByRole('button', { name: 'Save' }).click();

  const row = page.getByTestId('activity-row').filter({ hasText: subject });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Meeting · 20 Nov 2026, 14:30 · 45 min');
  await expect(row).toContainText('Agreed on a joint webinar in January');
  await expect(form.getByLabel('Subject')).toHaveValue('');
  await screen(page, 'partner-sales-activities');

  // Edit: hover, the pen icon on the right, change, Save.
  await row.hover();
  await row.getByRole('button', { name: 'Edit activity' }).click();
  const edit = page.getByRole('form', { name: 'Edit sales activity' });
  const changed = `${subject} (rescheduled)`;
  await edit.getByLabel('Subject').fill(changed);
  await edit.getByLabel('Duration (minutes)').fill('60');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  const changedRow = page.getByTestId('activity-row').filter({ hasText: changed });
  await expect(changedRow).toContainText('1 h');

  // Delete: hover, the trash bin icon, OK.
  await changedRow.hover();
  await changedRow.getByRole('button', { name: 'Delete activity' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this activity?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByTestId('activity-row').filter({ hasText: subject })).toHaveCount(0);
});

test('mentioning the admin in a comment notifies them', async ({ page }) => {
  await logIn(page, DEMO.channelManager);
  const partner = await partnerNamed(page, 'Northwind');
  await page.goto(`/partners/${partner.id}`);
  await page.getByRole('tab', { name: /Comments/ }).click();

  const note = unique('Renewal terms');
  const box = page.getByRole('textbox', { name: 'Comment' });
  await box.click();
  await box.pressSequentially(`${note}: please review @Ada`);
  await page.getByRole('option', { name: /Ada Admin/ }).click();
  await box.pressSequentially('before Friday');
  await page.getByRole('button', { name: 'Post comment' }).click();
  const posted = page.getByTestId('comment').filter({ hasText: note });
  await expect(posted).toContainText('@Ada Admin');
  await expect(posted.locator('[data-mention]')).toHaveText('@Ada Admin');

  await logOut(page);
  await logIn(page, DEMO.admin);
  const bell = page.getByRole('button', { name: 'Notifications' });
  await expect(page.getByTestId('unread-count')).toContainText(/\d/);
  await bell.click();
  const item = page.getByRole('button', {
    name: `Unread: Chris Channel mentioned you on ${partner.companyName}`,
  });
  await expect(item.first()).toBeVisible();
  await expect(item.first()).toContainText(note);
  await screen(page, 'notification-bell', false);
  await item.first().click();
  await expect(page).toHaveURL(new RegExp(`/partners/${partner.id}$`));
  const count = await page.request.get('/api/notifications/unread-count');
  expect(((await count.json()) as { count: number }).count).toBe(0);
});
