import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  DataList,
  Grid,
  Group,
  Table,
  Tabs,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconActivity,
  IconAddressBook,
  IconHistory,
  IconMessages,
  IconLifebuoy,
  IconPencil,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { COMPANY_SIZE_LABELS } from '../../../shared/accounts';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { EditDeleteActions, recordGate } from '../../components/RecordPage';
import { PageHeader } from '../../components/PageHeader';
import { TableSkeleton } from '../../components/TableSkeleton';
import { openConfirm } from '../../components/confirm';
import { formatDateTime } from '../../lib/format';
import { capabilities, useCurrentUser } from '../../lib/session';
import { ActivitiesPanel } from '../activities/ActivitiesPanel';
import { CommentsPanel } from '../comments/CommentsPanel';
import { CaseFormModal } from '../cases/CaseFormModal';
import { CaseRowCells } from '../cases/PartnerCasesTab';
import { useCaseList } from '../cases/api';
import { EventTimeline } from '../history/EventTimeline';
import { AccountFormModal } from './AccountFormModal';
import {
  useAccount,
  useContactList,
  useDeleteAccount,
  useDeleteContact,
  type Account,
  type Contact,
} from './api';
import { ContactFormModal } from './ContactFormModal';

const TABS = ['contacts', 'cases', 'activities', 'comments', 'history'] as const;
type Tab = (typeof TABS)[number];

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{value ?? '—'}</DataList.ItemValue>
    </DataList.Item>
  );
}

/** The managing partner, as a link for those who may open partner pages. */
export function PartnerLink({ partner }: { partner: { id: string; name: string } | null }) {
  const me = useCurrentUser();
  if (!partner)
    return (
      <Text span c="dimmed">
        Direct (no partner)
      </Text>
    );
  return capabilities(me).viewPartners ? (
    <Anchor component={Link} to={`/partners/${partner.id}`}>
      {partner.name}
    </Anchor>
  ) : (
    <Text span>{partner.name}</Text>
  );
}

