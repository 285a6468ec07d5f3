import { Button, type ButtonProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { openConfirm } from './confirm';

interface ConfirmButtonProps extends ButtonProps {
  children: ReactNode;
  confirmTitle: string;
  confirmMessage: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
}

/** A button that asks "are you sure?" before it acts. */
export function ConfirmButton({
  confirmTitle,
  confirmMessage,
  confirmLabel,
  danger,
  onConfirm,
  ...buttonProps
}: ConfirmButtonProps) {
  return (
    <Button
      {...buttonProps}
      onClick={() =>
        openConfirm({
          title: confirmTitle,
          message: confirmMessage,
          confirmLabel,
          danger,
          onConfirm,
        })
      }
    />
  );
}
