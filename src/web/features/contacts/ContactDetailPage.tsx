import { Anchor, Card, DataList, Grid, Tabs } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconActivity, IconHistory, IconMessages } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { EditDeleteActions, recordGate } from '../../components/RecordPage';
import { PageHeader } from '../../components/PageHeader';
import { openConfirm } from '../../components/confirm';
import { formatDateTime } from '../../lib/format';
import { ActivitiesPanel } from '../activities/ActivitiesPanel';
import { CommentsPanel } from '../comments/CommentsPanel';
import { EventTimeline } from '../history/EventTimeline';
import { contactKeys, useDeleteContact } from '../accounts/api';
import { ContactFormModal } from '../accounts/ContactFormModal';
import { useContact } from './api';

const TABS = ['activities', 'comments', 'history'] as const;
type Tab = (typeof TABS)[number];

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{value ?? '—'}</DataList.ItemValue>
    </DataList.Item>
  );
}

export function ContactDetailPage() {
  const { contactId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const tabParam = params.get('tab');
  const tab: Tab = TABS.includes(tabParam as Tab) ? (tabParam as Tab) : 'activities';
  const contact = useContact(contactId);
  const remove = useDeleteContact();
  const [editOpen, editModal] = useDisclosure(false);
  const crumbs = [{ label: 'Contacts', to: '/contacts' }];

  const gate = recordGate(contact, crumbs, 'Contact');
  if (gate.view) return gate.view;
  const c = gate.data;
  const accountLink = (
    <Anchor component={Link} to={`/accounts/${c.account.id}`}>
      {c.account.name}
    </Anchor>
  );
  const confirmDelete = () =>
    openConfirm({
      title: `Delete ${c.name}?`,
      message:
        'The contact is removed for everyone. Cases that name this person keep their history but lose the contact.',
      confirmLabel: 'Delete contact',
      danger: true,
      onConfirm: () =>
        remove.mutate(c, {
          onSuccess: () => {
            notifications.show({ color: 'teal', title: 'Contact deleted', message: c.name });
            void navigate('/contacts');
            queryClient.removeQueries({ queryKey: contactKeys.detail(c.id) });
          },
        }),
    });

  return (
    <>
      <PageHeader
        breadcrumbs={crumbs}
        title={c.name}
        description={
          <>
            {c.jobTitle ? `${c.jobTitle} at ` : 'At '}
            {accountLink}
          </>
        }
        actions={
          <EditDeleteActions
            abilities={c.abilities}
            onEdit={editModal.open}
            onDelete={confirmDelete}
            deleting={remove.isPending}
          />
        }
      />

      <Grid gap="lg" mb="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card padding="lg">
            <DataList labelWidth={140}>
              <Field
                label="Email"
                value={c.email ? <Anchor href={`mailto:${c.email}`}>{c.email}</Anchor> : null}
              />
              <Field
                label="Phone"
                value={c.phone ? <Anchor href={`tel:${c.phone}`}>{c.phone}</Anchor> : null}
              />
              <Field label="Job title" value={c.jobTitle} />
            </DataList>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card padding="lg">
            <DataList labelWidth={140}>
              <Field label="Account" value={accountLink} />
              <Field label="Owner" value={c.owner?.name} />
              <Field label="Created" value={formatDateTime(c.createdAt)} />
            </DataList>
          </Card>
        </Grid.Col>
      </Grid>

      <Tabs
        value={tab}
        onChange={(v) => setParams(v && v !== 'activities' ? { tab: v } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
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
        <Tabs.Panel value="activities">
          <ActivitiesPanel subjectType="contact" subjectId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="comments">
          <CommentsPanel subjectType="contact" subjectId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <Card padding="lg">
            <EventTimeline subjectType="contact" subjectId={c.id} />
          </Card>
        </Tabs.Panel>
      </Tabs>

      <ContactFormModal
        opened={editOpen}
        onClose={editModal.close}
        accountId={c.accountId}
        contact={c}
      />
    </>
  );
}
