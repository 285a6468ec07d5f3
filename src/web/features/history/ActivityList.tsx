import { Anchor, Avatar, Group, Stack, Text } from '@mantine/core';
import { IconActivity, IconSettingsAutomation } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { RelativeTime } from '../../components/RelativeTime';
import type { AuditEvent } from '../../lib/types';
import { ChangeList } from './ChangeList';
import { actionVerb, subjectLabel, subjectName } from './describe';

interface ActivityListProps {
  events: AuditEvent[];
  /** Where a subject can be opened, when the viewer has a page for it. */
  linkFor?: (event: AuditEvent) => string | null;
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w.charAt(0).toUpperCase())
    .join('');

const withArticle = (noun: string) => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;

function Sentence({ event, href }: { event: AuditEvent; href: string | null }) {
  const name = subjectName(event);
  const subject = name ? (
    href ? (
      <Anchor component={Link} to={href} fw={600} size="sm">
        {name}
      </Anchor>
    ) : (
      <Text span fw={600} size="sm">
        {name}
      </Text>
    )
  ) : href ? (
    <Anchor component={Link} to={href} size="sm">
      this {subjectLabel(event.subjectType)}
    </Anchor>
  ) : null;

  return (
    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
      <Text span fw={600} size="sm">
        {event.actor?.name ?? 'The system'}
      </Text>{' '}
      {actionVerb(event.action)}{' '}
      {name
        ? `${subjectLabel(event.subjectType)} `
        : href
          ? ''
          : withArticle(subjectLabel(event.subjectType))}
      {subject}
    </Text>
  );
}

/** What happened lately, newest first, one line per event with the changed fields beneath. */
export function ActivityList({ events, linkFor }: ActivityListProps) {
  if (events.length === 0) {
    return (
      <EmptyState
        icon={<IconActivity size={26} stroke={1.5} />}
        title="No activity yet"
        description="Changes to partners and users will show up here."
      />
    );
  }
  return (
    <Stack gap="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {events.map((event) => (
        <Group key={event.id} component="li" align="flex-start" wrap="nowrap" gap="sm">
          <Avatar
            size={32}
            radius="xl"
            color={event.actor ? 'conduit' : 'gray'}
            variant="light"
            aria-hidden
          >
            {event.actor ? initials(event.actor.name) : <IconSettingsAutomation size={18} />}
          </Avatar>
          <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
            <Sentence event={event} href={linkFor?.(event) ?? null} />
            {event.action === 'update' && <ChangeList event={event} />}
            <RelativeTime iso={event.occurredAt} size="xs" c="dimmed" />
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}
