import { Button, Group, Modal, Text } from '@mantine/core';

interface ConflictModalProps {
  opened: boolean;
  what: string;
  reloading: boolean;
  onReload: () => void;
  onKeepEditing: () => void;
}

/** A save lost the race with someone else's; let the user decide, never overwrite silently. */
export function ConflictModal({
  opened,
  what,
  reloading,
  onReload,
  onKeepEditing,
}: ConflictModalProps) {
  return (
    <Modal opened={opened} onClose={onKeepEditing} title="This record changed" size="md">
      <Text size="sm">Someone else changed this {what}. Reload to see their changes?</Text>
      <Text size="sm" c="dimmed" mt="xs">
        Reloading replaces your unsaved edits with the latest version. If you keep editing, note
        your changes before reloading — saving will not overwrite theirs.
      </Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onKeepEditing}>
          Keep my edits
        </Button>
        <Button onClick={onReload} loading={reloading} data-autofocus>
          Reload
        </Button>
      </Group>
    </Modal>
  );
}
