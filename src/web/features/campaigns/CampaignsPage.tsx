import {
  Anchor,
  Button,
  Card,
  Group,
  MultiSelect,
  SegmentedControl,
  Select,
  Table,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconSpeakerphone } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CAMPAIGN_STATUS_LABELS, CAMPAIGN_STATUSES } from '../../../shared/campaigns';
import { isPartnerRole } from '../../../shared/role-names';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { SearchInput } from '../../components/SearchInput';
import { TableSkeleton } from '../../components/TableSkeleton';
import { useCurrentUser } from '../../lib/session';
import type { Option } from '../accounts/api';
import { PartnerSelect } from '../accounts/pickers';
import { picklistLabel, picklistOptions, useSalesSetup } from '../sales-setup/useSalesSetup';
import { useCampaignList, type CampaignFilters } from './api';
import { CampaignFormModal } from './CampaignFormModal';
import { CampaignStatusBadge, dateRange, money } from './format';

const SORTS = [
  { value: 'name', label: 'Name (A–Z)' },
  { value: '-startDate', label: 'Latest start' },
  { value: 'startDate', label: 'Earliest start' },
  { value: '-createdAt', label: 'Newest first' },
];
const LIVE = [
  { value: 'all', label: 'All' },
  { value: 'true', label: 'Planned & active' },
  { value: 'false', label: 'Finished' },
];

const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);

