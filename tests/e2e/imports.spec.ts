import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { DEMO, expect, logIn, mainNav, screen, test } from './fixtures';

/** Drops a file on the drop zone the way a browser does: a drop event carrying a DataTransfer. */
async function dropFile(page: Page, name: string, content: string, type = 'text/csv') {
  const dataTransfer = await page.evaluateHandle(
    ({ name, content, type }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], name, { type }));
      return dt;
    },
    { name, content, type },
  );
  const zone = page.getByRole('group', { name: 'Drop zone for the import file' });
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await expect(zone.getByText('Drop the file to upload it')).toBeVisible();
  await zone.dispatchEvent('drop', { dataTransfer });
}

test('a channel manager imports leads from a messy CSV, checks the preview, and undoes it', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36);
  const fileName = `trade-show-${tag}.csv`;
  // Headers as people really export them: odd spelling, stray spaces, German, and a column
  // Conduit has no field for. "Family (surname)" is not recognised and is mapped by hand.
  const header = [
    'E-Mail Address',
    ' first name ',
    'Family (surname)',
    'Firma',
    'Job Title',
    'Power',
    'Lead Source',
    'Lieblingsfarbe',
  ].join(',');
  const rows = Array.from(
    { length: 60 },
    (_, i) =>
      `visitor${i}.${tag}@fabrikam.example, Visitor ${i} ,Import${tag},Fabrikam ${tag} ${i},CTO / CIO,Decision maker,Partner referral,blue`,
  );
  // Line 1 is the header, so this bad row is line 5 of the file.
  rows.splice(
    3,
    0,
    `not-an-email,Broken,Row${tag},Fabrikam ${tag} broken,CTO / CIO,Decision maker,Partner referral,red`,
  );
  const csv = [header, ...rows].join('\r\n');

  await logIn(page, DEMO.channelManager);
  await mainNav(page).getByRole('link', { name: 'Import' }).click();
  await expect(page).toHaveURL(/\/imports$/);
  await expect(page.getByRole('heading', { name: 'Import', exact: true })).toBeVisible();
  await screen(page, 'imports-start');

  // Step 1: what to import. Partners and consultants are offered to a channel manager too.
  await expect(page.getByRole('radio', { name: 'Partners' })).toBeVisible();
  await page.getByRole('radio', { name: 'Leads' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/\/imports\?entity=leads$/);

  // Step 2: the file, dropped on the drop zone.
  await expect(page.getByText(/up to 50 MB/)).toBeVisible();
  await screen(page, 'imports-file');
  await dropFile(page, fileName, csv);
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/, { timeout: 20_000 });

  // Step 3: add new leads, matched by email.
  await expect(
    page.getByRole('heading', { name: 'How should the import treat existing leads?' }),
  ).toBeVisible();
  await expect(page.getByText(`${fileName} ·`)).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Add new records' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Email' })).toBeChecked();
  await screen(page, 'imports-options');
  await page.getByRole('button', { name: 'Next: map fields' }).click();

  // Step 4: the mapping, suggested from the headers; one column is mapped by hand.
  const mapping = page.getByRole('table', { name: 'Field mapping' });
  await expect(mapping).toBeVisible();
  await expect(
    mapping.getByRole('combobox', { name: 'Field for column E-Mail Address' }),
  ).toHaveValue(/Email/);
  await expect(mapping.getByRole('combobox', { name: 'Field for column first name' })).toHaveValue(
    /First name/,
  );
  await expect(mapping.getByRole('combobox', { name: 'Field for column Firma' })).toHaveValue(
    /Company/,
  );
  await expect(
    mapping.getByRole('combobox', { name: 'Field for column Lieblingsfarbe' }),
  ).toHaveValue('Don’t import');
  const summary = page.getByRole('status', { name: 'Mapping summary' });
  await expect(summary).toContainText('6 mapped');
  await expect(summary).toContainText('2 unmapped');

  // Going on without the required last name is stopped with an explanation.
  await page.getByRole('button', { name: 'Next: preview' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /Last name/ })).toBeVisible();
  await screen(page, 'imports-mapping-missing');

  await mapping.getByRole('combobox', { name: 'Field for column Family (surname)' }).click();
  await page.getByRole('option', { name: /^Last name/ }).click();
  await expect(summary).toContainText('7 mapped');
  await expect(summary).toContainText('1 unmapped');

  // The mapping is kept for the next file in the same shape.
  await page.getByRole('button', { name: 'Save mapping as…' }).click();
  await page.getByRole('textbox', { name: 'Mapping name' }).fill(`Trade show ${tag}`);
  await page.getByRole('button', { name: 'Save mapping', exact: true }).click();
  await expect(page.getByText('Mapping saved')).toBeVisible();
  await screen(page, 'imports-mapping');

  // Step 5: the preview (a dry run) says what would happen, and why a row would fail.
  await page.getByRole('button', { name: 'Next: preview' }).click();
  const preview = page.getByRole('list', { name: 'Preview counts' });
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview.getByRole('listitem', { name: 'Would create: 60' })).toBeVisible();
  await expect(preview.getByRole('listitem', { name: 'Would fail: 1' })).toBeVisible();
  const problems = page.getByRole('table', { name: 'Preview problems' });
  await expect(problems.getByRole('row').filter({ hasText: /email/i }).first()).toContainText('5');
  await screen(page, 'imports-preview');

  // Step 6: the import runs with a progress bar, and the page picks it up again after a reload.
  await page.getByRole('button', { name: 'Start import' }).click();
  const progressOrDone = page
    .getByRole('progressbar', { name: 'Import progress' })
    .or(page.getByText('Import finished'));
  await expect(progressOrDone.first()).toBeVisible();
  await screen(page, 'imports-running', false);
  await page.reload();
  await expect(page.getByText('Import finished')).toBeVisible({ timeout: 60_000 });
  const counts = page.getByRole('list', { name: 'Import counts' });
  await expect(counts.getByRole('listitem', { name: 'Created: 60' })).toBeVisible();
  await expect(counts.getByRole('listitem', { name: 'Failed: 1' })).toBeVisible();
  await screen(page, 'imports-done');

  // The failed row, with its line and reason, downloads as CSV.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download failed and skipped rows (CSV)' }).click(),
  ]);
  const errors = await readFile(await download.path(), 'utf8');
  const failedLine = errors.split(/\r?\n/).find((l) => l.includes('not-an-email'));
  expect(failedLine, errors).toBeTruthy();
  expect(failedLine).toMatch(/^"?5"?,"?failed"?,/);

  // The leads are there.
  await page.goto(`/leads?q=Import${tag}`);
  await expect(page.getByText('60 leads', { exact: true })).toBeVisible();
  await page.goBack();

  // Undo, behind a confirmation that says what happens to records edited since.
  await page.getByRole('button', { name: 'Undo import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Undo this import?' });
  await expect(dialog).toContainText('The 60 leads it created are deleted.');
  await expect(dialog).toContainText('edited since the import are kept');
  await expect(
    dialog.getByRole('checkbox', { name: 'Also revert records edited since the import' }),
  ).not.toBeChecked();
  await screen(page, 'imports-undo-confirm', false);
  await dialog.getByRole('button', { name: 'Undo import' }).click();
  await expect(page.getByText('Import undone')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('60 records reverted.')).toBeVisible();
  await screen(page, 'imports-undone');

  // The history lists the run, newest first.
  await page.getByRole('link', { name: 'Import', exact: true }).first().click();
  const history = page.getByRole('table', { name: 'Import history' });
  const row = history.getByRole('row').nth(1);
  await expect(row).toContainText(fileName);
  await expect(row).toContainText('Undone');
  await expect(row).toContainText('Leads');
  await screen(page, 'imports-history');
});

