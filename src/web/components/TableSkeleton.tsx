import { Skeleton, Table } from '@mantine/core';

/** Placeholder rows shaped like the table that is loading, so the layout does not jump. */
export function TableSkeleton({ columns, rows = 6 }: { columns: number; rows?: number }) {
  return (
    <Table.Tbody aria-busy="true">
      {Array.from({ length: rows }, (_, r) => (
        <Table.Tr key={r}>
          {Array.from({ length: columns }, (_, c) => (
            <Table.Td key={c}>
              <Skeleton height={14} width={c === 0 ? '70%' : '50%'} radius="sm" />
            </Table.Td>
          ))}
        </Table.Tr>
      ))}
    </Table.Tbody>
  );
}
