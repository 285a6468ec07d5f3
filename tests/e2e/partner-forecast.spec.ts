import type { Page } from '@playwright/test';
import { DEMO, expect, logIn, originHeader, screen, test, unique } from './fixtures';

interface Stage {
  id: string;
  kind: 'open' | 'won' | 'lost';
  probability: number;
}

/** Northwind's id, and a few deals of its own so the forecast has something to show. */
async function northwindWithDeals(page: Page): Promise<string> {
  const headers = originHeader(page);
  const partners = await page.request.get('/api/partners?q=Northwind%20Systems&limit=5');
  expect(partners.ok()).toBe(true);
  const partner = (
    (await partners.json()) as { data: { id: string; companyName: string }[] }
  ).data.find((p) => p.companyName === 'Northwind Systems');
  if (!partner) throw new Error('the demo partner Northwind Systems is missing');

  const setup = await page.request.get('/api/setup');
  const stages = ((await setup.json()) as { opportunityStages: Stage[] }).opportunityStages;
  const open = stages
    .filter((s) => s.kind === 'open')
    .sort((a, b) => b.probability - a.probability);
  const won = stages.find((s) => s.kind === 'won');
  const inMonths = (n: number) => {
    const d = new Date();
    d.setUTCMonth(d.getUTCMonth() + n);
    return d.toISOString().slice(0, 10);
  };
  const deals = [
    { stageId: open[0]?.id, amount: '42000.00', closeDate: inMonths(1) },
    { stageId: open[1]?.id, amount: '18500.00', closeDate: inMonths(3) },
    { stageId: won?.id, amount: '27000.00', closeDate: inMonths(0) },
  ];
  for (const deal of deals) {
    const res = await page.request.post('/api/opportunities', {
      headers,
      data: {
        name: unique('Forecast deal'),
        partnerId: partner.id,
        currency: 'EUR',
        ...deal,
      },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  return partner.id;
}

test('a channel manager compares a partner with the network on its Forecasts tab', async ({
  page,
}) => {
  await logIn(page, DEMO.channelManager);
  const partnerId = await northwindWithDeals(page);
  await page.goto(`/partners/${partnerId}`);
  await expect(page.getByRole('heading', { name: /Northwind Systems/ })).toBeVisible();
  await page.getByRole('tab', { name: /forecasts/i }).click();
  await expect(page).toHaveURL(/tab=forecasts/);

  const panel = page.getByRole('tabpanel', { name: /forecasts/i });
  await expect(panel.getByText('Weighted pipeline per quarter')).toBeVisible();
  await expect(panel.getByText('Committed vs. best case')).toBeVisible();
  // A chart, not only numbers: bars are drawn
  await expect(panel.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(panel.getByText('Network median').first()).toBeVisible();

  const metrics = panel.getByRole('list', { name: 'Forecast metrics' });
  for (const name of [
    'Win rate',
    'Average deal size',
    'Average sales cycle',
    'Lead conversion rate',
  ]) {
    const card = metrics.getByRole('listitem', { name });
    await expect(card).toBeVisible();
    await expect(card).toContainText('Network median');
    // Never a blank, 0-for-nothing or NaN
    await expect(card).not.toContainText('NaN');
  }
  await expect(metrics.getByRole('listitem', { name: 'Win rate' })).toContainText(
    /Based on \d+ closed deals?|Nothing closed yet/,
  );
  await expect(
    panel.getByRole('table', { name: 'Forecast by quarter' }).locator('tbody tr'),
  ).toHaveCount(3);
  await screen(page, 'partner-forecasts');
});

test('New lead and New opportunity on a partner page open their forms with the partner filled in', async ({
  page,
}) => {
  await logIn(page, DEMO.channelManager);
  await page.goto('/partners?q=Northwind');
  await page
    .getByRole('table', { name: 'Partners' })
    .getByRole('link', { name: 'Northwind Systems' })
    .click();
  await expect(page.getByRole('heading', { name: /Northwind Systems/ })).toBeVisible();
  await expect(page.getByRole('tab', { name: /Leads/ })).toBeVisible();
  await expect(page.getByRole('tab', { name: /Opportunities/ })).toBeVisible();

  // New lead: the lead form, with the partner chosen
  await page.getByRole('button', { name: 'New lead' }).click();
  const leadDialog = page.getByRole('dialog', { name: 'New lead' });
  await expect(
    leadDialog.getByRole('combobox', { name: 'Assigned partner', exact: true }),
  ).toHaveValue('Northwind Systems');
  await leadDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(leadDialog).toHaveCount(0);

  // New opportunity: the partner is chosen and credited as sourcing; saving stays on the page
  await page.getByRole('button', { name: 'New opportunity' }).click();
  const dialog = page.getByRole('dialog', { name: 'New opportunity' });
  await expect(dialog.getByRole('combobox', { name: 'Assigned partner', exact: true })).toHaveValue(
    'Northwind Systems',
  );
  await expect(
    dialog.getByRole('group', { name: 'Credited partners' }).getByRole('combobox', {
      name: 'Role of credited partner 1',
    }),
  ).toHaveValue('Sourcing');
  const name = unique('Northwind expansion');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await dialog.getByLabel('Amount').fill('12500');
  await dialog.getByRole('button', { name: 'Create opportunity' }).click();
  await expect(dialog).toHaveCount(0);
  // The page stays; a notification links to the new deal
  const notice = page.getByRole('link', { name: new RegExp(`^OPP-\\d+: ${name}$`) });
  await expect(notice).toBeVisible();
  await expect(page).toHaveURL(/\/partners\/[0-9a-f-]{36}/);
  await page.getByRole('tab', { name: /Opportunities/ }).click();
  const table = page.getByRole('table', { name: 'Partner opportunities' });
  await expect(table.getByRole('link', { name })).toBeVisible();
  await screen(page, 'partner-opportunities-tab');
  await notice.click();
  await expect(page).toHaveURL(/\/opportunities\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: new RegExp(name) })).toBeVisible();
});

test('a partner admin sees the Forecasts tab of their own company', async ({ page }) => {
  await logIn(page, DEMO.partnerAdmin);
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Our company' })
    .click();
  await page.getByRole('tab', { name: /forecasts/i }).click();
  await expect(
    page.getByRole('tabpanel', { name: /forecasts/i }).getByText('Weighted pipeline per quarter'),
  ).toBeVisible();
});
