import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

interface ConflictModalProps {
  opened: boolean;
  /** "partner", "level": what the user was editing. */
  what: string;
  /** Labels of the fields the user changed, kept across the reload. */
  yourChanges: string[];
  reloading: boolean;
  onReload: () => void;
  onKeepEditing: () => void;
}

/**
 * A save lost the race with someone else's. Never overwrite silently: load their version and put
 * the user's own edits back on top, so they can review both and save again.
 */
export function ConflictModal({
  opened,
  what,
  yourChanges,
  reloading,
  onReload,
  onKeepEditing,
}: ConflictModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onKeepEditing}
      title={`Someone else changed this ${what}`}
      size="md"
    >
      <Stack gap="sm">
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <IconAlertTriangle size={20} color="var(--mantine-color-yellow-7)" aria-hidden />
          <Text size="sm">
            Your changes were not saved, because this {what} was updated after you opened it.
            Nothing of theirs or yours has been lost.
          </Text>
        </Group>
        {yourChanges.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              Your changes, kept to apply again:
            </Text>
            <List size="sm" mt={4}>
              {yourChanges.map((c) => (
                <List.Item key={c}>{c}</List.Item>
              ))}
            </List>
          </div>
        )}
        <Text size="sm" c="dimmed">
          “Load their version” shows the latest saved {what} with your changes on top. Check the
          result, then save again.
        </Text>
      </Stack>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onKeepEditing}>
          Back to my edits
        </Button>
        <Button onClick={onReload} loading={reloading} data-autofocus>
          Load their version
        </Button>
      </Group>
    </Modal>
  );
}
