import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import type { ReactNode } from 'react';

interface ConfirmOptions {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  /** Red confirm button for things that cannot be undone or cut someone off. */
  danger?: boolean;
  onConfirm: () => void;
}

/** Asks before doing something consequential. Cancel is the default focus, so Enter is safe. */
export function openConfirm({ title, message, confirmLabel, danger, onConfirm }: ConfirmOptions) {
  modals.openConfirmModal({
    title,
    centered: true,
    children: typeof message === 'string' ? <Text size="sm">{message}</Text> : message,
    labels: { confirm: confirmLabel, cancel: 'Cancel' },
    confirmProps: { color: danger ? 'red' : undefined, 'data-autofocus': undefined },
    cancelProps: { 'data-autofocus': true },
    onConfirm,
  });
}
