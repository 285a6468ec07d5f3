import { Stack, Text } from '@mantine/core';
import type { AuditEvent } from '../../lib/types';
import { fieldLabel, formatChangeValue } from './describe';

function Value({ field, value }: { field: string; value: unknown }) {
  const text = formatChangeValue(field, value);
  return text === null ? (
    <Text span inherit c="dimmed" fs="italic">
      empty
    </Text>
  ) : (
    <Text span inherit fw={500}>
      {text}
    </Text>
  );
}

/**
 * "Field: from → to" for each changed field; on create only the values that were set. Plain
 * inline text, so long values wrap like a sentence instead of breaking the layout.
 */
export function ChangeList({ event }: { event: AuditEvent }) {
  const entries = Object.entries(event.changes);
  if (entries.length === 0) return null;
  const created = event.action === 'create';
  return (
    <Stack gap={2}>
      {entries.map(([field, change]) => (
        <Text key={field} size="sm" style={{ overflowWrap: 'anywhere' }}>
          <Text span inherit c="dimmed">
            {fieldLabel(field)}:
          </Text>{' '}
          {!created && (
            <>
              <Value field={field} value={change.from} />
              <Text span inherit c="dimmed" aria-label="changed to">
                {' → '}
              </Text>
            </>
          )}
          <Value field={field} value={change.to} />
        </Text>
      ))}
    </Stack>
  );
}