test('a partner rep imports only what they may create and is told kindly what is wrong with a file', async ({
  page,
}) => {
  await logIn(page, DEMO.partnerRep);
  await mainNav(page).getByRole('link', { name: 'Import' }).click();
  // Leads and their company's customers, never partners or consultants.
  await expect(page.getByRole('radio', { name: 'Leads' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Accounts' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Partners' })).toHaveCount(0);
  await expect(page.getByRole('radio', { name: 'Consultants' })).toHaveCount(0);
  // The keyboard is enough: Space picks a choice, Enter goes on.
  await page.getByRole('radio', { name: 'Leads' }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Next' }).press('Enter');
  await expect(page.getByRole('heading', { name: 'Upload your lead file' })).toBeVisible();

  await page
    .getByLabel('File with leads to import')
    .setInputFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF') });
  await expect(page.getByRole('alert')).toContainText('notes.pdf is not a CSV or Excel file');

  // A file the server cannot read: its message is shown, not a crash.
  await page.getByLabel('File with leads to import').setInputFiles({
    name: 'garbage.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([0, 159, 146, 150, 0, 0, 255, 254, 0, 1, 2, 3, 0, 0, 0, 7]),
  });
  const alert = page.getByRole('alert').filter({ hasText: 'Could not upload garbage.csv' });
  await expect(alert).toBeVisible({ timeout: 20_000 });
  await screen(page, 'imports-partner-error');

  // The history is the partner's own (nothing imported yet in the demo data).
  await expect(
    page.getByRole('table', { name: 'Import history' }).or(page.getByText('No imports yet')),
  ).toBeVisible();
});

test('a workbook with several sheets: the chosen sheet brings its own columns', async ({
  page,
}) => {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Summary').addRows([
    ['Trade show', 'Visitors'],
    ['Hanover', 2],
  ]);
  const sheet = workbook.addWorksheet('Visitors');
  sheet.addRows([
    ['Email', 'First Name', 'Last Name', 'Company'],
    ['grace@contoso.example', 'Grace', 'Hopper', 'Contoso'],
  ]);
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());

  await logIn(page, DEMO.channelManager);
  await page.goto('/imports?entity=leads');
  await page.getByLabel('File with leads to import').setInputFiles({
    name: 'hanover.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  const sheetPicker = page.getByRole('combobox', { name: 'Sheet' });
  await expect(sheetPicker).toHaveValue('Summary');
  await sheetPicker.click();
  await page.getByRole('option', { name: 'Visitors', exact: true }).click();
  await expect(page.getByText(/Excel, sheet “Visitors”/)).toBeVisible({ timeout: 20_000 });
  await screen(page, 'imports-sheet', false);

  await page.getByRole('button', { name: 'Next: map fields' }).click();
  const mapping = page.getByRole('table', { name: 'Field mapping' });
  await expect(mapping.getByRole('combobox', { name: 'Field for column Email' })).toHaveValue(
    /Email/,
  );
  await expect(mapping.getByRole('combobox', { name: 'Field for column Company' })).toHaveValue(
    /Company/,
  );
  await expect(mapping.getByText('Visitors', { exact: true })).toHaveCount(0);
});

test('Import on the partners list opens the wizard with Partners chosen', async ({ page }) => {
  await logIn(page, DEMO.channelManager);
  await page.goto('/partners');
  await expect(page.getByRole('table', { name: 'Partners' })).toBeVisible();
  await screen(page, 'partners-import-button', false);
  // The list's own button, not the navigation's Import link.
  await page.getByRole('main').getByRole('link', { name: 'Import' }).click();
  await expect(page).toHaveURL(/\/imports\?entity=partners$/);
  await expect(page.getByRole('heading', { name: 'Upload your partner file' })).toBeVisible();
  await screen(page, 'imports-from-partners');
  // Back shows the choice, with Partners picked.
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('radio', { name: 'Partners' })).toBeChecked();
});