function ContactsTab({ account }: { account: Account }) {
  const list = useContactList({ accountId: account.id });
  const remove = useDeleteContact();
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const canAdd = account.abilities.addContact;

  const confirmDelete = (c: Contact) =>
    openConfirm({
      title: `Delete ${c.name}?`,
      message: 'Cases that name this person keep their history but lose the contact.',
      confirmLabel: 'Delete contact',
      danger: true,
      onConfirm: () =>
        remove.mutate(c, {
          onSuccess: () =>
            notifications.show({ color: 'teal', title: 'Contact deleted', message: c.name }),
        }),
    });

  const addButton = canAdd ? (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
      New contact
    </Button>
  ) : null;

  return (
    <>
      <Card padding={0}>
        {list.rows.length > 0 && addButton && (
          <Group p="md" justify="flex-end">
            {addButton}
          </Group>
        )}
        {list.isError && !list.data ? (
          <Group p="md">
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          </Group>
        ) : list.rows.length === 0 && !list.isPending ? (
          <EmptyState
            icon={<IconAddressBook size={26} stroke={1.5} />}
            title="No contacts yet"
            description="Add the people you deal with at this customer."
            action={addButton}
          />
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label="Contacts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Job title</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Phone</Table.Th>
                  <Table.Th w={90}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              {list.isPending ? (
                <TableSkeleton columns={5} rows={3} />
              ) : (
                <Table.Tbody>
                  {list.rows.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {c.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{c.jobTitle ?? '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        {c.email ? (
                          <Anchor href={`mailto:${c.email}`} size="sm">
                            {c.email}
                          </Anchor>
                        ) : (
                          <Text size="sm">—</Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{c.phone ?? '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          {c.abilities.update && (
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              aria-label={`Edit ${c.name}`}
                              onClick={() => setEditing(c)}
                            >
                              <IconPencil size={16} />
                            </ActionIcon>
                          )}
                          {c.abilities.delete && (
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={`Delete ${c.name}`}
                              onClick={() => confirmDelete(c)}
                            >
                              <IconTrash size={16} />
                            </ActionIcon>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              )}
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <LoadMore
        shown={list.rows.length}
        hasNextPage={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
        noun="contact"
        error={list.isFetchNextPageError ? list.error : undefined}
      />
      <ContactFormModal
        key={editing === null ? 'closed' : editing === 'new' ? 'new' : editing.id}
        accountId={account.id}
        contact={editing && editing !== 'new' ? editing : undefined}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
    </>
  );
}

function CasesTab({ account }: { account: Account }) {
  const list = useCaseList({ accountId: account.id }, '-updatedAt');
  const [newOpen, newModal] = useDisclosure(false);
  const newButton = account.abilities.addCase ? (
    <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
      New case
    </Button>
  ) : null;
  return (
    <>
      <Card padding={0}>
        {list.rows.length > 0 && newButton && (
          <Group p="md" justify="flex-end">
            {newButton}
          </Group>
        )}
        {list.isError && !list.data ? (
          <Group p="md">
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          </Group>
        ) : list.rows.length === 0 && !list.isPending ? (
          <EmptyState
            icon={<IconLifebuoy size={26} stroke={1.5} />}
            title="No cases"
            description="Support cases for this customer will appear here."
            action={newButton}
          />
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label="Cases">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={130}>Number</Table.Th>
                  <Table.Th>Subject</Table.Th>
                  <Table.Th w={110}>Status</Table.Th>
                  <Table.Th w={100}>Priority</Table.Th>
                  <Table.Th w={130}>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              {list.isPending ? (
                <TableSkeleton columns={5} rows={3} />
              ) : (
                <Table.Tbody>
                  {list.rows.map((c) => (
                    <Table.Tr key={c.id}>
                      <CaseRowCells c={c} showAccount={false} />
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              )}
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <LoadMore
        shown={list.rows.length}
        hasNextPage={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
        noun="case"
        error={list.isFetchNextPageError ? list.error : undefined}
      />
      <CaseFormModal
        opened={newOpen}
        onClose={newModal.close}
        account={{ value: account.id, label: account.name }}
        partner={
          account.managedByPartner
            ? { value: account.managedByPartner.id, label: account.managedByPartner.name }
            : undefined
        }
      />
    </>
  );
}

export function AccountDetailPage() {
  const { accountId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const tabParam = params.get('tab');
  const tab: Tab = TABS.includes(tabParam as Tab) ? (tabParam as Tab) : 'contacts';
  const account = useAccount(accountId);
  const remove = useDeleteAccount();
  const [editOpen, editModal] = useDisclosure(false);
  const crumbs = [{ label: 'Accounts', to: '/accounts' }];

  const gate = recordGate(account, crumbs, 'Account');
  if (gate.view) return gate.view;
  const a = gate.data;
  const confirmDelete = () =>
    openConfirm({
      title: `Delete ${a.name}?`,
      message:
        a.contactCount > 0 || a.openCaseCount > 0
          ? 'This account still has contacts or cases. Delete those first; the account cannot be deleted while anything refers to it.'
          : 'The account is removed for everyone. Its history stays in the audit log.',
      confirmLabel: 'Delete account',
      danger: true,
      onConfirm: () =>
        remove.mutate(a.id, {
          onSuccess: () => {
            notifications.show({ color: 'teal', title: 'Account deleted', message: a.name });
            void navigate('/accounts');
          },
        }),
    });

  return (
    <>
      <PageHeader
        breadcrumbs={crumbs}
        title={a.name}
        description={
          <>
            Managed by <PartnerLink partner={a.managedByPartner} />
          </>
        }
        actions={
          <EditDeleteActions
            abilities={a.abilities}
            onEdit={editModal.open}
            onDelete={confirmDelete}
            deleting={remove.isPending}
          />
        }
      />

      <Grid gap="lg" mb="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card padding="lg">
            <DataList labelWidth={160}>
              <Field
                label="Domain"
                value={
                  a.domain ? (
                    <Anchor href={`https://${a.domain}`} target="_blank" rel="noreferrer noopener">
                      {a.domain}
                    </Anchor>
                  ) : null
                }
              />
              <Field label="Industry" value={a.industry} />
              <Field
                label="Company size"
                value={a.companySize ? COMPANY_SIZE_LABELS[a.companySize] : null}
              />
              <Field label="Country" value={a.countryCode} />
            </DataList>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card padding="lg">
            <DataList labelWidth={150}>
              <Field
                label="Managing partner"
                value={<PartnerLink partner={a.managedByPartner} />}
              />
              <Field label="Partner contact" value={a.partnerUser?.name} />
              <Field label="Owner" value={a.owner?.name} />
              <Field label="Created" value={formatDateTime(a.createdAt)} />
            </DataList>
          </Card>
        </Grid.Col>
      </Grid>

      <Tabs
        value={tab}
        onChange={(v) => setParams(v && v !== 'contacts' ? { tab: v } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="contacts" leftSection={<IconAddressBook size={16} />}>
            Contacts ({a.contactCount})
          </Tabs.Tab>
          <Tabs.Tab value="cases" leftSection={<IconLifebuoy size={16} />}>
            Cases ({a.openCaseCount} open)
          </Tabs.Tab>
          <Tabs.Tab value="activities" leftSection={<IconActivity size={16} />}>
            Activities
          </Tabs.Tab>
          <Tabs.Tab value="comments" leftSection={<IconMessages size={16} />}>
            Comments
          </Tabs.Tab>
          <Tabs.Tab value="history" leftSection={<IconHistory size={16} />}>
            History
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="contacts">
          <ContactsTab account={a} />
        </Tabs.Panel>
        <Tabs.Panel value="cases">
          <CasesTab account={a} />
        </Tabs.Panel>
        <Tabs.Panel value="activities">
          <ActivitiesPanel subjectType="account" subjectId={a.id} />
        </Tabs.Panel>
        <Tabs.Panel value="comments">
          <CommentsPanel subjectType="account" subjectId={a.id} />
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <Card padding="lg">
            <EventTimeline subjectType="account" subjectId={a.id} />
          </Card>
        </Tabs.Panel>
      </Tabs>

      <AccountFormModal opened={editOpen} onClose={editModal.close} account={a} />
    </>
  );
}
