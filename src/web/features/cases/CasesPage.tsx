import { Button, Card, Group, Select, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLifebuoy, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  CASE_PRIORITIES,
  CASE_PRIORITY_LABELS,
  CASE_STATUSES,
  CASE_STATUS_LABELS,
} from '../../../shared/cases';
import { isPartnerRole } from '../../../shared/role-names';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { SearchInput } from '../../components/SearchInput';
import { TableSkeleton } from '../../components/TableSkeleton';
import { pluralize } from '../../lib/format';
import { useCurrentUser } from '../../lib/session';
import { canCreateCustomers } from '../accounts/access';
import type { Option } from '../accounts/api';
import { PartnerSelect } from '../accounts/pickers';
import { useCaseCount, useCaseList, type CaseFilters } from './api';
import { CaseFormModal } from './CaseFormModal';
import { CaseRowCells } from './PartnerCasesTab';

/** "Open" is the default view: what still needs work. */
const STATUS_OPTIONS = [
  { value: 'open-any', label: 'All open' },
  ...CASE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] })),
  { value: 'all', label: 'Any status' },
];
const PRIORITY_OPTIONS = CASE_PRIORITIES.map((p) => ({ value: p, label: CASE_PRIORITY_LABELS[p] }));
const SORT_OPTIONS = [
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: '-updatedAt', label: 'Recently changed' },
  { value: '-number', label: 'Number' },
  { value: 'subject', label: 'Subject (A–Z)' },
];

export function CasesPage() {
  const me = useCurrentUser();
  const partnerUser = isPartnerRole(me.role);
  const [params, setParams] = useSearchParams();
  const [newOpen, newModal] = useDisclosure(false);
  const [partnerOption, setPartnerOption] = useState<Option | null>(null);

  const statusParam = params.get('status') ?? 'open-any';
  const status = STATUS_OPTIONS.some((o) => o.value === statusParam) ? statusParam : 'open-any';
  const q = params.get('q') ?? '';
  const priority = params.get('priority') ?? '';
  const partnerId = params.get('managedByPartnerId') ?? '';
  const sortParam = params.get('sort');
  const sort = SORT_OPTIONS.some((o) => o.value === sortParam) ? sortParam : '-createdAt';
  const filters: CaseFilters = {
    q,
    priority,
    managedByPartnerId: partnerId,
    ...(status === 'open-any' ? { open: 'true' } : status === 'all' ? {} : { status }),
  };
  const setParam = (key: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const filtered = Boolean(q || priority || partnerId || status !== 'open-any');
  const clear = () => {
    setPartnerOption(null);
    setParams(sortParam ? { sort: sortParam } : {}, { replace: true });
  };

  const list = useCaseList(filters, sort);
  const count = useCaseCount(filters);
  const canCreate = canCreateCustomers(me);
  const selectedPartner =
    partnerOption && partnerOption.value === partnerId
      ? partnerOption
      : partnerId
        ? { value: partnerId, label: 'Selected partner' }
        : null;

  const newButton = canCreate ? (
    <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
      New case
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Cases"
        description={
          partnerUser
            ? me.role === 'partner_rep'
              ? 'Support cases assigned to you.'
              : `Support cases ${me.partner?.companyName ?? 'your company'} handles.`
            : 'Customer support cases, direct and through partners.'
        }
        actions={newButton}
      />

      <Card padding={0}>
        <Group p="md" gap="sm" wrap="wrap">
          <SearchInput
            aria-label="Search cases"
            placeholder="Subject or CASE-number"
            value={q}
            onChange={(v) => setParam('q', v)}
            style={{ flex: '1 1 220px', maxWidth: 320 }}
          />
          <Select
            aria-label="Filter by status"
            data={STATUS_OPTIONS}
            value={status}
            onChange={(v) => setParam('status', v && v !== 'open-any' ? v : '')}
            allowDeselect={false}
            w={150}
          />
          <Select
            aria-label="Filter by priority"
            placeholder="Any priority"
            data={PRIORITY_OPTIONS}
            value={priority || null}
            onChange={(v) => setParam('priority', v ?? '')}
            clearable
            w={150}
          />
          {!partnerUser && (
            <PartnerSelect
              aria-label="Filter by managing partner"
              placeholder="Any partner"
              value={selectedPartner}
              onChange={(v) => {
                setPartnerOption(v);
                setParam('managedByPartnerId', v?.value ?? '');
              }}
              w={220}
            />
          )}
          <Select
            aria-label="Sort cases"
            data={SORT_OPTIONS}
            value={sort}
            onChange={(v) => setParam('sort', v && v !== '-createdAt' ? v : '')}
            allowDeselect={false}
            w={170}
          />
          {filtered && (
            <Button variant="subtle" size="sm" onClick={clear}>
              Clear filters
            </Button>
          )}
          <Text size="sm" c="dimmed" ml="auto" aria-live="polite">
            {count.data !== undefined ? pluralize(count.data, 'case') : ' '}
          </Text>
        </Group>

        {list.isError && !list.data ? (
          <Group p="md" pt={0}>
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          </Group>
        ) : list.rows.length === 0 && !list.isPending ? (
          <EmptyState
            icon={<IconLifebuoy size={26} stroke={1.5} />}
            title={filtered ? 'No cases match these filters' : 'No open cases'}
            description={
              filtered
                ? 'Try a different search, status or priority.'
                : 'Nothing needs attention right now.'
            }
            action={
              filtered ? (
                <Button variant="default" onClick={clear}>
                  Clear filters
                </Button>
              ) : (
                newButton
              )
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table
              aria-label="Cases"
              highlightOnHover
              style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={130}>Number</Table.Th>
                  <Table.Th>Subject</Table.Th>
                  <Table.Th w={110}>Status</Table.Th>
                  <Table.Th w={100}>Priority</Table.Th>
                  <Table.Th>Account</Table.Th>
                  <Table.Th w={130}>Updated</Table.Th>
                  {!partnerUser && <Table.Th>Partner</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              {list.isPending ? (
                <TableSkeleton columns={partnerUser ? 6 : 7} />
              ) : (
                <Table.Tbody>
                  {list.rows.map((c) => (
                    <Table.Tr key={c.id}>
                      <CaseRowCells c={c} />
                      {!partnerUser && (
                        <Table.Td>
                          <Text size="sm" c={c.managedByPartner ? undefined : 'dimmed'}>
                            {c.managedByPartner?.name ?? 'Direct'}
                          </Text>
                        </Table.Td>
                      )}
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

      <CaseFormModal opened={newOpen} onClose={newModal.close} openAfterCreate />
    </>
  );
}
