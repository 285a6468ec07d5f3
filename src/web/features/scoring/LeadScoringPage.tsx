import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  NumberInput,
  Select,
  Skeleton,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconDeviceFloppy,
  IconPlus,
  IconRefresh,
  IconTrash,
} from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { COMPANY_SIZE_LABELS, COMPANY_SIZES } from '../../../shared/accounts';
import { countryOptions } from '../../../shared/countries';
import type { PicklistName, SalesSetup } from '../../../shared/sales-setup';
import {
  SCORING_FIELD_LABELS,
  SCORING_FIELDS,
  type ScoringField,
  type ScoringModel,
} from '../../../shared/scoring';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage, isApiError } from '../../lib/api';
import { useCurrentUser } from '../../lib/session';
import { useSalesSetup } from '../sales-setup/useSalesSetup';
import { useRescore, useSaveScoring, useScoringModel, type ScoringDraft } from './api';
import { ScoreDistributionCard } from './ScoreDistributionCard';

const PICKLIST_OF: Partial<Record<ScoringField, PicklistName>> = {
  source: 'lead_source',
  power: 'power',
  job_title: 'job_title',
  industry: 'industry',
};

const FIELD_HELP: Record<ScoringField, string> = {
  source: 'Where the lead came from',
  power: 'How much say the person has in the purchase',
  job_title: "The person's role",
  company_size: 'How many people the company employs',
  country_code: 'Where the company is',
  industry: "The company's industry",
  activities:
    'Engagement: points once at least this many activities are logged on the lead. Rules add up, so 1 → 5 and 3 → 10 give 15 points at three activities.',
};

type DraftRule = { key: number; field: ScoringField; value: string; points: number };
type Draft = { rules: DraftRule[]; hotMin: number; warmMin: number; version: number };

let nextKey = 1;
const fromModel = (m: ScoringModel): Draft => ({
  // Grouped by field in the editor's order, so the indices the server reports errors at match.
  rules: [...m.rules]
    .sort((a, b) => SCORING_FIELDS.indexOf(a.field) - SCORING_FIELDS.indexOf(b.field))
    .map((r) => ({ key: nextKey++, field: r.field, value: r.value, points: r.points })),
  hotMin: m.settings.hotMin,
  warmMin: m.settings.warmMin,
  version: m.settings.version,
});

const comparable = (d: Draft) =>
  JSON.stringify({
    rules: d.rules
      .map((r) => `${r.field}|${r.value}|${r.points}`)
      .sort()
      .join(','),
    hotMin: d.hotMin,
    warmMin: d.warmMin,
  });

