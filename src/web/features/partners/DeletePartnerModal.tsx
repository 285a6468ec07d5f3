import {
  Alert,
  Button,
  Divider,
  Group,
  List,
  Modal,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconArchive,
  IconBan,
  IconCheck,
  IconTrash,
  IconUserOff,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { DeleteImpact } from '../../../shared/partners';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormError } from '../../components/FormError';
import type { Partner } from '../../lib/types';
import { useArchivePartner, useDeleteImpact, useDeletePartnerPermanently } from './api';

const IMPACT_ROWS: { key: keyof DeleteImpact; one: string; many: string }[] = [
  { key: 'consultants', one: 'consultant', many: 'consultants' },
  { key: 'accounts', one: 'managed account', many: 'managed accounts' },
  { key: 'cases', one: 'case', many: 'cases' },
  { key: 'leads', one: 'lead', many: 'leads' },
  { key: 'opportunities', one: 'opportunity', many: 'opportunities' },
  { key: 'activities', one: 'sales activity', many: 'sales activities' },
  { key: 'comments', one: 'comment', many: 'comments' },
  {
    key: 'financialRecords',
    one: 'financial record (orders, invoices, commissions)',
    many: 'financial records (orders, invoices, commissions)',
  },
];

interface DeletePartnerModalProps {
  partner: Partner;
  opened: boolean;
  onClose: () => void;
}

/**
 * Deleting a partner first shows what hangs off it. The default is archiving, which is
 * reversible; permanent deletion is only offered for an archived partner with nothing that must
 * be kept, and asks for the company name to be typed.
 */
export function DeletePartnerModal({ partner, opened, onClose }: DeletePartnerModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Delete ${partner.companyName}`} size="lg">
      {opened && <DeleteBody partner={partner} onClose={onClose} />}
    </Modal>
  );
}

function DeleteBody({ partner, onClose }: { partner: Partner; onClose: () => void }) {
  const navigate = useNavigate();
  const impact = useDeleteImpact(partner.id, true);
  const archive = useArchivePartner(partner.id);
  const destroy = useDeletePartnerPermanently(partner.id);
  const [typed, setTyped] = useState('');

  if (impact.isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Checking what this affects">
        <Skeleton height={16} width="60%" />
        <Skeleton height={90} />
        <Skeleton height={16} width="80%" />
      </Stack>
    );
  }
  if (impact.isError) {
    return (
      <ErrorAlert
        error={impact.error}
        title="Could not check what this affects"
        onRetry={() => void impact.refetch()}
      />
    );
  }

  const i = impact.data;
  const affected = IMPACT_ROWS.filter((r) => (i[r.key] as number) > 0);
  const nameMatches = typed.trim() === partner.companyName;

  const onArchive = () =>
    archive.mutate(undefined, {
      onSuccess: () => {
        notifications.show({
          color: 'teal',
          title: 'Partner archived',
          message: `${partner.companyName} was archived. You can restore it from its page.`,
        });
        onClose();
      },
    });

  const onDelete = () =>
    destroy.mutate(undefined, {
      onSuccess: () => {
        notifications.show({
          color: 'teal',
          title: 'Partner deleted',
          message: `${partner.companyName} was deleted permanently.`,
        });
        onClose();
        void navigate('/partners', { replace: true });
      },
    });

  return (
    <Stack gap="md">
      <div>
        <Text size="sm" fw={600} mb={6}>
          What is attached to this partner
        </Text>
        {affected.length === 0 && i.partnerUsers === 0 ? (
          <Group gap="xs">
            <ThemeIcon size={22} radius="xl" color="teal" variant="light">
              <IconCheck size={14} />
            </ThemeIcon>
            <Text size="sm">
              Nothing else is attached: no consultants, accounts, cases or deals.
            </Text>
          </Group>
        ) : (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={6} verticalSpacing={6} role="list">
            {affected.map((r) => {
              const n = i[r.key] as number;
              return (
                <Group key={r.key} gap={8} wrap="nowrap" role="listitem">
                  <Text fw={700} size="sm" w={36} ta="right">
                    {n.toLocaleString()}
                  </Text>
                  <Text size="sm">{n === 1 ? r.one : r.many}</Text>
                </Group>
              );
            })}
          </SimpleGrid>
        )}
      </div>

      {i.partnerUsers > 0 && !i.archived && (
        <Alert color="red" variant="light" icon={<IconUserOff size={18} />}>
          <Text size="sm">
            <strong>
              {i.partnerUsers === 1
                ? '1 partner user loses access at once.'
                : `${i.partnerUsers.toLocaleString()} partner users lose access at once.`}
            </strong>{' '}
            They can log in again once the partner is restored.
          </Text>
        </Alert>
      )}

      {!i.archived && (
        <>
          <Alert color="gray" variant="light" icon={<IconArchive size={18} />} title="Archive">
            <Text size="sm">
              Archiving hides {partner.companyName} from the partner list and keeps everything above
              untouched. It is reversible: open the partner and choose <strong>Restore</strong>.
            </Text>
          </Alert>
          <FormError error={archive.error} shownFields={[]} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus>
              Cancel
            </Button>
            <Button
              color="red"
              leftSection={<IconArchive size={16} />}
              onClick={onArchive}
              loading={archive.isPending}
              disabled={!i.canArchive}
            >
              Archive partner
            </Button>
          </Group>
          {!i.canArchive && (
            <Text size="xs" c="dimmed" ta="right">
              You are not allowed to archive this partner.
            </Text>
          )}
        </>
      )}

      {i.archived && (
        <>
          <Divider label="Delete permanently" labelPosition="left" />
          {i.blockers.length > 0 && (
            <Alert
              color="yellow"
              variant="light"
              icon={<IconBan size={18} />}
              title="This partner cannot be deleted permanently"
            >
              <List size="sm">
                {i.blockers.map((b) => (
                  <List.Item key={b}>{b}</List.Item>
                ))}
              </List>
              <Text size="sm" mt="xs">
                It stays archived, which keeps these records intact.
              </Text>
            </Alert>
          )}
          {i.canDeletePermanently ? (
            <>
              <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
                <Text size="sm">
                  This removes {partner.companyName} and everything listed above for good. It cannot
                  be undone.
                </Text>
              </Alert>
              <TextInput
                label={`Type “${partner.companyName}” to confirm`}
                value={typed}
                onChange={(e) => setTyped(e.currentTarget.value)}
                autoComplete="off"
              />
              <FormError error={destroy.error} shownFields={[]} />
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose} data-autofocus>
                  Cancel
                </Button>
                <Button
                  color="red"
                  leftSection={<IconTrash size={16} />}
                  disabled={!nameMatches}
                  onClick={onDelete}
                  loading={destroy.isPending}
                >
                  Delete permanently
                </Button>
              </Group>
            </>
          ) : (
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Close
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
