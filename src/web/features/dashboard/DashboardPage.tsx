import { Badge, Card, Grid, Group, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import {
  IconArchive,
  IconBuildingStore,
  IconCircleCheck,
  IconClockHour4,
  IconPlayerPause,
  IconUsersGroup,
} from '@tabler/icons-react';
import { INTERNAL_ROLES, PARTNER_ROLES, ROLE_LABELS } from '../../../shared/role-names';
import { PageHeader } from '../../components/PageHeader';
import { PartnerStatusBadge } from '../../components/PartnerStatusBadge';
import { PARTNER_STATUS_COLORS, pluralize } from '../../lib/format';
import { capabilities, useCurrentUser } from '../../lib/session';
import { PARTNER_STATUSES, type AuditEvent, type DashboardSummary } from '../../lib/types';
import { useDashboardSummary } from './api';
import { RecentActivityCard } from './RecentActivityCard';
import { StatCard } from './StatCard';
import { UsersByRoleChart } from './UsersByRoleChart';

const sum = (values: Partial<Record<string, number>>): number =>
  Object.values(values).reduce<number>((total, n) => total + (n ?? 0), 0);

const STATUS_CARDS = [
  { status: 'active', label: 'Active partners', icon: <IconCircleCheck size={20} /> },
  { status: 'applicant', label: 'Applicants', icon: <IconClockHour4 size={20} /> },
  { status: 'suspended', label: 'Suspended', icon: <IconPlayerPause size={20} /> },
  { status: 'archived', label: 'Archived', icon: <IconArchive size={20} /> },
] as const;

function InternalDashboard() {
  const summary = useDashboardSummary();
  const data: DashboardSummary | undefined = summary.data;
  const partnerTotal = data ? sum(data.partnersByStatus) : undefined;
  const userTotal = data ? sum(data.usersByRole) : undefined;
  const internalUsers = data ? sum(pick(data.usersByRole, INTERNAL_ROLES)) : 0;
  const partnerUsers = data ? sum(pick(data.usersByRole, PARTNER_ROLES)) : 0;

  const linkFor = (event: AuditEvent) =>
    event.subjectType === 'partner' && event.action !== 'delete'
      ? `/partners/${event.subjectId}`
      : null;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          partnerTotal === undefined
            ? 'Your channel at a glance'
            : `Your channel at a glance: ${pluralize(partnerTotal, 'partner')}, ${pluralize(userTotal ?? 0, 'user')}`
        }
      />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="lg">
          {STATUS_CARDS.map((card) => (
            <StatCard
              key={card.status}
              label={card.label}
              value={data ? (data.partnersByStatus[card.status] ?? 0) : undefined}
              icon={card.icon}
              color={PARTNER_STATUS_COLORS[card.status]}
              to={`/partners?status=${card.status}`}
            />
          ))}
        </SimpleGrid>
        <Grid gap="lg" align="flex-start">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Card padding="lg">
              <Group justify="space-between" mb="md" align="baseline">
                <Text fw={600}>Users by role</Text>
                {data && (
                  <Text size="sm" c="dimmed">
                    {pluralize(internalUsers, 'internal user')} ·{' '}
                    {pluralize(partnerUsers, 'partner user')}
                  </Text>
                )}
              </Group>
              <UsersByRoleChart usersByRole={data?.usersByRole} />
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <RecentActivityCard
              events={data?.recentEvents}
              error={summary.error}
              onRetry={() => void summary.refetch()}
              linkFor={linkFor}
            />
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}

function pick<K extends string>(
  record: Partial<Record<string, number>>,
  keys: readonly K[],
): Partial<Record<K, number>> {
  return Object.fromEntries(keys.map((k) => [k, record[k] ?? 0])) as Partial<Record<K, number>>;
}

function PartnerHome() {
  const user = useCurrentUser();
  const summary = useDashboardSummary();
  const data = summary.data;
  const companyName = user.partner?.companyName ?? 'Your company';
  const status = data
    ? PARTNER_STATUSES.find((s) => (data.partnersByStatus[s] ?? 0) > 0)
    : undefined;

  return (
    <>
      <PageHeader
        title={companyName}
        description={`Welcome, ${user.name}. This is your company's home in the partner portal.`}
      />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
          {/* A rep sees only their own user record, so a company head count would mislead. */}
          {capabilities(user).manageCompanyUsers && (
            <StatCard
              label={`Users at ${companyName}`}
              value={data ? sum(data.usersByRole) : undefined}
              icon={<IconUsersGroup size={20} />}
              color="conduit"
              to={capabilities(user).manageCompanyUsers ? '/company/users' : undefined}
              hint={
                data
                  ? PARTNER_ROLES.map((r) =>
                      pluralize(data.usersByRole[r] ?? 0, ROLE_LABELS[r].toLowerCase()),
                    ).join(' · ')
                  : undefined
              }
            />
          )}
          <Card padding="lg">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <div>
                <Text size="sm" c="dimmed" fw={500}>
                  Partnership status
                </Text>
                <Group mt={10}>
                  {data === undefined ? (
                    <Skeleton height={22} width={80} />
                  ) : status ? (
                    <PartnerStatusBadge status={status} />
                  ) : (
                    <Badge color="gray" variant="light">
                      Unknown
                    </Badge>
                  )}
                </Group>
              </div>
              <IconBuildingStore size={38} stroke={1.3} color="var(--mantine-color-dimmed)" />
            </Group>
            <Text size="xs" c="dimmed" mt="sm">
              Your channel manager can tell you more about your partnership.
            </Text>
          </Card>
        </SimpleGrid>
        <RecentActivityCard
          events={data?.recentEvents}
          error={summary.error}
          onRetry={() => void summary.refetch()}
        />
      </Stack>
    </>
  );
}

export function DashboardPage() {
  const user = useCurrentUser();
  return capabilities(user).partnerUser ? <PartnerHome /> : <InternalDashboard />;
}
