import { DEMO, expect, logIn, mainNav, screen, test, unique } from './fixtures';

// The server refuses applications sent sooner than this after the form opened (a bot signal).
const MIN_FILL_MS = 3_000;

test('a visitor applies to become a partner and a channel manager approves it', async ({
  page,
}) => {
  const company = unique('Fabrikam Networks');
  const email = `jordan.${Date.now().toString(36)}@fabrikam.example`;

  // The way in for a company that is not a partner yet: the login page links to the form.
  await page.goto('/login');
  await page.getByRole('link', { name: 'Become a partner' }).click();
  await expect(page).toHaveURL(/\/apply$/);
  const openedAt = Date.now();
  await expect(page.getByRole('heading', { name: 'Become a partner' })).toBeVisible();

  const form = page.getByRole('form', { name: 'Partner application' });
  // Nothing is sent without the essentials.
  await form.getByRole('button', { name: 'Send application' }).click();
  await expect(form.getByText('Enter your company’s name')).toBeVisible();
  await expect(form.getByText('Choose your country')).toBeVisible();

  await form.getByLabel('Business name').fill(company);
  await form.getByLabel('Website').fill('https://www.fabrikam-networks.example');
  await form.getByRole('combobox', { name: 'Partner type', exact: true }).click();
  await page.getByRole('option', { name: 'System integrator', exact: true }).click();
  await form.getByLabel('Products or services of interest').fill('Managed firewalls, SD-WAN');
  await form.getByLabel('Street').fill('12 Rue de la République');
  await form.getByLabel('City').fill('Lyon');
  await form.getByLabel('Postal code').fill('69002');
  await form.getByLabel('Region or state').fill('Auvergne-Rhône-Alpes');
  await form.getByRole('combobox', { name: 'Country', exact: true }).fill('Fran');
  await page.getByRole('option', { name: 'France', exact: true }).click();
  await form.getByLabel('Phone').fill('+33 4 72 00 00 00');
  await form.getByLabel('Your name').fill('Jordan Lefèvre');
  await form.getByLabel('Work email').fill(email);
  await form.getByRole('radio', { name: /Premium/ }).click();
  await form.getByLabel('Message').fill('We look after 150 mid-sized customers in the Lyon area.');
  await screen(page, 'apply-form');

  const waited = Date.now() - openedAt;
  if (waited < MIN_FILL_MS + 500) await page.waitForTimeout(MIN_FILL_MS + 500 - waited);
  await form.getByRole('button', { name: 'Send application' }).click();

  await expect(
    page.getByRole('heading', { name: 'Thank you — we will review your application' }),
  ).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await screen(page, 'apply-thank-you');

  // The channel team reviews it.
  await logIn(page, DEMO.channelManager);
  await mainNav(page).getByRole('link', { name: 'Applications' }).click();
  await expect(page).toHaveURL(/\/applications$/);
  const table = page.getByRole('table', { name: 'Pending applications' });
  await table.getByRole('button', { name: company }).click();

  const drawer = page.getByRole('dialog', { name: company });
  await expect(drawer.getByText('Jordan Lefèvre')).toBeVisible();
  await expect(drawer.getByText(email)).toBeVisible();
  await expect(drawer.getByText('France (FR)')).toBeVisible();
  await expect(drawer.getByText('Managed firewalls, SD-WAN')).toBeVisible();
  await screen(page, 'applications-review', false);

  await drawer.getByRole('button', { name: 'Approve', exact: true }).click();
  // Sensible defaults: the lowest level, the first stage, and the reviewer as channel manager.
  await expect(drawer.getByRole('combobox', { name: 'Level', exact: true })).toHaveValue('Bronze');
  await expect(drawer.getByRole('combobox', { name: 'Activation stage', exact: true })).toHaveValue(
    'First contact',
  );
  await drawer.getByRole('button', { name: 'Approve…' }).click();
  const confirm = page.getByRole('dialog', { name: `Approve ${company}?` });
  await expect(confirm.getByText(email)).toBeVisible();
  await confirm.getByRole('button', { name: 'Approve and invite' }).click();

  await expect(drawer.getByText('The applicant was invited to the partner portal.')).toBeVisible();
  await drawer.getByRole('link', { name: `Open partner ${company}` }).click();
  await expect(page).toHaveURL(/\/partners\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: company })).toBeVisible();

  // It has left the pending queue and sits under Approved.
  await page.goto('/applications');
  await expect(page.getByRole('table', { name: 'Pending applications' })).not.toContainText(
    company,
  );
  await page.getByRole('tab', { name: /Approved/ }).click();
  await expect(page.getByRole('table', { name: 'Approved applications' })).toContainText(company);
});

test('partner users have no applications queue', async ({ page }) => {
  await logIn(page, DEMO.partnerAdmin);
  await expect(mainNav(page).getByRole('link', { name: 'Applications' })).toHaveCount(0);
  await page.goto('/applications');
  await expect(page.getByRole('table', { name: 'Pending applications' })).toHaveCount(0);
});
