import { BarChart } from '@mantine/charts';
import { Skeleton } from '@mantine/core';
import { ROLES, type Role } from '../../../shared/role-names';
import { EmptyState } from '../../components/EmptyState';
import { roleLabel } from '../../lib/format';

interface UsersByRoleChartProps {
  usersByRole: Partial<Record<string, number>> | undefined;
  /** Which roles get a bar; roles without users keep a zero bar, so the chart reads the same. */
  roles?: readonly Role[];
}

const BAR_HEIGHT = 34;

export function UsersByRoleChart({ usersByRole, roles = ROLES }: UsersByRoleChartProps) {
  const height = roles.length * BAR_HEIGHT + 40;
  if (!usersByRole) return <Skeleton height={height} />;
  const data = roles.map((role) => ({ role: roleLabel(role), Users: usersByRole[role] ?? 0 }));
  if (data.every((d) => d.Users === 0)) {
    return <EmptyState title="No users yet" description="Invite people to see them here." />;
  }
  // Horizontal bars: role names are long, and side by side under vertical bars they collide.
  return (
    <BarChart
      h={height}
      data={data}
      dataKey="role"
      orientation="vertical"
      series={[{ name: 'Users', color: 'conduit.5' }]}
      gridAxis="x"
      tickLine="none"
      withTooltip={false}
      withBarValueLabel
      valueFormatter={(n) => n.toLocaleString()}
      barProps={{ radius: [0, 4, 4, 0], maxBarSize: 22 }}
      xAxisProps={{ allowDecimals: false }}
      yAxisProps={{ width: 120, tick: { fontSize: 12 } }}
      aria-label="Users by role"
    />
  );
}
