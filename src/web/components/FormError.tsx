import { Alert, List, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { errorMessage, isApiError } from '../lib/api';
import { humanizeField } from '../lib/format';

interface FormErrorProps {
  error: unknown;
  /** Fields the form shows on its inputs; errors for any other field are listed here. */
  shownFields: readonly string[];
}

/**
 * The part of a failed submit that no input can show: the general message, and field errors
 * for fields the form does not have. Renders nothing when every problem is on an input.
 */
export function FormError({ error, shownFields }: FormErrorProps) {
  if (!error) return null;
  const fields = isApiError(error) ? (error.fields ?? {}) : {};
  const other = Object.entries(fields).filter(([f]) => !shownFields.includes(f));
  const allOnInputs = Object.keys(fields).length > 0 && other.length === 0;
  if (allOnInputs) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
      <Text size="sm">{errorMessage(error)}</Text>
      {other.length > 0 && (
        <List size="sm" mt={4}>
          {other.map(([f, message]) => (
            <List.Item key={f}>
              {humanizeField(f)}: {message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
