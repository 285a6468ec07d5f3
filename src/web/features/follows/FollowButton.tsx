import { Badge, Button, Tooltip } from '@mantine/core';
import { IconBell, IconCheck } from '@tabler/icons-react';
import type { RecordType } from '../../../shared/records';
import { useFollowState, useToggleFollow } from './api';

/**
 * Follow / Following ✓ with the number of followers. Followers are told in the app when the
 * record changes.
 */
export function FollowButton({
  subjectType,
  subjectId,
}: {
  subjectType: RecordType;
  subjectId: string;
}) {
  const state = useFollowState(subjectType, subjectId);
  const toggle = useToggleFollow(subjectType, subjectId);
  const following = state.data?.following ?? false;
  const followers = state.data?.followers ?? 0;
  const count = (
    <Badge size="xs" variant={following ? 'white' : 'light'} circle={followers < 10}>
      {followers}
    </Badge>
  );

  return (
    <Tooltip
      label={
        state.isError
          ? 'Could not load whether you follow this'
          : following
            ? 'You are notified when this changes. Click to stop following.'
            : 'Be notified in the app when this changes'
      }
      withArrow
    >
      <Button
        variant={following ? 'filled' : 'default'}
        leftSection={following ? <IconCheck size={16} /> : <IconBell size={16} />}
        rightSection={state.data ? count : undefined}
        loading={state.isPending}
        disabled={state.isError}
        aria-pressed={following}
        aria-label={`${following ? 'Following' : 'Follow'} (${followers} ${followers === 1 ? 'follower' : 'followers'})`}
        onClick={() => toggle.mutate(!following)}
        data-testid="follow-button"
      >
        {following ? 'Following' : 'Follow'}
      </Button>
    </Tooltip>
  );
}