/** Settings → Lead scoring: the rules, the thresholds, and how leads are spread over them. */
export function LeadScoringPage() {
  const user = useCurrentUser();
  const canEdit = user.role === 'admin' || user.role === 'marketing';
  const model = useScoringModel();
  const setup = useSalesSetup();
  const save = useSaveScoring();
  const rescore = useRescore();
  const [draft, setDraft] = useState<Draft | null>(null);

  useEffect(() => {
    if (model.data && draft === null) setDraft(fromModel(model.data));
  }, [model.data, draft]);

  const dirty = !!draft && !!model.data && comparable(draft) !== comparable(fromModel(model.data));
  const conflict = isApiError(save.error) && save.error.code === 'CONFLICT';

  const toSend = (d: Draft): ScoringDraft => ({
    rules: d.rules.map(({ field, value, points }) => ({ field, value, points })),
    hotMin: d.hotMin,
    warmMin: d.warmMin,
    version: d.version,
  });

  const missingValue = draft?.rules.some((r) => !r.value) ?? false;

  const onSave = () => {
    if (!draft) return;
    save.mutate(toSend(draft), {
      onSuccess: (m) => {
        setDraft(fromModel(m));
        notifications.show({
          color: 'teal',
          title: 'Scoring saved',
          message: 'Every lead is being rescored with the new rules; the chart follows as it runs.',
        });
      },
    });
  };

  const loadLatest = async () => {
    const fresh = await model.refetch();
    if (fresh.data) setDraft(fromModel(fresh.data));
    save.reset();
  };

  const onRescore = () =>
    rescore.mutate(undefined, {
      onSuccess: () =>
        notifications.show({
          color: 'teal',
          title: 'Rescoring started',
          message: 'Every lead is scored again with the current rules.',
        }),
      onError: (e) =>
        notifications.show({ color: 'red', title: 'Not started', message: errorMessage(e) }),
    });

  return (
    <>
      <PageHeader
        title="Lead scoring"
        description="Points for what a lead is and does; the total makes it hot, warm or cold. A rating chosen by hand on a lead always wins."
        actions={
          canEdit && (
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} />}
              onClick={onRescore}
              loading={rescore.isPending}
            >
              Rescore all leads
            </Button>
          )
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          {model.isError ? (
            <ErrorAlert
              error={model.error}
              title="Could not load the scoring rules"
              onRetry={() => void model.refetch()}
            />
          ) : !draft || !setup.data ? (
            <Stack>
              <Skeleton height={140} />
              <Skeleton height={220} />
            </Stack>
          ) : (
            <Stack>
              {conflict && (
                <Alert
                  color="orange"
                  variant="light"
                  icon={<IconAlertTriangle size={18} />}
                  title="Someone else saved the scoring rules first"
                >
                  <Text size="sm" mb="xs">
                    Your changes are still on screen but were not saved. Load their version to see
                    what changed, then make your edits again.
                  </Text>
                  <Button
                    size="xs"
                    variant="light"
                    color="orange"
                    onClick={() => void loadLatest()}
                  >
                    Load the latest rules
                  </Button>
                </Alert>
              )}
              <ThresholdsCard
                draft={draft}
                setDraft={setDraft}
                canEdit={canEdit}
                error={save.error}
              />
              <RulesEditor
                draft={draft}
                setDraft={setDraft}
                setup={setup.data}
                canEdit={canEdit}
                error={save.error}
              />
              {canEdit && (
                // Kept in view while there is something to save.
                <Card
                  padding="md"
                  pos={dirty ? 'sticky' : undefined}
                  bottom={0}
                  style={{ zIndex: 3 }}
                  withBorder
                >
                  <Stack gap="xs">
                    {!conflict && (
                      <FormError
                        error={save.error}
                        shownFields={Object.keys(
                          (isApiError(save.error) && save.error.fields) || {},
                        ).filter(
                          (f) => f.startsWith('rules.') || f === 'hotMin' || f === 'warmMin',
                        )}
                      />
                    )}
                    <Group justify="space-between">
                      <Text size="sm" c="dimmed">
                        {dirty
                          ? missingValue
                            ? 'Choose a value for every new rule before saving.'
                            : 'Unsaved changes. Saving rescores every lead.'
                          : 'No unsaved changes.'}
                      </Text>
                      <Group gap="xs">
                        <Button
                          variant="default"
                          disabled={!dirty || save.isPending}
                          onClick={() => {
                            if (model.data) setDraft(fromModel(model.data));
                            save.reset();
                          }}
                        >
                          Discard
                        </Button>
                        <Button
                          leftSection={<IconDeviceFloppy size={16} />}
                          disabled={!dirty || missingValue || conflict}
                          loading={save.isPending}
                          onClick={onSave}
                        >
                          Save rules
                        </Button>
                      </Group>
                    </Group>
                  </Stack>
                </Card>
              )}
            </Stack>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <ScoreDistributionCard
            hotMin={model.data?.settings.hotMin}
            warmMin={model.data?.settings.warmMin}
          />
        </Grid.Col>
      </Grid>
    </>
  );
}

function ThresholdsCard({
  draft,
  setDraft,
  canEdit,
  error,
}: {
  draft: Draft;
  setDraft: (d: Draft) => void;
  canEdit: boolean;
  error: unknown;
}) {
  const fields = isApiError(error) ? (error.fields ?? {}) : {};
  const invalid = draft.hotMin <= draft.warmMin;
  const max = maxScore(draft.rules);
  return (
    <Card padding="lg" component="section" aria-label="Thresholds">
      <Text fw={650} size="lg" component="h2" m={0} mb={4}>
        Thresholds
      </Text>
      <Text size="sm" c="dimmed" mb="md">
        A lead is hot from the hot threshold up, warm from the warm threshold up, and cold below.
        The highest score the rules below can give is <strong>{max}</strong>.
      </Text>
      <Group align="flex-start" gap="lg">
        <NumberInput
          label="Hot from"
          value={draft.hotMin}
          onChange={(v) => setDraft({ ...draft, hotMin: typeof v === 'number' ? v : 0 })}
          allowDecimal={false}
          w={140}
          disabled={!canEdit}
          error={fields.hotMin ?? (invalid ? 'must be above the warm threshold' : undefined)}
        />
        <NumberInput
          label="Warm from"
          value={draft.warmMin}
          onChange={(v) => setDraft({ ...draft, warmMin: typeof v === 'number' ? v : 0 })}
          allowDecimal={false}
          w={140}
          disabled={!canEdit}
          error={fields.warmMin}
        />
        <Stack gap={6} pt={4}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            Bands
          </Text>
          <Group gap={6}>
            <Badge color="red" variant="light">
              Hot: {draft.hotMin} and up
            </Badge>
            <Badge color="orange" variant="light">
              Warm: {draft.warmMin} – {draft.hotMin - 1}
            </Badge>
            <Badge color="blue" variant="light">
              Cold: below {draft.warmMin}
            </Badge>
          </Group>
        </Stack>
      </Group>
    </Card>
  );
}

/** The best a lead can do: the top value of each field, plus every positive engagement rule. */
function maxScore(rules: DraftRule[]) {
  let total = 0;
  for (const field of SCORING_FIELDS) {
    const points = rules.filter((r) => r.field === field).map((r) => r.points);
    if (field === 'activities') total += points.filter((p) => p > 0).reduce((s, p) => s + p, 0);
    else total += Math.max(0, ...points);
  }
  return total;
}

function RulesEditor({
  draft,
  setDraft,
  setup,
  canEdit,
  error,
}: {
  draft: Draft;
  setDraft: (d: Draft) => void;
  setup: SalesSetup;
  canEdit: boolean;
  error: unknown;
}) {
  const fields = isApiError(error) ? (error.fields ?? {}) : {};
  const countries = useMemo(() => countryOptions(), []);

  const optionsFor = (field: ScoringField, current: string) => {
    const list = PICKLIST_OF[field];
    if (list) {
      return (setup.picklists[list] ?? [])
        .filter((v) => v.active || v.key === current)
        .map((v) => ({ value: v.key, label: v.active ? v.label : `${v.label} (retired)` }));
    }
    if (field === 'company_size') {
      return COMPANY_SIZES.map((s) => ({ value: s, label: COMPANY_SIZE_LABELS[s] }));
    }
    if (field === 'country_code') return countries;
    return [];
  };

  const update = (key: number, patch: Partial<DraftRule>) =>
    setDraft({ ...draft, rules: draft.rules.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  const removeRule = (key: number) =>
    setDraft({ ...draft, rules: draft.rules.filter((r) => r.key !== key) });
  const addRule = (field: ScoringField) => {
    // New rules go after the last of their field, keeping the list grouped.
    const last = draft.rules.map((r) => r.field).lastIndexOf(field);
    const at = last >= 0 ? last + 1 : draft.rules.length;
    const rule: DraftRule = {
      key: nextKey++,
      field,
      value: field === 'activities' ? '1' : '',
      points: 10,
    };
    setDraft({ ...draft, rules: [...draft.rules.slice(0, at), rule, ...draft.rules.slice(at)] });
  };

  return (
    <Card padding="lg" component="section" aria-label="Rules">
      <Text fw={650} size="lg" component="h2" m={0} mb={4}>
        Rules
      </Text>
      <Text size="sm" c="dimmed" mb="md">
        Each matching rule adds its points (negative points subtract). Values come from the pick
        lists under Settings → Sales process.
      </Text>
      <Stack gap="lg">
        {SCORING_FIELDS.map((field) => {
          const rows = draft.rules
            .map((r, index) => ({ r, index }))
            .filter(({ r }) => r.field === field);
          const taken = new Set(rows.map(({ r }) => r.value));
          return (
            <Stack key={field} gap={6} component="section" aria-label={SCORING_FIELD_LABELS[field]}>
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                  <Text fw={600} size="sm">
                    {SCORING_FIELD_LABELS[field]}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {FIELD_HELP[field]}
                  </Text>
                </Stack>
                {canEdit && (
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    leftSection={<IconPlus size={14} />}
                    onClick={() => addRule(field)}
                    aria-label={`Add a ${SCORING_FIELD_LABELS[field].toLowerCase()} rule`}
                  >
                    Add rule
                  </Button>
                )}
              </Group>
              {rows.length === 0 && (
                <Text size="xs" c="dimmed" fs="italic">
                  No rule: this field does not count.
                </Text>
              )}
              {rows.map(({ r, index }) => {
                const valueError =
                  fields[`rules.${index}.value`] ?? (r.value ? undefined : 'Choose a value');
                const label = `${SCORING_FIELD_LABELS[field]} rule ${r.value || 'new'}`;
                return (
                  <Group key={r.key} gap="xs" align="flex-start" wrap="nowrap" aria-label={label}>
                    {field === 'activities' ? (
                      <NumberInput
                        aria-label={`${label}: at least this many activities`}
                        prefix="at least "
                        min={1}
                        max={999999}
                        allowDecimal={false}
                        allowNegative={false}
                        value={Number(r.value) || ''}
                        onChange={(v) => update(r.key, { value: v === '' ? '' : String(v) })}
                        disabled={!canEdit}
                        error={fields[`rules.${index}.value`]}
                        style={{ flex: 1 }}
                      />
                    ) : (
                      <Select
                        aria-label={`${label}: value`}
                        placeholder="Choose a value"
                        searchable
                        data={optionsFor(field, r.value).filter(
                          (o) => o.value === r.value || !taken.has(o.value),
                        )}
                        value={r.value || null}
                        onChange={(v) => update(r.key, { value: v ?? '' })}
                        disabled={!canEdit}
                        error={r.value ? fields[`rules.${index}.value`] : canEdit && valueError}
                        nothingFoundMessage="No such value"
                        style={{ flex: 1 }}
                      />
                    )}
                    <NumberInput
                      aria-label={`${label}: points`}
                      suffix=" pts"
                      min={-1000}
                      max={1000}
                      clampBehavior="strict"
                      allowDecimal={false}
                      value={r.points}
                      onChange={(v) => update(r.key, { points: typeof v === 'number' ? v : 0 })}
                      disabled={!canEdit}
                      error={fields[`rules.${index}.points`]}
                      w={120}
                    />
                    {canEdit && (
                      <Tooltip label="Remove rule" withArrow openDelay={400}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          mt={4}
                          aria-label={`Remove ${label}`}
                          onClick={() => removeRule(r.key)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Group>
                );
              })}
            </Stack>
          );
        })}
      </Stack>
    </Card>
  );
}
