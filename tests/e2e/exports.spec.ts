import { DEMO, expect, logIn, screen, test } from './fixtures';

test('every customer list offers CSV and Excel downloads of what it shows', async ({ page }) => {
  await logIn(page, DEMO.channelManager);
  for (const [path, entity] of [
    ['/consultants', 'consultants'],
    ['/accounts', 'accounts'],
    ['/contacts', 'contacts'],
    ['/cases', 'cases'],
  ] as const) {
    await page.goto(path);
    await page.getByRole('textbox', { name: /^Search / }).fill('a');
    await page.getByRole('button', { name: 'Export' }).click();
    await expect(page.getByRole('menuitem', { name: 'CSV' })).toHaveAttribute(
      'href',
      new RegExp(`/api/exports/${entity}\\.csv\\?.*q=a`),
    );
    const excel = page.getByRole('menuitem', { name: 'Excel (.xlsx)' });
    await expect(excel).toHaveAttribute(
      'href',
      new RegExp(`/api/exports/${entity}\\.xlsx\\?.*q=a`),
    );
    if (entity === 'accounts') {
      await screen(page, 'exports-menu', false);
      const download = page.waitForEvent('download');
      await excel.click();
      expect((await download).suggestedFilename()).toMatch(/^accounts-\d{4}-\d{2}-\d{2}\.xlsx$/);
    } else {
      await page.keyboard.press('Escape');
    }
  }
});
