import {
  ActionIcon,
  Alert,
  Avatar,
  Button,
  Card,
  Divider,
  Group,
  Select,
  Skeleton,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconShare, IconUserMinus } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { openConfirm } from '../../components/confirm';
import { formatDate } from '../../lib/format';
import { useAddShare, useRemoveShare, useShares, type ShareableType } from './api';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join('');

const NOUN: Record<ShareableType, string> = { lead: 'lead', opportunity: 'opportunity' };

/**
 * Who at the partner sees this lead or opportunity besides the rep working it. Partner reps
 * see only their own records; sharing opens one to a colleague at the same partner.
 */
export function SharePanel({
  subjectType,
  subjectId,
  partnerId,
}: {
  subjectType: ShareableType;
  subjectId: string;
  /** The partner the record is assigned to; sharing needs one. */
  partnerId: string | null;
}) {
  const shares = useShares(subjectType, subjectId);
  const add = useAddShare(subjectType, subjectId);
  const remove = useRemoveShare(subjectType, subjectId);
  const [picked, setPicked] = useState<string | null>(null);
  const noun = NOUN[subjectType];

  const askRemove = (user: { id: string; name: string }) =>
    openConfirm({
      title: `Stop sharing with ${user.name}?`,
      message: `${user.name} will no longer see this ${noun}, its notes, files and tasks — including tasks assigned to them here.`,
      confirmLabel: 'Stop sharing',
      danger: true,
      onConfirm: () =>
        remove.mutate(user.id, {
          onSuccess: () =>
            notifications.show({
              color: 'teal',
              title: 'Sharing stopped',
              message: `${user.name} no longer sees this ${noun}.`,
            }),
        }),
    });

  return (
    <Card withBorder radius="md" padding="md">
      <Group gap="xs" mb="sm">
        <IconShare size={18} stroke={1.6} />
        <Title order={3} size="h5">
          Sharing
        </Title>
      </Group>
      {shares.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading sharing">
          <Skeleton height={32} radius="md" />
          <Skeleton height={32} radius="md" />
        </Stack>
      ) : shares.isError ? (
        <ErrorAlert
          error={shares.error}
          title="Could not load who this is shared with"
          onRetry={() => void shares.refetch()}
        />
      ) : (
        <Stack gap="sm">
          {!partnerId ? (
            <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />}>
              Assign this {noun} to a partner to share it with the partner&apos;s people.
            </Alert>
          ) : (
            <Text size="sm" c="dimmed">
              {shares.data.partnerUser
                ? `${shares.data.partnerUser.name} works this ${noun}; the partner's admins see it too.`
                : `No partner rep works this ${noun} yet; the partner's admins see it.`}
            </Text>
          )}
          {shares.data.data.length === 0 ? (
            partnerId && <Text size="sm">Not shared with anyone else.</Text>
          ) : (
            <Stack
              gap={0}
              component="ul"
              p={0}
              m={0}
              aria-label="Shared with"
              style={{ listStyle: 'none' }}
            >
              {shares.data.data.map((s, i) => (
                <li key={s.user.id}>
                  {i > 0 && <Divider />}
                  <Group gap="sm" py={6} wrap="nowrap">
                    <Avatar size="sm" radius="xl" color="blue">
                      {initials(s.user.name)}
                    </Avatar>
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <Text size="sm" fw={500} truncate>
                        {s.user.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        Shared {formatDate(s.createdAt)}
                        {s.sharedBy ? ` by ${s.sharedBy.name}` : ''}
                      </Text>
                    </div>
                    {shares.data.canManage && (
                      <Tooltip label="Stop sharing" withArrow>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Stop sharing with ${s.user.name}`}
                          onClick={() => askRemove(s.user)}
                        >
                          <IconUserMinus size={18} stroke={1.6} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Group>
                </li>
              ))}
            </Stack>
          )}
          {shares.data.canManage && partnerId && (
            <Group gap="sm" align="flex-end" wrap="nowrap">
              <Select
                style={{ flex: 1 }}
                label="Share with"
                placeholder={
                  shares.data.candidates.length > 0
                    ? 'Pick a colleague'
                    : 'Nobody else to share with'
                }
                data={shares.data.candidates.map((c) => ({ value: c.id, label: c.name }))}
                value={picked}
                onChange={setPicked}
                searchable
                disabled={shares.data.candidates.length === 0}
                nothingFoundMessage="Nobody matches"
              />
              <Button
                disabled={!picked}
                loading={add.isPending}
                onClick={() =>
                  picked &&
                  add.mutate(picked, {
                    onSuccess: () => {
                      setPicked(null);
                      notifications.show({
                        color: 'teal',
                        title: 'Shared',
                        message: `They can now open this ${noun}.`,
                      });
                    },
                  })
                }
              >
                Share
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Card>
  );
}
