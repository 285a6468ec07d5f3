import { Card, Code, DataList, Grid, Group, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { IconHistory, IconListDetails } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PartnerStatusBadge } from '../../components/PartnerStatusBadge';
import { RelativeTime } from '../../components/RelativeTime';
import { NotFoundContent } from '../../components/NotFound';
import { isApiError } from '../../lib/api';
import { formatDate, formatDateTime, PARTNER_STATUS_LABELS } from '../../lib/format';
import { EventTimeline } from '../history/EventTimeline';
import { usePartner } from './api';
import { PartnerEditForm } from './PartnerEditForm';

type Tab = 'details' | 'history';

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{value}</DataList.ItemValue>
    </DataList.Item>
  );
}

export function PartnerDetailPage() {
  const { partnerId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'history' ? 'history' : 'details';
  const partner = usePartner(partnerId);

  if (partner.isError && isApiError(partner.error) && partner.error.status === 404) {
    return <NotFoundContent />;
  }

  const crumbs = [{ label: 'Partners', to: '/partners' }];

  if (partner.isPending) {
    return (
      <>
        <PageHeader breadcrumbs={crumbs} title={<Skeleton height={30} width={280} />} />
        <Skeleton height={240} />
      </>
    );
  }
  if (partner.isError) {
    return (
      <>
        <PageHeader breadcrumbs={crumbs} title="Partner" />
        <ErrorAlert error={partner.error} onRetry={() => void partner.refetch()} />
      </>
    );
  }

  const p = partner.data;
  return (
    <>
      <PageHeader
        breadcrumbs={crumbs}
        title={
          <Group gap="sm" component="span" wrap="wrap">
            <span>{p.companyName}</span>
            <PartnerStatusBadge status={p.status} />
          </Group>
        }
        description={`Partner since ${formatDate(p.createdAt)}`}
        documentTitle={p.companyName}
      />

      <Tabs
        value={tab}
        onChange={(v) => setParams(v === 'history' ? { tab: 'history' } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="details" leftSection={<IconListDetails size={16} />}>
            Details
          </Tabs.Tab>
          <Tabs.Tab value="history" leftSection={<IconHistory size={16} />}>
            History
          </Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="details">
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Card padding="lg">
                <Text fw={600} mb="md">
                  {p.abilities.update ? 'Edit partner' : 'Partner'}
                </Text>
                {p.abilities.update ? (
                  <PartnerEditForm
                    partner={p}
                    onReload={async () => (await partner.refetch()).data}
                  />
                ) : (
                  <DataList labelWidth={160}>
                    <Field label="Company name" value={p.companyName} />
                    <Field label="Status" value={PARTNER_STATUS_LABELS[p.status]} />
                  </DataList>
                )}
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Card padding="lg">
                <Text fw={600} mb="md">
                  Record
                </Text>
                <Stack gap="xs">
                  <DataList labelWidth={120}>
                    <Field label="Created" value={formatDateTime(p.createdAt)} />
                    <Field label="Last change" value={<RelativeTime iso={p.updatedAt} />} />
                    <Field
                      label="ID"
                      value={<Code style={{ wordBreak: 'break-all' }}>{p.id}</Code>}
                    />
                  </DataList>
                </Stack>
              </Card>
            </Grid.Col>
          </Grid>
        </Tabs.Panel>

        <Tabs.Panel value="history">
          <Card padding="lg">
            <EventTimeline subjectType="partner" subjectId={p.id} />
          </Card>
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
