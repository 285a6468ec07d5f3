import { Divider, Group, Loader, Popover, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { RATING_LABELS } from '../../../shared/scoring';
import { errorMessage } from '../../lib/api';
import { useLeadScore, type Lead } from './api';
import { RatingBadge } from './format';

/** The rating badge and score; clicking them explains which rules made the score. */
export function ScorePopover({ lead }: { lead: Lead }) {
  const [opened, setOpened] = useState(false);
  const score = useLeadScore(lead.id, opened);
  const data = score.data;
  return (
    <Popover opened={opened} onChange={setOpened} width={340} shadow="md" position="bottom-start">
      <Popover.Target>
        <UnstyledButton
          onClick={() => setOpened((o) => !o)}
          aria-label={`Rating ${RATING_LABELS[lead.rating]}, score ${lead.score}: why?`}
          aria-expanded={opened}
        >
          <Group gap={6} wrap="nowrap">
            <RatingBadge rating={lead.rating} manual={lead.ratingManual !== null} size="lg" />
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              Score {lead.score}
            </Text>
            <IconInfoCircle size={14} color="var(--mantine-color-dimmed)" aria-hidden />
          </Group>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text fw={600} size="sm">
            Why {RATING_LABELS[lead.rating].toLowerCase()}?
          </Text>
          {score.isPending ? (
            <Group justify="center" py="sm">
              <Loader size="sm" aria-label="Loading the score" />
            </Group>
          ) : score.isError ? (
            <Text size="sm" c="red" role="alert">
              Could not load the explanation: {errorMessage(score.error)}
            </Text>
          ) : data ? (
            <>
              {data.ratingManual && (
                <Text size="sm">
                  Rated {RATING_LABELS[data.ratingManual].toLowerCase()} by hand; by score it would
                  be {RATING_LABELS[data.scoredRating].toLowerCase()}.
                </Text>
              )}
              {data.matched.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No scoring rule matches this lead yet.
                </Text>
              ) : (
                <Table fz="sm" verticalSpacing={4} highlightOnHover={false}>
                  <Table.Tbody>
                    {data.matched.map((m) => (
                      <Table.Tr key={`${m.field}:${m.value}`}>
                        <Table.Td>{m.label}</Table.Td>
                        <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                          {m.points > 0 ? `+${m.points}` : m.points}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                    <Table.Tr>
                      <Table.Td fw={700}>Score</Table.Td>
                      <Table.Td ta="right" fw={700}>
                        {data.score}
                      </Table.Td>
                    </Table.Tr>
                  </Table.Tbody>
                </Table>
              )}
              <Divider />
              <Text size="xs" c="dimmed">
                Hot from {data.thresholds.hotMin} points, warm from {data.thresholds.warmMin}. Rules
                are set by administrators under the scoring settings.
              </Text>
            </>
          ) : null}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
