import type { Page } from '@playwright/test';
import { DEMO, expect, logIn, originHeader, screen, test, unique } from './fixtures';

async function createPartner(page: Page, companyName: string) {
  const res = await page.request.post('/api/partners', {
    data: { companyName },
    headers: originHeader(page),
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string };
}

async function createConsultant(page: Page, data: Record<string, unknown>) {
  const res = await page.request.post('/api/consultants', { data, headers: originHeader(page) });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; version: number };
}

test('a channel manager adds a consultant from the partner page', async ({ page }) => {
  await logIn(page, DEMO.channelManager);
  const partner = await createPartner(page, unique('Contoso Consulting'));
  const tag = Date.now().toString(36);
  await page.goto(`/partners/${partner.id}`);
  await expect(page.getByRole('tab', { name: /Consultants/ })).toBeVisible();

  await page.getByRole('button', { name: /new consultant/i }).click();
  const dialog = page.getByRole('dialog', { name: 'New consultant' });
  // Nothing is sent without the required fields.
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('Enter the first name')).toBeVisible();
  await expect(dialog.getByText('Enter a valid email address')).toBeVisible();

  await dialog.getByLabel('First name').fill('Katherine');
  await dialog.getByLabel('Last name').fill(`Johnson ${tag}`);
  await dialog.getByLabel('Email').fill(`katherine.${tag}@contoso.example`);
  await dialog.getByLabel('Phone', { exact: true }).fill('+1 555 0199');
  await dialog.getByLabel('Mobile').fill('+1 555 0142');
  await dialog.getByLabel('Job title').fill('Solutions architect');
  // The partner tag is preset to the partner whose page this is.
  await expect(dialog.getByRole('combobox', { name: 'Partner', exact: true })).not.toHaveValue('');
  await screen(page, 'consultant-new', false);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  const table = page.getByRole('table', { name: 'Consultants' });
  const row = table.getByRole('row', { name: new RegExp(`Katherine Johnson ${tag}`) });
  await expect(row).toBeVisible();
  await expect(row.getByRole('link', { name: `katherine.${tag}@contoso.example` })).toHaveAttribute(
    'href',
    `mailto:katherine.${tag}@contoso.example`,
  );
  await expect(row.getByText('Solutions architect')).toBeVisible();
  await expect(row.getByText('No access')).toBeVisible();

  // A second person with the same email at this partner is refused on the email field.
  await page.getByRole('button', { name: /new consultant/i }).click();
  const again = page.getByRole('dialog', { name: 'New consultant' });
  await again.getByLabel('First name').fill('Kate');
  await again.getByLabel('Last name').fill('Copy');
  await again.getByLabel('Email').fill(`KATHERINE.${tag}@contoso.example`);
  await again.getByRole('button', { name: 'Save' }).click();
  await expect(
    again.getByText('is already used by another consultant of this partner'),
  ).toBeVisible();
  await again.getByRole('button', { name: 'Cancel' }).click();
  await screen(page, 'partner-consultants');
});

test('"Can\'t find someone?" explains a hidden or mis-tagged person and fixes it in one click', async ({
  page,
}) => {
  await logIn(page, DEMO.channelManager);
  const here = await createPartner(page, unique('Fabrikam Partners'));
  const elsewhere = await createPartner(page, unique('Litware Resellers'));
  const tag = Date.now().toString(36);
  await createConsultant(page, {
    partnerId: here.id,
    firstName: 'Hidden',
    lastName: `Person${tag}`,
    email: `hidden.${tag}@fabrikam.example`,
    visible: false,
  });
  await createConsultant(page, {
    partnerId: elsewhere.id,
    firstName: 'Tagged',
    lastName: `Elsewhere${tag}`,
    email: `tagged.${tag}@fabrikam.example`,
  });

  await page.goto(`/partners/${here.id}?tab=consultants`);
  const table = page.getByRole('table', { name: 'Consultants' });
  await expect(page.getByText('No consultants yet')).toBeVisible();
  await expect(table).toBeHidden();

  await page.getByRole('button', { name: /can.t find someone/i }).click();
  await page.getByLabel('Look up a person by name or email').fill(tag);
  const results = page.getByRole('list', { name: 'Lookup results' });
  const hidden = results.getByRole('listitem').filter({ hasText: `Hidden Person${tag}` });
  const tagged = results.getByRole('listitem').filter({ hasText: `Tagged Elsewhere${tag}` });
  await expect(hidden).toContainText('Hidden');
  await expect(tagged).toContainText('Tagged to Litware Resellers');
  await screen(page, 'consultant-lookup', false);

  await hidden.getByRole('button', { name: 'Show in list' }).click();
  await expect(table.getByRole('row', { name: new RegExp(`Hidden Person${tag}`) })).toBeVisible();
  await expect(hidden).toContainText('Already in this list');

  await tagged.getByRole('button', { name: 'Move to this partner' }).click();
  await page
    .getByRole('dialog', { name: 'Move consultant' })
    .getByRole('button', { name: 'Move' })
    .click();
  await expect(
    table.getByRole('row', { name: new RegExp(`Tagged Elsewhere${tag}`) }),
  ).toBeVisible();
});

test('the consultants list saves a view and pins it as the default', async ({ page }) => {
  await logIn(page, DEMO.channelManager);
  const partner = await createPartner(page, unique('Northwind Views'));
  const tag = Date.now().toString(36);
  await createConsultant(page, {
    partnerId: partner.id,
    firstName: 'Viewed',
    lastName: `Person${tag}`,
    email: `viewed.${tag}@views.example`,
  });
  await page.goto('/consultants');
  await page.getByLabel('Search consultants').fill(`person${tag}`);
  const table = page.getByRole('table', { name: 'Consultants' });
  await expect(table.getByRole('row')).toHaveCount(2);

  await page.getByRole('button', { name: 'Saved views' }).click();
  await page.getByRole('button', { name: 'Save current view…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save current view' });
  await dialog.getByLabel('Name').fill(`Only ${tag}`);
  await dialog.getByLabel('Pin as my default').check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  // Opening the list again applies the pinned view.
  await page.goto('/consultants');
  await expect(page.getByRole('button', { name: 'Saved views' })).toContainText(`Only ${tag}`);
  await expect(page.getByLabel('Search consultants')).toHaveValue(`person${tag}`);
  await expect(table.getByRole('row')).toHaveCount(2);

  // "All records" goes back to the unfiltered list.
  await page.getByRole('button', { name: 'Saved views' }).click();
  await page.getByRole('button', { name: 'All records' }).click();
  await expect(page.getByLabel('Search consultants')).toHaveValue('');

  // The view's own menu opens whole (not cut off by the list it sits in) and unpins it.
  await page.getByRole('button', { name: 'Saved views' }).click();
  await page.getByRole('button', { name: `Actions for view Only ${tag}` }).click();
  const del = page.getByRole('menuitem', { name: 'Delete…' });
  await expect(del).toBeInViewport();
  await page.getByRole('menuitem', { name: 'Unpin as default' }).click();
  await page.goto('/consultants');
  await expect(page.getByLabel('Search consultants')).toHaveValue('');
});
