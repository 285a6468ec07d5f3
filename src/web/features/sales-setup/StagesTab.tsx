import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSettings } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import {
  FORECAST_CATEGORIES,
  FORECAST_CATEGORY_LABELS,
  STAGE_KINDS,
  type OpportunityStage,
  type StageKind,
} from '../../../shared/sales-setup';
import { openConfirm } from '../../components/confirm';
import { FormError } from '../../components/FormError';
import { errorMessage } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import { useStageMutations, type StageFields } from './api';
import { SetupList } from './SetupList';

export const STAGE_KIND_COLORS: Record<StageKind, string> = {
  open: 'blue',
  won: 'teal',
  lost: 'red',
};
const STAGE_KIND_LABELS: Record<StageKind, string> = { open: 'Open', won: 'Won', lost: 'Lost' };

export function StagesTab({ stages }: { stages: OpportunityStage[] }) {
  const { update, remove, reorder } = useStageMutations();
  // null: closed; 'new': adding; a stage: editing it.
  const [editing, setEditing] = useState<OpportunityStage | 'new' | null>(null);

  const onDelete = (s: OpportunityStage) =>
    openConfirm({
      title: 'Delete stage',
      message: `Delete the stage “${s.label}”? Only a stage no opportunity is at can be deleted, and the pipeline keeps at least one open, one won and one lost stage.`,
      confirmLabel: 'Delete stage',
      danger: true,
      onConfirm: () =>
        remove.mutate(s.id, {
          onSuccess: () =>
            notifications.show({
              color: 'teal',
              title: 'Deleted',
              message: `${s.label} was deleted.`,
            }),
          onError: (e) =>
            notifications.show({
              color: 'red',
              title: `Could not delete “${s.label}”`,
              message: errorMessage(e),
              autoClose: false,
            }),
        }),
    });

  return (
    <Card padding="lg" component="section" aria-label="Opportunity stages">
      <Group justify="space-between" align="flex-start" mb="md" wrap="nowrap">
        <Stack gap={2}>
          <Text fw={650} size="lg" component="h2" m={0}>
            Opportunity stages
          </Text>
          <Text size="sm" c="dimmed">
            The pipeline, in order. The probability weighs open deals in forecasts; the forecast
            category decides whether a deal counts as pipeline, best case or commit.
          </Text>
        </Stack>
        <Button
          variant="light"
          leftSection={<IconPlus size={16} />}
          onClick={() => setEditing('new')}
          style={{ flexShrink: 0 }}
        >
          Add stage
        </Button>
      </Group>
      <SetupList
        title="Stages"
        noun="stage"
        items={stages}
        canEdit
        ends={['First stage', 'Last stage']}
        reordering={reorder.isPending}
        onReorder={(ids) => reorder.mutateAsync(ids)}
        onRename={(s, next) => update.mutateAsync({ id: s.id, version: s.version, label: next })}
        onDelete={onDelete}
        meta={(s) => (
          <>
            <Badge size="sm" variant="light" color={STAGE_KIND_COLORS[s.kind]}>
              {STAGE_KIND_LABELS[s.kind]}
            </Badge>
            <Badge size="sm" variant="outline" color="gray">
              {s.probability} %
            </Badge>
            <Text size="xs" c="dimmed">
              {FORECAST_CATEGORY_LABELS[s.forecastCategory]}
            </Text>
          </>
        )}
        actions={(s) => (
          <Tooltip label="Probability, kind and forecast category" withArrow openDelay={400}>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Edit ${s.label}`}
              onClick={() => setEditing(s)}
            >
              <IconSettings size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      />
      <StageModal
        key={editing === null ? 'closed' : editing === 'new' ? 'new' : editing.id}
        stage={editing}
        onClose={() => setEditing(null)}
      />
    </Card>
  );
}

function StageModal({
  stage,
  onClose,
}: {
  stage: OpportunityStage | 'new' | null;
  onClose: () => void;
}) {
  const { create, update } = useStageMutations();
  const existing = stage !== null && stage !== 'new' ? stage : null;
  const [fields, setFields] = useState<StageFields>({
    label: existing?.label ?? '',
    probability: existing?.probability ?? 50,
    kind: existing?.kind ?? 'open',
    forecastCategory: existing?.forecastCategory ?? 'pipeline',
  });
  const mutation = existing ? update : create;
  const error = mutation.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const done = {
      onSuccess: () => {
        notifications.show({
          color: 'teal',
          title: existing ? 'Stage saved' : 'Stage added',
          message: existing
            ? `${fields.label} was saved.`
            : `${fields.label} was added at the end of the pipeline.`,
        });
        onClose();
      },
    };
    if (existing) update.mutate({ id: existing.id, version: existing.version, ...fields }, done);
    else create.mutate(fields, done);
  };

  return (
    <Modal
      opened={stage !== null}
      onClose={onClose}
      title={existing ? `Stage “${existing.label}”` : 'New stage'}
      centered
    >
      <form onSubmit={submit}>
        <Stack>
          <FormError
            error={error}
            shownFields={['label', 'probability', 'kind', 'forecastCategory']}
          />
          <TextInput
            label="Name"
            required
            maxLength={100}
            value={fields.label}
            onChange={(e) => setFields({ ...fields, label: e.currentTarget.value })}
            error={fieldError(error, 'label')}
            data-autofocus
          />
          <NumberInput
            label="Probability"
            description="How likely a deal at this stage is to be won"
            suffix=" %"
            min={0}
            max={100}
            clampBehavior="strict"
            allowDecimal={false}
            value={fields.probability}
            onChange={(v) => setFields({ ...fields, probability: typeof v === 'number' ? v : 0 })}
            error={fieldError(error, 'probability')}
          />
          <Select
            label="Kind"
            allowDeselect={false}
            data={STAGE_KINDS.map((k) => ({ value: k, label: STAGE_KIND_LABELS[k] }))}
            value={fields.kind}
            onChange={(v) => v && setFields({ ...fields, kind: v })}
            error={fieldError(error, 'kind')}
          />
          <Select
            label="Forecast category"
            allowDeselect={false}
            data={FORECAST_CATEGORIES.map((c) => ({
              value: c,
              label: FORECAST_CATEGORY_LABELS[c],
            }))}
            value={fields.forecastCategory}
            onChange={(v) => v && setFields({ ...fields, forecastCategory: v })}
            error={fieldError(error, 'forecastCategory')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={!fields.label.trim()}>
              {existing ? 'Save' : 'Add stage'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
