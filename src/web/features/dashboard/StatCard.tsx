import { Anchor, Card, Group, Skeleton, Text, ThemeIcon } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

interface StatCardProps {
  label: string;
  value: number | undefined;
  icon: ReactNode;
  color: string;
  /** Where the number comes from, e.g. the filtered list. */
  to?: string;
  hint?: ReactNode;
}

export function StatCard({ label, value, icon, color, to, hint }: StatCardProps) {
  return (
    <Card padding="lg">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Text size="sm" c="dimmed" fw={500}>
            {label}
          </Text>
          {value === undefined ? (
            <Skeleton height={30} width={60} mt={6} />
          ) : (
            <Text fz={30} fw={700} lh={1.2} mt={4}>
              {to ? (
                <Anchor component={Link} to={to} inherit c="inherit" underline="hover">
                  {value.toLocaleString()}
                </Anchor>
              ) : (
                value.toLocaleString()
              )}
            </Text>
          )}
        </div>
        <ThemeIcon size={38} radius="md" variant="light" color={color}>
          {icon}
        </ThemeIcon>
      </Group>
      {hint && (
        <Text size="xs" c="dimmed" mt="sm">
          {hint}
        </Text>
      )}
    </Card>
  );
}
