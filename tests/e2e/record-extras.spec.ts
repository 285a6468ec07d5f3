import type { Page } from '@playwright/test';
import {
  DEMO,
  expect,
  logIn,
  logOut,
  mainNav,
  originHeader,
  screen,
  test,
  unique,
} from './fixtures';

/** YYYY-MM-DD in UTC, the calendar the server's "today" follows. */
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function createAccount(page: Page, name: string) {
  const res = await page.request.post('/api/accounts', {
    data: { name },
    headers: originHeader(page),
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; name: string };
}

async function createTask(page: Page, data: Record<string, unknown>) {
  const res = await page.request.post('/api/tasks', { data, headers: originHeader(page) });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string };
}

test('My tasks: overdue in red, filters, ticking a task off, and the link to its record', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await logIn(page, DEMO.channelManager);
  const account = await createAccount(page, unique('Tasks Account'));
  const late = unique('Send the overdue proposal');
  const todays = unique('Call the buyer today');
  const later = unique('Plan the renewal');
  await createTask(page, {
    subjectType: 'account',
    subjectId: account.id,
    subject: late,
    // Long overdue, so it sorts first whatever tasks the demo data holds.
    dueDate: day(-400),
  });
  await createTask(page, {
    subjectType: 'account',
    subjectId: account.id,
    subject: todays,
    dueDate: day(0),
  });
  await createTask(page, {
    subjectType: 'account',
    subjectId: account.id,
    subject: later,
    dueDate: day(40),
  });

  await mainNav(page).getByRole('link', { name: 'My tasks' }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByRole('heading', { name: 'My tasks' })).toBeVisible();

  const row = (subject: string) => page.getByTestId('task-row').filter({ hasText: subject });
  await expect(row(late)).toBeVisible();
  await expect(row(late)).toHaveAttribute('data-overdue', 'true');
  await expect(row(late)).toContainText('Overdue · due');
  await expect(row(late)).toContainText(account.name);
  await screen(page, 'my-tasks');

  // Filters: overdue, today, this week.
  const due = page.getByRole('radiogroup', { name: 'Due' });
  await due.getByText('Overdue', { exact: true }).click();
  await expect(page).toHaveURL(/due=overdue/);
  await expect(row(late)).toBeVisible();
  await expect(row(todays)).toHaveCount(0);
  await due.getByText('Today', { exact: true }).click();
  await expect(row(todays)).toContainText('Due today');
  await expect(row(todays)).not.toHaveAttribute('data-overdue', 'true');
  await expect(row(late)).toHaveCount(0);
  await due.getByText('This week', { exact: true }).click();
  await expect(row(todays)).toBeVisible();
  await expect(row(later)).toHaveCount(0);

  // Tick one off (in the Today view): it leaves the open list and shows under Done.
  await due.getByText('Today', { exact: true }).click();
  await row(todays)
    .getByRole('checkbox', { name: `Mark “${todays}” as done` })
    .click();
  await expect(row(todays)).toHaveCount(0);
  const status = page.getByRole('radiogroup', { name: 'Status' });
  await status.getByText('Done', { exact: true }).click();
  await expect(row(todays)).toBeVisible();
  await expect(row(todays)).toContainText('Done ');
  await expect(row(late)).toHaveCount(0);

  // Reopen it, then follow the link to its record.
  await row(todays)
    .getByRole('checkbox', { name: `Reopen “${todays}”` })
    .click();
  await expect(row(todays)).toHaveCount(0);
  await status.getByText('Open', { exact: true }).click();
  await due.getByText('Any time', { exact: true }).click();
  await row(late).getByRole('link', { name: account.name }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${account.id}$`));
});

test('My tasks is in every partner user’s navigation, with a friendly empty state', async ({
  page,
}) => {
  // A brand-new rep of the demo partner, created by its partner admin, has nothing to do yet.
  await logIn(page, DEMO.partnerAdmin);
  const me = (await (await page.request.get('/api/me')).json()) as { partner: { id: string } };
  const email = `${unique('rep').replace(/\s+/g, '.')}@northwind.demo.conduit.test`.toLowerCase();
  const password = 'a-long-enough-password-2026';
  const created = await page.request.post('/api/users', {
    data: {
      email,
      name: unique('Rita Rep'),
      role: 'partner_rep',
      partnerId: me.partner.id,
      password,
    },
    headers: originHeader(page),
  });
  expect(created.status(), await created.text()).toBe(201);
  await expect(mainNav(page).getByRole('link', { name: 'My tasks' })).toBeVisible();
  await logOut(page);

  await logIn(page, email, password);
  await mainNav(page).getByRole('link', { name: 'My tasks' }).click();
  await expect(page.getByText('No tasks on your list')).toBeVisible();
  await page.getByRole('radiogroup', { name: 'Due' }).getByText('Overdue', { exact: true }).click();
  await expect(page.getByText('Nothing overdue')).toBeVisible();
  await screen(page, 'my-tasks-empty');
});

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a40000000049454e44ae426082',
  'hex',
);

test('notes, files, tasks and follow on a lead', async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, DEMO.channelManager);
  const leads = (await (await page.request.get('/api/leads?limit=1')).json()) as {
    data: { id: string }[];
  };
  const leadId = leads.data[0]!.id;

  // Notes: an internal note, shown with its badge, then deleted after confirming.
  await page.goto(`/leads/${leadId}?tab=notes`);
  const noteTitle = unique('Budget confirmed');
  const noteForm = page.getByRole('form', { name: 'Add a note' });
  await noteForm.getByLabel('Title').fill(noteTitle);
  await noteForm.getByLabel('Note').fill('The CFO confirmed the budget.\nDecision in January.');
  await noteForm.getByLabel('Internal — hidden from partner users').check();
  await noteForm.getByRole('button', { name: 'Add note' }).click();
  const note = page.getByTestId('note-row').filter({ hasText: noteTitle });
  await expect(note).toContainText('Internal');
  await expect(note).toContainText('Decision in January.');
  await expect(noteForm.getByLabel('Title')).toHaveValue('');

  // Files: a PNG uploads (its type sniffed), an oversized file and an executable are refused
  // with a message a person understands.
  await page.getByRole('tab', { name: 'Files' }).click();
  await expect(page.getByTestId('file-drop')).toContainText('Up to 10 MB each');
  const fileName = `${unique('Angebot')} – Müller.png`;
  await page.getByTestId('file-input').setInputFiles([
    { name: fileName, mimeType: 'application/pdf', buffer: PNG },
    { name: 'video.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(12 * 1024 * 1024, 1) },
    {
      name: 'setup.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(600, 0x90)]),
    },
  ]);
  const file = page.getByTestId('file-row').filter({ hasText: fileName });
  await expect(file).toContainText('PNG image · 69 bytes');
  await expect(page.getByRole('alert').filter({ hasText: 'video.mp4' })).toContainText(
    'That file is 12 MB; the limit is 10 MB.',
  );
  await expect(page.getByRole('alert').filter({ hasText: 'setup.exe' })).toContainText(
    'EXE files are not accepted',
  );
  const href = await file.getByRole('link', { name: fileName }).getAttribute('href');
  const download = await page.request.get(href!);
  expect(download.headers()['content-type']).toBe('image/png');
  expect(download.headers()['content-disposition']).toMatch(/^attachment; filename="/);
  expect(download.headers()['x-content-type-options']).toBe('nosniff');
  await screen(page, 'lead-files');
  await file.getByRole('button', { name: `Delete ${fileName}` }).click();
  await page
    .getByRole('dialog', { name: 'Delete this file?' })
    .getByRole('button', { name: 'Delete file' })
    .click();
  await expect(file).toHaveCount(0);

  // Tasks: one overdue, ticked off in place.
  await page.getByRole('tab', { name: 'Tasks' }).click();
  const taskSubject = unique('Send the revised proposal');
  const taskForm = page.getByRole('form', { name: 'Add a task' });
  await taskForm.getByLabel('Task').fill(taskSubject);
  await taskForm.getByLabel('Due date').fill(day(-3));
  await taskForm.getByRole('button', { name: 'Add task' }).click();
  const task = page.getByTestId('task-row').filter({ hasText: taskSubject });
  await expect(task).toHaveAttribute('data-overdue', 'true');
  await expect(task).toContainText('Overdue · due');
  await screen(page, 'lead-tasks');
  await task.getByRole('checkbox', { name: `Mark “${taskSubject}” as done` }).click();
  await expect(task.getByRole('checkbox', { name: `Reopen “${taskSubject}”` })).toBeChecked();
  await expect(task).not.toHaveAttribute('data-overdue', 'true');

  // Follow, then stop following.
  const follow = page.getByTestId('follow-button');
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  await expect(follow).toContainText('Following');
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'false');

  // Back to the note: delete it after confirming.
  await page.getByRole('tab', { name: 'Notes' }).click();
  await note.hover();
  await note.getByRole('button', { name: 'Delete note' }).click();
  await page
    .getByRole('dialog', { name: 'Delete this note?' })
    .getByRole('button', { name: 'Delete note' })
    .click();
  await expect(note).toHaveCount(0);
});