/** Internal users see every campaign; partner admins their own and the vendor's live ones. */
export function CampaignsPage() {
  const me = useCurrentUser();
  const partnerUser = isPartnerRole(me.role);
  const canCreate = ['admin', 'channel_manager', 'marketing', 'partner_admin'].includes(me.role);
  const setup = useSalesSetup();
  const [params, setParams] = useSearchParams();
  const [partnerOption, setPartnerOption] = useState<Option | null>(null);
  const [createOpen, createModal] = useDisclosure(false);

  const filters: CampaignFilters = {
    q: params.get('q') ?? undefined,
    type: list(params.get('type')),
    status: list(params.get('status')),
    partnerId: params.get('partnerId') ?? undefined,
    active: (params.get('active') as 'true' | 'false' | null) ?? undefined,
  };
  const sort = SORTS.some((s) => s.value === params.get('sort')) ? params.get('sort')! : 'name';
  const set = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const q = new URLSearchParams(p);
        if (value) q.set(key, value);
        else q.delete(key);
        return q;
      },
      { replace: true },
    );
  const filtered =
    !!filters.q ||
    !!filters.type?.length ||
    !!filters.status?.length ||
    !!filters.partnerId ||
    !!filters.active;
  const clear = () => {
    setPartnerOption(null);
    setParams({}, { replace: true });
  };

  const q = useCampaignList(filters, sort);

  return (
    <>
      <PageHeader
        title="Campaigns"
        description={
          partnerUser
            ? `${me.partner?.companyName ?? 'Your company'}'s own campaigns, and the vendor campaigns you can attribute leads to.`
            : 'Marketing campaigns, yours and your partners’, and what they brought in.'
        }
        actions={
          canCreate && (
            <Button leftSection={<IconPlus size={16} />} onClick={createModal.open}>
              New campaign
            </Button>
          )
        }
      />
      <Card padding={0}>
        <Group p="md" gap="sm" align="flex-end" wrap="wrap">
          <SearchInput
            aria-label="Search campaigns"
            placeholder="Search by name"
            value={filters.q ?? ''}
            onChange={(v) => set('q', v.trim() || null)}
            w={240}
          />
          <MultiSelect
            aria-label="Type"
            placeholder={filters.type?.length ? undefined : 'Any type'}
            data={picklistOptions(setup.data, 'campaign_type')}
            value={filters.type ?? []}
            onChange={(v) => set('type', v.join(',') || null)}
            clearable
            w={220}
          />
          <MultiSelect
            aria-label="Status"
            placeholder={filters.status?.length ? undefined : 'Any status'}
            data={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: CAMPAIGN_STATUS_LABELS[s] }))}
            value={filters.status ?? []}
            onChange={(v) => set('status', v.join(',') || null)}
            clearable
            w={220}
          />
          {!partnerUser && (
            <Select
              aria-label="Whose campaigns"
              data={[
                { value: '', label: 'Vendor and partners' },
                { value: 'vendor', label: 'Vendor only' },
              ]}
              value={filters.partnerId === 'vendor' ? 'vendor' : ''}
              onChange={(v) => {
                setPartnerOption(null);
                set('partnerId', v || null);
              }}
              disabled={!!partnerOption}
              allowDeselect={false}
              w={190}
            />
          )}
          {!partnerUser && (
            <PartnerSelect
              aria-label="Partner"
              placeholder="One partner…"
              value={partnerOption}
              onChange={(o) => {
                setPartnerOption(o);
                set('partnerId', o?.value ?? null);
              }}
              w={200}
            />
          )}
          <SegmentedControl
            aria-label="Live or finished"
            data={LIVE}
            value={filters.active ?? 'all'}
            onChange={(v) => set('active', v === 'all' ? null : v)}
          />
          <Select
            aria-label="Sort"
            data={SORTS}
            value={sort}
            onChange={(v) => set('sort', v === 'name' ? null : v)}
            allowDeselect={false}
            w={160}
            ml="auto"
          />
        </Group>
        {q.isError && !q.data ? (
          <ErrorAlert
            error={q.error}
            title="Could not load campaigns"
            onRetry={() => void q.refetch()}
          />
        ) : !q.data ? (
          <Table aria-label="Campaigns">
            <TableSkeleton columns={7} />
          </Table>
        ) : q.rows.length === 0 ? (
          <EmptyState
            icon={<IconSpeakerphone size={26} stroke={1.5} />}
            title={filtered ? 'No campaign matches these filters' : 'No campaigns yet'}
            description={
              filtered
                ? 'Try fewer filters or another search.'
                : 'Create a campaign to see which leads and deals it brings in.'
            }
            action={
              filtered ? (
                <Button variant="default" onClick={clear}>
                  Clear filters
                </Button>
              ) : canCreate ? (
                <Button leftSection={<IconPlus size={16} />} onClick={createModal.open}>
                  New campaign
                </Button>
              ) : undefined
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table highlightOnHover verticalSpacing="sm" aria-label="Campaigns">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th w={130}>Status</Table.Th>
                  <Table.Th>Dates</Table.Th>
                  <Table.Th ta="right">Budget</Table.Th>
                  <Table.Th>Owner</Table.Th>
                  <Table.Th>Partner</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.rows.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td maw={320}>
                      <Anchor component={Link} to={`/campaigns/${c.id}`} fw={600} size="sm">
                        {c.name}
                      </Anchor>
                      {c.description && (
                        <Text size="xs" c="dimmed" truncate>
                          {c.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{picklistLabel(setup.data, 'campaign_type', c.type)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <CampaignStatusBadge status={c.status} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{dateRange(c.startDate, c.endDate)}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">{money(c.budget, c.currency)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{c.owner?.name ?? '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      {c.partner ? (
                        partnerUser ? (
                          <Text size="sm">{c.partner.name}</Text>
                        ) : (
                          <Anchor component={Link} to={`/partners/${c.partner.id}`} size="sm">
                            {c.partner.name}
                          </Anchor>
                        )
                      ) : (
                        <Text size="sm" c="dimmed">
                          Vendor
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <div style={{ paddingBottom: 'var(--mantine-spacing-md)' }}>
          <LoadMore
            shown={q.rows.length}
            hasNextPage={q.hasNextPage}
            loading={q.isFetchingNextPage}
            onLoadMore={() => void q.fetchNextPage()}
            noun="campaign"
            error={q.isFetchNextPageError ? q.error : undefined}
          />
        </div>
      </Card>
      <CampaignFormModal opened={createOpen} onClose={createModal.close} />
    </>
  );
}
