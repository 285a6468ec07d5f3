import { Badge, Box, Group, Text, Tooltip } from '@mantine/core';
import { IconAward } from '@tabler/icons-react';
import type { ActivationStage } from '../../../shared/partners';
import type { Partner } from '../../lib/types';
import { levelColor } from '../partner-program/levelColor';

export function LevelBadge({
  level,
  size = 'sm',
}: {
  level: Partner['level'];
  size?: 'xs' | 'sm' | 'md' | 'lg';
}) {
  if (!level) {
    return (
      <Text span size="sm" c="dimmed">
        No level
      </Text>
    );
  }
  return (
    <Badge
      color={levelColor(level.rank)}
      variant="light"
      radius="sm"
      size={size}
      miw="max-content"
      style={{ flexShrink: 0 }}
      leftSection={<IconAward size={12} stroke={2} aria-hidden />}
    >
      {level.name}
    </Badge>
  );
}

/** A compact "2 of 3" step indicator for tables: one dot per stage, filled up to the current. */
export function StageDots({
  stage,
  stages,
}: {
  stage: Partner['activationStage'];
  stages: ActivationStage[] | undefined;
}) {
  if (!stage) {
    return (
      <Text span size="sm" c="dimmed">
        Not started
      </Text>
    );
  }
  const total = stages?.length ?? 0;
  const index = stages ? stages.findIndex((s) => s.id === stage.id) : -1;
  return (
    <Group gap={8} wrap="nowrap">
      {total > 0 && index >= 0 && (
        <Tooltip label={`Stage ${index + 1} of ${total}`} openDelay={300} withArrow>
          <Group gap={3} wrap="nowrap" aria-hidden>
            {stages!.map((s, i) => (
              <Box
                key={s.id}
                w={8}
                h={8}
                style={{
                  borderRadius: 999,
                  background:
                    i <= index
                      ? 'var(--mantine-primary-color-filled)'
                      : 'var(--mantine-color-default-border)',
                }}
              />
            ))}
          </Group>
        </Tooltip>
      )}
      <Text span size="sm" style={{ whiteSpace: 'nowrap' }}>
        {stage.name}
      </Text>
    </Group>
  );
}
