import dayjs from 'dayjs';
import type { Task } from './api';

/** How a task's date reads in a list: "Overdue · due 3 Nov", "Due today", "Done 5 Nov". */
export function dueText(t: Pick<Task, 'dueDate' | 'done' | 'doneAt' | 'overdue'>): string | null {
  if (t.done) return t.doneAt ? `Done ${dayjs(t.doneAt).format('D MMM YYYY')}` : 'Done';
  if (!t.dueDate) return null;
  const due = dayjs(t.dueDate);
  const days = due.startOf('day').diff(dayjs().startOf('day'), 'day');
  const sameYear = due.year() === dayjs().year();
  const date = due.format(sameYear ? 'ddd D MMM' : 'D MMM YYYY');
  if (t.overdue) return `Overdue · due ${date}`;
  if (days === 0) return 'Due today';
  if (days === 1) return 'Due tomorrow';
  return `Due ${date}`;
}
