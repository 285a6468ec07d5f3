import { Skeleton, Stack, Tabs } from '@mantine/core';
import { IconCoins, IconList, IconRoute, IconTimeline } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { PICKLISTS, type PicklistName } from '../../../shared/sales-setup';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { CurrenciesTab } from './CurrenciesTab';
import { LeadStatusesTab } from './LeadStatusesTab';
import { PicklistsTab } from './PicklistsTab';
import { StagesTab } from './StagesTab';
import { useSalesSetup } from './useSalesSetup';

const TABS = ['picklists', 'statuses', 'stages', 'currencies'] as const;
type Tab = (typeof TABS)[number];

/** Settings → Sales process: pick lists, the lead status path, stages and currencies. */
export function SalesProcessPage() {
  const setup = useSalesSetup();
  // The tab and the pick list live in the URL, so a reload or a shared link opens the same view.
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'picklists';
  const asked = params.get('list');
  const list: PicklistName = PICKLISTS.find((l) => l === asked) ?? 'lead_source';
  const go = (next: Record<string, string>) =>
    setParams((p) => {
      const q = new URLSearchParams(p);
      for (const [k, v] of Object.entries(next)) q.set(k, v);
      return q;
    });

  return (
    <>
      <PageHeader
        title="Sales process"
        description="The choices on lead and opportunity forms, the steps leads and deals move through, and the currencies amounts are in."
      />
      <Tabs value={tab} onChange={(v) => v && go({ tab: v })} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="picklists" leftSection={<IconList size={16} />}>
            Pick lists
          </Tabs.Tab>
          <Tabs.Tab value="statuses" leftSection={<IconRoute size={16} />}>
            Lead status path
          </Tabs.Tab>
          <Tabs.Tab value="stages" leftSection={<IconTimeline size={16} />}>
            Opportunity stages
          </Tabs.Tab>
          <Tabs.Tab value="currencies" leftSection={<IconCoins size={16} />}>
            Currencies
          </Tabs.Tab>
        </Tabs.List>
        {setup.isError ? (
          <ErrorAlert
            error={setup.error}
            title="Could not load the sales setup"
            onRetry={() => void setup.refetch()}
          />
        ) : !setup.data ? (
          <Stack gap="xs" aria-label="Loading">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} height={52} />
            ))}
          </Stack>
        ) : (
          <>
            <Tabs.Panel value="picklists">
              <PicklistsTab
                setup={setup.data}
                list={list}
                onListChange={(l) => go({ tab: 'picklists', list: l })}
              />
            </Tabs.Panel>
            <Tabs.Panel value="statuses">
              <LeadStatusesTab statuses={setup.data.leadStatuses} />
            </Tabs.Panel>
            <Tabs.Panel value="stages">
              <StagesTab stages={setup.data.opportunityStages} />
            </Tabs.Panel>
            <Tabs.Panel value="currencies">
              <CurrenciesTab currencies={setup.data.currencies} base={setup.data.baseCurrency} />
            </Tabs.Panel>
          </>
        )}
      </Tabs>
    </>
  );
}
