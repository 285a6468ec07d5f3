import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Collapse,
  Group,
  Menu,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconDots,
  IconEye,
  IconEyeOff,
  IconKey,
  IconPencil,
  IconRestore,
  IconSearch,
  IconUserPlus,
  IconUserQuestion,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormError } from '../../components/FormError';
import { LoadMore } from '../../components/LoadMore';
import { SearchInput } from '../../components/SearchInput';
import { TableSkeleton } from '../../components/TableSkeleton';
import { openConfirm } from '../../components/confirm';
import { formatDate, roleLabel } from '../../lib/format';
import { fieldError } from '../../lib/forms';
import { capabilities, useCurrentUser } from '../../lib/session';
import {
  useArchiveConsultant,
  useConsultantList,
  useConsultantLookup,
  useGrantPortalAccess,
  useRestoreConsultant,
  useUpdateConsultant,
  type Consultant,
  type LookupMatch,
  type PortalRole,
} from './api';
import { ConsultantFormModal, PORTAL_ROLE_OPTIONS } from './ConsultantFormModal';

type Show = 'listed' | 'hidden' | 'archived';

/** A partner's people with their contact details, and the tools to look after them. */
export function ConsultantsTab({
  partnerId,
  canEdit,
  actions,
}: {
  partnerId: string;
  canEdit: boolean;
  /** More buttons beside "Add consultant" (e.g. Import on the portal's own list). */
  actions?: ReactNode;
}) {
  const user = useCurrentUser();
  const canLookup = !capabilities(user).partnerUser || user.role === 'partner_admin';
  const [q, setQ] = useState('');
  const [show, setShow] = useState<Show>('listed');
  const [editing, setEditing] = useState<Consultant | null>(null);
  const [creating, creator] = useDisclosure(false);
  const [granting, setGranting] = useState<Consultant | null>(null);
  const [lookupOpen, lookup] = useDisclosure(false);

  const list = useConsultantList({
    partnerId,
    q,
    visible: show === 'listed' ? 'true' : show === 'hidden' ? 'false' : undefined,
    archived: show === 'archived' ? 'only' : '',
  });
  const archive = useArchiveConsultant();
  const restore = useRestoreConsultant();
  const update = useUpdateConsultant({ errorTitle: 'The consultant was not changed' });

  const confirmArchive = (c: Consultant) =>
    openConfirm({
      title: 'Archive consultant',
      message: `Archive ${c.name}? They leave the partner's list but keep their history, and can be restored.${
        c.portalUser?.active ? ' Their portal login stays active; deactivate it under Users.' : ''
      }`,
      confirmLabel: 'Archive',
      danger: true,
      onConfirm: () =>
        archive.mutate(c, {
          onSuccess: () =>
            notifications.show({ color: 'teal', title: 'Consultant archived', message: c.name }),
        }),
    });

  const filtered = q !== '' || show !== 'listed';
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Group wrap="wrap">
          <SearchInput
            aria-label="Search consultants"
            placeholder="Search name, email, job title"
            value={q}
            onChange={setQ}
            w={280}
          />
          {canEdit && (
            <SegmentedControl
              aria-label="Which consultants"
              value={show}
              onChange={(v) => setShow(v)}
              data={[
                { value: 'listed', label: 'Listed' },
                { value: 'hidden', label: 'Hidden' },
                { value: 'archived', label: 'Archived' },
              ]}
            />
          )}
        </Group>
        <Group>
          {canLookup && (
            <Button
              variant="subtle"
              leftSection={<IconUserQuestion size={16} />}
              onClick={lookup.toggle}
              aria-expanded={lookupOpen}
            >
              Can&apos;t find someone?
            </Button>
          )}
          {actions}
          {canEdit && (
            <Button leftSection={<IconUserPlus size={16} />} onClick={creator.open}>
              Add consultant
            </Button>
          )}
        </Group>
      </Group>

      {canLookup && (
        <Collapse expanded={lookupOpen}>
          <LookupPanel partnerId={partnerId} />
        </Collapse>
      )}

      {list.isError && list.rows.length === 0 ? (
        <ErrorAlert
          error={list.error}
          title="Could not load consultants"
          onRetry={() => void list.refetch()}
        />
      ) : !list.isPending && list.rows.length === 0 ? (
        <EmptyState
          title={filtered ? 'No consultants match' : 'No consultants yet'}
          description={
            filtered
              ? 'Try another search, or look them up with “Can’t find someone?”.'
              : 'People who work at this partner appear here with their contact details.'
          }
          action={
            canEdit && !filtered ? (
              <Button leftSection={<IconUserPlus size={16} />} onClick={creator.open}>
                Add consultant
              </Button>
            ) : undefined
          }
        />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" highlightOnHover aria-label="Consultants">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Job title</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Mobile</Table.Th>
                <Table.Th>Portal</Table.Th>
                {canEdit && (
                  <Table.Th w={48}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            {list.isPending ? (
              <TableSkeleton columns={canEdit ? 7 : 6} />
            ) : (
              <Table.Tbody>
                {list.rows.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {c.name}
                      </Text>
                      <Group gap={4} mt={2}>
                        {!c.visible && (
                          <Badge size="xs" variant="light" color="gray">
                            Hidden
                          </Badge>
                        )}
                        {c.archivedAt && (
                          <Badge size="xs" variant="light" color="orange">
                            Archived {formatDate(c.archivedAt)}
                          </Badge>
                        )}
                        {c.tags.map((t) => (
                          <Badge key={t} size="xs" variant="outline">
                            {t}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>{c.jobTitle ?? '—'}</Table.Td>
                    <Table.Td>
                      <Anchor href={`mailto:${c.email}`} size="sm">
                        {c.email}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {c.phone ? (
                        <Anchor href={`tel:${c.phone}`} size="sm">
                          {c.phone}
                        </Anchor>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>
                      {c.mobile ? (
                        <Anchor href={`tel:${c.mobile}`} size="sm">
                          {c.mobile}
                        </Anchor>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>
                      <PortalBadge c={c} />
                    </Table.Td>
                    {canEdit && (
                      <Table.Td>
                        <RowActions
                          c={c}
                          onEdit={() => setEditing(c)}
                          onGrant={() => setGranting(c)}
                          onArchive={() => confirmArchive(c)}
                          onRestore={() =>
                            restore.mutate(c, {
                              onSuccess: () =>
                                notifications.show({
                                  color: 'teal',
                                  title: 'Consultant restored',
                                  message: c.name,
                                }),
                            })
                          }
                          onToggleVisible={() =>
                            update.mutate({ id: c.id, version: c.version, visible: !c.visible })
                          }
                        />
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore
        shown={list.rows.length}
        hasNextPage={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
        noun="consultant"
        error={list.isFetchNextPageError ? list.error : undefined}
      />

      {canEdit && (
        <>
          <ConsultantFormModal partnerId={partnerId} opened={creating} onClose={creator.close} />
          <ConsultantFormModal
            partnerId={partnerId}
            opened={editing !== null}
            onClose={() => setEditing(null)}
            consultant={editing}
          />
          <PortalAccessModal consultant={granting} onClose={() => setGranting(null)} />
        </>
      )}
    </Stack>
  );
}

/** The portal role in a word: the column is narrow, and "Portal" already says where it applies. */
const SHORT_PORTAL_ROLE: Record<PortalRole, string> = {
  partner_admin: 'Admin',
  partner_rep: 'Rep',
};

function PortalBadge({ c }: { c: Consultant }) {
  if (!c.portalUser) {
    return (
      <Text size="sm" c="dimmed">
        No access
      </Text>
    );
  }
  const { role, active } = c.portalUser;
  const full = roleLabel(role);
  const short = (SHORT_PORTAL_ROLE as Record<string, string>)[role] ?? full;
  const description = active
    ? `Portal access as ${full}`
    : `Portal login deactivated (was ${full})`;
  return (
    <Tooltip label={description} withArrow>
      <Badge
        variant="light"
        color={active ? 'teal' : 'gray'}
        tt="none"
        leftSection={<IconKey size={12} aria-hidden />}
      >
        {/* Screen readers get the whole sentence; the tooltip only reaches a mouse. */}
        <span aria-hidden>{active ? short : 'Deactivated'}</span>
        <VisuallyHidden>{description}</VisuallyHidden>
      </Badge>
    </Tooltip>
  );
}

function RowActions({
  c,
  onEdit,
  onGrant,
  onArchive,
  onRestore,
  onToggleVisible,
}: {
  c: Consultant;
  onEdit: () => void;
  onGrant: () => void;
  onArchive: () => void;
  onRestore: () => void;
  onToggleVisible: () => void;
}) {
  const a = c.abilities;
  if (!a.update && !a.archive && !a.restore && !a.grantPortalAccess) return null;
  return (
    <Menu position="bottom-end" shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${c.name}`}>
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {a.update && (
          <Menu.Item leftSection={<IconPencil size={14} />} onClick={onEdit}>
            Edit
          </Menu.Item>
        )}
        {a.grantPortalAccess && (
          <Menu.Item leftSection={<IconKey size={14} />} onClick={onGrant}>
            Give portal access
          </Menu.Item>
        )}
        {a.update && (
          <Menu.Item
            leftSection={c.visible ? <IconEyeOff size={14} /> : <IconEye size={14} />}
            onClick={onToggleVisible}
          >
            {c.visible ? "Hide from partner's list" : 'Show in list'}
          </Menu.Item>
        )}
        {a.restore && (
          <Menu.Item leftSection={<IconRestore size={14} />} onClick={onRestore}>
            Restore
          </Menu.Item>
        )}
        {a.archive && (
          <Menu.Item color="red" leftSection={<IconArchive size={14} />} onClick={onArchive}>
            Archive…
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

function PortalAccessModal({
  consultant,
  onClose,
}: {
  consultant: Consultant | null;
  onClose: () => void;
}) {
  const grant = useGrantPortalAccess();
  const [role, setRole] = useState<PortalRole>('partner_rep');
  const close = () => {
    grant.reset();
    setRole('partner_rep');
    onClose();
  };
  return (
    <Modal opened={consultant !== null} onClose={close} title="Give portal access">
      {consultant && (
        <Stack>
          <Text size="sm">
            {consultant.name} gets a portal login for {consultant.partner.name}, and an invitation
            to choose a password goes to <strong>{consultant.email}</strong>.
          </Text>
          <FormError error={grant.error} shownFields={['role']} />
          {fieldError(grant.error, 'email') && (
            <Text size="sm" c="red" role="alert">
              Another login already uses {consultant.email}. Change the consultant’s email first.
            </Text>
          )}
          <Select
            label="Portal role"
            data={PORTAL_ROLE_OPTIONS}
            value={role}
            onChange={(v) => setRole(v === 'partner_admin' ? 'partner_admin' : 'partner_rep')}
            allowDeselect={false}
            error={fieldError(grant.error, 'role')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              loading={grant.isPending}
              onClick={() =>
                grant.mutate(
                  { id: consultant.id, role },
                  {
                    onSuccess: (c) => {
                      notifications.show({
                        color: 'teal',
                        title: 'Portal access given',
                        message: `An invitation is on its way to ${c.email}.`,
                      });
                      close();
                    },
                  },
                )
              }
            >
              Give access and invite
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

const FIX_LABELS = {
  move: 'Move to this partner',
  restore: 'Restore',
  show: 'Show in list',
} as const;

function reasonText(m: LookupMatch): string {
  switch (m.reason) {
    case 'other_partner':
      return `Tagged to ${m.taggedTo.name}, not to this partner.`;
    case 'archived':
      return `Archived${m.consultant.archivedAt ? ` on ${formatDate(m.consultant.archivedAt)}` : ''}.`;
    case 'hidden':
      return "Hidden: “Visible in partner's list” is switched off.";
    default:
      return 'Already in this list.';
  }
}

/** Explains why a person who exists is missing from this partner's list, with a one-click fix. */
function LookupPanel({ partnerId }: { partnerId: string }) {
  const [q, setQ] = useState('');
  const result = useConsultantLookup(partnerId, q);
  const update = useUpdateConsultant({ errorTitle: 'That did not fix it' });
  const restore = useRestoreConsultant();

  const applyFix = (m: LookupMatch) => {
    const c = m.consultant;
    const done = () =>
      notifications.show({
        color: 'teal',
        title: 'Fixed',
        message:
          m.fix === 'move'
            ? `${c.name} is now tagged to this partner.`
            : m.fix === 'restore'
              ? `${c.name} was restored.`
              : `${c.name} is shown in the list again.`,
      });
    if (m.fix === 'move') {
      update.mutate({ id: c.id, version: c.version, partnerId }, { onSuccess: done });
    } else if (m.fix === 'show') {
      update.mutate({ id: c.id, version: c.version, visible: true }, { onSuccess: done });
    } else if (m.fix === 'restore') {
      restore.mutate(c, { onSuccess: done });
    }
  };

  const confirmMove = (m: LookupMatch) =>
    openConfirm({
      title: 'Move consultant',
      message: `Move ${m.consultant.name} from ${m.taggedTo.name} to this partner? They leave ${m.taggedTo.name}'s list.`,
      confirmLabel: 'Move',
      onConfirm: () => applyFix(m),
    });

  const matches = result.data ?? [];
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Text size="sm">
          Someone who exists in Conduit may be missing here because they are tagged to another
          partner, hidden, or archived. Search by name or email to find out.
        </Text>
        <SearchInput
          aria-label="Look up a person by name or email"
          placeholder="Name or email"
          value={q}
          onChange={setQ}
          leftSection={<IconSearch size={16} />}
        />
        {q.length >= 2 && result.isError && (
          <ErrorAlert error={result.error} title="The lookup failed" />
        )}
        {q.length >= 2 && result.isSuccess && matches.length === 0 && (
          <Text size="sm" c="dimmed">
            Nobody called “{q}” exists in Conduit. Add them with “Add consultant”.
          </Text>
        )}
        {matches.length > 0 && q.length >= 2 && (
          <Stack gap="xs" aria-label="Lookup results" role="list">
            {matches.map((m) => (
              <Alert
                key={m.consultant.id}
                role="listitem"
                color={m.listed ? 'teal' : 'yellow'}
                variant="light"
                p="sm"
              >
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div>
                    <Text size="sm" fw={600}>
                      {m.consultant.name}{' '}
                      <Text span size="sm" c="dimmed" fw={400}>
                        {m.consultant.email}
                      </Text>
                    </Text>
                    <Text size="sm">{reasonText(m)}</Text>
                    {m.fix && !m.canFix && m.fixBlockedBy && (
                      <Text size="xs" c="dimmed">
                        {m.fixBlockedBy}
                      </Text>
                    )}
                    {m.reasons.length > 1 && (
                      <Text size="xs" c="dimmed">
                        Also{' '}
                        {m.reasons
                          .slice(1)
                          .map((r) => r.replace('_', ' '))
                          .join(' and ')}
                        ; fix one step at a time.
                      </Text>
                    )}
                  </div>
                  {m.fix && m.canFix && (
                    <Button
                      size="xs"
                      loading={update.isPending || restore.isPending}
                      onClick={() => (m.fix === 'move' ? confirmMove(m) : applyFix(m))}
                    >
                      {FIX_LABELS[m.fix]}
                    </Button>
                  )}
                </Group>
              </Alert>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
