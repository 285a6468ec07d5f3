import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Text,
  TextInput,
  Tooltip,
  ActionIcon,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/FormError';
import { fieldError } from '../../lib/forms';
import type { CreatedApiToken } from '../../lib/types';
import { useCreateToken } from './api';

const SHOWN_FIELDS = ['name', 'expiresAt'] as const;

function TokenSecret({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  return (
    <Stack>
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
        Copy this token now and keep it somewhere safe. You will not see it again.
      </Alert>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {token.name}
        </Text>
        <Group gap="xs" wrap="nowrap" align="center">
          <Code
            block
            style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
            data-testid="new-token-value"
          >
            {token.token}
          </Code>
          <CopyButton value={token.token} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
                <ActionIcon
                  variant={copied ? 'filled' : 'light'}
                  color={copied ? 'teal' : undefined}
                  size="lg"
                  onClick={copy}
                  aria-label="Copy token"
                >
                  {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Text size="xs" c="dimmed">
          Send it as <Code>Authorization: Bearer …</Code> with each API request.
        </Text>
      </Stack>
      <Group justify="flex-end">
        <Button onClick={onDone}>I have copied it</Button>
      </Group>
    </Stack>
  );
}

export function NewTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const tomorrow = dayjs().add(1, 'day').format('YYYY-MM-DD');

  const created = create.data;
  const close = () => {
    onClose();
    setName('');
    setExpires('');
    setSubmitted(false);
    create.reset();
  };

  const expiryProblem =
    expires && !dayjs(expires).isValid()
      ? 'Enter a valid date'
      : expires && expires < tomorrow
        ? 'Choose a date in the future'
        : undefined;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!name.trim() || expiryProblem) return;
    create.mutate({
      name: name.trim(),
      // The token stays valid through the whole chosen day, in the user's time zone.
      ...(expires ? { expiresAt: dayjs(expires).endOf('day').toISOString() } : {}),
    });
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Your new API token' : 'New API token'}
      size="lg"
      // Closing by accident would lose the only chance to copy the token.
      closeOnClickOutside={!created}
      closeOnEscape={!created}
    >
      {created ? (
        <TokenSecret token={created} onDone={close} />
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              A token lets a script or integration use the Conduit API as you, with your
              permissions.
            </Text>
            <FormError error={create.error} shownFields={SHOWN_FIELDS} />
            <TextInput
              label="Name"
              description="What it is for, so you recognise it later"
              placeholder="e.g. CRM sync"
              required
              data-autofocus
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={
                fieldError(create.error, 'name') ??
                (submitted && !name.trim() ? 'Give the token a name' : undefined)
              }
            />
            <TextInput
              label="Expires on"
              description="Optional. Leave empty for a token that does not expire."
              type="date"
              min={tomorrow}
              value={expires}
              onChange={(e) => setExpires(e.currentTarget.value)}
              error={
                fieldError(create.error, 'expiresAt') ?? (submitted ? expiryProblem : undefined)
              }
              styles={{ wrapper: { maxWidth: 220 } }}
            />
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
