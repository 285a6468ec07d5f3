import {
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Modal,
  NumberInput,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRoute } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { ActivationStage, PartnerLevel } from '../../../shared/partners';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { isApiError } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import { useLevels, useProgramMutations, useStages } from './api';
import { levelColor } from './levelColor';
import { OrderedListPanel } from './OrderedListPanel';

export function PartnerProgramPage() {
  const levels = useLevels();
  const stages = useStages();
  const [editLevel, setEditLevel] = useState<PartnerLevel | null>(null);
  const [editStage, setEditStage] = useState<ActivationStage | null>(null);

  return (
    <>
      <PageHeader
        title="Partner program"
        description="The levels partners climb and the activation stages they pass through while onboarding."
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <OrderedListPanel
            kind="levels"
            title="Levels"
            noun="level"
            description={
              <>
                Levels rank your partners by performance. The routing weight decides how many leads
                a level receives compared with the others: a level with weight 4 gets four times the
                leads of a level with weight 1, and <strong>0 means it never receives leads</strong>
                .
              </>
            }
            ends={['Entry level', 'Top level']}
            items={levels.data}
            loading={levels.isPending}
            error={levels.isError ? levels.error : null}
            onRetry={() => void levels.refetch()}
            canEdit={levels.data?.some((l) => l.abilities.update) ?? false}
            marker={(_, index) => (
              <Box
                w={10}
                h={10}
                style={{
                  borderRadius: 999,
                  background: `var(--mantine-color-${levelColor(index + 1)}-5)`,
                  flexShrink: 0,
                }}
                aria-hidden
              />
            )}
            meta={(level) => (
              <Tooltip
                label={
                  level.routingWeight === 0
                    ? 'Never receives leads'
                    : `Routing weight ${level.routingWeight}`
                }
                withArrow
              >
                <Badge
                  variant={level.routingWeight === 0 ? 'outline' : 'light'}
                  color={level.routingWeight === 0 ? 'red' : 'conduit'}
                  leftSection={<IconRoute size={12} />}
                  tt="none"
                  fw={500}
                  style={{ flexShrink: 0 }}
                >
                  {level.routingWeight === 0 ? 'No leads' : `Weight ${level.routingWeight}`}
                </Badge>
              </Tooltip>
            )}
            onEdit={setEditLevel}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <OrderedListPanel
            kind="stages"
            title="Activation stages"
            noun="stage"
            description="Where a partner stands in onboarding, from the first conversation to selling on their own. Partners move through the stages in this order."
            ends={['First step', 'Last step']}
            items={stages.data}
            loading={stages.isPending}
            error={stages.isError ? stages.error : null}
            onRetry={() => void stages.refetch()}
            canEdit={stages.data?.some((s) => s.abilities.update) ?? false}
            onEdit={setEditStage}
          />
        </Grid.Col>
      </Grid>

      <Modal
        opened={editLevel !== null}
        onClose={() => setEditLevel(null)}
        title={editLevel ? `Level: ${editLevel.name}` : 'Level'}
        size="lg"
      >
        {editLevel && <LevelForm level={editLevel} onDone={() => setEditLevel(null)} />}
      </Modal>
      <Modal
        opened={editStage !== null}
        onClose={() => setEditStage(null)}
        title={editStage ? `Stage: ${editStage.name}` : 'Stage'}
        size="lg"
      >
        {editStage && <StageForm stage={editStage} onDone={() => setEditStage(null)} />}
      </Modal>
    </>
  );
}

const SHOWN_LEVEL_FIELDS = ['name', 'routingWeight', 'description', 'benefits'] as const;

function conflictText(error: unknown, noun: string) {
  return isApiError(error) && error.status === 409 && !error.fields?.name
    ? `Someone else changed this ${noun} while you were editing. Close this dialog to see their version, then make your change again.`
    : null;
}

function LevelForm({ level, onDone }: { level: PartnerLevel; onDone: () => void }) {
  const { update } = useProgramMutations('levels');
  const [name, setName] = useState(level.name);
  const [weight, setWeight] = useState<number | string>(level.routingWeight);
  const [description, setDescription] = useState(level.description);
  const [benefits, setBenefits] = useState(level.benefits);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(
      {
        id: level.id,
        version: level.version,
        name: name.trim(),
        routingWeight: typeof weight === 'number' ? weight : Number(weight) || 0,
        description: description.trim(),
        benefits: benefits.trim(),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', title: 'Level saved', message: name.trim() });
          onDone();
        },
      },
    );
  };

  const conflict = conflictText(update.error, 'level');
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        {conflict ? (
          <Text size="sm" c="red" role="alert">
            {conflict}
          </Text>
        ) : (
          <FormError error={update.error} shownFields={SHOWN_LEVEL_FIELDS} />
        )}
        <TextInput
          label="Name"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(update.error, 'name') ?? (!name.trim() ? 'Enter a name' : undefined)}
        />
        <NumberInput
          label="Routing weight"
          description="Leads are shared out in proportion to this weight. 0 = this level never receives leads."
          min={0}
          max={1000}
          step={1}
          allowDecimal={false}
          allowNegative={false}
          value={weight}
          onChange={setWeight}
          error={fieldError(update.error, 'routingWeight')}
        />
        <Textarea
          label="Description"
          description="Who belongs at this level."
          autosize
          minRows={2}
          maxLength={5000}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fieldError(update.error, 'description')}
        />
        <Textarea
          label="Benefits"
          description="What partners at this level get: discounts, MDF, priority support, lead share…"
          autosize
          minRows={3}
          maxLength={5000}
          value={benefits}
          onChange={(e) => setBenefits(e.currentTarget.value)}
          error={fieldError(update.error, 'benefits')}
        />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {level.partnerCount === 1
              ? '1 partner is at this level.'
              : `${level.partnerCount.toLocaleString()} partners are at this level.`}
          </Text>
          <Group gap="sm">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending} disabled={!name.trim()}>
              Save level
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

function StageForm({ stage, onDone }: { stage: ActivationStage; onDone: () => void }) {
  const { update } = useProgramMutations('stages');
  const [name, setName] = useState(stage.name);
  const [description, setDescription] = useState(stage.description);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(
      { id: stage.id, version: stage.version, name: name.trim(), description: description.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', title: 'Stage saved', message: name.trim() });
          onDone();
        },
      },
    );
  };

  const conflict = conflictText(update.error, 'stage');
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        {conflict ? (
          <Text size="sm" c="red" role="alert">
            {conflict}
          </Text>
        ) : (
          <FormError error={update.error} shownFields={['name', 'description']} />
        )}
        <TextInput
          label="Name"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(update.error, 'name') ?? (!name.trim() ? 'Enter a name' : undefined)}
        />
        <Textarea
          label="Description"
          description="What has to be true for a partner to be at this stage."
          autosize
          minRows={3}
          maxLength={5000}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fieldError(update.error, 'description')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!name.trim()}>
            Save stage
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
