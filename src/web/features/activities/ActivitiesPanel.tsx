import { Box, Button, Center, Group, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconChecklist,
  IconMail,
  IconNotes,
  IconPhone,
  IconPresentation,
  IconTimeline,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useState } from 'react';
import { ACTIVITY_TYPE_LABELS, type ActivityType } from '../../../shared/activities';
import type { RecordType } from '../../../shared/records';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  AddCard,
  confirmDelete,
  RecordList,
  recordRowClasses as classes,
  RowActions,
} from '../../components/RecordPanel';
import { formatDateTime } from '../../lib/format';
import { ActivityForm } from './ActivityForm';
import {
  useActivities,
  useCreateActivity,
  useDeleteActivity,
  useRelatedPeople,
  useUpdateActivity,
  type Activity,
  type ActivityFields,
} from './api';

const TYPE_ICONS: Record<ActivityType, typeof IconPhone> = {
  call: IconPhone,
  meeting: IconUsersGroup,
  email: IconMail,
  task: IconChecklist,
  demo: IconPresentation,
  note: IconNotes,
};

const fieldsOf = (a: Activity): ActivityFields => ({
  type: a.type,
  subject: a.subject,
  occurredAt: a.occurredAt,
  durationMinutes: a.durationMinutes,
  outcome: a.outcome,
  consultantId: a.consultant?.id ?? null,
  contactId: a.contact?.id ?? null,
});

const minutes = (n: number) =>
  n < 60 ? `${n} min` : `${Math.floor(n / 60)} h${n % 60 ? ` ${n % 60} min` : ''}`;

/** The sales activities of one record: a form to log one, and the log, newest first. */
export function ActivitiesPanel({
  subjectType,
  subjectId,
}: {
  subjectType: RecordType;
  subjectId: string;
}) {
  const list = useActivities(subjectType, subjectId);
  const create = useCreateActivity(subjectType, subjectId);
  const related = useRelatedPeople(subjectType, subjectId);
  const [editing, setEditing] = useState<string | null>(null);
  const relatedField = related.available ? related : null;

  return (
    <Stack gap="lg">
      <AddCard title="Add a sales activity">
        <ActivityForm
          label="Add a sales activity"
          related={relatedField}
          saving={create.isPending}
          error={create.error}
          resetOnSave
          onSave={(fields) =>
            create
              .mutateAsync(fields)
              .then(() =>
                notifications.show({ color: 'teal', title: 'Saved', message: 'Activity added.' }),
              )
          }
        />
      </AddCard>

      <RecordList
        list={list}
        label="Sales activities"
        noun="activity"
        plural="activities"
        skeletonHeight={56}
        empty={{
          icon: <IconTimeline size={26} stroke={1.5} />,
          title: 'No sales activities yet',
          description:
            'Calls, meetings, demos and emails logged here show how the relationship is going.',
        }}
        footer={
          list.isFetchNextPageError ? (
            <Box mt="md">
              <ErrorAlert
                error={list.error}
                title="Could not load more activities"
                onRetry={() => void list.fetchNextPage()}
              />
            </Box>
          ) : (
            list.hasNextPage && (
              <Center mt="md">
                <Button
                  variant="default"
                  loading={list.isFetchingNextPage}
                  onClick={() => void list.fetchNextPage()}
                >
                  Load more
                </Button>
              </Center>
            )
          )
        }
      >
        {(a) =>
          editing === a.id ? (
            <EditActivity
              activity={a}
              subjectType={subjectType}
              subjectId={subjectId}
              related={relatedField}
              onDone={() => setEditing(null)}
            />
          ) : (
            <ActivityRow
              activity={a}
              subjectType={subjectType}
              subjectId={subjectId}
              onEdit={() => setEditing(a.id)}
            />
          )
        }
      </RecordList>
    </Stack>
  );
}

function ActivityRow({
  activity: a,
  subjectType,
  subjectId,
  onEdit,
}: {
  activity: Activity;
  subjectType: RecordType;
  subjectId: string;
  onEdit: () => void;
}) {
  const remove = useDeleteActivity(subjectType, subjectId);
  const Icon = TYPE_ICONS[a.type];
  const related = a.consultant ?? a.contact;

  const askDelete = () =>
    confirmDelete({
      title: 'Delete this activity?',
      message: `“${a.subject}” will be removed from the log. This cannot be undone.`,
      confirmLabel: 'OK',
      deleted: 'Activity deleted.',
      run: (done) => remove.mutate(a.id, { onSuccess: done }),
    });

  return (
    <Group
      className={classes.row}
      wrap="nowrap"
      align="flex-start"
      gap="md"
      data-testid="activity-row"
      aria-label={a.subject}
    >
      <Tooltip label={ACTIVITY_TYPE_LABELS[a.type]} withArrow>
        <ThemeIcon variant="light" radius="xl" size="lg" aria-label={ACTIVITY_TYPE_LABELS[a.type]}>
          <Icon size={18} stroke={1.6} />
        </ThemeIcon>
      </Tooltip>
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {a.subject}
        </Text>
        <Text size="xs" c="dimmed">
          {[
            ACTIVITY_TYPE_LABELS[a.type],
            formatDateTime(a.occurredAt),
            a.durationMinutes !== null ? minutes(a.durationMinutes) : null,
            a.owner ? `Owner: ${a.owner.name}` : null,
            related ? `With ${related.name}` : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
        {a.outcome && (
          <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {a.outcome}
          </Text>
        )}
      </Box>
      <RowActions
        editLabel="Edit activity"
        deleteLabel="Delete activity"
        onEdit={a.abilities.update ? onEdit : undefined}
        onDelete={a.abilities.delete ? askDelete : undefined}
        deleting={remove.isPending}
      />
    </Group>
  );
}

function EditActivity({
  activity,
  subjectType,
  subjectId,
  related,
  onDone,
}: {
  activity: Activity;
  subjectType: RecordType;
  subjectId: string;
  related: Parameters<typeof ActivityForm>[0]['related'];
  onDone: () => void;
}) {
  const update = useUpdateActivity(subjectType, subjectId);
  return (
    <Box className={classes.row} py="md">
      <ActivityForm
        label="Edit sales activity"
        initial={fieldsOf(activity)}
        related={related}
        saving={update.isPending}
        error={update.error}
        onCancel={onDone}
        onSave={(fields) =>
          update.mutateAsync({ id: activity.id, version: activity.version, ...fields }).then(() => {
            notifications.show({ color: 'teal', title: 'Saved', message: 'Activity updated.' });
            onDone();
          })
        }
      />
    </Box>
  );
}
