import { Anchor, Badge, Card, Group, Table, Tabs, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconInbox } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { APPLICATION_STATUS_LABELS, APPLICATION_STATUSES } from '../../../shared/applications';
import { countryName } from '../../../shared/countries';
import { PARTNER_TYPE_LABELS } from '../../../shared/partners';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { SearchInput } from '../../components/SearchInput';
import { TableSkeleton } from '../../components/TableSkeleton';
import { ApplicationDrawer } from './ApplicationDrawer';
import {
  useApplicationCounts,
  useApplicationList,
  type Application,
  type ApplicationStatus,
} from './api';

const isStatus = (v: string | null): v is ApplicationStatus =>
  (APPLICATION_STATUSES as readonly string[]).includes(v ?? '');

const EMPTY_TEXT: Record<ApplicationStatus, { title: string; description: string }> = {
  pending: {
    title: 'No applications waiting',
    description: 'New applications from the public “Become a partner” page appear here.',
  },
  approved: {
    title: 'No approved applications yet',
    description: 'Approved applications become partners.',
  },
  declined: {
    title: 'No declined applications',
    description: 'Declined applications are kept here for reference.',
  },
};

function duplicateCount(a: Application) {
  return a.duplicates.partners.length + a.duplicates.applications.length;
}

/** The channel team's queue of partner applications. */
export function ApplicationsPage() {
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status: ApplicationStatus = isStatus(statusParam) ? statusParam : 'pending';
  const q = params.get('q') ?? '';
  const openId = params.get('id');

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );

  const list = useApplicationList({ status, q });
  const counts = useApplicationCounts();

  return (
    <>
      <PageHeader
        title="Applications"
        description={
          <>
            Companies that applied to become partners through the public{' '}
            <Anchor href="/apply" target="_blank" size="sm">
              application page
            </Anchor>
            . Review each one, then approve it as a partner or decline it with a reason.
          </>
        }
      />

      <Card padding={0}>
        <Tabs
          value={status}
          onChange={(v) => update({ status: v === 'pending' ? null : v, id: null })}
          px="md"
          pt="xs"
        >
          <Tabs.List>
            {APPLICATION_STATUSES.map((s) => (
              <Tabs.Tab
                key={s}
                value={s}
                rightSection={
                  counts.data ? (
                    <Badge
                      size="sm"
                      variant={s === 'pending' && counts.data.pending > 0 ? 'filled' : 'light'}
                      color={s === 'pending' && counts.data.pending > 0 ? 'yellow' : 'gray'}
                      aria-label={`${counts.data[s]} ${APPLICATION_STATUS_LABELS[s].toLowerCase()}`}
                    >
                      {counts.data[s]}
                    </Badge>
                  ) : undefined
                }
              >
                {APPLICATION_STATUS_LABELS[s]}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>

        <Group p="md" gap="sm">
          <SearchInput
            aria-label="Search applications"
            placeholder="Search by company, contact, email or domain"
            value={q}
            onChange={(v) => update({ q: v })}
            style={{ flex: '1 1 260px', maxWidth: 420 }}
          />
        </Group>

        {list.isError && !list.data ? (
          <Group p="md" pt={0}>
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          </Group>
        ) : list.rows.length === 0 && !list.isPending ? (
          <EmptyState
            icon={<IconInbox size={26} stroke={1.5} />}
            title={q ? 'No applications match this search' : EMPTY_TEXT[status].title}
            description={q ? 'Try another name, email or domain.' : EMPTY_TEXT[status].description}
          />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table
              aria-label={`${APPLICATION_STATUS_LABELS[status]} applications`}
              highlightOnHover
              style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Company</Table.Th>
                  <Table.Th>Contact</Table.Th>
                  <Table.Th w={170}>Country</Table.Th>
                  <Table.Th w={170}>Type</Table.Th>
                  <Table.Th w={140}>Submitted</Table.Th>
                </Table.Tr>
              </Table.Thead>
              {list.isPending ? (
                <TableSkeleton columns={5} />
              ) : (
                <Table.Tbody>
                  {list.rows.map((a) => {
                    const dups = duplicateCount(a);
                    return (
                      <Table.Tr
                        key={a.id}
                        style={{ cursor: 'pointer' }}
                        onClick={() => update({ id: a.id })}
                      >
                        <Table.Td maw={320}>
                          <Group gap={6} wrap="nowrap">
                            <Anchor
                              component="button"
                              type="button"
                              size="sm"
                              fw={600}
                              truncate
                              onClick={(e) => {
                                e.stopPropagation();
                                update({ id: a.id });
                              }}
                            >
                              {a.businessName}
                            </Anchor>
                            {dups > 0 && (
                              <Tooltip label="Possible duplicate of an existing partner or application">
                                <Badge
                                  size="xs"
                                  color="orange"
                                  variant="light"
                                  leftSection={<IconAlertTriangle size={11} />}
                                >
                                  Duplicate?
                                </Badge>
                              </Tooltip>
                            )}
                          </Group>
                          <Text size="xs" c="dimmed" truncate>
                            {a.domain ?? 'No website'}
                          </Text>
                        </Table.Td>
                        <Table.Td maw={280}>
                          <Text size="sm" truncate>
                            {a.contactName}
                          </Text>
                          <Text size="xs" c="dimmed" truncate title={a.contactEmail}>
                            {a.contactEmail}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{countryName(a.address.countryCode)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{PARTNER_TYPE_LABELS[a.partnerType]}</Text>
                        </Table.Td>
                        <Table.Td>
                          <RelativeTime iso={a.createdAt} style={{ whiteSpace: 'nowrap' }} />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
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
        noun="application"
        error={list.isFetchNextPageError ? list.error : undefined}
      />

      <ApplicationDrawer id={openId} onClose={() => update({ id: null })} />
    </>
  );
}
