import { Button, Group, Menu, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCheck,
  IconChevronDown,
  IconCircleCheck,
  IconCircleX,
  IconTransform,
} from '@tabler/icons-react';
import { useState } from 'react';
import type { LeadStatus } from '../../../shared/sales-setup';
import { errorMessage, isApiError } from '../../lib/api';
import { useAdvanceLead, useUpdateLead, type Lead } from './api';
import classes from './StatusPath.module.css';

type StepState = 'completed' | 'current' | 'upcoming' | 'converted' | 'closed';

interface Step {
  status: LeadStatus;
  state: StepState;
}

/**
 * The steps shown: the open statuses in order, then one final step — Converted, or the closed
 * status the lead ended in. Everything before where the lead stands counts as completed.
 */
export function pathSteps(statuses: LeadStatus[], current: Lead['status']): Step[] {
  const sorted = [...statuses].sort((a, b) => a.position - b.position);
  const open = sorted.filter((s) => s.kind === 'open');
  const final =
    current.kind === 'closed'
      ? sorted.find((s) => s.id === current.id)
      : sorted.find((s) => s.kind === 'converted');
  const currentIndex = open.findIndex((s) => s.id === current.id);
  const steps: Step[] = open.map((s, i) => ({
    status: s,
    state:
      current.kind !== 'open'
        ? 'completed'
        : i < currentIndex
          ? 'completed'
          : i === currentIndex
            ? 'current'
            : 'upcoming',
  }));
  if (final) {
    steps.push({
      status: final,
      state:
        current.kind === 'converted'
          ? 'converted'
          : current.kind === 'closed'
            ? 'closed'
            : 'upcoming',
    });
  }
  return steps;
}

/** Whether the lead stands at the last open status: the next step is converting it. */
export function atLastOpenStatus(statuses: LeadStatus[], current: Lead['status']): boolean {
  if (current.kind !== 'open') return false;
  const open = statuses.filter((s) => s.kind === 'open').sort((a, b) => a.position - b.position);
  return open[open.length - 1]?.id === current.id;
}

/**
 * The status path with its one primary action: "Mark status as complete" moves one step on;
 * at the last open step the action becomes Convert. A step can be picked and made current.
 */
export function StatusPath({
  lead,
  statuses,
  onConvert,
  onConflict,
}: {
  lead: Lead;
  statuses: LeadStatus[];
  onConvert: () => void;
  onConflict: () => void;
}) {
  const advance = useAdvanceLead(lead.id);
  const update = useUpdateLead({ silent: true });
  const [selected, setSelected] = useState<string | null>(null);
  const steps = pathSteps(statuses, lead.status);
  const closedStatuses = statuses.filter((s) => s.kind === 'closed');
  const editable = Boolean(lead.abilities.changeStatus);
  const atLast = atLastOpenStatus(statuses, lead.status);
  const selectedStatus = statuses.find((s) => s.id === selected && s.id !== lead.statusId);

  const onError = (error: unknown) => {
    const stale = isApiError(error) && error.status === 409;
    notifications.show({
      color: stale ? 'yellow' : 'red',
      title: stale ? 'Someone else changed this lead' : 'The status was not changed',
      message: stale ? 'The latest version is shown now; try again.' : errorMessage(error),
    });
    if (stale) onConflict();
  };

  const setStatus = (status: LeadStatus) =>
    update.mutate(
      { id: lead.id, version: lead.version, statusId: status.id },
      {
        onSuccess: () => {
          setSelected(null);
          notifications.show({ color: 'teal', title: 'Status changed', message: status.label });
        },
        onError,
      },
    );

  const markComplete = () =>
    advance.mutate(lead.version, {
      onSuccess: (saved) =>
        notifications.show({
          color: 'teal',
          title: 'Status marked as complete',
          message: `${saved.name} is now at ${saved.status.label}.`,
        }),
      onError,
    });

  let action = null;
  if (editable && selectedStatus && selectedStatus.kind !== 'converted') {
    action = (
      <Button
        onClick={() => setStatus(selectedStatus)}
        loading={update.isPending}
        leftSection={<IconCheck size={16} />}
      >
        Mark as current status
      </Button>
    );
  } else if (lead.abilities.convert && (atLast || selectedStatus?.kind === 'converted')) {
    action = (
      <Button onClick={onConvert} leftSection={<IconTransform size={16} />} color="teal">
        Convert
      </Button>
    );
  } else if (editable && lead.status.kind === 'open') {
    action = (
      <Button
        onClick={markComplete}
        loading={advance.isPending}
        leftSection={<IconCircleCheck size={16} />}
      >
        Mark status as complete
      </Button>
    );
  }

  return (
    <Group gap="md" wrap="nowrap" align="center">
      <ol className={classes.path} aria-label="Status path">
        {steps.map((step) => {
          const clickable = editable && step.state !== 'current' && step.status.kind !== 'closed';
          const isSelected = selected === step.status.id;
          const content = (
            <>
              {step.state === 'completed' && <IconCheck size={14} aria-hidden />}
              {step.state === 'closed' && <IconCircleX size={14} aria-hidden />}
              <span>{step.status.label}</span>
              <VisuallyHidden>
                {step.state === 'current'
                  ? ' (current status)'
                  : step.state === 'completed'
                    ? ' (completed)'
                    : step.state === 'converted'
                      ? ' (converted)'
                      : step.state === 'closed'
                        ? ' (closed)'
                        : ''}
              </VisuallyHidden>
            </>
          );
          return (
            <li
              key={step.status.id}
              className={classes.step}
              aria-current={step.state === 'current' ? 'step' : undefined}
            >
              {clickable ? (
                <button
                  type="button"
                  className={classes.chevron}
                  data-state={step.state}
                  data-selected={isSelected ? 'true' : undefined}
                  aria-pressed={isSelected}
                  title={step.status.label}
                  onClick={() => setSelected(isSelected ? null : step.status.id)}
                >
                  {content}
                </button>
              ) : (
                <div className={classes.chevron} data-state={step.state} title={step.status.label}>
                  {content}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <Group gap="xs" wrap="nowrap" style={{ flex: 'none' }}>
        {action}
        {editable && lead.status.kind === 'open' && closedStatuses.length > 0 && (
          <Menu position="bottom-end" shadow="md">
            <Menu.Target>
              <Button
                variant="default"
                rightSection={<IconChevronDown size={14} />}
                loading={update.isPending && !selectedStatus}
              >
                Close lead
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Mark the lead as</Menu.Label>
              {closedStatuses.map((s) => (
                <Menu.Item key={s.id} onClick={() => setStatus(s)}>
                  {s.label}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
        {!editable && lead.status.kind === 'open' && (
          <Text size="sm" c="dimmed">
            You can follow this lead but not change it.
          </Text>
        )}
      </Group>
    </Group>
  );
}
